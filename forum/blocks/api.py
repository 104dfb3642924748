"""API: PUT/DELETE /me/blocks/{username}, GET /me/blocks."""

from __future__ import annotations

from forum import pagination
from forum.api.base import Call, endpoint
from forum.blocks import actions, queries
from forum.blocks.schemas import Block, BlockState
from forum.contracts import Page, PageQuery, page_out

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
    response=BlockState,
    errors=(404, 422),
    description=_DESCRIPTION,
)
async def block(call: Call) -> BlockState:
    state = await actions.block_member(call.member(), call.request.path_params["username"])
    return BlockState.model_validate(state)


@endpoint(
    "DELETE",
    "/me/blocks/{username}",
    summary="Unblock a member",
    tag="accounts",
    response=BlockState,
    errors=(404,),
)
async def unblock(call: Call) -> BlockState:
    state = await actions.unblock_member(call.member(), call.request.path_params["username"])
    return BlockState.model_validate(state)


@endpoint(
    "GET",
    "/me/blocks",
    summary="Members you blocked, newest first",
    tag="accounts",
    query=PageQuery,
    response=Page[Block],
    errors=(400, 422),
)
async def blocks(call: Call) -> Page[Block]:
    params = call.params(PageQuery)
    page = await queries.list_blocks(
        call.member(), cursor=params.cursor, limit=pagination.limit_from(params.limit)
    )
    return page_out(Block, page)
