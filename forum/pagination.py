"""Opaque cursors for keyset pagination: page 1 and page 500 cost the same."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from forum.errors import MalformedError, ValidationError
from forum.validation import cursor_value

DEFAULT_LIMIT, MAX_LIMIT = 25, 100
T = TypeVar("T")
U = TypeVar("U")


@dataclass
class Page(Generic[T]):
    """One page of a list: its items, the cursor of the page after it (``None`` on the last
    page) and, for lists read both ways, of the page before it. The API sends
    ``{"items": [...], "next_cursor": str | null}`` (``forum.api.base``)."""

    items: list[T]
    next_cursor: str | None
    prev_cursor: str | None = None

    def with_items(self, items: list[U]) -> Page[U]:
        """The same page (same cursors) holding ``items``: the rows shaped for the reader."""
        return Page(items, self.next_cursor, self.prev_cursor)


def page_of(rows: Sequence[T], limit: int, cursor_of: Callable[[T], Sequence[Any]]) -> Page[T]:
    """The page ending a keyset read: ``rows`` were fetched with ``LIMIT limit + 1`` in the
    list's order; the first ``limit`` are the page, and the extra row, if one came back, only
    says there is more. Then ``next_cursor`` is ``encode(*cursor_of(last row of the page))``
    (the key the next read starts after), else ``None``.

    ``cursor_of`` gives the cursor's values, JSON-encodable (ints, strings; times as
    ``isoformat()``), in the order the list's ``decode`` reads them back. ``rows`` may be any
    sequence (a list, a Tortoise result); the page's items are a new list. A ``limit`` below 1
    is a ``ValueError`` (``limit_from`` keeps requests to 1..``MAX_LIMIT``).
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    items = list(rows[:limit])
    more = len(rows) > limit
    return Page(items, encode(*cursor_of(items[-1])) if more else None)


def encode(*values: Any) -> str:
    return (
        base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode())
        .decode()
        .rstrip("=")
    )


def decode(cursor: str | None, *kinds: Callable[[Any], Any]) -> list[Any] | None:
    """The cursor's values, each converted by its kind (`int`, `str`, `datetime.fromisoformat`)
    and checked by ``forum.validation.cursor_value`` (ids within the column's range, no floats or
    booleans for ints, times within the calendar, strings without control characters or lone
    surrogates); a cursor someone edited is a 400 (MalformedError), never a query with odd values."""
    if cursor is None or cursor == "":
        return None
    if len(cursor) > 1000:
        raise MalformedError("That cursor is not valid.")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError("wrong shape")
        return [cursor_value(kind, value) for kind, value in zip(kinds, values, strict=True)]
    except (
        ValueError,
        TypeError,
        OverflowError,
        RecursionError,
        binascii.Error,
        UnicodeDecodeError,
    ):
        raise MalformedError("That cursor is not valid.") from None


def limit_from(raw: object, default: int = DEFAULT_LIMIT) -> int:
    if raw is None or raw == "":
        return default
    text = str(raw)
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else 0
    if not 1 <= value <= MAX_LIMIT:
        message = f"limit must be a whole number from 1 to {MAX_LIMIT}."
        raise ValidationError(message, fields={"limit": message})
    return value
