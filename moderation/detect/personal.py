"""Personal data in a post: phone numbers, e-mail addresses, street addresses and
postcodes, full names of partners, and (``personal_more``) handles, plates,
schools, workplaces and addresses outside the US and UK.

Every pattern here is linear in the length of the text: no nested unbounded
repetition, and candidate runs are bounded (see tests/moderation/test_detect_linear.py).
"""

from __future__ import annotations

import re

from moderation.detect.text import PERSONAL_DATA, Finding, _dedupe, _excerpt, _prepare

PHONE, EMAIL, STREET, FULL_NAME = "phone", "email", "street_address", "full_name"

# -- phone numbers -----------------------------------------------------------
# A candidate is a run of digits with spaces, dots, hyphens or brackets, not
# glued to letters, currency, slashes (dates, URLs) or decimals. It is then
# judged by its digit count and shape.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+$£€¥#/.:,\\-])(?:\+|\b00)?\(?\d[\d \t().-]{5,22}\d(?![\w%/:]|[.,-]\d|\))"
)
_DATE_LIKE = re.compile(r"^\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}$|^\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4}$")
_YEAR_GROUPS = re.compile(r"^(?:(?:19|20)\d\d[\s.-]+)+(?:19|20)\d\d$")
_NANP_SHAPE = re.compile(r"^(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}$")
_LOCAL_SHAPE = re.compile(r"^\d{3}[.-]\d{4}$")
# Numbers that belong to organisations, not people: US toll-free, UK freephone,
# non-geographic and helpline ranges. Members share these as resources.
_NANP_TOLL_FREE = {"800", "888", "877", "866", "855", "844", "833", "822", "900"}
_UK_NON_PERSONAL = ("080", "0500", "030", "033", "034", "084", "087", "09")


def _phone_kind(candidate: str) -> bool:
    cand = candidate.strip()
    if _DATE_LIKE.match(cand) or _YEAR_GROUPS.match(cand):
        return False
    if re.search(r"[\s.()-]{3,}", cand) or cand.count("(") != cand.count(")"):
        return False
    if re.fullmatch(r"[\d,]*\d\.\d{1,2}", cand):  # decimal
        return False
    digits = re.sub(r"\D", "", cand)
    n = len(digits)
    international = cand.startswith("+") or cand.startswith("00")
    if international:
        digits = digits[2:] if cand.startswith("00") else digits
        n = len(digits)
        if not 8 <= n <= 15:
            return False
        if digits.startswith("1") and n == 11:
            return digits[1:4] not in _NANP_TOLL_FREE
        if digits.startswith("44"):
            national = digits[2:]
            national = national[1:] if national.startswith("0") else national
            return not ("0" + national).startswith(_UK_NON_PERSONAL)
        return True
    if digits.startswith("0"):
        # UK and most of the world dial national numbers with a leading 0.
        return 10 <= n <= 11 and not digits.startswith(_UK_NON_PERSONAL)
    if n == 10 and _NANP_SHAPE.match(cand):
        return digits[0] in "23456789" and digits[:3] not in _NANP_TOLL_FREE
    if n == 11 and digits.startswith("1") and _NANP_SHAPE.match(cand):
        return digits[1] in "23456789" and digits[1:4] not in _NANP_TOLL_FREE
    if n == 7 and _LOCAL_SHAPE.match(cand):
        return digits[0] in "23456789" and not digits.startswith("116")
    return False


# -- e-mail addresses ---------------------------------------------------------
_EMAIL_PLAIN = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+\\-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}\.[A-Za-z]{2,24}\b"
)
_MAIL_PROVIDERS = (
    "gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|me|mac|aol|proton|protonmail|"
    "pm|gmx|mail|yandex|zoho|btinternet|sky|virginmedia|comcast|verizon|att|sbcglobal|"
    "bellsouth|cox|charter|rocketmail|fastmail|tutanota|hey|web|orange|free|wanadoo"
)
_EMAIL_PROVIDER_NO_TLD = re.compile(
    rf"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{{0,63}}@(?:{_MAIL_PROVIDERS})\b(?!\.\w)",
    re.IGNORECASE,
)
_OPEN, _CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
_AT = rf"(?P<at>\s*{_OPEN}\s*(?:at|@)\s*{_CLOSE}\s*|\s+at\s+|\s*@\s*)"
_DOT = rf"(?:\s*{_OPEN}\s*(?:dot|\.)\s*{_CLOSE}\s*|\s+dot\s+|\.)"
_TLD = r"(?:com|net|org|edu|gov|co|uk|io|me|info|biz|us|ca|au|de|fr|ie|nz|es|it|nl|mail)"
_EMAIL_OBFUSCATED = re.compile(
    rf"(?<![\w.+-])(?P<local>[A-Za-z0-9_%+-]{{1,64}}(?:{_DOT}[A-Za-z0-9_%+-]{{1,64}}){{0,5}}){_AT}"
    rf"(?P<domain>[A-Za-z0-9-]{{1,63}})(?P<rest>(?:{_DOT}[A-Za-z0-9-]{{1,63}}){{0,3}}?{_DOT}{_TLD})\b",
    re.IGNORECASE,
)
_SPELLED = re.compile(rf"\s+dot\s+|{_OPEN}|{_CLOSE}|\s+at\s+", re.IGNORECASE)


def _obfuscated_email_ok(m: re.Match[str]) -> bool:
    whole = m.group(0)
    if not _SPELLED.search(whole):
        return False  # plain addresses are caught by _EMAIL_PLAIN
    at = m.group("at")
    if re.fullmatch(r"\s+at\s+", at, re.IGNORECASE):
        # "at" as an English word: "we met at match.com", "I looked at it dot com".
        # Demand a spelled/bracketed dot, and a mail provider or a local part
        # that does not look like an ordinary word.
        if not re.search(rf"\s+dot\s+|{_OPEN}|{_CLOSE}", m.group("rest"), re.IGNORECASE):
            return False
        local = m.group("local")
        provider = re.fullmatch(_MAIL_PROVIDERS, m.group("domain"), re.IGNORECASE)
        wordlike = re.fullmatch(r"[A-Za-z]+", local) is not None
        return bool(provider) or not wordlike
    return True


# -- street addresses and postcodes -------------------------------------------
_STREET_SUFFIX = (
    r"Street|St|Avenue|Ave|Av|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|"
    r"Terrace|Terr|Ter|Crescent|Cres|Close|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Row|"
    r"Gardens|Gdns|Grove|Mews|Trail|Trl|Walk"
)
# Suffixes that are also ordinary English words: only with Title Case names.
_AMBIGUOUS_SUFFIX = {
    "place",
    "way",
    "close",
    "row",
    "court",
    "drive",
    "square",
    "circle",
    "gardens",
    "grove",
    "trail",
    "walk",
    "terrace",
    "crescent",
    "mews",
    "pl",
    "ct",
    "dr",
    "sq",
    "cir",
}
_STREET_WORD = r"(?:\d{1,3}(?:st|nd|rd|th)|[A-Za-z][A-Za-z'-]*)"
_STREET = re.compile(
    r"(?<![\w$£€.,/-])(?P<num>\d{1,5}[A-Za-z]?)(?:\s*[-–]\s*\d{1,5})?,?\s+"
    r"(?P<dir>(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\.?\s+)?"
    rf"(?P<name>{_STREET_WORD}(?:\s+{_STREET_WORD}){{0,2}})\s+"
    rf"(?P<suffix>(?i:{_STREET_SUFFIX}))\b(?P<dot>\.)?"
    r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b)?"
    r"(?:,?\s+(?i:apt|apartment|unit|suite|ste|flat|no|#)\.?\s*#?\s*\w{1,5}\b)?"
)
_NOT_STREET_WORDS = {
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "of",
    "to",
    "from",
    "down",
    "up",
    "on",
    "in",
    "at",
    "by",
    "for",
    "with",
    "into",
    "onto",
    "over",
    "under",
    "my",
    "our",
    "his",
    "her",
    "their",
    "your",
    "its",
    "this",
    "that",
    "these",
    "those",
    "minutes",
    "minute",
    "mins",
    "min",
    "miles",
    "mile",
    "km",
    "kms",
    "blocks",
    "block",
    "hours",
    "hour",
    "hrs",
    "years",
    "year",
    "yrs",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "times",
    "time",
    "houses",
    "doors",
    "steps",
    "feet",
    "ft",
    "yards",
    "metres",
    "meters",
    "more",
    "other",
    "different",
    "separate",
    "long",
    "whole",
    "same",
    "good",
    "bad",
    "hard",
    "easy",
    "very",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "i",
    "we",
    "he",
    "she",
    "they",
    "it",
    "you",
    "kids",
    "children",
    "people",
    "dark",
    "better",
    "worse",
    "safe",
    "happy",
    "lonely",
    "quiet",
    "new",
    "old",
    "only",
    "just",
    "last",
    "next",
    "first",
    "second",
    "third",
    "nights",
    "night",
    "mornings",
    "lanes",
    "roads",
    "streets",
    "exits",
    "junctions",
    "stops",
    "turns",
    "wrong",
    "right",
    "left",
    "sessions",
    "pm",
    "am",
    "lbs",
    "kg",
    "percent",
    "per",
    "each",
    "every",
    "all",
    "some",
    "many",
    "few",
    "small",
    "big",
}
_POSTCODE_AREAS = (
    "AB|AL|BA|BB|BD|BH|BL|BN|BR|BS|BT|B|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|"
    "DY|EC|EH|EN|EX|E|FK|FY|GL|GU|GY|G|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|LA|"
    "LD|LE|LL|LN|LS|LU|L|ME|MK|ML|M|NE|NG|NN|NP|NR|NW|N|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|SA|SE|"
    "SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|S|TA|TD|TF|TN|TQ|TR|TS|TW|UB|WA|WC|WD|WF|WN|WR|WS|WV|"
    "W|YO|ZE"
)
# UK postcodes in capitals (the way they are written); inward letters exclude C I K M O V.
_UK_POSTCODE = re.compile(
    rf"\b(?:(?:{_POSTCODE_AREAS})\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{{2}}|GIR\s?0AA)\b"
)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
# A ZIP code next to a state ("Springfield, IL 62704"), or ZIP+4 on its own.
_US_ZIP = re.compile(
    rf"\b(?:{_US_STATES}),?\s+\d{{5}}(?:-\d{{4}})?\b|(?<![\w-])\d{{5}}-\d{{4}}(?![\w-])"
)


def _street_ok(m: re.Match[str]) -> bool:
    words = m.group("name").split()
    if any(w.lower().strip("'") in _NOT_STREET_WORDS for w in words):
        return False
    suffix = m.group("suffix")
    if suffix.lower() in _AMBIGUOUS_SUFFIX:
        titled = suffix[0].isupper() and all(w[0].isupper() or w[0].isdigit() for w in words)
        if not titled:
            return False
    return True


# -- full names of partners ---------------------------------------------------
_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME_TOKEN = rf"(?:[{_UP}]')?[{_UP}][{_LOW}]+(?:[{_UP}][{_LOW}]+)?(?:-[{_UP}][{_LOW}]+)?"
_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|[{_UP}]\.?(?![\w'-]))){{1,2}}"
_RELATION = (
    r"(?i:(?:my|his|her|our|the)\s+(?:(?:soon[- ]to[- ]be[- ])?(?:ex[- ]?)?(?:husband|wife|hubby|"
    r"partner|spouse|boyfriend|girlfriend|fianc[eé]e?)|ex|stbx[hw]?|stbx-?(?:h|w)|h|w|dh|dw|"
    r"affair\s+partner|ap|ow|om|other\s+(?:woman|man)|mistress|lover))"
)
_NAME_INTRO = (
    r"(?i:'s\s+(?:full\s+|real\s+|first\s+and\s+last\s+)?name\s+is|\s+is\s+called|,?\s+called|"
    r",?\s+named|\s+is\s+named)?"
)
_PARTNER_NAME = re.compile(rf"\b{_RELATION}{_NAME_INTRO}(?:\s*,\s*|\s*\(\s*|\s+)(?P<name>{_NAME})")
_NAME_THEN_PARTNER = re.compile(
    rf"(?P<name>{_NAME})(?:\s*,\s*|\s*\(\s*|\s+-\s+|\s+is\s+)(?i:(?:my|his|her)\s+"
    r"(?:(?:ex[- ]?)?(?:husband|wife|partner|spouse|boyfriend|girlfriend)|ex|stbx[hw]?|"
    r"affair\s+partner|mistress))\b"
)
_NOT_NAMES = {
    "I",
    "I'm",
    "I've",
    "I'd",
    "I'll",
    "And",
    "But",
    "Or",
    "So",
    "The",
    "A",
    "An",
    "He",
    "She",
    "We",
    "They",
    "It",
    "His",
    "Her",
    "My",
    "Our",
    "Is",
    "Was",
    "Has",
    "Had",
    "Said",
    "Says",
    "Told",
    "Left",
    "Moved",
    "Wants",
    "Wanted",
    "Just",
    "Then",
    "Now",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Tonight",
    "Also",
    "However",
    "Edit",
    "Update",
    "Ok",
    "Okay",
    "Yes",
    "No",
    "Please",
    "Thanks",
    "Thank",
    "Sorry",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Mx",
    "Sr",
    "Jr",
    "This",
    "That",
    "When",
    "Where",
    "What",
    "Why",
    "How",
    "Who",
    "If",
    "After",
    "Before",
    "Since",
    "Last",
    "Next",
    "Every",
    "All",
    "Your",
    "Their",
    "Dear",
    "Hi",
    "Hello",
    "Christmas",
    "Easter",
    "Thanksgiving",
    "Facebook",
    "Instagram",
    "WhatsApp",
    "Whatsapp",
    "Google",
    "Netflix",
    "Amazon",
    "Tinder",
    "Hinge",
    "Bumble",
    "Reddit",
    "God",
    "Lol",
    "Omg",
    "Tbh",
}
_CALENDAR = {
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
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
}
_NAME_PART = re.compile(rf"{_NAME_TOKEN}|[{_UP}]\.?(?![\w'-])")


def _name_span(m: re.Match[str], drop_leading: bool) -> tuple[int, int] | None:
    """The span of a plausible full name inside group "name", or None.

    Tokens that are not names ("And", "Monday", ...) end the name (or, for a
    name written before "my husband", are dropped from its front); at least a
    first and a last name must remain, the last one a real word, not an initial.
    """
    base = m.start("name")
    tokens = [
        (t.start() + base, t.end() + base, t.group(0)) for t in _NAME_PART.finditer(m.group("name"))
    ]
    if drop_leading:
        # "Yesterday John Smith, my husband": drop leading non-names; a month
        # or weekday in front only if a first and last name still follow
        # ("April Jones, my wife" keeps April).
        while tokens and (
            tokens[0][2].rstrip(".") in _NOT_NAMES
            or (tokens[0][2] in _CALENDAR and len(tokens) > 2)
        ):
            tokens = tokens[1:]
    kept: list[tuple[int, int, str]] = []
    for s, e, tok in tokens:
        bare = tok.rstrip(".")
        if bare in _NOT_NAMES or (bare in _CALENDAR and kept):
            break
        kept.append((s, e, tok))
    if len(kept) < 2 or len(kept[-1][2].rstrip(".")) < 2 or len(kept[0][2].rstrip(".")) < 2:
        return None
    return kept[0][0], kept[-1][1]


def find_personal_data(text: str) -> list[Finding]:
    """Phone numbers, e-mail addresses, street addresses / postcodes and full
    names of partners; and (``personal_more``) addresses outside the US and UK,
    licence plates, social handles, a child's school, a workplace with its town,
    ID and account numbers. One finding per place in the text, ordered by position."""
    prepared, where = _prepare(text, strip_emphasis=False)
    found: list[tuple[int, int, Finding]] = []

    def add(start: int, end: int, category: str, reason: str) -> None:
        excerpt = _excerpt(text, where, start, end)
        found.append((start, end, Finding(PERSONAL_DATA, reason, category, excerpt)))

    for m in _PHONE_CANDIDATE.finditer(prepared):
        if _phone_kind(m.group(0)):
            add(m.start(), m.end(), PHONE, "personal data: phone number")

    for m in _EMAIL_PLAIN.finditer(prepared):
        add(m.start(), m.end(), EMAIL, "personal data: e-mail address")
    for m in _EMAIL_PROVIDER_NO_TLD.finditer(prepared):
        add(m.start(), m.end(), EMAIL, "personal data: e-mail address")
    for m in _EMAIL_OBFUSCATED.finditer(prepared):
        if _obfuscated_email_ok(m):
            add(m.start(), m.end(), EMAIL, "personal data: e-mail address")

    for m in _STREET.finditer(prepared):
        if _street_ok(m):
            end = m.end()
            if m.group("dot") and end == m.end("dot") and len(m.group("suffix")) > 4:
                end -= 1  # "Lane." ends a sentence; "St." keeps its dot
            add(m.start(), end, STREET, "personal data: street address")
    for m in _UK_POSTCODE.finditer(prepared):
        add(m.start(), m.end(), STREET, "personal data: postcode")
    for m in _US_ZIP.finditer(prepared):
        add(m.start(), m.end(), STREET, "personal data: postcode")

    for m in _PARTNER_NAME.finditer(prepared):
        span = _name_span(m, drop_leading=False)
        if span:
            add(m.start(), span[1], FULL_NAME, "personal data: full name")
    for m in _NAME_THEN_PARTNER.finditer(prepared):
        span = _name_span(m, drop_leading=True)
        if span:
            add(span[0], m.end(), FULL_NAME, "personal data: full name")

    from moderation.detect.personal_more import find_more  # it builds on this module's patterns

    for start, end, category, reason in find_more(prepared):
        add(start, end, category, reason)

    # A phone number inside an e-mail address ("jsmith5551234567@...") is one finding.
    emails = [(s, e) for s, e, f in found if f.category == EMAIL]
    found = [
        (s, e, f)
        for s, e, f in found
        if f.category != PHONE or not any(es <= s and e <= ee for es, ee in emails)
    ]
    return _dedupe(found)
