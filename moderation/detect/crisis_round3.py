"""Crisis rules added in issue 10, session 2 (round 3), for what the round-2 rules missed.

Written from the *training* split of the round-3 corpus only (``bench/screens_corpus.py``;
the misses were listed with the validation lines left out), by kind: indirect ideation,
plans and means, goodbyes, a partner's threats, violence and injuries, being locked in,
children at risk, self-harm, someone else at risk, Spanish and French, misspellings and
txt-speak. Same shape as ``crisis_rules`` (``_Rule``) and run by ``moderation.detect.crisis``
with the same sentence guards (denials, advice, "asked if", past and over).

Every gap is bounded (``{0,N}``) and no unbounded repetition is nested: each rule is
linear in the length of the text (tests/moderation/test_detect_linear.py).
"""

from __future__ import annotations

from moderation.detect.crisis_more import _KIDS, _PARTNER_BEFORE, CHILD
from moderation.detect.crisis_rules import SELF_HARM, SUICIDE, VIOLENCE, _Rule

_DRUGS = (
    r"(?:pills|pils|pillz|tablets|meds|medication|antidepressants|painkillers|paracetamol|tylenol|ibuprofen|"
    r"insulin|codeine|co-codamol|tramadol|morphine|diazepam|valium|zopiclone|sleepers|sleeping\s+pills|"
    r"sertraline|citalopram|lithium|opioids|oxy\w*|pastillas|medicamentos|m[ée]dicaments|cachets|pilules)"
)
_HE = r"\b(?:he|she|husband|wife|partner|ex|stbx\w*|h|w|dh|dw|bf|gf|boyfriend|girlfriend)\b"
# "he'll", "she would", "he's going to", "he was gonna"
_WILL = r"(?:'ll|'d|\s+will|\s+would|'s\s+going\s+to|\s+is\s+going\s+to|\s+was\s+going\s+to|\s+gonna|\s+could)"
_CHILD = (
    r"(?:"
    + _KIDS
    + r"|(?:my|our|the)\s+(?:\d+\s*(?:year|yr)s?[\s-]*old|stepson|stepdaughter|twins|youngest|eldest))"
)

ROUND3_RULES: tuple[_Rule, ...] = (
    # --- indirect ideation -------------------------------------------------
    _Rule(
        SUICIDE,
        "Indirect: once I'm out of the picture / if I was gone, not existing, sleeping forever, "
        "'not sure I want to survive', tired of / done with / hate being alive, lost the will to live.",
        r"\b(?:once|if|when)\s+I(?:'m|\s+am|\s+was|\s+were)\s+(?:gone|dead|out\s+of\s+the\s+picture)\b"
        r"(?!\s+(?:for|to|on|from|at|with|in|a|the|all|by)\b)|"
        r"\bremove\s+myself\s+from\s+(?:the\s+picture|the\s+equation|(?:every(?:one|body)'?s|their)\s+li(?:fe|ves))\b|"
        r"\b(?:rather|to|just|simply)\s+not\s+exist\b|\bsleep\s+(?:forever|and\s+never\s+(?:wake|have\s+to|face))\b|"
        r"\b(?:not\s+sure|don'?t\s+know\s+if|no\s+longer\s+sure)\s+I\s+want\s+to\s+(?:be\s+alive|survive|live|be\s+here|"
        r"exist|make\s+it|wake\s+up)\b|\bsurviv\w*\b[^.!?]{0,60}\bnot\s+sure\s+I\s+want\s+to\b|"
        r"\b(?:hate|done\s+with|done\s+w/?|so\s+done\s+w/?|tired\s+of|sick\s+of)\s+(?:being\s+alive|existing|life)\b"
        r"(?!\s+(?:in|with|on|like|here|as|being|without|at)\b)|\bwith\s+being\s+alive\b|"
        r"\blost\s+(?:the|all|my)\s+(?:will|reason|reasons)\s+to\s+(?:live|keep\s+going|go\s+on|carry\s+on)\b|"
        r"\bnot\s+(?:with\s+)?(?:him|her|the\s+(?:divorce|marriage))\s*[.,;:!-]+\s*(?:with\s+)?(?:everything|life|me|"
        r"being\s+alive|all\s+of\s+it)\b|\bI'?m\s+(?:just\s+)?taking\s+up\s+space\b|"
        r"\b(?:keep|kept)\s+(?:spinning|turning|going)\s+without\s+me\b|\bwithout\s+me\s+in\s+it\b|"
        r"\b(?:fine|okay|ok|manage(?:\s+fine)?|cope|easier|breathe\s+easier|better)\s+without\s+me"
        r"(?:\s+(?:around|here|in\s+the\s+picture))?\s*(?:[.!,]|$|\s+(?:probably|honestly|anyway|really)\b)",
    ),
    _Rule(
        SUICIDE,
        "Indirect: my funeral, nobody noticing or finding me, life insurance, wishing for illness or an "
        "accident, the future without me, waiting to stop, fading out, doing them a favour by not being here.",
        r"\b(?:pictur\w*|plann?\w*|imagin\w*)\s+my\s+(?:own\s+)?funeral\b|\binstructions\s+for\s+(?:the|my)\s+funeral\b|"
        r"\b(?:who|anyone|anybody|nobody|no\s?one)\s+(?:would|will|'d)\s+(?:even\s+|actually\s+)?(?:come|go|turn\s+up|"
        r"show\s+up)\s+to\s+(?:the|my)\s+funeral\b|"
        r"\b(?:nobody|no\s?one|no1|noone|anyone)\s+(?:would|wud|will|'d|wd)\s+(?:even\s+)?(?:notice|care|miss\s+me)\b"
        r"[^.!?]{0,30}\bif\s+I\s+(?:was|were|wasn'?t|disappeared|died|went|vanished|was\s+gone)\b|"
        r"\b(?:how\s+long|days)\b[^.!?]{0,40}\bto\s+find\s+me\b|"
        r"\blife\s+insurance\b[^.!?]{0,40}\b(?:would\s+(?:cover|pay)|pays\s+out|covers?\s+suicide|checked|if\s+I\s+die)\b|"
        r"\b(?:get|have|collect)\s+the\s+life\s+insurance\b|"
        r"\b(?:wish\w*|hop\w*)\s+I\s+(?:had|'d\s+get|would\s+get|get|'ll\s+get)\s+(?:some\s+)?(?:cancer|an?\s+(?:illness|"
        r"accident|disease)|illness|hit\s+by)\b|"
        r"\bif\s+(?:a\s+(?:bus|car|lorry|truck|train)\s+(?:hit|hits|ran\s+over)\s+me|something\s+(?:happened|happens)\s+to\s+me)"
        r"\b[^.!?]{0,50}\b(?:wouldn'?t\s+(?:mind|care)|relieved|relief|glad|be\s+a\s+blessing)\b|"
        r"\bwithout\s+looking\s+and\s+hoping\b|\bfuture\b[^.!?]{0,30}\bwhere\s+I'?m\s+(?:still\s+)?(?:in\s+it|here|alive|"
        r"around)\b|\bstop(?:ped)?\s+planning\s+to\s+be\s+(?:here|around|alive)\b|"
        r"\bwaiting\s+to\s+(?:stop|die|not\s+be\s+here)\b|\bI(?:'m|\s+am)?\b[^.!?]{0,25}\bjust\s+fade\s+(?:out|away)\b"
        r"(?!\s+of)|\bby\s+not\s+being\s+(?:here|around|alive)\b|\bkeeping\s+me\s+alive\b|"
        r"\bdeath\s+(?:feels|seems|sounds)\s+(?:less\s+scary|better|easier|peaceful|like\s+(?:a\s+)?(?:relief|the\s+answer))\b|"
        r"\bbe\s+(?:all\s+)?over\s+(?:for\s+me\s+)?without\s+anyone\s+blaming\s+me\b|"
        r"\b(?:go\s+away|be\s+gone|get\s+out\s+of\s+everyone'?s\s+way|disappear)\s+(?:permanently|for\s+good|forever)\b",
        unless_before=r"\b(?:if\s+(?:you|anyone|someone)|your|their)\b[^.!?]{0,30}$",
    ),
    # --- plans and means ---------------------------------------------------
    _Rule(
        SUICIDE,
        "Plans and means: stockpiling any drug, a second packet from another chemist, which bridge or beam, "
        "the top of the car park, the platform edge, the sea, a hose, bleeding out, reliable methods, "
        "a plan and a date, writing out how, so the kids won't find me.",
        r"\b(?:sav\w*\s+up|collect\w*|hoard\w*|stockpil\w*|count\w*|stash\w*)\b(?:\s+[\w']+){0,3}?\s+"
        + _DRUGS
        + r"\b|"
        r"\b(?:second|third|another|extra)\s+(?:packet|box|bottle)s?\b(?:\s+of\s+"
        + _DRUGS
        + r")?[^.!?]{0,40}\b(?:chemist|"
        r"pharmacy|ask|today|a\s+third)\b|\bprescription\s+twice\b|\bdifferent\s+(?:chemists?|pharmac\w+)\b|"
        + _DRUGS
        + r"\b[^.!?]{0,40}\b(?:so\s+they'?re\s+ready|ready\s+for\s+tonight|pour\s+ce\s+soir|para\s+esta\s+noche|"
        r"lined\s+up|all\s+ready|got\s+them\s+all)\b|"
        r"\b(?:take|taking|took|swallow\w*)\s+all\s+(?:of\s+)?(?:my|the|his|her|them)\b(?:\s+\w+)?\s*(?:"
        + _DRUGS
        + r")?"
        r"\s+(?:tonight|tonite|2nite|at\s+once|with\s+the\s+(?:wine|vodka))\b|"
        r"\b(?:know|picked|chosen|worked\s+out)\s+(?:exactly\s+)?which\s+(?:bridge|building|tree|train|cliff|beam)\b|"
        r"\bbeam\b[^.!?]{0,30}\bwould\s+hold\b|\bhold\s+my\s+weight\b|"
        r"\b(?:top\s+(?:floor|level|deck)\s+of\s+the\s+(?:car\s+park|multi-?storey)|multi-?storey\s+roof|"
        r"height\s+of\s+the\s+(?:multi-?storey|bridge|car\s+park|building|cliff))\b|"
        r"\b(?:edge\s+of\s+the\s+(?:platform|quarry)|platform\s+edge)\b|"
        r"\b(?:sat|stood|standing|sitting)\s+(?:on|at)\s+the\s+edge\b(?!\s+of\s+(?:the|my|our)\s+(?:bed|bath|sofa|seat|"
        r"chair|couch|pool|table|stage))|"
        r"\b(?:train\s+line|last\s+train|fast\s+trains?|the\s+tracks)\b[^.!?]{0,40}\b(?:keep\s+thinking|passes|go(?:es)?\s+"
        r"through)\b|\bkeep\s+thinking\s+about\s+the\s+(?:train|tracks|bridge|river|cliff|rope|gun|pills|knives|tree)\b|"
        r"\bwalk(?:ing)?\s+into\s+the\s+(?:sea|river|lake|traffic)\b(?![^.!?]{0,20}\b(?:with\s+the\s+kids|for\s+a\s+swim|paddl))|"
        r"\b(?:hoping|hope|hoped)\s+to\s+(?:crash|lose\s+control|not\s+make\s+it|die|not\s+wake)\b|"
        r"\b(?:hose|hosepipe)\b[^.!?]{0,40}\b(?:exhaust|what\s+it'?s\s+for)\b|\bbleed\s+out\b|"
        r"\b(?:most\s+reliable|surest|least\s+painful|quickest|painless)\s+(?:way|method)s?\b|"
        r"\bwhich\s+(?:pills|tablets|meds|method)\s+(?:are|is)\s+(?:painless|quickest|lethal|fatal)\b|"
        r"\ba\s+plan\s+and\s+a\s+(?:date|time|day)\b|\bpicked\s+a\s+(?:date|day)\b(?!\s+for\b)|"
        r"\bworked\s+out\s+(?:which\s+day|the\s+timing|when)\b[^.!?]{0,60}\b(?:do\s+it|find\s+me|are\s+away)\b|"
        r"\b(?:won'?t|don'?t)\s+be\s+the\s+ones?\s+(?:who|to|that)\s+finds?\s+me\b|"
        r"\b(?:wrote|written|write|worked)\s+(?:out|down)\s+(?:how|where|when)\s+I'?(?:d|ll|\s+would|\s+will)\s+"
        r"(?:do\s+it|go)\b|\bcollect\w*\s+it\s+for\s+(?:weeks|months)\b|"
        r"\b(?:rope|belt|cord)\b[^.!?]{0,30}\b(?:into\s+the\s+garage|in\s+the\s+(?:garage|loft)|keep\s+going\s+out)\b|"
        r"\btree\b[^.!?]{0,40}\bkeep\s+thinking\s+about\b|"
        r"\b(?:looking|look|looked|staring|stare)\s+at\s+the\s+(?:knives|pills|gun|rope|blades?|razors?)\b[^.!?]{0,40}"
        r"\b(?:thinking|long\s+time|tonight)\b|"
        r"\b(?:shotgun|gun|rifle|pistol)\b[^.!?]{0,60}\b(?:on\s+the\s+bed|next\s+to\s+me|in\s+my\s+(?:lap|hand)|have\s+the\s+"
        r"key|know\s+the\s+(?:combination|code))\b|"
        r"\b(?:think\w*|thought|want|wanna|going\s+to|gonna|about|bout|of)\s+(?:about\s+|bout\s+)?jump\w*\s+(?:off|from)\s+"
        r"(?:the|a|that)\s+(?:bridge|roof|building|cliff|balcony|car\s+park|multi-?storey)\b|"
        r"\b(?:on|up)\s+(?:the|a)\s+(?:bridge|roof|ledge)\b[^.!?]{0,30}\b(?:right\s+now|it'?s\s+my\s+fault|just\s+called)\b|"
        r"\bplan\s+to\s+(?:die|kill\s+(?:herself|himself|myself)|end\s+(?:it|her\s+life|his\s+life|my\s+life))\b|"
        r"\buse\s+it\s+on\s+(?:himself|herself|myself)\b|\bin\s+the\s+car\s+in\s+the\s+garage\b|"
        r"\bI\s+attempted\s+(?:last|again|on|yesterday|this|twice)\b",
        unless_before=r"\b(?:if\s+(?:you|anyone)|don'?t\s+forget|remember\s+to|safety\s+plan)\b[^.!?]{0,30}$",
    ),
    # --- goodbyes ----------------------------------------------------------
    _Rule(
        SUICIDE,
        "Goodbyes: thank you before I go, the last time with the kids, the last thing I'll write, not hearing "
        "from me again, tell my kids their dad loved them, my note, without them knowing it was goodbye, "
        "passwords in an envelope, so nobody inherits a mess, final post at peace.",
        r"\bthank\s+(?:you|everyone|u)\b[^.!?]{0,40}\bbefore\s+I\s+go\b(?!\s+(?:to|on|back|into|away|out|in)\b)|"
        r"\b(?:hug\w*|kiss\w*|said\s+goodnight\s+to|tucked)\s+(?:the\s+kids|my\s+(?:kids|children|son|daughter|boys|girls))"
        r"\b[^.!?]{0,60}\blast\s+time\b|\blike\s+it\s+was\s+the\s+last\s+time\b|"
        r"\blast\s+(?:thing|words?|message)\s+I'?(?:ll|\s+will)\s+(?:ever\s+)?(?:write|say|send|post)\b|"
        r"\b(?:don'?t|never|not)\s+hear\s+from\s+me\s+(?:again|after\s+tonight)\b|\breads?\s+this\s+after\s+tonight\b|"
        r"\btell\s+(?:my|the)\s+(?:kids|children|boys|girls|son|daughter|family|wife|husband|mum|mom)\b[^.!?]{0,30}\b"
        r"(?:loved|love)\s+them\b|"
        r"\b(?:wrote|written|writing|left|finished)\s+my\s+(?:note|goodbyes?)\b|\b(?:my|the)\s+note\s+is\s+(?:under|on|in)\b|"
        r"\bgoodbye\s+notes?\b|\bwithout\s+(?:her|him|them)\s+knowing\s+it\s+was\s+(?:goodbye|the\s+last)\b|"
        r"\bdon'?t\s+know\s+it'?s\s+the\s+last\s+time\b|"
        r"\b(?:passwords|pins?|pin\s+numbers)\b[^.!?]{0,40}\benvelope\b|"
        r"\bso\s+(?:nobody|no\s?one)\s+(?:inherits|has\s+to\s+(?:deal|sort|clean))\b|"
        r"\b(?:final|last)\s+post\b\W{1,3}(?:I'?m\s+at\s+peace|goodbye|bye|love\s+(?:to\s+)?(?:you\s+)?all)\b|"
        r"\blast\s+post\s+from\s+me\b(?!\s+(?:for|about|on|in|before|until|till|this|tonight|of)\b)|"
        r"\bfor\s+when\s+I'?m\s+gone\b|\bfor\s+when\s+I\s+can'?t\s+be\s+there\b|"
        r"\bgoodbye\s+(?:every1|evry1|guys|y'?all)\b|\bcan'?t\s+go\s+on\W{1,3}(?:goodbye|bye)\b|"
        r"\bgiving\s+away\s+(?:his|her|their)\s+(?:things|stuff|belongings|possessions|jewell?ery|clothes)\b|"
        r"\b(?:esta\s+es\s+)?mi\s+despedida\b|\bcartas?\s+(?:de\s+despedida|para\s+(?:mis|mi)\s+hij\w+)\b|"
        r"\blettres?\s+d'adieu\b|\bmon\s+dernier\s+message\b",
        unless_before=r"\b(?:if\s+(?:you|anyone)|signs?|warning)\b[^.!?]{0,40}$",
    ),
    # --- a partner's threats -----------------------------------------------
    _Rule(
        VIOLENCE,
        "A partner's threats in other words: he'll end me / finish it / hunt me down / break my legs / "
        "drown me / cut my throat / hurt my mum, found in pieces, leave in a box, a bullet on my pillow, "
        "he has a gun now, the lighter to my hair, drove at me.",
        r"\b(?:he|she|they)"
        + _WILL
        + r"\s+(?:\w+\s+){0,3}?(?:end\s+me|finish\s+(?:me|me\s+off|it|this|the\s+job)|"
        r"hunt\s+me\s+down|break\s+my\s+(?:legs?|arms?|neck|jaw|nose|fingers)|drown\s+me|(?:cut|slit)\s+my\s+throat|"
        r"burn\s+(?:me|the\s+house|my\s+face)|run\s+me\s+(?:off|over|down)|"
        r"(?:hurt|kill|harm|stab|shoot)\s+(?:my|her|him|them|you)\b(?!\s+(?:feelings|chances|career|credit|reputation|"
        r"pride|case|a\s+message|an?\s+(?:email|text))))|"
        r"\b(?:found|end\s+up|be)\s+in\s+pieces\b|\b(?:leave|leaving)\s+(?:this|the)\s+house\s+in\s+a\s+(?:box|body\s*bag|"
        r"coffin)\b|\bbullet\b[^.!?]{0,30}\b(?:pillow|bed|car|door|note)\b|\b(?:knife|gun|bullet)\b[^.!?]{0,30}\bmy\s+name\b|"
        r"\b(?:I'?d|I\s+would|I'?ll|I\s+will|you'?d|you'?ll)\s+(?:just\s+)?disappear\b[^.!?]{0,30}\b(?:nobody|no\s+one)\b|"
        r"\bbetter\s+watch\s+(?:myself|yourself)\b|\brest\s+of\s+(?:my|your)\s+short\s+life\b|"
        r"\b(?:drove|driven|swerved|aimed\s+the\s+car)\s+(?:at|towards)\s+me\b|\brammed\s+(?:my|our)\s+car\b|"
        r"\b(?:he|she)(?:'s|\s+has)?\s+(?:got|bought|has|keeps)\s+a\s+(?:gun|shotgun|rifle|pistol)\b|"
        r"\b(?:held|put|pressed)\s+(?:a|the|his|her)\s+(?:lighter|knife|gun|blade|cigarette|iron)\s+(?:to|against|at)\s+my\b|"
        r"\b(?:dad|father|mum|mother)\s+will\s+be\s+dead\s+by\b|\bthreat\w*\s+(?:to\s+)?kil+\s+me\b|"
        r"\b(?:going\s+to|gonna)\s+finish\s+this\s+tonight\b",
        requires_before=_PARTNER_BEFORE,
    ),
    # --- violence and injuries ---------------------------------------------
    _Rule(
        VIOLENCE,
        "Violence described: my head held under water or smashed against something, pinned me, by my throat, "
        "dragged me, then punched me, thrown at me, a black eye explained away, covered in bruises, marks round "
        "my neck, scratched my face.",
        r"\b(?:held|holds|pushed|shoved|forced)\s+my\s+head\s+(?:under|into|against|down)\b|"
        r"\bpinn?ed\s+me\s+(?:against|to|down|on)\b|\bby\s+my\s+(?:throat|neck|ankles?|legs?)\b|"
        r"\b(?:dragged|yanked|hauled)\s+me\b|\bpulled\s+me\s+(?:out\s+of\s+(?:bed|the\s+car)|down\s+the|across|by)\b|"
        r"\b(?:then|and|so\s+hard|he|she)\s+(?:punched|slapped|kicked|choked|strangled|beat|headbutted|bit|burned|burnt|"
        r"scalded|punchd|kickd|slapd)\s+me\b(?!\s+(?:at|in\s+(?:the\s+back|a|an|every|chess|scrabble|tennis)|out|to\s+it|up|off|"
        r"over\s+the\s+head|with\s+(?:the\s+)?(?:divorce|news|papers|letter|bill)))|"
        r"\bthrew\s+(?:(?!(?:a|an|the)\s+(?:tantrum|fit|party|look|glance|strop|wobbly|wobbler)\b)[\w']+\s+){1,5}?"
        r"(?:at|over)\s+(?:me|my\s+(?:head|face)|us|" + _CHILD + r"(?:'s\s+head)?)\b|"
        r"\bblack\s+eye\b[^.!?]{0,40}\b(?:told|walked\s+into|cover|hide|make-?up)\b|\bwalked\s+into\s+a\s+door\b|"
        r"\bcovered\s+in\s+bruises\b|\bbruises\b[^.!?]{0,40}\b(?:long\s+sleeves|hide|cover|make-?up|concealer)\b|"
        r"\b(?:marks?|bruis\w*)\s+(?:round|around|on)\s+my\s+(?:neck|throat)\b|\bshape\s+of\s+(?:his|her)\s+(?:fingers|hand)\b|"
        r"\b(?:scratched|clawed|bit|bites)\s+my\s+(?:face|arm|arms|neck|hand|back|leg|cheek|lip)\b|"
        r"\b(?:he|she)\s+(?:burn(?:ed|t)|scald(?:ed))\s+me\b",
    ),
    # --- being locked in ---------------------------------------------------
    _Rule(
        VIOLENCE,
        "Being kept in: waiting for him to let me out, locked in a room, the doors locked from outside, "
        "windows nailed shut, padlocks, handles off, my passport or ID taken, punished if I go out, "
        "so I can't leave or call anyone.",
        r"\b(?:for\s+(?:him|her)\s+to|won'?t|doesn'?t|wouldn'?t|didn'?t|refuses\s+to|never)\s+let\s+me\s+(?:out|leave|"
        r"go\s+(?:out|to\s+work|anywhere)|see\s+(?:my|anyone)|have\s+(?:a|my)\s+phone)\b|"
        r"\b(?:been|was|I'?m|am|being|keeps\s+me|kept)\s+locked\s+in\b|"
        r"\block\w*\s+(?:the\s+)?(?:doors?|me|us)\s+(?:in\s+)?from\s+the\s+outside\b|\bnail\w*\s+(?:the\s+)?windows?\s+shut\b|"
        r"\bpadlock\w*\s+(?:the|us|me)\b|\bhandles?\s+off\s+the\s+inside\b|"
        r"\b(?:took|takes|holds|keeps|hid|hides|has)\s+(?:away\s+)?my\s+(?:passport|id|documents|papers|bank\s+cards?|visa)\b|"
        r"\bpunish\w*\s+me\s+if\s+I\b|"
        r"\bso\s+I\s+(?:couldn'?t|can'?t|could\s+not|cannot)\s+(?:get\s+out|leave|escape|get\s+away|call\s+(?:anyone|for\s+help|"
        r"the\s+police))\b|\bnot\s+allowed\s+to\s+(?:leave|go\s+out)\b|"
        r"\b(?:he|she)\s+(?:has|took|keeps)\s+(?:the|my)\s+keys\b|"
        r"\b(?:encerrad[ao]|me\s+encierra|enferm[ée]e?\s+chez\s+moi)\b",
    ),
    _Rule(
        VIOLENCE,
        "Cutting someone off, said of a partner: smashed my phone, cut the landline.",
        r"\b(?:smash\w*|broke|took\s+out|cut|ripped\s+out)\s+(?:my\s+(?:mobile|phone)|the\s+(?:landline|phone\s+line))\b",
        requires_before=_PARTNER_BEFORE,
    ),
    # --- children at risk --------------------------------------------------
    _Rule(
        CHILD,
        "Children at risk: injuries after contact, a child's own words (daddy held her under the water), "
        "threats to the children, dangled, hit with a belt, left for hours, not fed, scared he'll do "
        "something to the baby.",
        r"\b(?:bruis\w*|burns?|black\s+eye|handprints?|welts?)\b[^.!?]{0,60}\b(?:every\s+time\s+(?:she|he|they)\s+comes?\s+back|"
        r"after\s+(?:his|her|their)\s+(?:weekend|visit|contact)|won'?t\s+say\s+how|(?:daddy|mummy|his\s+dad|her\s+dad|"
        r"her\s+mum|his\s+mum)\s+did\s+it)\b|"
        r"\b(?:came|comes|come)\s+back\s+from\s+(?:his|her|their)\s+(?:dad'?s|mum'?s|mom'?s|father'?s|mother'?s)?\s*\w*\s*"
        r"(?:with\s+(?:a|an)\s+)?(?:bruis\w*|burns?|black\s+eye|marks|starving|terrified)\b|"
        r"\b(?:daddy|mummy|mommy|his\s+dad|her\s+dad|their\s+dad|dad|stepdad)\s+(?:held|holds|pushed)\s+(?:her|him|them)\s+"
        r"(?:under|down|by\s+the)\b|\b(?:daddy|mummy|dad|stepdad)\s+(?:squeezed|squeezes)\s+(?:his|her)\s+neck\b|"
        r"\b(?:touches|touched)\s+(?:her|him)\s+(?:in\s+the\s+bath|there|at\s+night)\b|"
        r"\b(?:comes|came|goes|went)\s+into\s+(?:her|his|their)\s+(?:room|bed)\s+at\s+night\b|"
        r"\bthreat\w*\s+to\s+(?:\w+\s+){0,2}?(?:drown|hurt|kill|harm|poison|stab)\s+(?:"
        + _CHILD
        + r"|them)\b|"
        r"\b(?:take|took)\s+"
        + _CHILD
        + r"\b[^.!?]{0,50}\b(?:hurt|never\s+see\s+them\s+alive|better\s+off\s+dead)\b|"
        r"\bif\s+(?:he|she)\s+can'?t\s+have\s+(?:the\s+kids|the\s+children|them)\b[^.!?]{0,10}\b(?:nobody|no\s?one)\b|"
        r"\bsee\s+(?:them|the\s+kids|the\s+children)\s+alive\b|\bdangl\w*\s+(?:our|my|the)\b|"
        r"\b(?:hit|hits|beat|beats|whipped|whips|belted|smacked|smacks|punches|punched|kicks|kicked)\s+"
        + _CHILD
        + r"(?:\s+with\s+(?:a|his|her|the)\s+\w+)?\b|\b(?:hit|hits|beat|beats)\s+(?:\w+\s+){1,3}with\s+(?:a|his|her|the)\s+belt\b|"
        r"\bfrapp\w*\s+(?:mon|ma|mes|les|notre|nos)\s+(?:fils|fille|enfants?|b[ée]b[ée]|petits?)\b|"
        r"\bpega\s+a\s+(?:mi|mis|los|nuestr\w+)\s+(?:hij\w+|niñ\w+|beb[eé])\b|"
        r"\bleft\s+"
        + _CHILD
        + r"\s+(?:alone\s+)?(?:in\s+the\s+car|home\s+alone|alone)\s+(?:for\s+hours|all\s+(?:day|night))\b|"
        r"\bleft\s+" + _CHILD + r"\s+(?:alone\s+)?in\s+the\s+car\s+for\s+hours\b|"
        r"\b(?:doesn'?t|does\s+not|won'?t|didn'?t)\s+feed\s+(?:"
        + _CHILD
        + r"|them)\b|\bcome\s+back\s+starving\b|"
        r"\b(?:scared|afraid|terrified|worried|frightened)\b[^.!?]{0,30}\b(?:he|she)(?:'ll|\s+will|'d|\s+would|\s+might|"
        r"\s+could)\s+do\s+something\s+to\s+(?:" + _CHILD + r"|me|her|him|them)\b|"
        r"\bscared\s+of\s+(?:his|her|their)\s+(?:dad|father|mum|mother|stepdad)'?s?\s+hands\b|"
        r"\bwith\s+a\s+cigarette\b|\bcigarette\s+burns?\b|\b(?:kneel|knelt)\s+on\s+rice\b|\bcold\s+shower\s+as\s+punishment\b|"
        r"\b(?:his|her|their|my\s+daughter'?s|my\s+son'?s)\s+(?:dad|father|mum|mother)\s+(?:hit|hits|beat|beats|hurt|hurts|"
        r"kicked|punched|choked)\s+(?:her|him|them)\b",
    ),
    # --- self-harm ---------------------------------------------------------
    _Rule(
        SELF_HARM,
        "Self-harm described: burned or cut on purpose, cutting deeper, relapsed and cut, covered in cuts, "
        "my wrists, carved into my skin, hitting myself, starving myself, 'until I see stars'.",
        r"\bI\s+(?:\w+\s+){0,2}?(?:burn(?:ed|t)|cut|scratch(?:ed)?|carv(?:ed)|punch(?:ed)|bang(?:ed)?|hit)\s+(?:my\s+\w+|myself|"
        r"the\s+(?:wall|mirror))\b[^.!?]{0,50}\b(?:on\s+purpose|deliberately|wanted\s+it\s+to\s+hurt|deserved\s+it|"
        r"to\s+feel|until\s+(?:it|my\s+\w+)\s+(?:bled|bleeds|broke))\b|"
        r"\bcut\s+deeper\b|\brelaps\w*\s+and\s+cut\b|\bcovered\s+in\s+cuts\b|"
        r"\bmy\s+(?:arms?|thighs?|wrists?|legs?)\s+(?:are|is)\s+(?:covered\s+in|full\s+of)\s+cuts\b|"
        r"\b(?:scratch\w*|cut\w*|slash\w*|slit)\s+(?:at\s+)?my\s+wrists?\b|"
        r"\bcarv\w*\b[^.!?]{0,30}\binto\s+my\s+(?:skin|arm|leg|thigh|wrist|stomach)\b|"
        r"\b(?:bang\w*|hit\w*)\s+my\s+head\s+(?:on|against)\s+the\s+wall\s+(?:until|when|till)\b|"
        r"\b(?:hit|hitting|punch\w*|slap\w*)\s+myself\b(?!\s+(?:over|on)\s+the\s+head)|\bstarv\w*\s+myself\b|"
        r"\b(?:deliberately|on\s+purpose)\s+(?:crashed|overdosed|took|burned|burnt|cut|hurt)\b|"
        r"\b(?:crashed\s+my\s+\w+|took\s+(?:a\s+few\s+)?(?:too\s+many|extra)\s+\w+|drinking\s+until\s+I\s+black\s+out)\b"
        r"[^.!?]{0,40}\b(?:on\s+purpose|deliberately|to\s+feel)\b|"
        r"\bblades?\s+and\s+plasters\b|\b(?:razor|blade|blades)\b[^.!?]{0,30}\bonly\s+thing\b|"
        r"\bcut+in[g']?\s+(?:myself|again|my\s+(?:arms?|wrists?|legs?|thighs?))\b|\bkeep\s+cut+ing\s+myself\b|"
        r"\bme\s+hago\s+da[ñn]o\b|\bme\s+fais\s+du\s+mal\b|\bme\s+scarifi\w*\b",
        unless_before=r"\b(?:used\s+to|years\s+ago|as\s+a\s+(?:teen|teenager|kid)|if\s+you)\b[^.!?]{0,40}$",
    ),
    # --- misspellings, txt-speak, emoji --------------------------------------
    _Rule(
        SUICIDE,
        "Misspellings and txt-speak: wana/want 2 die, kil myslf, dnt want 2 live, endin it all, no point in "
        "liveing, dissapear for ever, better off w/o me, pill emoji with 'ready'.",
        r"\b(?:wan+a|wanna|want\s*(?:2|to)|wnt\s*(?:2|to)|w[ae]nt\s+ta)\s+(?:die|dye|d1e|d!e|end\s+my\s+l[iy]?fe?)\b"
        r"(?!\s+(?:on\s+(?:this|that)\s+hill|of\s+(?:embarrassment|shame)|laughing|my\s+hair|it\s+(?:red|blonde|pink)))|"
        r"\bwnt\s+to\s+end\s+my\s+lfe\b|\bkil\s*(?:my\s*s[ei]lf|myslf|mysef|myself|mi\s*self)\b|\bkill\s*(?:myslf|mysef|my\s+s[ei]lf|mi\s*self)\b|"
        r"\b(?:d[o]?nt|dont|don'?t|do\s+not)\s+(?:wan+a|want\s*(?:2|to))\s+(?:live|b\s+alive|be\s+alive|exist)\b"
        r"(?!\s+(?:with|in|like|there|near|together|alone|a\s+lie|that|this|without|on|at|under)\b)|"
        r"\bendin[g']?\s+it\s+all\b|\bno\s+point\s+(?:in\s+)?liv\w*\b|"
        r"\bdis+ap+ear\w*\s+(?:for\s*ever|for\s+good|permanently)\b|\bbett?er\s+of+\s+(?:w/o|wo|w/out)\s+me\b|"
        r"(?:\U0001F48A\s*){1,5}[^.!?]{0,20}\b(?:ready|all\s+of\s+them|tonight|tonite|2nite)\b|"
        r"\b(?:quiero|kiero|qiero)\s+morir\w*\b|\bno\s+quiero\s+(?:despertar|seguir\s+(?:aqu[ií]|viv\w+)|vivir)\b|"
        r"\bne\s+veux\s+plus\s+(?:me\s+r[ée]veiller|vivre)\b|\bestar[ií]an\s+mejor\b|\bmejor\s+para\s+todos\s+si\s+yo\b|"
        r"\bsoulag\w+\s+si\s+je\s+(?:disparaissais|mourais|n'[ée]tais)\b|\btirarme\s+(?:del|de\s+un|desde|por|al)\b|"
        r"\bme\s+jeter\s+(?:sous|du|d'un|par|dans)\b|\bacabar\s+con\s+todo\b(?!\s+(?:el\s+papeleo|lo\s+del))|"
        r"\b(?:veux|vais)\s+en\s+finir\b(?!\s+avec\s+(?:lui|elle|ce|cette|notre|mon|ma))|"
        r"\b(?:plus\s+(?:aucune\s+)?raison\s+de\s+(?:vivre|rester\s+en\s+vie|continuer))\b|\brester\s+en\s+vie\b|"
        r"\bpense\s+(?:tout\s+le\s+temps\s+)?[àa]\s+la\s+mort\b|\bpienso\s+(?:todo\s+el\s+tiempo\s+)?en\s+(?:la\s+muerte|"
        r"matarme|morir|suicid\w+|quitarme)\b|\benvie\s+de\s+(?:crever|mourir)\b|\bse\s+(?:tuer|suicider)\b|"
        r"\b(?:suicidarse|matarse|quitarse\s+la\s+vida)\b",
        unless_before=r"\b(?:if\s+(?:you|anyone|someone)|your|their)\b[^.!?]{0,30}$",
    ),
    _Rule(
        VIOLENCE,
        "Spanish and French threats and violence: me va a matar, me mata, que me mate, me tuera, me violó, "
        "conmigo dentro, del cuello, serré le cou.",
        r"\bme\s+(?:va|iba)\s+a\s+matar\b|\bme\s+mat(?:a|e|ar[áa])\b(?!\s+de\s+(?:risa|la|cansancio|pena|ganas|"
        r"aburrimiento|hambre|sue[ñn]o))|\b(?:qu'il|qu'elle|il|elle)\s+(?:va\s+)?me\s+tu(?:erait|era|er|e)\b|\bme\s+viol[oó]\b|\bm'a\s+viol[ée]e?\b|"
        r"\bconmigo\s+dentro\b|\bavec\s+moi\s+dedans\b|\bdel\s+cuello\b|\bme\s+ahorc\w+\b|\bserr[ée]\w*\s+le\s+cou\b|"
        r"\bme\s+(?:dio|da)\s+una\s+paliza\b|\bmoratones\b",
    ),
)
