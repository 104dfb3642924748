"""Crisis screen, round 5 (issue 10, session 4): legal talk, a wider "past and resolved" step, and
rules for the kinds blind set 2 showed weakest (goodbyes, Spanish and French, children at risk,
misspellings).

Written from the training split of the corpus only (``bench/screens_corpus.py``; the round-5 lines
are in ``moderation/corpus/*_round5.tsv``).

* ``procedural_only(sentence)``: a hit on abuse named by its legal term ("protection order",
  "domestic violence") whose sentence is about the procedure -- a court, a form, an allegation, an
  order granted, expired or varied -- and says nothing of present danger. Blind set 2 flagged 7 of 28
  legal look-alikes through these terms alone; no crisis line of the corpus needs them.
* ``RESOLVED_MORE`` / ``PAST_MORE``: more ways a crisis is told as past and over, especially
  someone else's ("My brother tried to take his own life when he was twenty. He's forty now,
  married with three kids"), added to the round-4 scope step (``crisis_round4.out_of_scope``).
"""

from __future__ import annotations

import re

from moderation.detect.crisis_more import CHILD
from moderation.detect.crisis_rules import SELF_HARM, SUICIDE, VIOLENCE, _Rule

_I = re.IGNORECASE

# The sentence is about a legal procedure ...
LEGAL_PROCEDURE = re.compile(
    r"\b(?:court|courts|judge|judgment|hearing|proceedings|allegations?|cafcass|safeguarding\s+check|"
    r"form|forms|paperwork|evidence|exemption|miam|legal\s+aid|petition|module|studying|law|"
    r"solicitor|lawyer|barrister|attorney|avocat\w*|abogad\w*|mediator|formality|on\s+record|"
    r"granted|expired|discharged?|varied|lifted|extended|renewed|helpline|hotline|refuge|charity|"
    r"volunteer\w*|leaflet|statistics|awareness|training|article|podcast|documentary)\b",
    _I,
)
# ... unless it also says the member (or a child) is in danger now.
PRESENT_DANGER = re.compile(
    r"\b(?:scared|afraid|terrified|frightened|threaten\w*|hurt\w*|hits?|hitting|beat\w*|"
    r"tonight|right\s+now|still\s+(?:hits|hurts|threatens|comes)|turned\s+up|outside\s+(?:my|the)\s+"
    r"(?:house|door|flat)|breach\w*|keeps?\s+(?:coming|texting|calling|following))\b",
    _I,
)


def procedural_only(sentence: str) -> bool:
    """True when ``sentence`` names abuse as a legal matter only: it talks about a procedure
    (``LEGAL_PROCEDURE``) and not about present danger (``PRESENT_DANGER``)."""
    return bool(LEGAL_PROCEDURE.search(sentence)) and not PRESENT_DANGER.search(sentence)


# Told in the past: a life stage or a time gone ("when he was twenty", "in her teens", "at sixteen",
# "two winters ago", "hace años", "quand j'étais petite") ...
PAST_MORE = re.compile(
    r"\bwhen\s+(?:I|he|she|they|we)\s+(?:was|were)\s+(?:\w+\s+){0,2}?(?:kid|child|teen\w*|young|little|"
    r"small|at\s+(?:school|uni)|\w+teen|twenty|thirty|forty|fifty|\d+)\b|"
    r"\bin\s+(?:my|his|her|their|our)\s+(?:teens|twenties|thirties|forties|fifties|first\s+marriage|last\s+marriage)\b|"
    r"\b(?:all\s+)?through\s+(?:my|his|her)\s+(?:teens|twenties|thirties|first\s+marriage)\b|"
    r"\bat\s+(?:\w+teen|sixteen|twenty|\d\d)\b|\b(?:two|three|four|five|six|ten|\w+)\s+(?:winters|summers|christmases)\s+ago\b|"
    r"\bin\s+the\s+(?:sixties|seventies|eighties|nineties|\d0s)\b|\bonce,?\s+a\s+long\s+time\b|\bafter\s+(?:my|his|her|our)\s+(?:[\w']+\s+)?"
    r"(?:suicide\s+attempt|attempt|overdose|breakdown)\b|\bhace\s+(?:\w+\s+)?(?:años|meses)\b|\bquand\s+j'?[ée]tais\b|"
    r"\bil\s+y\s+a\s+(?:\w+\s+)?(?:ans|mois)\b|\b(?:the\s+night|the\s+day)\s+(?:he|she)\b[^.!?]{0,60}\bwas\s+the\s+(?:night|day)\s+I\s+left\b",
    _I,
)
# ... and over, with life going on since ("he's forty now, married", "she's a midwife now", "I
# haven't done it in twelve years", "that was the turning point", "hoy es feliz").
RESOLVED_MORE = re.compile(
    r"\b(?:he|she|they|I|we)(?:'s|'re|'m|\s+is|\s+are|\s+am)\s+(?:a|an|now\s+a|now\s+an)\s+[\w-]+(?:\s+[\w-]+)?\s+now\b|"
    r"\b(?:he|she|they)(?:'s|'re|\s+is|\s+are)\s+(?:\w+\s+){0,2}now,?\s+(?:married|remarried|engaged|with|and|happy|living|doing|"
    r"working|studying|running|training)\b|"
    r"\b(?:haven'?t|hasn'?t|never)\s+(?:\w+\s+){0,3}(?:since|in\s+(?:\w+\s+){0,2}(?:years|months))\b|"
    r"\bturning\s+point\b|\bturned\s+(?:my|his|her|our|their)\s+li(?:fe|ves)\s+around\b|\bchanged\s+(?:that|everything|it)\b|"
    r"\bstronger\s+than\s+ever\b|\bnever\s+saw\s+(?:him|her|them)\s+again\b|\bwent\s+to\s+(?:prison|jail)\b|\bnew\s+life\b|"
    r"\b\w+\s+years\s+(?:free|clean|sober|on)\b|\bpulled\s+through\b|\brecovered\b|\bfaded\b|\btore\s+it\s+up\b|"
    r"\blaugh\s+(?:together\s+)?every\s+day\b|\bthis\s+year\s+I\b|\bran\s+a\s+(?:half\s+)?marathon\b|"
    r"\b(?:off\s+to|at|finished|doing\s+a)\s+(?:university|uni|college|masters|degree)\b|\bcoach(?:es)?\b|"
    r"\bsleep\s+like\s+a\s+baby\b|\btalked\s+me\s+down\b|\bthe\s+happiest\b|\bthriving\b|\bsurrounded\s+by\b|"
    r"\bhoy\s+(?:es|está)\s+(?:feliz|bien)\b|\b(?:va|está)\s+(?:muy\s+)?bien\b|\baujourd'?hui\s+(?:il|elle)\s+va\s+(?:tr[èe]s\s+)?bien\b|"
    r"\bva\s+(?:tr[èe]s\s+)?bien\s+(?:maintenant|aujourd'?hui)\b|"
    # a present state that is well, with no negation before it ("she's healthy and happy")
    r"\b(?:is|are|'s|'re|am|'m)\s+(?!not\b|never\b|no\s+longer\b)(?:\w+\s+){0,2}?(?:happy|healthy|thriving|"
    r"content|settled|flourishing|sober|clean|in\s+recovery|alive\s+and\s+well|proud)\b|"
    r"\b(?:years|months)\s+later\b|\bwent\s+on\s+to\b|\bis\s+now\s+a\b|\btoday\s+(?:he|she|they|I|we)\b|"
    r"\bhealed\b|\bcame\s+through\b|\bmade\s+it\s+through\b",
    _I,
)


# --- rules, by kind (same shape as crisis_rules._Rule; run with the same guards and scope step) ----
_CHILD_BEFORE = (
    r"\b(?:son|daughter|boy|girl|youngest|eldest|child|kid|kids|children|baby|toddler|little\s+one|"
    r"stepson|stepdaughter|\d+\s*(?:year|yr)s?[\s-]*old)\b[^.!?]{0,60}$"
)
_INJURY_PLACE = (
    r"(?:cheek|face|back|arms?|legs?|neck|bum|bottom|hands?|wrists?|body|chest|ribs|ears?|head|"
    r"shoulders?|thighs?|tummy|stomach)"
)

ROUND5_RULES: tuple[_Rule, ...] = (
    # --- Spanish --------------------------------------------------------------------------------
    _Rule(
        SUICIDE,
        "Spanish: suicide by name, of the member or someone else ('se va a suicidar', "
        "'pienso en el suicidio'), not wanting to live, nobody would miss me, better off without me.",
        r"\bsuicid(?:ar(?:me|se|te|nos)?|io|arse)\b|"
        r"\bno\s+quiero\s+(?:seguir\s+)?vivi(?:r|endo)\b|\b(?:quiero|quisiera)\s+(?:morir(?:me)?|desaparecer|"
        r"dejar\s+de\s+existir)\b|\bnadie\s+me\s+(?:echar[ií]a|va\s+a\s+echar|echa)\s+de\s+menos\b|"
        r"\b(?:estar[ií]an|estar[aá]n|vivir[ií]an|vivir[aá]n)\s+mejor\s+sin\s+m[ií]\b|\bsi\s+me\s+muriera\b|"
        r"\bquitarme\s+de\s+en\s+medio\b|\bacabar\s+con\s+(?:todo|mi\s+vida)\b",
    ),
    _Rule(
        SELF_HARM,
        "Spanish: self-harm ('me corto los brazos', 'hacerme daño').",
        r"\bme\s+(?:corto|cort[ée]|hago\s+cortes|quemo|quem[ée]|lastimo)\b(?!\s+el\s+pelo)|"
        r"\b(?:hacerme|me\s+voy\s+a\s+hacer|me\s+hago|me\s+hice)\s+daño\b",
    ),
    _Rule(
        VIOLENCE,
        "Spanish: a partner's blows ('me empujó contra la pared', 'me dio un puñetazo').",
        r"\bme\s+(?:peg[óa]|pega|golpe[óa]|empuj[óa]|patea|pate[óo]|ahorc[óa]|estrangul[óa]|"
        r"dio\s+(?:un|una)\s+(?:puñetazo|bofetada|patada|golpe|paliza|cachetada)|"
        r"agarr[óa]\s+del?\s+(?:cuello|pelo|brazo))\b",
        unless_after=r"^\s+(?:un|una|el|la)\s+(?:susto|grito|voz|bronca|resfriado|rollo|gripe|catarro)\b",
    ),
    _Rule(
        CHILD,
        "Spanish: children left alone or hit ('dejó a los niños solos', 'le pega a mi hijo').",
        r"\b(?:dej[óa]|deja|dejaba)\s+a\s+(?:los|mis|nuestros)\s+(?:niños|niñas|hijos|hijas|peques)\s+sol[oa]s\b|"
        r"\ble\s+(?:peg[aó]|pega|golpe[aó])\s+a\s+(?:mi|nuestro|nuestra|la|el)\s+(?:hij[oa]|niñ[oa]|beb[eé]|peque)\b",
    ),
    # --- French ---------------------------------------------------------------------------------
    _Rule(
        VIOLENCE,
        "French: being shut in ('il m'enferme dans la chambre').",
        r"\b(?:il|elle)\s+m'?\s?enferme\b",
    ),
    _Rule(
        CHILD,
        "French: children left alone ('il laisse les petits seuls à la maison').",
        r"\b(?:laisse|a\s+laiss[ée]|laissait)\s+(?:les\s+(?:petits|enfants|gosses|filles|gar[çc]ons)|mes\s+enfants|"
        r"nos\s+enfants)\s+seul(?:e|s|es)?\b",
    ),
    # --- children at risk -----------------------------------------------------------------------
    _Rule(
        CHILD,
        "Children: an injury on a child ('my youngest had a handprint on her cheek', 'marks on his "
        "back from his dad's belt'). Guards: a fall, sport, the playground.",
        rf"\b(?:handprints?|hand\s+prints?|finger\s*marks?|marks?|welts?|burns?|bruis\w+|cuts|scratches|"
        rf"bite\s+marks?)\s+(?:on|across|all\s+over|round|around)\s+(?:his|her|their)\s+{_INJURY_PLACE}\b",
        requires_before=_CHILD_BEFORE,
        unless_before=r"\b(?:fell|fall|falling|trampoline|football|rugby|bike|playground|climbing|tripped|"
        r"crashed|skateboard|scooter)\b[^.!?]{0,60}$",
        unless_after=r"^[^.!?]{0,60}\b(?:fell|fall|trampoline|football|rugby|bike|playground|climbing|"
        r"nursery\s+said|eczema|birthmark|chickenpox|sunburn|nettles|face\s+paint|pen)\b",
    ),
    _Rule(
        CHILD,
        "Children: shaken, locked in a room, driven drunk, told to keep secrets by an adult.",
        r"\b(?:shakes?|shook|shaking)\s+(?:him|her|them|the\s+baby|(?:our|my)\s+\w+)\s+(?:till|until|so\s+hard|"
        r"hard)\b|"
        r"\b(?:asked|asking|told|tells|telling)\s+(?:her|him|them|(?:my|our)\s+\w+)\s+to\s+keep\s+(?:it\s+)?"
        r"(?:a\s+)?secrets?\b(?![^.!?]{0,30}\b(?:party|present|surprise|gift)\b)",
        requires_before=_CHILD_BEFORE,
    ),
    _Rule(
        CHILD,
        "Children: driven after drinking ('drives the kids around after a bottle of wine'); an "
        "offender on the register where the children sleep.",
        r"\bdriv\w+\s+(?:the\s+kids|the\s+children|the\s+boys|the\s+girls|(?:our|my)\s+(?:son|daughter|kids|"
        r"children|boys|girls|baby|toddler))\s+(?:\w+\s+){0,2}(?:after|while|when)\s+"
        r"(?:\w+\s+){0,3}(?:drunk|drinking|wine|beers?|pints|vodka|bottle|high|stoned)\b|"
        r"\bsex\s+offenders?'?\s+register\b|"
        r"\bon\s+the\s+register\b(?=[^.!?]{0,80}\b(?:kids|children|son|daughter|boys|girls)\b)",
        unless_before=r"\b(?:electoral|voters?|GP|dentist|doctor'?s|childminder|nursing)\b[^.!?]{0,20}$",
    ),
    _Rule(
        CHILD,
        "Children: locked in their own room, a cupboard or the shed ('her partner locks him in his "
        "room').",
        r"\b(?:locks?|locked|locking)\s+(?:him|her|them|the\s+kids|(?:my|our)\s+\w+)\s+in\s+(?:his|her|their)\s+"
        r"(?:room|bedroom)\b|\b(?:locks?|locked|locking)\s+(?:him|her|them|the\s+kids|(?:my|our)\s+\w+)\s+in\s+"
        r"the\s+(?:cupboard|shed|garden|car|cellar|understairs)\b",
    ),
    # --- indirect (whole corpus's training split) ---------------------------------------------
    _Rule(
        SUICIDE,
        "Indirect: wishing or praying not to wake up, the children better off with a parent who's "
        "dead or someone who isn't me, living on borrowed time; Spanish 'ya tengo decidido cómo'.",
        r"\b(?:wish|pray|hope|hoping|praying|wishing)\s+(?:\w+\s+){0,2}?(?:(?:I\s+)?(?:hadn'?t|didn'?t|wouldn'?t|won'?t|"
        r"don'?t)|not\s+to)\s+(?:wake|woken|waking)(?:\s+up)?\b|"
        r"\bbetter\s+off\s+with\s+(?:a\s+(?:mum|dad|mom|mother|father|parent)\s+who'?s\s+dead|someone\s+who\s+isn'?t\s+me)\b|"
        r"\bliving\s+on\s+borrowed\s+time\b|\b(?:tengo|lo\s+tengo|ya\s+he)\s+decidido\s+c[oó]mo\b",
    ),
    # --- misspellings ---------------------------------------------------------------------------
    _Rule(
        SELF_HARM,
        "Misspellings: 'gunna hurt myslef', 'cnt stop cuttin'.",
        r"\b(?:hurt|harm|cut|kill|kil)\s+(?:myslef|mysefl|myslf|mysel|myseld|meself|maself|mysef|mself)\b|"
        r"\b(?:can'?t|cant|cnt|cannot)\s+stop\s+cutt?in[g']?\b",
    ),
    # --- indirect and plans ---------------------------------------------------------------------
    _Rule(
        SUICIDE,
        "Indirect: others would recover from losing me; plans: the most dangerous or a lethal dose, "
        "buying packets at different shops so nobody asks.",
        r"\b(?:recover|get\s+over|heal|move\s+on)\s+(?:\w+\s+){0,2}from\s+losing\s+me\b|"
        r"\b(?:most\s+dangerous|lethal|deadly|fatal)\s+(?:\w+\s+){0,2}(?:together|combination|dose|amount|"
        r"mix)\b|\b(?:lethal|fatal|deadly)\s+(?:dose|amount|overdose)\b|"
        r"\b(?:boxes|packets|packs)\s+of\s+\w+\s+(?:at|from)\s+(?:different|two|three|several|separate)\s+"
        r"(?:shops|chemists|pharmacies|supermarkets|places)\b",
    ),
)


# --- more parts for the round-4 farewell and plan structures (``crisis_round4``) -----------------
FAREWELL_MORE = {
    "thanks": r"\byou\s+(?:all|lot|guys|people)\s+(?:made|kept|got)\s+(?:the|my|this|me)\b|\bthe\s+last\s+good\s+thing\b",
    "final": r"\b(?:signing|logging)\s+off\s+(?:for\s+good|for\s+the\s+last\s+time|forever)\b|"
    r"\bnobody\s+(?:will\s+have|has|'?ll\s+have)\s+to\s+(?:sort|deal|clear|worry)\b|"
    r"\b(?:have|has)\s+a\s+better\s+life\b|\bnothing\s+left\s+to\s+(?:do|sort)\b|"
    r"\bcouldn'?t\s+stick\s+around\b|\bmade\s+my\s+decision\b(?!\s+(?:about|on|to\s+(?:leave|stay|divorce|file|sell)))|"
    r"\bnever\s+(?:see|hear\s+from)\s+me\s+again\b|\bje\s+ne\s+reviendrai\b|\bya\s+no\s+(?:voy\s+a\s+volver|estar[ée])\b|"
    r"\bma[ñn]ana\s+ya\s+no\b|\bthe\s+last\s+(?:people|person|ones?)\s+I\s+(?:talk|talked|spoke|speak)\b|"
    r"\bso\s+(?:the\s+kids|nobody|no\s?one|they|my\s+\w+)\s+(?:don'?t|won'?t|doesn'?t)\s+have\s+to\s+(?:pay|sort|deal|clear|"
    r"organi[sz]e)\b",
    "affairs": r"\bwant(?:ed)?\s+them\s+to\s+remember\b|\blettres?\s+[àa]\s+(?:chacun|mes\s+enfants)\b|\bcarta\s+a\s+mis\s+hijos\b|\bbooked\s+into\s+the\s+(?:shelter|kennels?|cattery)\b|"
    r"\bthe\s+letters\s+are\s+(?:posted|written|sent|sealed|done)\b|\bmy\s+ashes\b",
    "alone": r"\bwon'?t\s+be\s+(?:hurting|suffering|around|here|a\s+burden)\s+(?:for\s+)?(?:much\s+longer|any\s+longer|"
    r"for\s+much\s+longer)\b|\bwhere\s+my\s+story\s+(?:stops|ends)\b",
}
PLAN_MORE = {
    "when": r"\bhow\s+much\s+longer\b|\bso\s+they\s+wouldn'?t\s+ask\b|\b(?:different|separate|several)\s+(?:shops|chemists|pharmacies)\b",
}
