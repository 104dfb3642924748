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
    r"\bva\s+(?:tr[èe]s\s+)?bien\s+(?:maintenant|aujourd'?hui)\b",
    _I,
)
