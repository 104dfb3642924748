"""Helpers for JSON Schema dicts in `@endpoint` declarations not yet converted to models
(moderation's; forum.contracts and each feature's schemas.py hold the models the OpenAPI document
is generated from). A module still declaring its own components does so in a module-level
`SCHEMAS` dict, which the app's registry gathers; the shared ones (User, Post, Thread, Error,
CrisisLine...) are generated from the models now. This module goes once moderation is
converted."""

from __future__ import annotations

from typing import Any


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def page_of(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {
            "items": {"type": "array", "items": item},
            "next_cursor": {"type": ["string", "null"]},
        },
    }


def obj(required: list[str] | None = None, **props: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return schema


STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
TIME = {"type": "string", "format": "date-time"}
TIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}
PATH = {"type": "string", "enum": ["staying", "leaving", "undecided"]}
CURSOR_PARAMS: list[tuple[str, str, dict[str, Any]]] = [
    ("cursor", "query", {"type": "string", "description": "next_cursor from the previous page"}),
    ("limit", "query", {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}),
]
