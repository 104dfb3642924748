"""JSON for both skins and the domain: one way to turn a result into JSON.

`jsonable` is used by the API skin's responses, by the account export
(`forum.accounts.privacy`) and by AMA live events (`forum.amas.actions`), so it lives
below every skin (docs/architecture.md, "Layers a tool enforces").
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from typing import Any

from starlette.responses import JSONResponse


def jsonable(value: Any) -> Any:
    """`value` with datetimes as ISO 8601 UTC strings ending in ``Z``, enums as their values,
    and dicts, lists and tuples converted all the way down; anything else as it is."""
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


class ApiResponse(JSONResponse):
    """A JSON response whose body goes through `jsonable` (UTF-8, no spaces)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(jsonable(content), ensure_ascii=False, separators=(",", ":")).encode()
