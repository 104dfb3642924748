"""Crisis resources shown at once to someone whose text suggests they may be in danger.

A line is a dict `{name, phone, sms, url, country, hours, title, description}`
(contract.md, round 2: `crisis_resources`): `phone` and `sms` are dialable
strings or None (the pages turn them into `tel:` / `sms:` links), `country` an
ISO 3166-1 alpha-2 code or None for "anywhere", `hours` free text. `title` and
`description` are the directory's words for the same line.

The resource directory supplies the lines (so they are edited in one place);
when it has none, or the database cannot be reached, `DEFAULT_LINES` (code, not
data) is used, so a person in crisis gets lines even during an outage.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from forum import runtime
from forum.errors import ValidationError

log = logging.getLogger("crossroads.crisis")

# A country's emergency number (the one `tel:` link), and the words when one number is not the
# whole story. Only numbers we are sure of: a country not here gets "your local emergency number"
# and an international directory, never a guess (issue 10: Mexico, Japan and Brazil were told 112).
# Every EU member state answers 112.
_EU = (
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
)
EMERGENCY_NUMBERS = {
    **{code: "112" for code in _EU},
    "US": "911",
    "CA": "911",
    "MX": "911",
    "GB": "999",
    "AU": "000",
    "NZ": "111",
    "IN": "112",
    "JP": "110",
    "BR": "190",
}
EMERGENCY_WORDS = {
    "JP": "call 110 (police) or 119 (ambulance and fire)",
    "BR": "call 190 (police) or 192 (ambulance, SAMU)",
    "IE": "call 112 or 999",
    "GB": "call 999 (or 112)",
}

DEFAULT_LINES: list[dict[str, Any]] = [
    {
        "name": "988 Suicide & Crisis Lifeline (US)",
        "title": "988 Suicide & Crisis Lifeline (US)",
        "description": "Call or text 988, any time, free and confidential. Chat at 988lifeline.org.",
        "phone": "988",
        "sms": "988",
        "url": "https://988lifeline.org/",
        "country": "US",
        "hours": "24/7",
    },
    {
        "name": "National Domestic Violence Hotline (US)",
        "title": "National Domestic Violence Hotline (US)",
        "description": "Call 1-800-799-7233 or text START to 88788, any time, free and confidential.",
        "phone": "+1 800 799 7233",
        "sms": "88788",
        "url": "https://www.thehotline.org/",
        "country": "US",
        "hours": "24/7",
    },
    {
        "name": "Samaritans (UK and Ireland)",
        "title": "Samaritans (UK and Ireland)",
        "description": "Call 116 123, any time, free.",
        "phone": "116 123",
        "sms": None,
        "url": "https://www.samaritans.org/",
        "country": "GB",
        "hours": "24/7",
    },
    {
        "name": "9-8-8 Suicide Crisis Helpline (Canada)",
        "title": "9-8-8 Suicide Crisis Helpline (Canada)",
        "description": "Call or text 988, any time, free, in English or French.",
        "phone": "988",
        "sms": "988",
        "url": "https://988.ca/",
        "country": "CA",
        "hours": "24/7",
    },
    {
        "name": "Lifeline (Australia)",
        "title": "Lifeline (Australia)",
        "description": "Call 13 11 14, any time, for crisis support and suicide prevention.",
        "phone": "13 11 14",
        "sms": None,
        "url": "https://www.lifeline.org.au/",
        "country": "AU",
        "hours": "24/7",
    },
    {
        "name": "CVV – Centro de Valorização da Vida (Brasil)",
        "title": "CVV – Centro de Valorização da Vida (Brasil)",
        "description": "Ligue 188, a qualquer hora, de graça. Call 188, any time, free.",
        "phone": "188",
        "sms": None,
        "url": "https://cvv.org.br/",
        "country": "BR",
        "hours": "24/7",
    },
    {
        "name": "Find A Helpline (international directory)",
        "title": "Find A Helpline (international directory)",
        "description": "Free, confidential crisis lines in your country, by phone, text or chat: findahelpline.com.",
        "phone": None,
        "sms": None,
        "url": "https://findahelpline.com/",
        "country": None,
        "hours": "24/7",
    },
    {
        "name": "Emergency services",
        "title": "Emergency services",
        "description": "If you or someone else is in immediate danger, call 911 (US), 999 (UK) or 112 (EU).",
        "phone": None,
        "sms": None,
        "url": None,
        "country": None,
        "hours": "24/7",
    },
]

# (country or None) -> the directory's hotlines in this shape, or [] when it has none. A plugin
# declares it (`crisis_lines`, forum.plugins); the app in force's registry holds it.
Provider = Callable[[str | None], Awaitable[list[dict[str, Any]]]]


def _provider() -> Provider | None:
    rt = runtime.current()
    return rt.registry.crisis_lines if rt is not None and rt.registry is not None else None


def is_emergency(line: dict[str, Any]) -> bool:
    return line.get("url") is None and line.get("name") == "Emergency services"


def emergency_line(country: str | None) -> dict[str, Any]:
    """The emergency-number reminder: the country's own number to tap when EMERGENCY_NUMBERS knows
    it; for a country it does not know, "your local emergency number" and no number to tap (never
    a guess); with no country at all, the numbers of the main regions in words."""
    line = dict(DEFAULT_LINES[-1])
    number = EMERGENCY_NUMBERS.get(country or "")
    if number:
        line["phone"] = number
        words = EMERGENCY_WORDS.get(country or "", f"call {number}")
        line["description"] = f"If you or someone else is in immediate danger, {words}."
    elif country:
        line["description"] = (
            "If you or someone else is in immediate danger, call your local emergency number. "
            "Find A Helpline (findahelpline.com) lists the crisis lines in your country."
        )
    return line


def serves(line: dict[str, Any], country: str | None) -> bool:
    """Whether a line is of use to someone in `country`: its own lines and lines for anywhere
    (every line when the country is not known)."""
    wanted = (country or "").upper() or None
    served = line.get("country")
    if wanted is None or served is None or served == wanted:
        return True
    # Samaritans serve Ireland as well as the UK.
    return served == "GB" and wanted == "IE" and "Ireland" in str(line.get("name"))


def order_lines(lines: list[dict[str, Any]], country: str | None) -> list[dict[str, Any]]:
    """The country's own lines first, then lines for anywhere, then the rest (stable within each);
    the emergency reminder last, with the country's number."""
    wanted = (country or "").upper() or None

    def rank(line: dict[str, Any]) -> int:
        if wanted is None:
            return 0
        served = line.get("country")
        if served is not None and serves(line, wanted):
            return 0
        return 1 if served is None else 2

    ordinary = [line for line in lines if not is_emergency(line)]
    return [*sorted(ordinary, key=rank), emergency_line(wanted)]


def default_lines(country: str | None = None) -> list[dict[str, Any]]:
    """The shipped lines, the country's first: used when the directory is empty or unreachable."""
    return order_lines([dict(line) for line in DEFAULT_LINES], country)


async def crisis_resources(country: str | None = None) -> list[dict[str, Any]]:
    """The lines to show someone in crisis: only lines that serve their country or anywhere (a
    Mexican member is not sent to the US 988 line), their country's first, the emergency
    reminder last (see `emergency_line`). Never raises: with the database down (or slow to
    fail) the shipped lines are returned."""
    lines: list[dict[str, Any]] = []
    provider = _provider()
    if provider is not None:
        try:
            lines = await provider(country)
        except Exception:  # an outage must not cost the person their crisis lines
            log.warning("crisis lines: directory unreachable, using the shipped lines")
            lines = []
    if not lines:
        lines = default_lines(country)
    return [line for line in lines if is_emergency(line) or serves(line, country)]


_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z]{4})?-([a-z]{2})$", re.IGNORECASE)


def country_from_accept_language(header: str | None) -> str | None:
    """The region of the browser's most preferred language with one (`en-GB` -> "GB"), else None.

    Only the Accept-Language header the browser sends: never an address lookup (domain.md).
    """
    best: tuple[float, str] | None = None
    for part in (header or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        match = _LANGUAGE_TAG.match(tag.strip())
        if match and quality > 0 and (best is None or quality > best[0]):
            best = (quality, match.group(1).upper())
    return best[1] if best else None


def country_for(user: Any, accept_language: str | None) -> str | None:
    """Whose crisis lines come first: the member's own setting, else the browser's language region."""
    return getattr(user, "country", None) or country_from_accept_language(accept_language)


def check_country(value: object) -> str | None:
    """A member's country setting: two letters (ISO 3166-1 alpha-2), or empty for none.

    Raises ValidationError (field `country`)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        message = "Use a two-letter country code, such as US, GB or IE, or leave it empty."
        raise ValidationError(message, fields={"country": message})
    return value.strip().upper()
