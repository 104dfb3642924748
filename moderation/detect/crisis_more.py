"""Crisis rules for what the first rule set missed (issue 10): indirect ideation,
plans and means, goodbye messages, a partner's threats, strangling and injuries,
being locked in, children at risk, common misspellings, core Spanish and French.

Same shape as ``crisis_rules`` (``_Rule``). Every gap is bounded (``{0,N}``), no
rule nests an unbounded repetition: each is linear in the length of the text.
Also here: the sentence-level guards (denials, advice, sarcasm) that cancel a
suicide or self-harm hit in the same sentence.
"""

from __future__ import annotations

import re

from moderation.detect.crisis_rules import (
    _KILL_IDIOM_AFTER,
    _SUBJ,
    SELF_HARM,
    SUICIDE,
    VIOLENCE,
    _Rule,
)

CHILD = "child_at_risk"
MORE_REASONS = {CHILD: "crisis: a child at risk"}

_KIDS = (
    r"(?:the\s+(?:kids|children|baby|boys|girls|little\s+ones?)|(?:my|our)\s+(?:son|daughter|kids|children|"
    r"baby|boy|girl|child|toddler|little\s+one|teenager|youngest|eldest))"
)
_PARTNER_BEFORE = r"\b(?:he|she|husband|wife|partner|ex|stbx\w*|h|w|dh|dw|bf|gf|boyfriend|girlfriend)\b[^.!?]{0,60}$"
_DRUGS = (
    r"(?:sleeping\s+)?(?:pills|tablets|meds|medication|antidepressants|painkillers|paracetamol|"
    r"tylenol|ibuprofen|insulin|pastillas|m[ée]dicaments)"
)

MORE_RULES: tuple[_Rule, ...] = (
    # --- indirect ideation -------------------------------------------------
    _Rule(
        SUICIDE,
        "Others better off / happier / relieved without me or if I were gone.",
        r"\b(?:better\s+off|happier|relieved|easier\s+for\s+(?:every(?:one|body)|them|the\s+kids))\s+"
        r"(?:if\s+I\s*(?:just\s+|was\s+|were\s+|'d\s+)?(?:disappeared|gone|dead|died|wasn'?t\s+(?:here|around|alive)|"
        r"weren'?t\s+(?:here|around|alive)|never\s+woke\s+up|was\s+not\s+(?:here|around))|without\s+me\b(?!\s+(?:at|in|on)\b))|"
        r"\bbett?er\s+of+\s+without\s+me\b|\b(?:easier|better)\s+for\s+(?:every(?:one|body)|them|the\s+kids)\s+if\s+I\b",
    ),
    _Rule(
        SUICIDE,
        "Not being around much longer; being a burden; 'won't be a problem much longer'.",
        r"\b(?:won'?t|will\s+not|not\s+going\s+to)\s+be\s+(?:around|here|a\s+(?:problem|burden|bother)\s+(?:for|to)\s+\w+)\s+"
        r"(?:much\s+|for\s+much\s+)?longer\b|"
        r"\b(?:won'?t|will\s+not|don'?t\s+think\s+I'?ll)\s+be\s+(?:around|here)\s+(?:much\s+longer|next\s+(?:year|week|month)|"
        r"for\s+(?:long|christmas)|to\s+see)\b|"
        r"\bcan'?t\s+see\s+myself\s+(?:still\s+)?(?:being\s+)?(?:here|alive|around)\s+(?:next|in\s+a|by)\b|"
        r"\b(?:I'?m|I\s+am|I\s+feel\s+like|I\s+feel)\s+(?:such\s+|just\s+|only\s+)?a\s+burden\b|"
        r"\bwon'?t\s+be\s+in\s+(?:the|anyone'?s|your|his|her)\s+way\s+(?:anymore|any\s+more|any\s+longer|much\s+longer)\b",
    ),
    _Rule(
        SUICIDE,
        "Not waking up, not existing, disappearing for good, wanting it all to stop.",
        r"\b(?:wish|hope|easier|want|wanna|rather|pray|praying)\w*\b[^.!?]{0,40}\b(?:not|never|don'?t)\s+wak(?:e|ing)\s+up\b|"
        r"\b(?:care|caring)\s+(?:if|whether)\s+I\s+(?:wake\s+up|live|die|make\s+it)\b|"
        r"\b(?:stop|not|quit)\s+existing\b|\bnot\s+(?:being|be)\s+(?:here|alive|around)\s+(?:anymore|any\s+more|at\s+all|any\s+longer)\b|"
        r"\bdisappear\w*\s+(?:forever|for\s+good|permanently|and\s+never\s+come\s+back)\b|"
        r"\b(?:want|need)\s+(?:it\s+all|everything|the\s+pain|the\s+hurt|all\s+of\s+(?:it|this))\s+to\s+(?:stop|end)\b"
        r"(?!\s+for\s+(?:a|one)\b)|"
        r"\btired\s+of\s+(?:being\s+(?:here|alive)|existing)\b|\bwaiting\s+(?:for\s+the\s+end|to\s+die)\b|"
        r"\bI\s+(?:won'?t|don'?t\s+plan\s+on|don'?t\s+intend\s+to|'m\s+not)\s+(?:be\s+)?stick(?:ing)?\s+around\b|"
        r"\b(?:only|one)\s+way\s+(?:out|this\s+ends\s+for\s+me|to\s+make\s+(?:it|the\s+pain)\s+stop)\b(?!\s+is\s+through)|"
        r"\b(?:don'?t|do\s+not|can'?t)\s+trust\s+myself\s+(?:tonight|right\s+now|anymore|any\s+more|alone|around)\b|"
        r"\bnot\s+safe\s+(?:from|with|around)\s+myself\b|\b(?:off|end)\s+myself\b|"
        r"\b(?:don'?t|do\s+not)\s+(?:wanna|want\s+to)\s+(?:b|be)\s+(?:here|alive)\s+(?:anymore|any\s+more|no\s+more)\b|"
        r"\bdon'?t\s+(?:wanna|want\s+to)\s+wake\s+up\b|\bwhat'?s\s+the\s+point\s+(?:of|in)\s+me\s+being\s+here\b|"
        r"\b(?:thoughts?|thinking|think)\s+(?:of|about)\s+(?:dying|death|not\s+being\s+here|ending\s+it)\b(?!\s+(?:of|in)\b)",
        unless_before=r"\b(?:if\s+(?:you|anyone|someone)|your|their)\b[^.!?]{0,30}$",
    ),
    # --- plans and means ---------------------------------------------------
    _Rule(
        SUICIDE,
        "Pills: saving, counting, lined up, how many it would take, taking them all.",
        r"\b(?:sav\w*\s+up|collect\w*|hoard\w*|stockpil\w*|count\w*|lined\s+up|stash\w*|enough)\b(?:\s+[\w']+){0,3}?\s+"
        + _DRUGS
        + r"\b|"
        + _DRUGS
        + r"\s+(?:\w+\s+){0,3}?(?:lined\s+up|ready|saved\s+up|guardadas)\b|"
        r"\b(?:how\s+(?:many|much)\s+(?:of\s+)?(?:his\s+|her\s+|my\s+|the\s+)?"
        + _DRUGS
        + r"|how\s+much\s+"
        + _DRUGS
        + r"\s+is\s+too\s+much)\b|"
        + _DRUGS
        + r"\b[^.!?]{0,30}\b(?:it\s+would\s+take|too\s+much|is\s+lethal|to\s+(?:die|kill\s+me))\b|"
        r"\b(?:took|take|taking|swallowed|going\s+to\s+take)\s+(?:a\s+(?:whole\s+)?bottle\s+of\s+\w+|everything\s+in\s+the\s+"
        r"(?:medicine\s+)?(?:cabinet|cupboard)|all\s+(?:of\s+)?(?:my|the|his|her)\s+(?:\w+\s+)?"
        + _DRUGS
        + r")\b",
        unless_before=r"\b(?:if\s+(?:you|anyone)|don'?t\s+forget|remember\s+to)\b[^.!?]{0,30}$",
    ),
    _Rule(
        SUICIDE,
        "Means: rope and noose, bridges and roofs, train tracks, the car in the garage or into traffic, "
        "blades ready, ways to die, guns and knives 'I keep thinking about'.",
        r"\bnoose\b|\b(?:bought|buy|got)\s+(?:a\s+)?rope\b(?![^.!?]{0,30}\b(?:swing|climb|wash|tow))|"
        r"\b(?:tallest|highest)\s+(?:bridge|building|car\s+park|multi-?storey|cliff)\b|"
        r"\b(?:stood|stand|standing|went|walked|sat|sitting)\s+(?:on|up\s+to|at|to)\s+(?:the\s+)?(?:edge|roof|ledge|top|railing)\s+"
        r"(?:of\s+)?(?:the\s+|a\s+)?(?:bridge|roof|building|car\s+park|cliff|multi-?storey|balcony)\b|"
        r"\b(?:train\s+tracks|railway\s+(?:line|tracks)|in\s+front\s+of\s+(?:a|the)\s+(?:train|bus|lorry|truck))\b|"
        r"\bgarage\s+with\s+the\s+(?:car|engine)\s+running\b|"
        r"\b(?:swerv\w*|driv(?:e|ing)|drove|crash\w*|steer\w*)\s+(?:the\s+car\s+|my\s+car\s+)?(?:into|off)\s+(?:oncoming\s+traffic|"
        r"a\s+(?:tree|wall|lorry|truck|bridge)|the\s+(?:river|sea|barrier|bridge|cliff))\b|"
        r"\b(?:razor|razors|razor\s+blades?|blades?|rope|noose)\s+(?:were\s+|was\s+)?ready\b|"
        r"\b(?:painless|quick|quickest|easiest|best)\s+ways?\s+to\s+(?:die|go|end\s+it|do\s+it|kill\s+myself)\b|"
        r"\b(?:gun|guns|rifle|pistol|knives|razor|blades?|rope|bridge)\b[^.!?]{0,60}[.!?]?\s*(?:and\s+)?I\s+keep\s+"
        r"(?:thinking\s+about\s+(?:it|using)|looking\s+at\s+(?:it|them))\b|"
        r"\b(?:looking|look|looked|staring)\s+at\s+the\s+(?:knives|pills|gun|rope|bridge)\s+and\s+thinking\b|"
        r"\bpicked\s+the\s+(?:spot|place|bridge|day|date)\s+(?:by|already|for\b(?!\s+(?:the|my|our|a|his|her)\b)|near|out)\b",
        unless_before=r"\b(?:if\s+(?:you|anyone)|safety\s+plan)\b[^.!?]{0,30}$",
    ),
    # --- goodbyes ----------------------------------------------------------
    _Rule(
        SUICIDE,
        "Goodbye messages and putting affairs in order: goodbye/suicide letters, letters to the kids, "
        "giving things away, 'this is my last post', 'by the time anyone reads this', 'after I'm gone'. "
        "Guards: a last post *in* a space, saying goodbye to a house or a marriage.",
        r"\b(?:goodbye|farewell|suicide)\s+(?:letters?|notes?|messages?|texts?)\b|"
        r"\b(?:wrote|writing|written|left|leave|leaving)\s+(?:a\s+)?(?:letters?|notes?)\s+(?:to|for)\s+(?:the\s+kids|everyone|"
        r"my\s+(?:kids|children|son|daughter|mum|mom|parents|family|boys|girls))\b|"
        r"\b(?:give|giving|gave|given)\s+(?:away\s+)?(?:my|all\s+my)\s+(?:things|stuff|belongings|possessions)\b"
        r"(?=\s+away\b|[^.!?]{0,25}\b(?:to|friends|away)\b)|"
        r"\b(?:give|giving|gave)\s+away\s+(?:my|all\s+my|all\s+of\s+my)\s+(?:things|stuff|belongings|possessions)\b|"
        r"\b(?:this\s+is|this\s+will\s+be|this\s+is\s+going\s+to\s+be)\s+(?:my\s+)?(?:goodbye|(?:my\s+)?(?:last|final)\s+"
        r"(?:post|message|note))\b(?!\s+(?:in|on|to\s+the|for\s+(?:a|now|the)|before|as\b|under|from\s+the|of\s+the))|"
        r"\b(?:wanted\s+to\s+|want\s+to\s+|just\s+)?say(?:ing)?\s+goodbye\s+to\s+(?:everyone|you\s+all|all\s+of\s+you|you\s+guys|"
        r"the\s+kids|my\s+kids)\b(?!\s+(?:for\s+(?:now|the|a)|before\s+(?:the|my)|at\b))|"
        r"\b(?:said|say)\s+my\s+goodbyes\b(?!\s+to\s+(?:the|my|our)\s+(?:old\s+)?(?:house|home|flat|job|office|school|team|town|city|street))|\bgoodbye\s+(?:everyone|all|friends)\b|\bthis\s+is\s+goodbye\b|"
        r"\b(?:won'?t|will\s+not)\s+be\s+(?:posting|writing|here)\s+(?:again|anymore|any\s+more)\b|"
        r"\bif\s+I\s+don'?t\s+(?:post|write|come\s+back)\s+again\b|"
        r"\bby\s+the\s+time\s+(?:anyone|you|someone|they)\s+reads?\s+this\b|"
        r"\btell\s+(?:my|the)\s+(?:kids|children|son|daughter|family|mum|mom|boys|girls)\s+(?:that\s+)?I\s+love[ds]?\b|"
        r"\bsorry\s+I\s+(?:wasn'?t|couldn'?t\s+be)\s+stronger\b|"
        r"\b(?:after|when|once)\s+I'?m\s+(?:gone|dead|not\s+here)\b(?!\s+(?:for|on|to|at|with|in)\b)|"
        r"\bso\s+(?:nobody|no\s?one|no-one)\s+has\s+to\s+(?:deal\s+with|sort|clean|find)\b|"
        r"\b(?:sounded|sounds|read|reads)\s+like\s+a\s+(?:goodbye|suicide\s+note)\b|"
        r"\b(?:texted|sent|messaged)\s+(?:me\s+)?(?:a\s+)?(?:goodbye|(?:a\s+)?(?:picture|photo)\s+of\s+(?:pills|tablets|a\s+gun|"
        r"his\s+gun|her\s+pills|a\s+rope|the\s+bridge))\b",
        unless_before=r"\b(?:if\s+(?:you|anyone)|signs?|warning)\b[^.!?]{0,40}$",
    ),
    _Rule(
        SUICIDE,
        "Someone else about to jump; a partner threatening to end their life.",
        r"\b(?:said|says|saying|threaten\w*|keeps\s+saying)\s+(?:that\s+)?(?:he|she)\s*(?:'ll|will|'s\s+going\s+to|is\s+going\s+to|"
        r"would|'d)\s+jump\b|\b(?:talking|talks|talked|texting)\s+about\s+(?:ending|taking)\s+(?:his|her|their)\s+(?:own\s+)?life\b",
    ),
    # --- self-harm ---------------------------------------------------------
    _Rule(
        SELF_HARM,
        "Self-harm described: scratching or hitting oneself until it bleeds, punching walls, fresh cuts, "
        "the blade kept near, relapsing.",
        r"\b(?:scratch\w*|pick\w*|bang\w*|hitt?\w*|punch\w*)\s+(?:my\s+(?:arms?|skin|legs?|head|face)|myself|walls?)\b"
        r"[^.!?]{0,40}\b(?:until|till|til)\s+(?:they|it|I|my\s+\w+)\s+(?:bleed|bled|stopped|bruised|broke|stop)\b|"
        r"\bhit\s+my\s+head\s+(?:against|on)\s+the\s+wall\b|\bpunch(?:ing|ed)?\s+walls\b|"
        r"\b(?:fresh|new)\s+cuts\b|\bcuts\s+on\s+my\s+(?:arms?|legs?|thighs?|wrists?|stomach)\b|\bmy\s+wrists\s+are\s+a\s+mess\b|"
        r"\b(?:the|a|my)\s+(?:blade|razor)\s+(?:in|under)\s+my\s+(?:bedside|drawer|bag|pillow|room)\b|"
        r"\brelaps\w*\s+(?:on|into|with)\s+(?:self[- ]?harm\w*|cutting)\b|\b(?:want|need|urge)\s+to\s+hurt\s+myself\b",
        unless_before=r"\b(?:used\s+to|years\s+ago|as\s+a\s+(?:teen|teenager|kid)|if\s+you)\b[^.!?]{0,40}$",
    ),
    # --- violence: strangling, injuries, restraint ------------------------
    _Rule(
        VIOLENCE,
        "Strangling and the neck: hands round the neck, squeezed the throat, by the throat, until I passed out.",
        r"\b(?:hands?|arms?|fingers)\s+(?:round|around|on)\s+(?:my|his|her|our\s+\w+'?s)\s+(?:neck|throat)\b|"
        r"\bsqueez\w*\s+(?:my|his|her)\s+(?:neck|throat)\b|\bby\s+the\s+(?:throat|neck)\b|"
        r"\buntil\s+I\s+(?:nearly\s+|almost\s+)?(?:saw\s+(?:spots|stars)|passed\s+out|blacked\s+out|couldn'?t\s+breathe)\b|"
        r"(?<!\bcould\s)(?<!\bI'd\s)(?<!\bI'll\s)(?<!\bgonna\s)\b(?:strangl\w*|strangeled|stangled|choaked|chocked)\s+(?:me|her|him|us)\b|"
        r"\b(?:pillow|hand|hands)\s+over\s+my\s+(?:face|mouth)\b|\bsat\s+on\s+my\s+chest\b|\bby\s+(?:my|the)\s+hair\b|"
        r"\btwist(?:ed|ing|s)\s+my\s+arm\b|\b(?:threw|throws|dragged|drags|flung)\s+me\s+(?:across|down|out|by|into|onto|"
        r"through|against|to)\b|\b(?:hitt|beet|punshed|slaped|kickd)\s+me\b",
    ),
    _Rule(
        VIOLENCE,
        "Injuries a partner caused: broke my arm, bruises on my arms from where he..., cut my cheek.",
        _SUBJ
        + r"\s+(?:\w+\s+)?(?:broke|cracked|fractured|bruised|split|cut)\s+my\s+(?:arm|nose|rib|ribs|jaw|wrist|finger|"
        r"lip|cheek|cheekbone|tooth|teeth|eye|head)\b|"
        r"\bbruises\s+on\s+my\s+(?:arms?|neck|face|legs?|back|wrists?|throat)\b(?![^.!?]{0,20}\b(?:gym|fell|fall|training|climbing))|"
        r"\b(?:hit|hurt)\s+me\s+(?:again|badly|so\s+hard)\b|\b(?:had\s+to\s+go\s+to\s+A&E|went\s+to\s+A&E)\b[^.!?]{0,30}\b(?:he|she)\b",
    ),
    # --- a partner's threats ----------------------------------------------
    _Rule(
        VIOLENCE,
        "Threats in other words: nobody would find my body, make it look like an accident, if he can't have me "
        "nobody will, put me in the ground, with me in it, kill me and then himself, threatened to poison me.",
        r"\b(?:find|found)\s+(?:my|your|her|the)\s+body\b|\blook\s+like\s+an\s+accident\b|"
        r"\bif\s+(?:he|she|I)\s+can'?t\s+have\s+(?:me|her|him|you)\s*,?\s+(?:nobody|no\s?one|no-one)\s+(?:will|can)\b|"
        r"\bput\s+me\s+in\s+the\s+ground\b|\bbury\s+me\b|\bwith\s+me\s+(?:and\s+the\s+kids\s+)?in\s+it\b|"
        r"\b(?:kill|murder|shoot|stab|poison)\s+(?:me|you|us)\s+(?:and|then)\s+(?:then\s+)?(?:himself|herself|the\s+kids)\b|"
        r"\b(?:threaten\w*|said|says|swore|promised|screamed|told\s+me|texted|whispered)\s+(?:that\s+)?(?:he|she|he'?d|she'?d|"
        r"he'?ll|she'?ll|he\s+would|she\s+would|he\s+will|she\s+will|to)\s+(?:\w+\s+)?(?:kill|poison|stab|shoot|strangle|"
        r"murder|bury|hurt|harm)\s+(?:me|us|you|"
        + _KIDS
        + r"|my\s+(?:sister|mum|mom|family|dog|cat)|the\s+(?:dog|cat))\b|"
        r"\b(?:picture|photo)\s+of\s+(?:his|her|a)\s+(?:gun|knife|rifle)\b|\bnever\s+see\s+daylight\s+again\b|"
        r"\b(?:waved|pointed|brandished|sharpening|sharpened)\s+(?:the|his|her|a)\s+(?:\w+\s+)?(?:gun|knife|rifle|shotgun)\b",
        unless_after=_KILL_IDIOM_AFTER,
    ),
    _Rule(
        VIOLENCE,
        "Threats that need a partner just before: watch my back, I'll pay for this / regret it.",
        r"\b(?:watch\s+(?:my|your)\s+back|(?:I|you)\s*'?ll\s+(?:pay\s+for\s+(?:this|it)|regret\s+it)|"
        r"(?:I|you)\s+will\s+(?:pay\s+for\s+(?:this|it)|regret\s+it))\b",
        requires_before=_PARTNER_BEFORE,
    ),
    # --- locked in ---------------------------------------------------------
    _Rule(
        VIOLENCE,
        "Being locked in or kept from leaving: locked me in, won't let me leave the house, not allowed out, "
        "took my phone and keys, blocked the door, shut me in.",
        r"\block(?:s|ed|ing)?\s+(?:me|us|the\s+kids|the\s+children|my\s+(?:son|daughter|kids))\s+(?:and\s+(?:the|my)\s+\w+\s+)?"
        r"(?:in|inside|into|up)\b(?!\s+(?:a|the)\s+(?:battle|fight|argument|deal|rate|contract))|"
        r"\block(?:s|ed)?\s+me\s+out\s+(?:in\s+the\s+(?:cold|rain|garden|snow|street)|of\s+the\s+(?:house|flat|home))\b|"
        r"\b(?:won'?t|doesn'?t|does\s+not|will\s+not|didn'?t|wouldn'?t)\s+let\s+me\s+(?:leave\s+(?:the\s+)?(?:house|flat|room|home)|"
        r"go\s+out|out\b|go\s+anywhere|see\s+(?:my\s+)?(?:friends|family)|leave\b(?!\s+(?:the\s+marriage|him|her|without)))|"
        r"\b(?:not|never)\s+(?:allowed|let)\s+(?:to\s+)?(?:go\s+)?out\b(?!\s+of\s+(?:the\s+)?(?:marriage|contract))|"
        r"\bhaven'?t\s+been\s+allowed\s+(?:to\s+leave|out)\b|"
        r"\b(?:trapped|locked)\s+(?:in|inside)\s+(?:the|this|my|our)\s+(?:house|flat|home|room|bedroom|apartment|basement)\b|"
        r"\b(?:blocked|blocks|blocking)\s+the\s+(?:door|doorway)\b|\bshut\s+(?:me|us|the\s+kids)\s+in\b|"
        r"\b(?:takes?|took|hides?|hid|hidden|keeps?)\s+(?:away\s+)?my\s+(?:phone|passport|keys|car\s+keys|bank\s+card|documents)\b"
        r"(?=[^.!?]{0,40}\b(?:can'?t|couldn'?t|won'?t|so\s+I|leave|out|and\s+my)\b)",
    ),
    # --- children at risk ---------------------------------------------------
    _Rule(
        CHILD,
        "A child harmed or in danger: shaking the baby, a child's own words about a parent hitting them, "
        "bruises after a visit, left alone, drunk driving with the kids, touching a child, scared to go to a parent.",
        r"\b(?:shook|shaking|shakes|shake)\s+the\s+baby\b|"
        r"\b(?:son|daughter|kids?|children|little\s+one|boy|girl|toddler|teenager)\s+(?:told\s+me|said|says|tells\s+me)\s+"
        r"(?:that\s+)?(?:her|his|their)?\s*(?:dad|daddy|father|mum|mummy|mom|mommy|mother|stepdad|step-dad|stepmum)\s+"
        r"(?:\w+\s+)?(?:hit|hits|hurt|hurts|squeezed|kicked|slapped|punched|touch\w*|beat|beats|chok\w*|smacked|grabbed)\b|"
        r"\b(?:came|comes|come)\s+(?:home|back)\s+(?:from\s+[\w']+(?:\s+[\w']+)?\s+)?with\s+(?:bruises|a\s+black\s+eye|marks|burns?)\b|"
        r"\b(?:left|leaves|leaving|leave)\s+(?:the|our|my)\s+(?:kids|baby|children|toddler)\s+alone\b(?!\s+for\s+(?:a\s+)?(?:minute|second|moment))|"
        r"\bdri(?:ves|ving|ve|ven|ove)\s+drunk\b|\bdrunk\s+with\s+the\s+kids\b|"
        r"\btouch(?:ing|ed|es)\s+(?:our|my|the)\s+(?:daughter|son|kids|children|little\s+girl|little\s+boy)\b|"
        r"\b(?:kids|children|son|daughter)\s+(?:are|is)\s+(?:scared|afraid|terrified)\s+(?:of|to\s+go\s+to)\s+(?:their|his|her)\s+"
        r"(?:dad|father|mum|mom|mother)\b|"
        r"\b(?:without|no)\s+food\s+as\s+(?:a\s+)?punishment\b|"
        + _SUBJ
        + r"\s+(?:\w+\s+)?(?:hit|hits|punched|slapped|kicked|beat|beats|threw|throws|shook|shoves|shoved|grabbed|smacked)\s+"
        + _KIDS
        + r"\b(?!\s+(?:up|a\s+ball|the\s+ball))",
    ),
    # --- misspellings ------------------------------------------------------
    _Rule(
        SUICIDE,
        "Common misspellings: 'want to dye', 'kil myself', 'sucidal', 'suicidle', 'd!e'.",
        r"\bwant\s+to\s+dye\b(?!\s+(?:my|her|his|the|it|our))|\bwanna\s+dye\b(?!\s+(?:my|her|his|the|it))|"
        r"\bki+l\s*(?:my|him|her)\s?sel[fv]\b|\bkill\s+my\s+self\b|"
        r"\b(?:sucid\w*|suicd\w*|suicidle|suiside\w*|suacide\w*|suiced\w*|sucide\w*|suicde\w*|suisid\w*)\b|"
        r"\bwant\s+to\s+d[!1]e\b|\bwish\s+I\s+(?:wasnt|wasn'?t|was\s+not|werent)\s+alive\b",
    ),
    # --- Spanish -------------------------------------------------------------
    _Rule(
        SUICIDE,
        "Spanish: quiero morir(me), matarme, suicidarme, quitarme la vida, no quiero vivir, mejor sin mí, me corto.",
        r"\b(?:quiero|quisiera)\s+(?:morir(?:me)?|matarme|desaparecer(?:\s+para\s+siempre)?|suicidarme)\b|"
        r"\bme\s+quiero\s+(?:morir|matar)\b|\bsuicid(?:arme|arse|io)\b|\bquitarme\s+la\s+vida\b|"
        r"\bno\s+quiero\s+(?:vivir|seguir\s+viviendo|estar\s+aqu[ií])\b|\bsentido\s+(?:a\s+)?seguir\s+viviendo\b|"
        r"\bmejor(?:es)?\s+sin\s+m[ií]\b|\bme\s+estoy\s+cortando\b|\bcortarme\b|"
        r"\bpastillas\b[^.!?]{0,40}\b(?:cu[aá]ntas|guardadas|todas)\b|\bdesaparecer\s+para\s+siempre\b",
    ),
    _Rule(
        VIOLENCE,
        "Spanish: me pega / golpeó / amenazó / encerró / intentó ahorcar, va a matarme, daño a los niños.",
        r"\bme\s+(?:pega|peg[oó](?!\s+(?:un|una)\s+(?:susto|grito|sustazo|alegr[ií]a))|golpe[aó]|golpea|amenaz[oó]|amenaza|encerr[oó]|encierra|ahorc[oó]|estrangul[oó]|"
        r"intent[oó]\s+(?:ahorcar|estrangular|matar)|va\s+a\s+matar|quiere\s+matar)\b|"
        r"\b(?:amenaz\w+\s+con\s+)?matarme\b|\bintent[oó]\s+ahorcarme\b|\bme\s+golpe[oó]\b|"
        r"\bda[nñ]o\s+a\s+los\s+ni[nñ]os\b|\bme\s+quit[oó]\s+el\s+tel[eé]fono\b|\bme\s+golpe\w*\b|\bme\s+golpe[oó]\b",
    ),
    # --- French --------------------------------------------------------------
    _Rule(
        SUICIDE,
        "French: je veux mourir, me suicider, mettre fin à mes jours, plus envie de vivre, mieux sans moi, "
        "en finir, scarifiée.",
        r"\bje\s+veux\s+mourir\b|\bme\s+suicider\b|\bmettre\s+fin\s+[aà]\s+(?:mes|ses)\s+jours\b|"
        r"\b(?:plus|pas)\s+envie\s+de\s+vivre\b|\bmieux\s+sans\s+moi\b|\ben\s+finir\s+avec\s+(?:la\s+vie|tout)\b|"
        r"\bje\s+ne\s+veux\s+plus\s+(?:vivre|[eê]tre\s+l[aà])\b|\bscarifi\w*|\bdispara[iî]tre\s+pour\s+toujours\b|"
        r"\bm[ée]dicaments\b[^.!?]{0,40}\bcombien\b",
    ),
    _Rule(
        VIOLENCE,
        "French: il m'a frappée / giflé / poussé / menacée / enfermée / étranglée, me tuer, du mal aux enfants.",
        r"\b(?:m'a|me)\s+(?:frapp\w*|bat\b|battue?|gifl\w*|pouss\w*|menac\w*|enferm\w*|[ée]trangl\w*|cogn\w*)|"
        r"\bm'[ée]trangler\b|\bme\s+tuer\b|\bdu\s+mal\s+aux\s+enfants\b|\bil\s+me\s+bat\b",
    ),
)

# Sentence guards: a suicide or self-harm hit in a sentence that denies it,
# gives advice to others, or is marked as sarcasm is cancelled.
DENIAL = re.compile(
    r"\b(?:I'?m|I\s+am)\s+not\s+(?:suicidal|going\s+to\s+(?:hurt|kill|harm)\s+myself|in\s+danger|at\s+risk|going\s+to\s+do\s+"
    r"anything)|\bno\s+plans?\s+to\s+(?:harm|hurt|kill)\s+myself\b|\bnot\s+thinking\s+of\s+(?:ending|hurting|killing)\b|"
    r"\bI'?m\s+sad\s+but\s+safe\b|\bI\s+don'?t\s+want\s+to\s+die\b|\bno\s+thoughts\s+of\s+(?:hurting|harming|killing|ending)\b|"
    r"\bnot\s+having\s+(?:any\s+)?(?:suicidal\s+thoughts|thoughts\s+of)\b|\bI'?m\s+not\s+self[- ]?harming\b",
    re.IGNORECASE,
)
ADVICE = re.compile(
    r"^\W*(?:if\s+(?:you|anyone|someone|a\s+friend|your|they)\b(?!\s+(?:\w+\s+)?(?:ever\s+)?(?:reads?|finds?)\s+(?:this|about))|signs?\s+(?:that\s+)?(?:someone|a\s+person|of)\b|"
    r"ask\s+(?:them|your|someone)\b|please,?\s+if\s+(?:you|anyone)\b|(?:our|my|a|the)\s+(?:counsell?or|therapist|gp|doctor|article)"
    r"\s+(?:says|said|told)\b)|\b(?:suicide|crisis)\s+(?:&|and)\s+crisis\s+lifeline\b|\bsuicide\s+prevention\b|"
    r"\bsafety\s+plan\b|/s\W*$|^\W*(?:domestic|physical)\s+(?:abuse|violence)\s+(?:is|isn'?t|can|includes|means|doesn'?t)\b|"
    r"\byou(?:'ll|'d|\s+will|\s+would)?\s+(?:be\s+)?(?:so\s+|much\s+|all\s+)?better\s+off\s+without\s+me\b|"
    r"^\W*warning\s+signs?\b|\barticle\b[^.!?]{0,30}\bsays\b|\b(?:counsell?or|therapist|gp|doctor)\s+explained\b|"
    r"\bsuicide\s+(?:risk|rates?|statistics)\b",
    re.IGNORECASE,
)

# Guards for suicide and self-harm hits only (never for violence: "the police asked if he
# hit me" must stay flagged): a question someone asked or a routine screening question, and
# a crisis told as past and over ("years ago ... I got help, I'm glad I'm here"), unless
# the window also says it is happening again or now.
QUESTION = re.compile(
    r"\basked\s+(?:me\s+)?(?:if|whether)\b|\bquestions?\s+about\s+(?:self[- ]?harm|suicide|hurting)\b|"
    r"\bare\s+you\s+(?:thinking|having\s+thoughts)\s+(?:about|of)\b|\bI\s+(?:would|will|'d|'ll)\s+never\s+"
    r"(?:hurt|harm|kill)\s+myself\b",
    re.IGNORECASE,
)
PAST_AND_OVER = re.compile(
    r"\b(?:got\s+(?:help|treatment|through\s+it)|had\s+treatment|I'?m\s+glad\s+I'?m\s+(?:still\s+)?here|"
    r"(?:he|she|I)(?:'s|'m|\s+is|\s+am)\s+(?:well|doing\s+(?:much\s+)?better|safe|fine|okay|ok)\s+now|"
    r"(?:years|months)\s+ago|as\s+a\s+teen(?:ager)?|when\s+I\s+was\s+(?:young|a\s+teen\w*|at\s+school|a\s+kid)|"
    r"in\s+my\s+(?:teens|twenties)|(?:years|months)\s+(?:clean|free|on\s+from)|it\s+pass(?:ed|es)|"
    r"(?:a|one|last)\s+(?:year|winter|summer|spring|autumn)\s+ago|I'?m\s+doing\s+(?:well|great|brilliantly)|"
    r"(?:is|are|'s)\s+now\s+(?:the\s+)?(?:happiest|happy|doing\s+(?:well|great|brilliantly)|fine|thriving))\b",
    re.IGNORECASE,
)
# Violence told as over ("After he strangled me in 2016 I left with the kids, we've been safe ever
# since"): cancels a violence hit only when its sentence or the next says so, and not "again/now".
VIOLENCE_OVER = re.compile(
    r"\b(?:(?:we'?ve|I'?ve|we|I)\s+(?:been|are|am|'re|'m)\s+(?:safe|settled)\s+(?:ever\s+since|now)|I\s+got\s+out\b|"
    r"safe\s+ever\s+since|I\s+survived\s+a\s+violent)",
    re.IGNORECASE,
)
# A goodbye that is about the marriage ("a goodbye letter to the marriage", "to close this chapter").
MARRIAGE_GOODBYE = re.compile(
    r"\b(?:to|for)\s+(?:the|my|our)\s+marriage\b|\bclose\s+(?:this|the)\s+chapter\b|\bexplaining\s+the\s+(?:separation|divorce)\b|"
    r"\bnot\s+to\s+send\b|\bthe\s+in-laws\b",
    re.IGNORECASE,
)
STILL_NOW = re.compile(
    r"\b(?:again|relaps\w*|tonight|right\s+now|still|anymore|any\s+more|these\s+days)\b",
    re.IGNORECASE,
)
