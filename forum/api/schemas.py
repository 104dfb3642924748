"""JSON Schemas for the OpenAPI document: the shared ones. Each API module declares its own in a
module-level `SCHEMAS` dict; the app's registry gathers those of its plugins' `api_modules`."""

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

SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": obj(
        ["error"],
        error=obj(
            ["code", "message"],
            code=STR,
            message=STR,
            fields={"type": "object", "additionalProperties": STR},
            crisis_resources={
                "type": "array",
                "items": {"$ref": "#/components/schemas/CrisisLine"},
                "description": "present when the refused text read as crisis (docs/moderation.md)",
            },
        ),
    ),
    "User": obj(
        ["id", "username", "path", "roles", "created_at"],
        id=INT,
        username=STR,
        path=PATH,
        roles={
            "type": "array",
            "items": {"type": "string", "enum": ["moderator", "therapist", "admin"]},
        },
        credential={"type": ["string", "null"]},
        country={
            "type": ["string", "null"],
            "description": "two-letter code whose crisis lines come first",
        },
        time_zone={"type": ["string", "null"], "description": "IANA zone the pages show times in"},
        created_at=TIME,
    ),
    "Author": obj(["username", "badges"], username=STR, badges={"type": "array", "items": STR}),
    "Space": obj(
        ["slug", "name", "description", "can_read", "can_post"],
        slug=STR,
        name=STR,
        description=STR,
        can_read=BOOL,
        can_post=BOOL,
        start_here={
            "type": ["object", "null"],
            "description": "the thread moderators pinned to start with: {id, title}",
            "properties": {"id": {"type": "integer"}, "title": {"type": "string"}},
        },
    ),
    "ThreadSummary": obj(
        ["id", "title", "author", "created_at", "last_post_at", "reply_count"],
        id=INT,
        title=STR,
        author=STR,
        status={"type": "string", "enum": ["published", "pending", "removed"]},
        created_at=TIME,
        last_post_at=TIME,
        reply_count=INT,
        excerpt={"type": "string", "description": "the start of the first post, as plain text"},
        last_poster={"type": ["string", "null"], "description": "who wrote the latest reply"},
        following=BOOL,
        unread_count={"type": "integer", "description": "posts by others you have not read"},
        first_unread_post_id={"type": ["integer", "null"]},
    ),
    "Thread": obj(
        ["id", "space", "title", "author", "created_at", "last_post_at", "reply_count"],
        id=INT,
        space=STR,
        title=STR,
        author=STR,
        status=STR,
        created_at=TIME,
        last_post_at=TIME,
        reply_count=INT,
        following={"type": "boolean", "description": "you hear of every reply"},
        muted={"type": "boolean", "description": "you hear nothing of this thread"},
        unread_count={"type": "integer", "description": "posts by others you have not read"},
        first_unread_post_id={
            "type": ["integer", "null"],
            "description": "where to resume reading",
        },
    ),
    "SearchHit": obj(
        [
            "id",
            "thread_id",
            "thread_title",
            "space",
            "excerpt",
            "excerpt_html",
            "matches",
            "author",
            "created_at",
        ],
        id=INT,
        thread_id=INT,
        thread_title=STR,
        space=STR,
        space_name=STR,
        excerpt=STR,
        excerpt_html={
            "type": "string",
            "description": "the excerpt as HTML: escaped text, matched words in <mark>",
        },
        matches={
            "type": "integer",
            "description": "posts of this thread that match (id is the one shown)",
        },
        author=obj(["username", "badges"], username=STR, badges={"type": "array", "items": STR}),
        created_at={"type": "string", "format": "date-time"},
    ),
    "Post": obj(
        ["id", "thread_id", "author", "body_html", "status", "created_at", "edited_at", "version"],
        id=INT,
        thread_id=INT,
        author=ref("Author"),
        body_html=STR,
        status={"type": "string", "enum": ["published", "pending", "removed"]},
        status_reason={
            "type": ["string", "null"],
            "description": "why held or removed (author and moderators)",
        },
        reactions={
            "type": "object",
            "additionalProperties": INT,
            "description": "count per reaction kind (strength, been-there, thank-you)",
        },
        my_reactions={"type": "array", "items": STR, "description": "the kinds you gave"},
        reacted_by={
            "type": "object",
            "additionalProperties": {"type": "array", "items": STR},
            "description": "who gave each kind: only on your own posts",
        },
        created_at=TIME,
        edited_at=TIME_OR_NULL,
        version={
            "type": "integer",
            "minimum": 1,
            "description": "grows by one with every change; send it back as `version` with PATCH",
        },
    ),
    "CrisisLine": obj(
        ["name", "phone", "sms", "url", "country", "hours"],
        name=STR,
        phone={"type": ["string", "null"], "description": "to call (pages link it as tel:)"},
        sms={"type": ["string", "null"], "description": "to text (pages link it as sms:)"},
        url={"type": ["string", "null"]},
        country={"type": ["string", "null"], "description": "two-letter code; null: anywhere"},
        hours={"type": ["string", "null"]},
        title=STR,
        description=STR,
    ),
    "Revision": obj(
        ["id", "body_html", "created_at", "editor"],
        id=INT,
        body_html=STR,
        created_at=TIME,
        editor=STR,
    ),
}
