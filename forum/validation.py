"""The parsing layer: every value a client sends crosses here before any database call.

One place per kind of value, so a new route inherits the rules instead of repeating them:

* **Path parameters** -- ``guard_routes`` wraps every route of the app (both skins, plugins
  included): a parameter named ``id`` or ``*_id`` must be an id (``parse_id``: canonical ASCII
  digits, no sign, no ``_``, no leading zero, no other script's digits, at most ``id_max()``), a
  ``slug`` must look like one (``[a-z0-9-]``, at most 40 characters, the column's size), any other
  at most 200 characters; otherwise the answer is the ordinary 404 (an id that cannot exist is
  missing). ``/threads/١``, ``/threads/+1``, ``/posts/1_0`` and ``/t/01`` never alias ``1``.
* **Query strings** -- the same wrapper: no control characters (NUL breaks PostgreSQL), at most
  ``MAX_QUERY_VALUE`` characters per value and ``MAX_QUERY_STRING`` bytes in all: else 400.
* **Bodies** -- ``parse_json`` (API): valid UTF-8 JSON, an object, nested at most ``MAX_DEPTH``
  deep (a 100,000-deep array is a 400, not a ``RecursionError``), no string or key holding NUL or
  a lone surrogate (``"\\ud800"`` cannot be stored or hashed: 422 naming the field); ``check_form`` (HTML): the same for
  form fields.
* **Values inside bodies** -- ``parse_id`` with ``field=`` (a bad ``host_id`` is a 422 naming the
  field), ``parse_time`` (ISO 8601, offsets applied, between years 1900 and 9000 so no arithmetic
  on it can leave the calendar).
* **Cursors** -- ``forum.pagination.decode`` checks each value with ``cursor_value``.

Errors are the contract's: ``NotFoundError`` (404), ``MalformedError`` (400), ``ValidationError``
(422 with ``fields``); the app maps them for both skins.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qsl

from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from forum import runtime
from forum.errors import MalformedError, NotFoundError, ValidationError

__all__ = [
    "MAX_DEPTH",
    "check_form",
    "check_string",
    "cursor_value",
    "guard_routes",
    "id_max",
    "parse_id",
    "parse_id_or_none",
    "parse_json",
    "parse_time",
]

#: Largest id per backend: PostgreSQL ``integer`` columns are 32-bit, SQLite's INTEGER 64-bit.
ID_MAX_POSTGRES = 2**31 - 1
ID_MAX_SQLITE = 2**63 - 1
MAX_DEPTH = 32
MAX_QUERY_VALUE = 2000
MAX_QUERY_STRING = 8192
MAX_PATH_VALUE = 200
SLUG_MAX = 40  # forum.spaces.models.Space.slug

_ID_RE = re.compile(r"[1-9][0-9]{0,18}")
_SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
# C0/C1 controls except TAB/LF/CR, lone surrogates, noncharacters.
_BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BAD_QUERY_CHARS_RE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def id_max() -> int:
    """The largest id the configured database can hold (SQLite 2**63-1, else 2**31-1)."""
    try:
        url = runtime.get().settings.database_url
    except RuntimeError:
        return ID_MAX_POSTGRES
    return ID_MAX_SQLITE if url.startswith("sqlite") else ID_MAX_POSTGRES


def parse_id_or_none(raw: object) -> int | None:
    """An id from a client value (str of canonical ASCII digits, or a JSON integer), else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _ID_RE.fullmatch(raw):
        value = int(raw)
    else:
        return None
    return value if 1 <= value <= id_max() else None


def parse_id(raw: object, *, field: str | None = None, message: str | None = None) -> int:
    """An id, or: without ``field`` ``NotFoundError`` (a path id that cannot exist is missing);
    with ``field`` a ``ValidationError`` naming it (an id inside a body)."""
    value = parse_id_or_none(raw)
    if value is None:
        if field is None:
            raise NotFoundError(message or "Not found.")
        text = message or "That is not a valid id."
        raise ValidationError(text, fields={field: text})
    return value


def check_string(value: str, *, where: str = "request") -> str:
    """A string from a body: no NUL, other control characters (but TAB/LF/CR) or lone surrogates."""
    if _BAD_CHARS_RE.search(value):
        raise MalformedError(
            f"The {where} contains characters that are not allowed (control characters or invalid Unicode)."
        )
    return value


def _bad_field(field: str) -> ValidationError:
    message = (
        f"{field} contains characters that are not allowed (control characters or invalid Unicode)."
    )
    return ValidationError(message, fields={field: message})


def _check_tree(data: dict[str, Any]) -> None:
    """Iterative walk (no recursion: depth is what we are bounding). A bad character anywhere
    under a top-level key is a 422 naming that key; nesting beyond ``MAX_DEPTH`` a 400."""
    for top, item in data.items():
        if _BAD_CHARS_RE.search(top):
            raise MalformedError("The request body contains a field name that is not allowed.")
        stack: list[tuple[Any, int]] = [(item, 2)]
        while stack:
            value, depth = stack.pop()
            if isinstance(value, str):
                if _BAD_CHARS_RE.search(value):
                    raise _bad_field(top)
            elif isinstance(value, (dict, list)):
                if depth > MAX_DEPTH:
                    raise MalformedError(
                        f"The request body is nested too deeply (at most {MAX_DEPTH} levels)."
                    )
                if isinstance(value, dict):
                    for key, sub in value.items():
                        if _BAD_CHARS_RE.search(key):
                            raise _bad_field(top)
                        stack.append((sub, depth + 1))
                else:
                    stack.extend((sub, depth + 1) for sub in value)


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def parse_json(raw: bytes) -> dict[str, Any]:
    """A JSON request body -> dict, or ``MalformedError`` (400). Empty is ``{}``."""
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise MalformedError(
            f"The request body is nested too deeply (at most {MAX_DEPTH} levels)."
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise MalformedError("The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise MalformedError("The request body must be a JSON object.")
    _check_tree(data)
    return data


def check_form(form: Any) -> Any:
    """Every field of a parsed form (Starlette ``FormData``): no NUL, other control characters
    (but TAB/LF/CR) or lone surrogates -- a ``ValidationError`` (422) naming the field."""
    for key, value in form.multi_items():
        check_string(key, where="form")
        if isinstance(value, str) and _BAD_CHARS_RE.search(value):
            raise _bad_field(key)
    return form


def parse_time(value: object, field: str, *, message: str | None = None) -> datetime:
    """ISO 8601 date-time (``Z`` or an offset; none means UTC) -> aware UTC datetime between
    1900 and 9000. Anything else, including ``9999-12-31T23:59:59-23:59`` (beyond the calendar
    once the offset is applied), is a ``ValidationError`` naming ``field``."""
    text = message or "Use a date and time like 2030-04-25T18:00 (UTC) or with an offset."
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value.strip() and len(value) <= 64:
        try:
            parsed = datetime.fromisoformat(
                value.strip().replace("Z", "+00:00").replace("z", "+00:00")
            )
        except ValueError:
            raise ValidationError(text, fields={field: text}) from None
    else:
        raise ValidationError(text, fields={field: text})
    try:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        parsed = parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValidationError(text, fields={field: text}) from None
    if not EARLIEST <= parsed <= LATEST:
        raise ValidationError(text, fields={field: text})
    return parsed


def cursor_value(kind: Callable[[Any], Any], value: Any) -> Any:
    """One value of a pagination cursor, strictly: ``int`` -> an id-sized integer (no bool, no
    float), ``datetime.fromisoformat`` -> a bounded aware time (``parse_time``), ``str`` -> a
    short clean string, ``date.fromisoformat`` -> a date string. Raises ``ValueError``."""
    if kind is int:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not -id_max() <= value <= id_max()
        ):
            raise ValueError("not an id")
        return value
    if kind == datetime.fromisoformat:  # a bound classmethod: equal, never identical
        if not isinstance(value, str):
            raise ValueError("not a time")
        try:
            return parse_time(value, "cursor")
        except ValidationError:
            raise ValueError("not a time") from None
    if kind is str or kind == date.fromisoformat:
        if not isinstance(value, str) or len(value) > 500 or _BAD_CHARS_RE.search(value):
            raise ValueError("not a string")
        return kind(value)
    if isinstance(value, str) and (len(value) > 500 or _BAD_CHARS_RE.search(value)):
        raise ValueError("not a string")
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and not -id_max() <= value <= id_max()
    ):
        raise ValueError("out of range")
    if isinstance(value, float):
        raise ValueError("no floats in cursors")
    return kind(value)


# --------------------------------------------------------------------------- routes


def _check_path_params(params: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for name, value in params.items():
        if name == "id" or name.endswith("_id"):
            checked[name] = parse_id(value)
        elif isinstance(value, str):
            if name == "slug":
                if not _SLUG_RE.fullmatch(value):
                    raise NotFoundError()
            elif len(value) > MAX_PATH_VALUE or _BAD_QUERY_CHARS_RE.search(value):
                raise NotFoundError()
            checked[name] = value
        else:
            checked[name] = value
    return checked


def check_query_string(raw: bytes) -> None:
    """The raw query string: at most ``MAX_QUERY_STRING`` bytes; each decoded name and value at
    most ``MAX_QUERY_VALUE`` characters with no control character. ``MalformedError`` (400)."""
    if len(raw) > MAX_QUERY_STRING:
        raise MalformedError("That address is too long.")
    if not raw:
        return
    for name, value in parse_qsl(
        raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace"
    ):
        if len(value) > MAX_QUERY_VALUE or len(name) > MAX_QUERY_VALUE:
            raise MalformedError(
                f"A query parameter is too long (at most {MAX_QUERY_VALUE:,} characters)."
            )
        if _BAD_QUERY_CHARS_RE.search(name) or _BAD_QUERY_CHARS_RE.search(value):
            raise MalformedError("A query parameter contains characters that are not allowed.")


def _guard(app: ASGIApp) -> ASGIApp:
    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            check_query_string(scope.get("query_string", b""))
        params = scope.get("path_params")
        if params:
            scope["path_params"] = _check_path_params(params)
        await app(scope, receive, send)

    return guarded


def guard_routes(routes: list[BaseRoute]) -> list[BaseRoute]:
    """Wrap each route's ASGI app (recursively into mounts) with the path/query checks above.
    The errors raised are handled by the app's ``CrossroadsError`` handler (both skins)."""
    for route in routes:
        if isinstance(route, Route):
            route.app = _guard(route.app)
        elif isinstance(route, Mount):
            if route.routes:
                guard_routes(list(route.routes))
            else:
                route.app = _guard(route.app)
    return routes
