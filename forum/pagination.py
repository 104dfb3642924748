"""Opaque cursors for keyset pagination: page 1 and page 500 cost the same."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from forum.errors import MalformedError, ValidationError
from forum.validation import cursor_value

DEFAULT_LIMIT, MAX_LIMIT = 25, 100
T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    prev_cursor: str | None = None


def encode(*values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


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
        return [cursor_value(kind, value) for kind, value in zip(kinds, values)]
    except (ValueError, TypeError, OverflowError, RecursionError, binascii.Error, UnicodeDecodeError):
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
