"""Personal data the first rule set missed (issue 10, round 3): addresses outside the US and UK,
national phone formats next to a cue word, phone numbers in words, spelled-out e-mail
addresses, licence plates, social handles, a child's school, a workplace with its town,
full names introduced without "my husband/wife", ID and account numbers.

Written from the *training* split of the corpus only (bench/screens_corpus.py). Each finder
takes the prepared text (moderation.detect.text._prepare) and yields ``(start, end, category,
reason)``; ``find_more`` runs them all. Every pattern is linear in the length of the text:
gaps are bounded, and the plate and handle finders look only at a bounded window around a
cue word (tests/moderation/test_detect_linear.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detect.personal import (
    _MAIL_PROVIDERS,
    _NAME,
    _POSTCODE_AREAS,
    _UK_NON_PERSONAL,
    EMAIL,
    FULL_NAME,
    PHONE,
    STREET,
    _name_span,
)

PLATE, HANDLE, SCHOOL, WORKPLACE, ID_NUMBER = (
    "licence_plate",
    "handle",
    "school",
    "workplace",
    "id_number",
)
Hit = tuple[int, int, str, str]

_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_CAP = rf"[{_UP}][{_LOW}'’-]+"
_PARTICLE = r"(?:de|del|de\s+la|da|do|dos|das|des|du|di|della|dei|la|le|les|van|von|der|den)"

# -- addresses outside the US and UK ------------------------------------------
_ADDRESS_EU = re.compile(
    # Hauptstraße 5, Kastanienallee 42, Keizersgracht 123, Storgatan 9, Nørrebrogade 110, Hauptstr. 7
    rf"\b(?:[{_UP}][{_LOW}]+\s+)?[{_UP}][\w'’-]*(?i:stra(?:ß|ss)e|str\.|weg|gasse|allee|platz|ring|damm|ufer|straat|"
    r"gracht|laan|plein|kade|singel|gatan|vägen|gade|gate|vej|torget)\s+\d{1,4}[a-z]?(?:[/-]\d{1,3})?\b|"
    # Calle de Serrano 45, Via Roma 21, Rua Augusta 88, Plaza Mayor 6, ul. Długa 15/4
    rf"\b(?i:calle|c/|carrer|avenida|avda\.?|plaza|pla[çc]a|paseo|passeig|rua|travessa|via|viale|piazza|corso|"
    rf"ul\.|ulica|aleja|al\.|am|an\s+der|im)\s+(?:{_PARTICLE}\s+)?{_CAP}(?:\s+(?:{_PARTICLE}\s+)?{_CAP}){{0,3}},?\s+"
    r"\d{1,4}[a-zA-Z]?(?:[/-]\d{1,3})?\b|"
    # 14 rue de la Paix, 8 avenue Jean Jaurès, 3 bis boulevard Voltaire
    rf"\b\d{{1,4}}(?:\s*(?:bis|ter))?,?\s+(?i:rue|avenue|boulevard|bd|place|chemin|impasse|all[ée]e|quai|cours|"
    rf"route)\s+(?:{_PARTICLE}\s+|d'|l')?{_CAP}|"
    # Grafton Street 14 (street first, number after)
    rf"\b{_CAP}\s+(?:Street|Road|Lane|Avenue|Square)\s+\d{{1,4}}\b(?!\s*(?:%|years|minutes|times|km|miles))|"
    # Jalan Ampang; 8/22 Smith Street; Australian state and postcode; Canadian postcode
    rf"\b\d{{1,4}}\s+Jalan\s+{_CAP}|\b\d{{1,4}}/\d{{1,4}}\s+{_CAP}\s+(?:Street|St|Road|Rd|Avenue|Ave|Parade|Lane)\b|"
    r"\b(?:NSW|VIC|QLD|TAS|ACT)\s+\d{4}\b|\b[ABCEGHJ-NPRSTVXY]\d[A-Z]\s\d[A-Z]\d\b"
)
# UK postcodes in lower case ("sw1a 2aa"): only with a known area and a full inward part.
_UK_POSTCODE_LOWER = re.compile(
    rf"\b(?i:postcode|post\s+code)\b[^.!?\d]{{0,12}}\b(?:{_POSTCODE_AREAS.lower()})\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{{2}}\b|"
    rf"(?<=,\s)(?:{_POSTCODE_AREAS.lower()})\d[a-z\d]?\s\d[abd-hjlnp-uw-z]{{2}}\b"
)
# "We're the blue house with the yellow door next to the Co-op on Bridge Street in Settle."
_ADDRESS_DESCRIBED = re.compile(
    r"\b(?i:(?:I|we)\s+live\s+in|we'?re|my\s+(?:house|flat|home|place)\s+is|it'?s|our\s+(?:house|flat)\s+is)\s+"
    r"the\s+(?:[\w-]+\s+){0,4}?(?i:house|flat|bungalow|cottage|maisonette|farmhouse)\b[^.!?]{0,80}?"
    r"\b(?i:above|next\s+to|opposite|on\s+the\s+corner\s+of|at\s+the\s+(?:very\s+)?end\s+of|on\s+the\s+green)\b"
    rf"[^.!?]{{0,60}}?\b(?:in|on|of)\s+{_CAP}"
)

# -- phone numbers ---------------------------------------------------------------
_PHONE_CUE = (
    r"(?i:call|ring|text|phone|mobile|number|n[uú]mero|num[ée]ro|nummer|m[oó]vil|portable|tel\.?|whats\s?app|"
    r"telegram|signal|cell|landline|handy|telefono|tel[ée]fono)"
)
_PHONE_NEAR_CUE = re.compile(
    rf"\b{_PHONE_CUE}\b[^.!?\d]{{0,25}}(?P<n>(?<![\w+])\+?\d[\d \t.-]{{6,18}}\d)(?![\w%/:]|[.,]\d)|"
    rf"(?P<m>(?<![\w+$£€.,/-])\+?\d[\d \t.-]{{6,18}}\d)(?![\w%/:]|[.,]\d)[^.!?\d]{{0,12}}\b(?i:on\s+)?(?i:whats\s?app|"
    r"telegram|signal|my\s+(?:mobile|number|cell))\b"
)
_FREEPHONE = ("080", "0500", "084", "09", "1800", "1850", "800", "0900", "116", "111")
_DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
# A run of digit words, digits and O-for-zero groups: "oh seven seven double oh, nine hundred, four six one".
_SPOKEN_TOKEN = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple|hundred|\d{1,5}|"
    r"(?=[0-9O]*\d)(?=[0-9O]*O)[0-9O]{2,6})"
)
_PHONE_SPOKEN = re.compile(
    rf"\b{_SPOKEN_TOKEN}(?:[\s,.-]{{1,3}}{_SPOKEN_TOKEN}){{3,24}}\b", re.IGNORECASE
)


def _spoken_digits(run: str) -> tuple[str, bool]:
    """Digits of a spoken run, and whether any part was a word or a letter O."""
    out, worded, repeat = [], False, 1
    for tok in re.findall(r"[A-Za-z0-9]+", run):
        low = tok.lower()
        if low in ("double", "triple"):
            repeat, worded = (2 if low == "double" else 3), True
            continue
        if low == "hundred":
            out.append("00")
            worded = True
            continue
        if low in _DIGIT_WORDS:
            out.append(_DIGIT_WORDS[low] * repeat)
            worded = True
        elif tok.isdigit():
            out.append(tok[0] * repeat + tok[1:])
        else:
            out.append(tok.replace("O", "0"))
            worded = True
        repeat = 1
    return "".join(out), worded


def _phones(prepared: str) -> Iterator[Hit]:
    for m in _PHONE_NEAR_CUE.finditer(prepared):
        group = "n" if m.group("n") else "m"
        cand = m.group(group)
        digits = re.sub(r"\D", "", cand)
        if not 8 <= len(digits) <= 13 or re.search(r"[\s.-]{3,}", cand):
            continue
        if re.fullmatch(
            r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}", cand.strip()
        ):
            continue
        if digits.startswith(_FREEPHONE) or (
            digits.startswith(_UK_NON_PERSONAL) and len(digits) == 11
        ):
            continue
        yield m.start(group), m.end(group), PHONE, "personal data: phone number"
    for m in _PHONE_SPOKEN.finditer(prepared):
        digits, worded = _spoken_digits(m.group(0))
        spaced = len(re.findall(r"\b\d\b", m.group(0))) >= 7  # "0 7 7 0 0 9 0 0 1 2 3"
        if 9 <= len(digits) <= 13 and (worded or spaced):
            yield m.start(), m.end(), PHONE, "personal data: phone number"


# -- e-mail addresses spelled out ------------------------------------------------
_EMAIL_WORDS = re.compile(
    r"(?<![\w.@-])(?P<local>[A-Za-z0-9][\w.-]{0,40}(?:\s+(?:dot|underscore|dash|hyphen)\s+[A-Za-z0-9][\w-]{0,30}){0,3})"
    rf"\s+(?:at|@|＠|'at'|\"at\")\s+(?:gee\s*mail|(?i:{_MAIL_PROVIDERS}))\b",
    re.IGNORECASE,
)
_EMAIL_CUE = re.compile(
    r"(?i:e-?mail|mail|address|write|reach|contact|drop\s+me|message\s+me)[^.!?]{0,30}$"
)
_EMAIL_LETTERS = re.compile(
    r"(?<![\w@])(?:[A-Za-z0-9][\s-]){3,30}[A-Za-z0-9]\s*(?:at|@)\s*(?:[A-Za-z0-9][\s.]?){3,24}\b(?<=\w)",
    re.IGNORECASE,
)
_EMAIL_FULLWIDTH = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][\w.+-]{0,63}\s*＠\s*[A-Za-z0-9-]{1,63}(?:\.[A-Za-z]{2,24}){1,3}"
)
_COMMON_LOCAL = {
    "me",
    "us",
    "him",
    "her",
    "them",
    "work",
    "home",
    "it",
    "i",
    "we",
    "he",
    "she",
    "jobs",
    "job",
    "works",
    "is",
    "was",
    "someone",
    "people",
    "everyone",
    "you",
    "account",
    "accounts",
}


def _emails(prepared: str) -> Iterator[Hit]:
    for m in _EMAIL_WORDS.finditer(prepared):
        local = m.group("local")
        spelled = re.search(r"\s(?:dot|underscore|dash|hyphen)\s", local, re.IGNORECASE)
        oddish = re.search(r"[\d._-]", local)
        cue = _EMAIL_CUE.search(prepared[max(0, m.start() - 40) : m.start()])
        if local.lower() in _COMMON_LOCAL:
            continue
        if spelled or oddish or cue:
            yield m.start(), m.end(), EMAIL, "personal data: e-mail address"
    for m in _EMAIL_LETTERS.finditer(prepared):
        if re.search(
            r"(?i)g\s?m\s?a\s?i\s?l|h\s?o\s?t\s?m\s?a\s?i\s?l|y\s?a\s?h\s?o\s?o|o\s?u\s?t\s?l\s?o\s?o\s?k|"
            r"i\s?c\s?l\s?o\s?u\s?d|p\s?r\s?o\s?t\s?o\s?n",
            m.group(0),
        ):
            yield m.start(), m.end(), EMAIL, "personal data: e-mail address"
    for m in _EMAIL_FULLWIDTH.finditer(prepared):
        yield m.start(), m.end(), EMAIL, "personal data: e-mail address"


# -- licence plates ---------------------------------------------------------------
_UK_PLATE = re.compile(r"\b[A-HJ-PR-Y][A-HJ-PR-Y]\d{2}\s?[A-HJ-PR-Z]{3}\b")
_PLATE_CUE = re.compile(
    r"\b(?i:reg|registration|plates?|number\s+plate|licen[cs]e\s+plate|plaque|immatriculation|matr[ií]cula|"
    r"kenteken|kennzeichen|targa)\b"
)
_PLATE_TOKEN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_NOT_PLATE = {
    "is",
    "the",
    "a",
    "an",
    "on",
    "in",
    "un",
    "une",
    "een",
    "was",
    "of",
    "my",
    "his",
    "her",
    "it",
    "if",
}


def _plate_at(window: str, base: int) -> Hit | None:
    toks = [(m.start(), m.end(), m.group(0)) for m in _PLATE_TOKEN.finditer(window)]
    for i in range(len(toks)):
        for j in range(min(len(toks), i + 3) - 1, i - 1, -1):
            run = toks[i : j + 1]
            if any(t[2].lower() in _NOT_PLATE for t in run):
                continue
            if any(run[k + 1][0] - run[k][1] != 1 for k in range(len(run) - 1)):
                continue  # only one space or hyphen between the parts
            alnum = "".join(t[2] for t in run).replace("-", "")
            if (
                not 5 <= len(alnum) <= 8
                or not re.search(r"\d", alnum)
                or not re.search(r"[A-Za-z]", alnum)
            ):
                continue
            if re.fullmatch(r"\d+(?:st|nd|rd|th|s|am|pm|km|kg|mg)", alnum, re.IGNORECASE):
                continue
            if any(len(t[2].replace("-", "")) > 7 for t in run):
                continue
            return base + run[0][0], base + run[-1][1], PLATE, "personal data: licence plate"
    return None


def _plates(prepared: str) -> Iterator[Hit]:
    for m in _UK_PLATE.finditer(prepared):
        yield m.start(), m.end(), PLATE, "personal data: licence plate"
    for m in _PLATE_CUE.finditer(prepared):
        after = prepared[m.end() : m.end() + 30]
        hit = _plate_at(after, m.end())
        if hit is None:
            lo = max(0, m.start() - 30)
            hit = _plate_at(prepared[lo : m.start()], lo)
        if hit:
            yield hit


# -- social handles -----------------------------------------------------------------
_PLATFORM = (
    r"(?i:instagram|insta|ig|tiktok|tik\s+tok|twitter|snapchat|snap|telegram|threads|mastodon|bluesky|discord|"
    r"xbox|psn|gamertag|gaming\s+tag|facebook|fb|youtube|linkedin|reddit|onlyfans|twitch|kik)"
)
_HANDLE_NEAR = re.compile(
    rf"\b{_PLATFORM}\b[^.!?@]{{0,30}}?(?<![\w@])@[A-Za-z0-9_.]{{3,30}}(?<!\.)|"
    rf"(?<![\w@])@[A-Za-z0-9_.]{{3,30}}(?<!\.)\s+(?:on|in)\s+{_PLATFORM}\b"
)
_HANDLE_NAMED = re.compile(
    rf"\b{_PLATFORM}(?:\s+(?:handle|name|username|tag|account|channel))?\s*(?:is|:|=|-)\s*(?:@)?"
    r"(?P<h>[A-Za-z0-9][A-Za-z0-9_.]{3,30}[A-Za-z0-9])\b"
)
# Round 5: a handle-shaped name (with "_", a digit or an inner dot) named as someone's account
# near a platform, without "@" ("on her Instagram, it's lauren.m.fitness", "on insta as
# mumof3_surviving", "games as Shadowwolf_1984 on Xbox").
_HANDLE_TOKEN = r"(?P<h>[A-Za-z0-9][A-Za-z0-9_.]{3,30}[A-Za-z0-9])"
_HANDLE_AS = re.compile(
    rf"\b{_PLATFORM}\b[^.!?]{{0,40}}?\b(?i:as|it'?s|is|called|named|under)\s+@?{_HANDLE_TOKEN}\b|"
    rf"\b(?i:as|called|named)\s+@?(?P<h2>[A-Za-z0-9][A-Za-z0-9_.]{{3,30}}[A-Za-z0-9])\s+(?i:on|in)\s+{_PLATFORM}\b"
)


def _handle_shaped(token: str) -> bool:
    """True for "mumof3_surviving", "lauren.m.fitness", "Shadowwolf_1984"; not for a word, a
    number, a domain ("match.com") or a time ("3.15")."""
    if token.isdigit() or re.fullmatch(r"[\d.]+", token):
        return False
    if re.search(r"\.(?:com|co|uk|org|net|io|me|fr|es|de|ie|in)$", token, re.IGNORECASE):
        return False
    return (
        "_" in token
        or bool(re.search(r"\d", token))
        or bool(re.search(r"[A-Za-z]\.[A-Za-z]", token))
    )


_HANDLE_OTHER = re.compile(
    r"(?<![\w/])u/[A-Za-z0-9_-]{3,20}\b|\blinkedin\.com/in/[\w-]{3,60}|(?<![\w#])[A-Za-z][\w.]{2,30}#\d{4}\b|"
    rf"\b(?i:facebook|fb)\s+as\s+{_CAP}\s+{_CAP}"
)
_NOT_HANDLE = {
    "private",
    "public",
    "locked",
    "deleted",
    "gone",
    "down",
    "full",
    "just",
    "where",
    "mostly",
    "empty",
    "dead",
    "quiet",
    "blocked",
    "still",
    "really",
    "basically",
    "private.",
    "open",
    "closed",
    "hidden",
    "the",
    "that",
    "this",
    "there",
    "here",
    "same",
    "different",
    "new",
    "old",
    "off",
    "back",
    "fine",
}


def _handles(prepared: str) -> Iterator[Hit]:
    for m in _HANDLE_NEAR.finditer(prepared):
        yield m.start(), m.end(), HANDLE, "personal data: social media handle"
    for m in _HANDLE_NAMED.finditer(prepared):
        if m.group("h").lower() not in _NOT_HANDLE:
            yield m.start(), m.end(), HANDLE, "personal data: social media handle"
    for m in _HANDLE_OTHER.finditer(prepared):
        yield m.start(), m.end(), HANDLE, "personal data: social media handle"
    for m in _HANDLE_AS.finditer(prepared):
        token = m.group("h") or m.group("h2") or ""
        if token.lower() not in _NOT_HANDLE and _handle_shaped(token):
            yield m.start(), m.end(), HANDLE, "personal data: social media handle"


# -- a child's school -----------------------------------------------------------------
_SCHOOL = re.compile(
    rf"(?:\b(?:St\.?|Saint)\s+)?\b(?!(?:The|A|My|Our|His|Her|Their|Year|Reception|Both|Mrs|Mr|Miss|Ms)\b){_CAP}"
    rf"(?:\s+(?!Year\b){_CAP}){{0,3}}\s+(?:(?:C\s+of\s+E|CofE|Catholic|RC|Church\s+of\s+England|Community|Primary|"
    r"Infants?|Junior|Elementary|Middle|High|Secondary|Grammar|Prep|Preparatory|Free|Montessori)\s+){0,2}"
    r"(?:Primary|Infants?|Junior|Elementary|Middle\s+School|High\s+School|Secondary|Grammar|Academy|Nursery|"
    r"School|Preschool|Pre-school|C\s+of\s+E|College|Sixth\s+Form)\b|"
    # round 5: the school word in lower case too ("l'école Jules Ferry", "colegio Santa Teresa")
    rf"\b(?i:Lyc[ée]e|Coll[èe]ge|[ÉEée]cole|Colegio|Instituto|Escuela|Scuola|Liceo|Gymnasium|Grundschule|"
    rf"Basisschool)\s+(?:(?i:{_PARTICLE})\s+)?{_CAP}|"
    # round 5: a named nursery or pre-school in lower case ("Little Acorns nursery")
    rf"\b(?!(?:The|A|My|Our|His|Her|Their)\b){_CAP}(?:\s+{_CAP}){{0,2}}\s+(?:nursery|pre-?school|playgroup|creche)\b"
)
_CHILD_CUE = re.compile(
    r"(?i:son|daughter|kids?|children|boys|girls|child|little\s+one|toddler|year\s+\d|reception|pick[\s-]?up|"
    r"goes\s+to|go\s+to|attends|started|class|grade|drop[\s-]?off|school\s+run|nursery|"
    # round 5: French and Spanish
    r"fille|fils|enfants?|hij[oa]s?|niñ[oa]s?|peques?|va\s+al?|est\s+en|CM[12]|CE[12]|curso)"
)


def _schools(prepared: str) -> Iterator[Hit]:
    for m in _SCHOOL.finditer(prepared):
        around = prepared[max(0, m.start() - 80) : m.end() + 40]
        if _CHILD_CUE.search(around):
            yield m.start(), m.end(), SCHOOL, "personal data: a child's school"


# -- a workplace with its town ------------------------------------------------------------
_BIG_PLACES = {
    "London",
    "Manchester",
    "Birmingham",
    "Leeds",
    "Glasgow",
    "Liverpool",
    "Edinburgh",
    "Bristol",
    "Cardiff",
    "Belfast",
    "Dublin",
    "Paris",
    "Madrid",
    "Berlin",
    "Rome",
    "Amsterdam",
    "Barcelona",
    "Lisbon",
    "Chicago",
    "Toronto",
    "Sydney",
    "Melbourne",
    "Europe",
    "England",
    "Scotland",
    "Wales",
    "Ireland",
    "Spain",
    "France",
    "Germany",
    "Italy",
    "America",
    "Canada",
    "Australia",
    "The",
    "A",
    "My",
    "His",
    "Her",
    "Our",
    "I",
    "It",
    "Covid",
    "Christmas",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Year",
    "HR",
    "IT",
    "A&E",
    "ICU",
}
_WORKPLACE = re.compile(
    r"\b(?i:I|he|she|my\s+(?:husband|wife|ex|partner|stbx|h|w)|(?:my|his|her)\s+(?:ex-?)?(?:husband|wife))"
    r"(?:\s+(?:work|works|worked|teach|teaches|taught|manage|manages|run|runs|drive|drives|clean|cleans|"
    r"volunteer|volunteers)\b|(?i:'m|'s|\s+is|\s+am|\s+was)\s+(?:a|an|the|head\s+of|manager\s+of|"
    r"in\s+charge\s+of)\b)"
    r"[^.!?]{0,70}?\s(?i:in|at|based\s+(?:in|at|out\s+of)|out\s+of)\s+(?!(?:the|a|an|my|his|her|our)\b)"
    rf"(?P<town>{_CAP}(?:[\s-]{_CAP}){{0,2}})|"
    r"\b(?i:trabajo|trabaja|arbeite|arbeitet|travaille|travaillons|lavoro|lavora|werk)\b[^.!?]{0,60}?"
    rf"\b(?:en|in|à|a|de|bei)\s+(?P<town2>{_CAP}(?:[\s-]{_CAP}){{0,2}})"
)


def _workplaces(prepared: str) -> Iterator[Hit]:
    for m in _WORKPLACE.finditer(prepared):
        town = m.group("town") or m.group("town2") or ""
        if town.split()[0].rstrip("'’s") in _BIG_PLACES:
            continue
        yield m.start(), m.end(), WORKPLACE, "personal data: workplace and town"


# -- full names introduced without "my husband" -----------------------------------------------
_NAME_INTRO = re.compile(
    r"\b(?i:(?:his|her|their|the\s+(?:other\s+)?(?:woman|man|guy|girl)'?s?)\s+(?:full\s+|real\s+)?name\s+is|"
    r"(?:been\s+)?seeing|left\s+me\s+for(?:\s+is)?|(?:she|he)\s+left\s+me\s+for\s+is|se\s+llama|s'appelle|hei(?:ß|ss)t|"
    r"(?:my|his|her)\s+(?:wife|husband|partner|ex)'s\s+(?:lover|boyfriend|girlfriend|affair\s+partner|new\s+"
    r"(?:man|woman|partner|boyfriend|girlfriend))(?:\s+is)?|"
    r"(?:my|his|her)\s+(?:(?:ex-?)?(?:husband|wife|partner)|ex|stbx)\s+is|"
    r"mon\s+(?:ex-?mari|mari|ex|compagnon|conjoint)|ma\s+(?:femme|ex|compagne)|"
    r"mi\s+(?:marido|mujer|esposa|esposo|ex|pareja|exmarido|ex\s+marido))"
    r"(?:\s+(?:Dr|Mr|Mrs|Ms)\.?)?(?:\s*,\s*|\s+)(?P<name>" + _NAME + r")"
)


def _names(prepared: str) -> Iterator[Hit]:
    for m in _NAME_INTRO.finditer(prepared):
        span = _name_span(m, drop_leading=False)
        if span:
            yield m.start(), span[1], FULL_NAME, "personal data: full name"


# -- ID and account numbers ------------------------------------------------------------------
_ID_NUMBER = re.compile(
    r"\b(?i:passport|national\s+insurance|NI|NHS|social\s+security|SSN|DNI|NIE|case|account|tax|ID|licen[cs]e)"
    r"\s*(?i:number|no\.?|#)?\s*(?i:is|:)?\s*(?P<v>[A-Z0-9][A-Z0-9 -]{4,22}[A-Z0-9])\b|"
    r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b|"
    r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b|"
    r"\b(?i:sort\s+code)\s*(?::|is)?\s*\d{2}-\d{2}-\d{2}\b"
)


def _ids(prepared: str) -> Iterator[Hit]:
    for m in _ID_NUMBER.finditer(prepared):
        value = m.group("v")
        if value is not None and len(re.sub(r"\D", "", value)) < 6:
            continue
        yield m.start(), m.end(), ID_NUMBER, "personal data: ID or account number"


def _addresses(prepared: str) -> Iterator[Hit]:
    for rx in (_ADDRESS_EU, _ADDRESS_DESCRIBED):
        for m in rx.finditer(prepared):
            yield m.start(), m.end(), STREET, "personal data: street address"
    for m in _UK_POSTCODE_LOWER.finditer(prepared):
        yield m.start(), m.end(), STREET, "personal data: postcode"


def find_more(prepared: str) -> list[Hit]:
    """Every round-3 finding in ``prepared`` as (start, end, category, reason)."""
    out: list[Hit] = []
    for finder in (
        _addresses,
        _phones,
        _emails,
        _plates,
        _handles,
        _schools,
        _workplaces,
        _names,
        _ids,
    ):
        out.extend(finder(prepared))
    return out
