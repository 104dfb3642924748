"""API: POST /preview; PUT/GET/DELETE /drafts/{key}."""

from __future__ import annotations

from typing import Any

from forum.api.base import Call, endpoint, text_field
from forum.api.schemas import STR, TIME, obj, ref
from forum.drafts import actions

# This module's OpenAPI schemas (the registry gathers each API module's SCHEMAS).
SCHEMAS: dict[str, dict[str, Any]] = {
    "Draft": obj(
        ["key", "body", "title", "updated_at"],
        key=STR,
        body=STR,
        title={"type": ["string", "null"]},
        updated_at=TIME,
    ),
}
_KEY = (
    "key",
    "path",
    {
        "type": "string",
        "pattern": "^(thread-[0-9]+|new-[a-z0-9-]+)$",
        "description": "thread-{id} for a reply, new-{space slug} for a new thread, edit-{post id} for an edit of a post you may edit",
    },
)


@endpoint(
    "POST",
    "/preview",
    summary="Render Markdown as a post would be (same rules, nothing stored)",
    tag="posts",
    body=obj(["body"], body=STR),
    response=obj(["body_html"], body_html=STR),
    errors=(422, 429),
)
async def preview(call: Call) -> Any:
    return {"body_html": await actions.preview(call.member(), text_field(call.body, "body"))}


@endpoint(
    "PUT",
    "/drafts/{key}",
    summary="Keep a draft on the server (replaces the one under this key)",
    tag="drafts",
    query=[_KEY],
    body=obj(["body"], body=STR, title={"type": ["string", "null"]}),
    response=obj(["draft"], draft=ref("Draft")),
    errors=(404, 422, 429),
    description="Drafts live on the server, never in the browser's storage. Posting deletes the draft.",
)
async def put_draft(call: Call) -> Any:
    draft = await actions.save_draft(
        call.member(),
        call.request.path_params["key"],
        call.body.get("body"),
        call.body.get("title"),
    )
    return {"draft": actions.shape(draft)}


@endpoint(
    "GET",
    "/drafts/{key}",
    summary="Your draft under this key",
    tag="drafts",
    query=[_KEY],
    response=obj(["draft"], draft=ref("Draft")),
    errors=(404,),
)
async def get_draft(call: Call) -> Any:
    return {
        "draft": actions.shape(
            await actions.get_draft(call.member(), call.request.path_params["key"])
        )
    }


@endpoint(
    "DELETE",
    "/drafts/{key}",
    summary="Throw a draft away",
    tag="drafts",
    query=[_KEY],
    errors=(404,),
)
async def delete_draft(call: Call) -> Any:
    await actions.delete_draft(call.member(), call.request.path_params["key"])
    return None
