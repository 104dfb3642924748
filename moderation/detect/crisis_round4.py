"""Crisis screen, round 4 (issue 10, session 3): the *structure* of a farewell, of a plan and of
being held, and a wider scope step (advice to someone else, negated intent, a crisis told as
past and resolved).

Written from the training split of the corpus only (``bench/screens_corpus.py``), for the kinds
the blind set showed weakest: goodbyes, plans and means, confinement.

Phrase rules catch one telling phrase. Many farewells, plans and accounts of being held have none:
"Paid the last bill. Wrote to my brother. Ready." Each is instead a combination of ordinary parts:

* a farewell: thanks, an apology or exoneration, a goodbye, putting affairs in order, and a marker
  of finality ("after tonight", "for the last time", "I'm done now", "at peace");
* a plan: a means (pills by name, a blade, a rope, a height, a train, an engine running) and a time,
  a readiness or a decision ("tonight", "counted out", "I've decided", "worked out how many");
* being held: a partner, and what keeps the member in (locks, keys or phone taken, a door blocked,
  cameras, "not allowed") with what it stops ("can't leave", "trapped", "haven't been outside").

``find_structures`` finds each part with its own small pattern (linear scans), then looks for two
*different* families of parts within a bounded window (``WINDOW`` characters; one pass with two
pointers, so linear in the number of parts). One family alone never counts: "thanks for listening"
or "I counted my pills into the weekly box" are not crises.

The scope step (``out_of_scope``) runs on every crisis hit, rules and structures alike, on the
sentence around it (and, for the past, the next sentence too): advice addressed to someone else
("Anyone who's written a goodbye note, please reach out"), a negated intent ("Not suicidal, before
anyone worries"; "It's not a goodbye post") and a crisis told in the past *and* resolved ("I used to
keep a stash of tablets. I flushed them and I'm doing much better") -- unless the window also says
again / now / still / tonight.
"""

from __future__ import annotations

import re

from moderation.detect.crisis_round5 import FAREWELL_MORE, PAST_MORE, PLAN_MORE, RESOLVED_MORE
from moderation.detect.crisis_rules import SUICIDE, VIOLENCE

_I = re.IGNORECASE
WINDOW = 220  # characters between the start of one part and the end of another

_DRUGS = (
    r"(?:pills|pils|tablets|meds|medication|antidepressants|painkillers|paracetamol|tylenol|ibuprofen|"
    r"insulin(?:\s+pens)?|codeine|co-codamol|tramadol|morphine|diazepam|zopiclone|sleeping\s+(?:pills|tablets)|"
    r"sertraline|citalopram|lithium|oxy\w*|heart\s+pills|beta\s+blockers|repeat\s+prescriptions|pastillas|pilules|cachets|m[ée]dicaments)"
)

# --- a farewell --------------------------------------------------------------------------------
_FAREWELL_PARTS: dict[str, str] = {
    "thanks": r"\bthank(?:s|\s+you)\b(?!\s+(?:god|goodness|heavens))|\bgracias\b|\bmerci\b|\bremercie\b|\bgrateful\b|"
    r"\b(?:this|the)\s+(?:place|group|forum|site)\s+(?:mattered|helped|kept\s+me)\b|\byou\s+(?:lot|all|guys)\s+kept\s+me\b|"
    r"\bthe\s+only\s+(?:ppl|people|ones)\s+who\s+(?:listened|cared)\b",
    "sorry": r"\bsorry,?\s+(?:to\s+|for\s+)?(?:every(?:one|body|thing)|all)\b|\bI\s+forgive\s+(?:her|him|you|them)\b|"
    r"\bwithout\s+any\s+anger\b|\blo\s+siento\b|\bthanks\s+for\s+trying\b|\bcouldn'?t\s+hang\s+on\b|"
    r"\bsorry\s+(?:to|for)\s+(?:my|the)\s+(?:boys|girls|kids|children|son|daughter|family)\b|\bI'?m\s+sorry\b(?!\s+(?:to\s+hear|for\s+your|you|"
    r"if|but|that\s+(?:you|he|she)))|\bforgive\s+me\b|"
    r"\b(?:none\s+of\s+(?:it|this)|it)\s+(?:was|wasn'?t|was\s+never)\s+(?:n?o?t?\s*)?(?:your|anyone'?s|anybody'?s)\s+fault\b|"
    r"\bnever\s+about\s+(?:them|you|the\s+kids)\b|\bnot\s+(?:your|their)\s+fault\b|\b(?:he|she)\s+tried\b|\bI\s+(?:really\s+)?did\s+try\b|"
    r"\bto\s+know\s+I\s+tried\b",
    "goodbye": r"\bgoodbye\b|\bbye\s+(?:every\w*|all|guys)\b|\bfarewell\b|\blove\s+(?:to\s+)?(?:you\s+)?(?:all|every\s*one)\b|"
    r"\b(?:look\s+after|take\s+care\s+of)\s+each\s+other\b|\bbe\s+kind(?:er)?\s+to\s+(?:yourselves|each\s+other)\b|"
    r"\bsay\s+goodbye\b|\bme\s+despido\b|\badieu\b|\bsomeone\s+to\s+know\s+I\s+was\s+here\b|"
    r"\bI\s+love\s+you\b|\bhis\s+voice\s+one\s+last\s+time\b|\bI'?ll\s+remember\s+that\b|\btake\s+care\s+of\s+yourselves\b|"
    r"\badi[oó]s\b|\bsaid\s+bye\b|\bbye\s+to\s+every(?:one|body)\b|"
    r"\bbe\s+good\s+for\s+your\s+(?:mum|dad|mom)\b|\bdon'?t\s+be\s+sad\s+for\s+me\b|\bwhoever\s+(?:reads|finds)\s+this\b|\bhow\s+proud\s+I\s+am\b|\b(?:voicemail|letter)\s+for\s+(?:the\s+day|her|him|them)\b",
    "final": r"\bafter\s+tonight\b|\b(?:for\s+the|one)\s+last\s+time\b|\bone\s+last\s+(?:post|message|time|thing)\b|"
    r"\b(?:this\s+is\s+the\s+)?last\s+(?:one|post)\s*[.!]|"
    r"\bwon'?t\s+(?:need|be\s+needing|see|read|be\s+reading)\s+(?:it|this|the\s+(?:forum|account|replies|site))\b|"
    r"\bI'?m\s+(?:done|finished|tired)\s+now\b|\bi'?m\s+done\s+now\b|\b(?:be|I'?ll\s+be|I'?m)\s+at\s+peace\b|\bmade\s+my\s+peace\b|"
    r"\bstop\s+hurting\b|\b(?:can|will)\s+(?:finally\s+)?rest\b|\bI'?m\s+going\s+tonight\b|\btonight'?s\s+the\s+night\b|"
    r"\bnot\s+scared\s+any\s?more\b|\bgetting\s+off\s+it\b|\bwhere\s+I'?m\s+going\b|\bin\s+case\s+nobody\s+else\s+does\b|"
    r"\b(?:don'?t|no\s+need\s+to)\s+worry\s+about\s+me\s+(?:after|any\s?more)\b|\bwon'?t\s+be\s+(?:there|around|here)\s+"
    r"(?:tomorrow|any\s?more|after)\b|\bdon'?t\s+think\s+I'?ll\s+(?:be\s+around|still\s+be\s+here|be\s+here)\s+(?:for|to|by|at)\b|"
    r"\bwait\s+until\s+the\s+house\s+is\s+quiet\b|\bready\s*[.!]*\s*$|\bpour\s+de\s+bon\b|\bya\s+no\s+voy\s+a\s+escribir\b|"
    r"\b(?:reads?|find|finds|found)\s+(?:this|about)\b[^.!?]{0,30}\b(?:after\s+tonight|in\s+the\s+news)\b|"
    r"\bwhen\s+they\s+find\s+this\b|\bif\s+(?:\w+\s+){0,2}ever\s+(?:finds?|asks?)\b|\bnothing\s+now\b|"
    r"\bstop\s+existing\b|\bI\s+won'?t\s+see\s+it\b|\bwithout\s+saying\s+thank\s+you\b|"
    r"\bbecause\s+I\s+won'?t\s+be\s+(?:there|around|here)\b|\bwon'?t\s+be\s+back\b|\bthis\s+is\s+it\b|\bwhere\s+I\s+get\s+off\b|"
    r"\bfor\s+good\s+now\b|\blast\s+night\s+here\b|\bmade\s+my\s+choice\b|\beverything\s+is\s+done\b|\bnow\s+I\s+can\s+go\b|"
    r"\btoo\s+tired\s+to\s+keep\s+going\b|\bderni(?:er|[eè]re)\s+(?:soir|fois|message)\b|\bafter\s+this\b[^.!?]{0,20}\bwon'?t\b|"
    r"\byou'?ll\s+know\b|\bI\s+won'?t\s+be\s+at\s+(?:my|his|her|their)\b|\bI\s+can'?t\s+any\s?more\b|"
    r"\b(?:she|he|they)'?ll\s+hear\s+it\s+in\s+the\s+morning\b|\bleave\s+with(?:out)?\s+any\b|\bfor\s+good\b|"
    r"\bor\s+any\s+(?:week|time|day)\b|\bnothing\s+left\s+to\s+say\b|\bthat'?s\s+everything\b|\b(?:gonna|going\s+to)\s+go\s+now\b|"
    r"\bmy\s+turn\s+to\s+stop\b|\blast\s+message\b|\bfinally\s+(?:going\s+to\s+)?(?:get\s+some\s+)?rest\b|\bya\s+no\s+aguanto\b|"
    r"\bne\s+reviendrai\b|\bin\s+a\s+way\s+I\s+am\b|\bsort\s+of\s*[.!]|\b(?:till|until)\s+(?:he|she|they)\s+(?:has|have)\s+to\b|"
    r"\bwhoever\s+comes\s+after\b|\b(?:dad|mum|mom|daddy|mummy)\s+loved\s+you\b|\bfrom\s+tomorrow\b|\bmore\s+than\s+me\s+soon\b",
    # Enough on its own.
    "alone": r"\bdon'?t\s+think\s+I'?ll\s+(?:be\s+around|still\s+be\s+here|be\s+here)\s+(?:for|to|by|at)\b|"
    r"\b(?:want|wanted)\s+(?:some|any)one\s+to\s+know\s+I\s+was\s+here\b|\bwant\s+to\s+not\s+(?:be|exist)\b|"
    r"\bhope\s+a\s+(?:lorry|truck|bus|car)\b|\b(?:lighter|happier)\s+without\s+me\b|"
    r"\bdon'?t\s+see\s+myself\s+(?:getting\s+through|surviving|making\s+it)\b|\b(?:a\s+drain|a\s+weight)\s+on\s+every(?:one|body)\b|\breads?\s+about\s+a\s+(?:man|woman|dad|mum)\s+"
    r"in\s+the\s+news\b",
    "affairs": r"\brehom(?:ed|ing)\b|\b(?:gave|given|giving)\s+(?:\w+\s+){0,3}?(?:to\s+my|away)\b|\bcancell?ed\s+(?:my|the)\b|"
    r"\bpaid\s+(?:the\s+last|off\s+the)\b|\b(?:letters?|video|note)s?\s+(?:for|to)\s+(?:each|my|the\s+kids)\b|"
    r"\ba\s+(?:letter|video)\s+each\b|\bsealed\b|\bpasswords\b|\blife\s+insurance\b|\bfuneral\s+plan\b|\bmy\s+will\b|"
    r"\bspare\s+key\b|\binstructions\s+for\b|\beverything\s+(?:else\s+)?is\s+in\s+the\b|\bdeleted\s+my\s+(?:photos|accounts?|profile)\b|"
    r"\b(?:arranged|asked)\s+for\s+(?:someone|my\s+\w+|the\s+\w+)\s+to\s+(?:collect|take|have|go|look\s+after)\b|"
    r"\bprovided\s+for\b|\b(?:she|he|they)'?ll\s+(?:be\s+alright|be\s+okay|know\s+what\s+to\s+do|have\s+those)\b|"
    r"\bwith\s+the\s+solicitor\b|\bthat'?s\s+everything\s+sorted\b|\bit'?s\s+all\s+in\s+order\b|\bwrote\s+to\s+my\b|"
    r"\bfinished\s+the\s+letters\b|\bcleaned\s+the\s+(?:flat|house)\b[^.!?]{0,40}\bnobody\b|"
    r"\bso\s+(?:he|she|they)'?ll\s+be\s+looked\s+after\b|\bknows\s+which\s+drawer\b|\bboxed\s+up\b|\bwho\s+gets\s+what\b|"
    r"\bin\s+my\s+(?:mum|mom|dad|sister|brother)'?s\s+name\b|\bpaid\s+up\b|\bbank\s+details\b|\bcan\s+be\s+deleted\b|"
    r"\bwritten\s+(?:to\s+)?(?:my|her|him)\s+(?:\w+\s+)?(?:a\s+)?letter\b|\bwho\s+should\s+get\s+my\b|"
    r"\b(?:she'?s|he'?s|they'?re)\s+getting\s+the\b|\bhanding\s+in\s+my\s+notice\b|\bnotice\s+on\s+everything\b|"
    r"\b(?:vet|boiler|bank|pension|insurance)\s+(?:details|code|papers|pin)\b|\bin\s+a\s+box\s+for\b|\blabell?ed\s+it\b|"
    r"\bupdated\s+my\s+will\b|\bemailed\s+it\s+to\s+my\b|\btransferred\s+my\s+savings\b|\bto\s+feed\s+the\s+(?:cat|dog)\b",
}
# Two different families, at least one of them "final" or "affairs" (a goodbye with thanks alone is
# how members sign off for the night).
_FAREWELL_NEEDS = ("final", "affairs")
# Families strong enough to count twice (two different finality markers, two acts of putting
# affairs in order); "alone" counts by itself.
_TWICE = ("final", "affairs")

# --- a plan: a means and a time, readiness or decision ------------------------------------------
_PLAN_PARTS: dict[str, str] = {
    "means": r"\b"
    + _DRUGS
    + r"\b|\b(?:the|a|my)\s+(?:blade|razor|knife|rope|cable|belt|hose)\b|\bcharcoal\b|"
    r"\b(?:tying|tie)\s+knots\b|\b(?:gun|rifle|pistol|shotgun|bullets)\b|\b(?:the|a)\s+(?:bridge|viaduct|cliff|footbridge|"
    r"quarry|motorway|tracks|platform|ledge)\b|\bcliff\s+path\b|\btop\s+floor\b|\bcar\s+park\b|\b(?:the\s+)?water\b|"
    r"\bengine'?s?\s+(?:on|running)\b|\bwindows\s+shut\b|\bthe\s+(?:bus|train)\s+comes\b|"
    r"\bunits\b|\b(?:two|three|four|\d+)\s+boxes\s+of\b|\bvodka\b|\b(?:full\s+of\s+petrol|car'?s\s+full)\b|"
    r"\bordered\s+something\s+online\b|\btaken\s+some\s+of\s+them\b|\bcartridges\b|"
    r"\blevel\s+crossing\b|\bcliffs\b|\bthe\s+note\b|\btide\s+times\b|\bthe\s+water'?s\s+highest\b|\bpier\b|"
    r"\bstep\s*ladder\b|\bhunting\s+knife\b|\brailway\s+bridge\b|\bthe\s+door'?s\s+shut\b|\bin\s+the\s+garage\b",
    "when": r"\btonight\b|\btonite\b|\b2nite\b|\btomorrow\b|\bafter\s+the\s+kids\s+(?:are|go)\b|\bwhen\s+the\s+house\s+is\s+quiet\b|"
    r"\b(?:on\s+)?(?:saturday|sunday|monday|tuesday|wednesday|thursday|friday)\b(?=[^.!?]{0,40}\b(?:I'?ve\s+decided|when|"
    r"it\s+arrives|kids|do\s+it))|\b(?:know|chose|chosen|picked)\s+(?:which|the)\s+(?:day|date|night)\b"
    r"(?!\s+(?:for|of)\b)|\bI'?ve\s+decided\b|\btonight'?s\s+the\s+night\b|\bthe\s+(?:route|time|date)\b[^.!?]{0,30}\bwhat\s+I'?ll\b|"
    r"\bnot\s+(?:walking|coming|come)\s+back\b|\bkeep\s+going\b|\btrying\s+to\s+decide\b|\bholding\s+it\b|"
    r"\bcounted\s+(?:out|them)\b|\bcount(?:ing)?\s+them\b|\benough\s+(?:of\s+\S+\s+)?(?:\S+\s+)?to\s+do\s+it\b|\bto\s+do\s+it\b|"
    r"\bworked\s+out\s+how\s+(?:many|much)\b|\bhow\s+(?:many|much)\b[^.!?]{0,40}\bwould\s+it\s+take\b|"
    r"\b(?:ready|all\s+ready|everything\s+ready)\b|\bin\s+front\s+of\s+me\b|\balready\s+taken\b|\blied\s+about\s+why\b|"
    r"\bkeep\s+going\s+back\s+to\b|\bknow\s+exactly\s+(?:how|where|which)\b|\b(?:nearly|almost)\s+a\s+full\b|"
    r"\bputting\s+aside\b|\bdon'?t\s+know\s+why\s+I'?m\s+posting\b|\bI\s+shouldn'?t\s+have\b|\bwould\s+take\s+my\s+weight\b|"
    r"\bkeep\s+thinking\s+about\s+just\b|\bdoesn'?t\s+count\s+them\b|\bfor\s+an\s+hour\b|\bwatching\b|\bI\s+know\s+which\b|"
    r"\b(?:bath'?s|bath\s+is)\s+running\b|\band\s+I'?m\s+not\s+(?:going|planning)\b|\bafter\s+work\b|\bfor\s+ages\b|"
    r"\bwon'?t\s+come\s+(?:down|back|home)\b|\b(?:away|out)\s+this\s+weekend\b|\bgoes\s+through\s+fast\b|"
    r"\bwaiting\s+for\s+(?:every(?:one|body)|the\s+kids|him|her)\s+to\s+(?:go\s+to\s+bed|go\s+out|leave|be\s+asleep|fall\s+asleep)\b|"
    r"\besta\s+noche\b|\bce\s+soir\b|\bnext\s+time\b|\bI\s+know\s+(?:when|what\s+I'?m\s+doing)\b|\bevery\s+time\b|"
    r"\bkeeping\s+them\b|\bhidden\s+it\b|\bmore\s+than\s+that\b|\bkeys\s+in\s+my\s+hand\b|\bI'?ve\s+got\s+\w+\s+now\b",
    "alone": r"\bthe\s+(?:time\s+and\s+the\s+place|place\s+and\s+the\s+time)\b|"
    r"\bthe\s+(?:spot|place)\b[^.!?]{0,30}\bwhere\s+(?:nobody|no\s?one)\s+(?:walks|goes|will\s+find|would\s+find)\b|"
    r"\bI\s+(?:chose|picked|set|know)\s+(?:the|a|which)\s+(?:date|day)\s*[.!]|\brehears\w+\s+it\b|"
    r"\bwhich\s+(?:floor|bridge|building|storey|height)\s+is\s+high\s+enough\b|\bthat'?s\s+when\s*[.!]|"
    r"\bI\s+have\s+what\s+I\s+need\b|\bpick\s+a\s+night\b|\bI\s+have\s+a\s+plan\s*[.!]|"
    r"\bI'?ve\s+(?:already\s+)?(?:taken|swallowed)\s+(?:the|all\s+(?:the|my)|my)\s+"
    + _DRUGS
    + r"\s*[.!]",
}
# Everyday plans and medicine: a plan "for the move", a weekly pill box, a prescription as prescribed.
_PLAN_UNLESS = re.compile(
    r"\b(?:weekly|dosette|pill)\s+(?:box|organi[sz]er)\b|\bas\s+prescribed\b|\bremember\s+(?:them|to\s+take)\b|"
    r"\bfor\s+(?:the|my|our)\s+(?:move|hearing|wedding|party|holiday|birthday|trip|interview|appointment)\b|"
    r"\bfireworks\b|\bform\s+e\b|\bhalf\s+term\b|\bbecause\s+of\s+the\s+(?:toddler|baby|kids)\b|\bon\s+my\s+own\b[^.!?]{0,40}\bbest\b|"
    r"\bbarbecue\b(?![^.!?]{0,5}\.)",
    _I,
)

# --- being held: a partner, what keeps the member in, and what it stops -------------------------
_HELD_PARTS: dict[str, str] = {
    "taken": r"\b(?:took|takes|taken|has|'s\s+got|hides|hid|hidden|keeps|kept|carries|confiscated|unplugged|disconnected|"
    r"changed)\s+(?:away\s+)?(?:my|the|both|our|all\s+the|the\s+kids'?)\s+(?:\w+\s+)?(?:keys?|phone|mobile|passports?|shoes|coat|"
    r"wheelchair|router|wifi|car|bank\s+card|card|id|landline|handles|code|sets\s+of\s+keys)\b|\btook\s+everything\b|"
    r"\bhad\s+my\s+(?:passport|papers|documents|id)\b|\bcontrols\s+every\s+(?:door|penny)\b|"
    r"\bpris\s+mes\s+(?:cl[ée]s|papiers|passeport|t[ée]l[ée]phone)\b|\bunplug\w*\s+the\s+(?:car\s+)?battery\b|"
    r"\bwon'?t\s+give\s+me\s+(?:my|back)\b|\bgives?\s+it\s+back\b|"
    r"\b(?:he|she)\s+(?:has|'s\s+got)\s+(?:the\s+only\s+key|my\s+phone)\b|"
    r"\b(?:the\s+)?(?:landline|phone)'?s?\s+(?:is\s+)?unplugged\b|\bprend\s+mon\s+t[ée]l[ée]phone\b|\bse\s+lleva\s+las\s+llaves\b",
    "locks": r"\block(?:s|ed)?\s+(?:all\s+)?(?:the\s+|every\s+)?(?:doors?|car)\b|\block\s+on\s+the\s+outside\b|"
    r"\blocked\s+(?:me|us|it|into)\b|\bshut\s+in\b|\bhandles\s+off\b|\b(?:stands?|stood)\s+in\s+(?:front\s+of\s+the\s+door|"
    r"the\s+hallway)\b|\bblocks?\s+me\b|\bcameras\s+on\b|\bpins?\s+me\s+in\b|\bkept\s+in\b|\bkeeps\s+(?:me|us)\s+in\b|"
    r"\bm'enferme\b|\bme\s+encierra\b|\blocked\s+me\s+and\b|\bthe\s+only\s+key\b|\bkey\s+locks?\b|"
    r"\b(?:stands?|stood|standing)\s+(?:in\s+front\s+of|against|in)\s+the\s+(?:front\s+|back\s+)?(?:door|doorway|hallway)\b|"
    r"\blocks\s+it\b|\balarm\s+goes\s+off\b|\bacross\s+the\s+(?:bedroom\s+|front\s+|back\s+)?door\b",
    "stopped": r"\b(?:can'?t|cannot|couldn'?t)\s+(?:leave|go\s+anywhere|get\s+out|go\s+out|contact\s+anyone|rent)\b|"
    r"\btrapped\b|\bstuck\s+(?:upstairs|inside|in\s+(?:here|the\s+(?:house|flat|room|bedroom)))\b|\bno\s+way\s+out\b|\buntil\s+(?:he|she)'?s\s+back\b|"
    r"\btill\s+(?:he|she)'?s\s+back\b|\bnot\s+allowed\s+(?:to|out)\b|\bnobody\s+leaves\b|\bhaven'?t\s+been\s+(?:out|outside)\b|"
    r"\bI'?m\s+not\s+going\s+anywhere\s+tonight\b|\bnot\s+going\s+anywhere\b|\bso\s+I\s+can'?t\b|\bif\s+I\s+try\b|"
    r"\bwon'?t\s+let\s+me\s+(?:go|out|leave)\b|\bafter\s+I\s+tried\s+to\s+get\s+out\b|\bgot\s+out\s+through\b|"
    r"\bmiles\s+from\s+anywhere\b|\bhardly\s+any\s+food\b|\bwithout\s+(?:him|her)\s+seeing\b|\bwhere\s+I'?m\s+going\s+and\s+who\b|"
    r"\b(?:typing|writing)\s+this\s+(?:on|from|in)\s+(?:the|a|my)\b|\busing\s+a\s+(?:neighbour|friend)'?s\b|"
    r"\bstuck\s+(?:here|at\s+home)\b|\bno\s+way\s+to\s+get\s+(?:anywhere|out|away)\b|\bif\s+I\s+(?:go\s+out|leave|try\s+to\s+go)\b|"
    r"\b(?:say|said|tell\s+him|tell\s+her)\s+I'?m\s+leaving\b|\b(?:sitting|sits|sat|standing)\s+outside\s+the\s+door\b|"
    r"\bne\s+peux\s+(?:plus|pas)\s+sortir\b|\bwon'?t\s+move\b|\bif\s+I'?ve\s+behaved\b|\bcan'?t\s+drive\s+anywhere\b|"
    r"\bknows\s+if\s+I\s+leave\b|\bmakes\s+me\s+stay\s+in\b",
    "alone": r"\bhaven'?t\s+been\s+(?:out|outside)\s+(?:in|for)\s+(?:\w+\s+)?(?:days|weeks|months)\b|"
    r"\b(?:removed|took\s+off|taken\s+off)\s+the\s+(?:inside\s+)?handles?\b",
}
_HELD_SUBJECT = re.compile(
    r"\b(?:he|she|husband|wife|partner|ex|boyfriend|girlfriend|il|mi\s+marido)\b", _I
)
_HELD_UNLESS = re.compile(
    r"\blocked\s+myself\s+out\b|\bcustody\b|\bmediation\b|\bnetflix\b|\bflu\b|\bdrill\b|\bthe\s+sale\b|"
    r"\bI\s+can\s+walk\s+out\b|\bafford\b|\bspain\b|\bholiday\b",
    _I,
)

# Round 5: more parts of each family (crisis_round5, from the round-5 training split).
for _parts, _more in ((_FAREWELL_PARTS, FAREWELL_MORE), (_PLAN_PARTS, PLAN_MORE)):
    for _family, _pattern in _more.items():
        _parts[_family] = _parts[_family] + "|" + _pattern

_STRUCTURES = (
    (
        SUICIDE,
        {k: re.compile(v, _I) for k, v in _FAREWELL_PARTS.items()},
        _FAREWELL_NEEDS,
        None,
        None,
    ),
    (
        SUICIDE,
        {k: re.compile(v, _I) for k, v in _PLAN_PARTS.items()},
        ("means",),
        _PLAN_UNLESS,
        None,
    ),
    (
        VIOLENCE,
        {k: re.compile(v, _I) for k, v in _HELD_PARTS.items()},
        ("taken", "locks", "stopped"),
        _HELD_UNLESS,
        _HELD_SUBJECT,
    ),
)


def find_structures(prepared: str) -> list[tuple[int, int, str]]:
    """(start, end, category) of every farewell, plan or account of being held in ``prepared``
    (text from ``text._prepare``): two different families of parts within ``WINDOW`` characters,
    one of them from the structure's required families; the window must not read as an everyday
    plan or "stuck" (``_PLAN_UNLESS``, ``_HELD_UNLESS``) and, for being held, must name a partner."""
    out: list[tuple[int, int, str]] = []
    for category, parts, needs, unless, subject in _STRUCTURES:
        found = sorted(
            (m.start(), m.end(), family)
            for family, pattern in parts.items()
            for m in pattern.finditer(prepared)
        )
        last: dict[str, tuple[int, int]] = {}  # family -> latest (start, end) inside the window
        for start, end, family in found:
            last = {f: se for f, se in last.items() if se[0] >= end - WINDOW}
            if family == "alone":
                last[family] = (start, start)  # pairs with itself below
            for other, (s2, e2) in last.items():
                if other == family and not (
                    family == "alone" or (family in _TWICE and e2 <= start)
                ):
                    continue
                if not (family in needs or other in needs or family == "alone"):
                    continue
                span = (min(s2, start), end)
                window = prepared[max(0, span[0] - 60) : min(len(prepared), span[1] + 60)]
                if unless is not None and unless.search(window):
                    continue
                if subject is not None and not subject.search(window):
                    continue
                out.append((span[0], span[1], category))
                break
            last[family] = (start, end)
    return out


# --- the scope step ---------------------------------------------------------------------------
# Advice addressed to someone else: the reader ("anyone who...", "to the person who posted..."),
# a friend, a teenager; tips and leaflets.
ADVICE_TO_OTHERS = re.compile(
    r"^\W*(?:any\s?one|those)\s+(?:who|whose|reading)\b|"
    r"\b(?:for|to)\s+(?:any\s?one|those|the\s+person|new\s+members)\s+(?:who|whose|reading|that|on|in|out\s+there)\b|"
    r"\bif\s+you'?re\s+(?:struggling|feeling|thinking|having|writing|reading)\b|"
    r"\bplease,?\s+(?:please,?\s+)?(?:reach\s+out|hand|put|call|ring|post\s+here|come\s+back)\b|"
    r"\b(?:watch|look\s+out)\s+for\b|\bwarning\s+sign\b|\bremove\s+the\s+means\b|\bthe\s+leaflet\b|"
    r"\bsafety\s+planning\b|\bmy\s+advice\b|\bresearch\s+shows\b|\bask\s+(?:directly|them|her|him)\b|"
    r"\b(?:your|a)\s+(?:friend|teen(?:ager)?|partner|loved\s+one|sister|brother)\b[^.!?]{0,60}\b(?:ask|call|tell|stay\s+with)\b|"
    r"\btell\s+your\s+friend\b|\byou\s+(?:are\s+not|aren'?t)\s+responsible\b|^\W*you\s+deserve\b|"
    r"\bif\s+(?:he|she)\s+(?:locks|takes|hits|threatens)\s+you\b|\bthat'?s\s+an\s+emergency\b|"
    r"\b(?:stay|be)\s+with\s+them\b|\byou\s+don'?t\s+have\s+to\s+decide\b|\bI\s+hope\s+you'?re\s+okay\b",
    _I,
)
# A negated intent: "not suicidal", "not a goodbye", "no plans", "I'm safe tonight".
NEGATED_INTENT = re.compile(
    r"^\W*not\s+suicidal\b|\bnot\s+(?:planning|going\s+to\s+do)\s+anything\b|\bnot\s+(?:saying\s+)?(?:a\s+)?goodbye\b|"
    r"\bnot\s+in\s+danger\b|\bnot\s+locked\s+in\b|\bno\s+plans\b|\bno\s+intention\b|\bI'?m\s+safe\s+(?:tonight|now)\b|"
    r"\bnot\s+going\s+to\s+take\s+them\b|\bwould\s+never\s+leave\s+my\s+kids\b|\bnot\s+thinking\s+of\s+doing\s+anything\b|"
    r"\bnobody'?s\s+hurting\s+me\b|\bdoesn'?t\s+stop\s+me\b|\bI'?m\s+not\s+going\s+anywhere\b(?!\s+tonight)|"
    r"\bnever\s+laid\s+a\s+finger\b|\bnot\s+there\s+now\b|\bdon'?t\s+want\s+to\s+end\s+my\s+life\b|"
    r"\bnot\s+going\s+to\s+hurt\s+myself\b|\bbefore\s+any\s?one\s+worries\b|"
    # the general form: a negation, then (within the clause) planning, intent, a goodbye, danger
    r"\b(?:not|never|no|don'?t|won'?t|isn'?t|I'?m\s+not|haven'?t|ain'?t)\b[^.!?,;]{0,20}\b(?:(?:plan|plans|planning)\b(?!\s+(?:on|to)\b)|"
    r"planning\s+to\s+(?:do|take|hurt)\s+anything|intend\w*|"
    r"intention|a\s+goodbye|goodbye\s+post|suicidal|trapped|in\s+danger|at\s+risk|(?:do|doing)\s+anything|"
    r"going\s+to\s+(?:do|take|hurt|harm|kill|end)\s+(?:anything|them|myself|it\s+all|my\s+life))\b",
    _I,
)
# Told in the past (a marker of time gone) ...
PAST = re.compile(
    r"\bused\s+to\b|\bback\s+(?:then|when|in\s+\d{4})\b|\bin\s+(?:19|20)\d\d\b|\b(?:\w+\s+)?years?\s+ago\b|"
    r"\b(?:a\s+long\s+time|months)\s+ago\b|\bwhen\s+I\s+was\s+\w+\b|\bat\s+my\s+lowest\b|\blast\s+(?:spring|summer|autumn|winter|year)\b|"
    r"\bthere\s+was\s+a\s+(?:night|time)\b|\bfor\s+(?:most\s+of\s+)?(?:19|20)\d\d\b|\bfor\s+years\b|\bfirst\s+husband\b|"
    r"\bback\s+when\b|\b(?:after|during)\s+my\s+divorce\b|\bonce,?\s+a\s+long\s+time\b|\bthree\s+years\b|\bspent\s+\w+\s+years\b|"
    r"\b(?:19|20)\d\d\b|\bago\b|\bat\s+the\s+time\b|\bin\s+those\s+days\b|\bthat\s+was\b|\bonce\b|"
    r"\bwhen\s+(?:I|we|he|she)\s+(?:was|were)\b|\bthere\s+was\s+a\s+(?:time|night|day|year|period|point)\b",
    _I,
)
# ... and resolved (what came after).
RESOLVED = re.compile(
    r"\b(?:I'?m|I\s+am|she'?s|he'?s|we'?re)\s+(?:\w+\s+)?(?:well|happy|okay|ok|fine|safe|stable|remarried|doing\s+(?:much\s+|really\s+)?"
    r"(?:better|well))\s+now\b|\bnow\s+(?:I|she|he)\s+(?:have|has|travel|is|'s)\b|\bgot\s+(?:help|out|sober)\b|"
    r"\bnever\s+(?:used\s+it|looked\s+back|went\s+back)\b|\bthings\s+got\s+better\b|\bI'?m\s+still\s+here\b|\bsurvived\b|"
    r"\b\w+\s+years\s+on\b|\bhave\s+my\s+own\s+(?:place|flat|car|home)\b|\bbehind\s+me\s+now\b|\bwe'?re\s+all\s+fine\b|"
    r"\bnobody\s+tells\s+me\b|\bflushed\s+them\b|\bburned\s+it\b|\bchose\s+to\s+stay\b|\bin\s+time\b|\bdoing\s+(?:much\s+)?better\b|"
    r"\bI'?m\s+so\s+glad\b|\bI'?ll\s+be\s+hosting\b|\bbought\s+\w+\s+\w+\s+back\b|\bnow\s+(?:she'?s|he'?s)\s+the\b|"
    r"\bnow\b[^.!?]{0,40}\b(?:happy|okay|ok|fine|safe|well|good|better|thriving|lovely|glad|grateful|free)\b|"
    r"\bI'?m\s+(?:still\s+)?here\b|\bglad\s+I\s+(?:stayed|didn'?t|am|'m)\b|\b(?:got|getting)\s+(?:through|better|away)\b|"
    r"\b(?:he|she|they)\s+got\s+help\b|\bdifferent\s+(?:man|woman|person)\b|\bgrown\s+up\b|\binstead\b|"
    r"\bon\s+the\s+right\s+meds\b|\bmy\s+(?:old|new)\s+life\b|\bhappier\b|\b(?:much\s+)?better\s+place\b|"
    r"\bfree\s+since\b|\bsince\s+(?:19|20)\d\d\b|\bvolunteer\w*\b|\bso\s+glad\b|\bglad\s+(?:he|she|they|I)\b|\bI\s+left\s+(?:him\s+|her\s+)?in\b|\bdead\s+twenty\s+years\b|\bmy\s+own\s+(?:car|drive|place|flat)\b",
    _I,
)
_STILL = re.compile(
    # "again", but not in "never saw him again" (round 5)
    r"\b(?:(?<!\bhim\s)(?<!\bher\s)(?<!\bthem\s)again|relaps\w*|tonight|right\s+now|"
    r"still\s+(?:want|think|have|does|do)|these\s+days)\b",
    _I,
)


def out_of_scope(sentence: str, window: str) -> bool:
    """True when a crisis hit should not count: its ``sentence`` is advice to someone else or
    negates the intent, or its ``window`` (the sentence and the next) tells it as past *and*
    resolved without again / now / tonight (round 5 adds ``crisis_round5.PAST_MORE`` and
    ``RESOLVED_MORE``)."""
    if ADVICE_TO_OTHERS.search(sentence) or NEGATED_INTENT.search(sentence):
        return True
    past = PAST.search(window) or PAST_MORE.search(window)
    resolved = RESOLVED.search(window) or RESOLVED_MORE.search(window)
    return bool(past and resolved and not _STILL.search(window))
