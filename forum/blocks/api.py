"""API: PUT/DELETE /me/blocks/{username}, GET /me/blocks."""

from __future__ import annotations

from typing import Any

from forum import pagination
from forum.api.base import Call, endpoint, page_out
from forum.api.schemas import BOOL, CURSOR_PARAMS, STR, TIME, obj, page_of, ref
from forum.blocks import actions, queries

# This module's OpenAPI schemas (the registry gathers each API module's SCHEMAS).
SCHEMAS: dict[str, dict[str, Any]] = {
    "Block": obj(["username", "created_at"], username=STR, created_at=TIME),
}
_DESCRIPTION = (
    "Their threads, posts, AMA questions and reactions are left out of everything you read, and "
    "their replies and mentions do not notify you. Neither of you is told. It does not stop them "
    "reading the spaces they belong to, and moderators' work is not affected."
)


@endpoint(
    "PUT",
    "/me/blocks/{username}",
    summary="Block a member",
    tag="accounts",
    response=obj(["blocked"], blocked=BOOL),
    errors=(404, 422),
    description=_DESCRIPTION,
)
async def block(call: Call) -> Any:
    return await actions.block_member(call.member(), call.request.path_params["username"])


@endpoint(
    "DELETE",
    "/me/blocks/{username}",
    summary="Unblock a member",
    tag="accounts",
    response=obj(["blocked"], blocked=BOOL),
    errors=(404,),
)
async def unblock(call: Call) -> Any:
    return await actions.unblock_member(call.member(), call.request.path_params["username"])


@endpoint(
    "GET",
    "/me/blocks",
    summary="Members you blocked, newest first",
    tag="accounts",
    query=CURSOR_PARAMS,
    response=page_of(ref("Block")),
    errors=(400, 422),
)
async def blocks(call: Call) -> Any:
    return page_out(
        await queries.list_blocks(
            call.member(),
            cursor=call.query("cursor"),
            limit=pagination.limit_from(call.query("limit")),
        )
    )
