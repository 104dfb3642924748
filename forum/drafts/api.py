"""API: POST /preview; PUT/GET/DELETE /drafts/{key} (the contract: forum.drafts.schemas)."""

from __future__ import annotations

from forum.api.base import Call, endpoint
from forum.drafts import actions
from forum.drafts.schemas import DraftText, OneDraft, Preview, Rendered

_KEY = (
    "key",
    "path",
    {
        "type": "string",
        "pattern": "^(thread-[0-9]+|new-[a-z0-9-]+|edit-[0-9]+)$",
        "description": "thread-{id} for a reply, new-{space slug} for a new thread, edit-{post id} for an edit of a post you may edit",
    },
)


@endpoint(
    "POST",
    "/preview",
    summary="Render Markdown as a post would be (same rules, nothing stored)",
    tag="posts",
    body=Preview,
    response=Rendered,
    errors=(422, 429),
)
async def preview(call: Call) -> Rendered:
    return Rendered(body_html=await actions.preview(call.member(), call.data(Preview)))


@endpoint(
    "PUT",
    "/drafts/{key}",
    summary="Keep a draft on the server (replaces the one under this key)",
    tag="drafts",
    query=[_KEY],
    body=DraftText,
    response=OneDraft,
    errors=(404, 422, 429),
    description="Drafts live on the server, never in the browser's storage. Posting deletes the draft.",
)
async def put_draft(call: Call) -> OneDraft:
    draft = await actions.save_draft(
        call.member(), call.request.path_params["key"], call.data(DraftText)
    )
    return OneDraft.model_validate({"draft": actions.shape(draft)})


@endpoint(
    "GET",
    "/drafts/{key}",
    summary="Your draft under this key",
    tag="drafts",
    query=[_KEY],
    response=OneDraft,
    errors=(404,),
)
async def get_draft(call: Call) -> OneDraft:
    draft = await actions.get_draft(call.member(), call.request.path_params["key"])
    return OneDraft.model_validate({"draft": actions.shape(draft)})


@endpoint(
    "DELETE",
    "/drafts/{key}",
    summary="Throw a draft away",
    tag="drafts",
    query=[_KEY],
    errors=(404,),
)
async def delete_draft(call: Call) -> None:
    await actions.delete_draft(call.member(), call.request.path_params["key"])
