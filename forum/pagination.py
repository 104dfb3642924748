"""Opaque cursors for keyset pagination: page 1 and page 500 cost the same."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from forum.errors import MalformedError, ValidationError

DEFAULT_LIMIT, MAX_LIMIT = 25, 100
T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    prev_cursor: str | None = None


def encode(*values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(cursor: str | None, arity: int) -> list[Any] | None:
    if cursor is None or cursor == "":
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise MalformedError("That cursor is not valid.") from None
    if not isinstance(values, list) or len(values) != arity:
        raise MalformedError("That cursor is not valid.")
    return values


def limit_from(raw: object, default: int = DEFAULT_LIMIT) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(str(raw))
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        message = f"limit must be a whole number from 1 to {MAX_LIMIT}."
        raise ValidationError(message, fields={"limit": message})
    return value
