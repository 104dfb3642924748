"""Crisis resources shown at once to someone whose post suggests they may be in danger.

The resource directory supplies these (so they are edited in one place); until it
has any hotlines, this well-established default set is used.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

DEFAULT_LINES: list[dict[str, Any]] = [
    {
        "title": "988 Suicide & Crisis Lifeline (US)",
        "description": "Call or text 988, any time, free and confidential. Chat at 988lifeline.org.",
        "url": "https://988lifeline.org/",
        "country": "US",
    },
    {
        "title": "National Domestic Violence Hotline (US)",
        "description": "Call 1-800-799-7233 or text START to 88788, any time, free and confidential.",
        "url": "https://www.thehotline.org/",
        "country": "US",
    },
    {
        "title": "Samaritans (UK and Ireland)",
        "description": "Call 116 123, any time, free.",
        "url": "https://www.samaritans.org/",
        "country": "GB",
    },
    {
        "title": "Emergency services",
        "description": "If you or someone else is in immediate danger, call 911 (US), 999 (UK) or 112 (EU).",
        "url": None,
        "country": None,
    },
]

_provider: Callable[[], Awaitable[list[dict[str, Any]]]] | None = None


def install(provider: Callable[[], Awaitable[list[dict[str, Any]]]] | None) -> None:
    global _provider
    _provider = provider


async def crisis_resources() -> list[dict[str, Any]]:
    if _provider is not None:
        lines = await _provider()
        if lines:
            return lines
    return DEFAULT_LINES
