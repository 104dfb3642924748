"""API: PUT/DELETE /posts/{id}/reactions/{kind}."""

from __future__ import annotations

from typing import Any

from forum.api.base import Call, endpoint
from forum.api.schemas import obj, ref
from forum.reactions import actions
from forum.threads import queries

_KIND = ("kind", "path", {"type": "string", "enum": list(actions.KINDS)})


@endpoint(
    "PUT",
    "/posts/{id}/reactions/{kind}",
    summary="React to a post (one of each kind; idempotent)",
    tag="posts",
    query=[_KIND],
    response=obj(["post"], post=ref("Post")),
    errors=(404, 422, 429),
    description="Not your own post, published posts only. The author hears of it as one grouped notice.",
)
async def react(call: Call) -> Any:
    post = await actions.add_reaction(
        call.member(), call.path_int("id"), call.request.path_params["kind"]
    )
    return {"post": await queries.get_post(call.member(), post.id)}


@endpoint(
    "DELETE",
    "/posts/{id}/reactions/{kind}",
    summary="Take a reaction back (idempotent)",
    tag="posts",
    query=[_KIND],
    response=obj(["post"], post=ref("Post")),
    errors=(404,),
)
async def unreact(call: Call) -> Any:
    post = await actions.remove_reaction(
        call.member(), call.path_int("id"), call.request.path_params["kind"]
    )
    return {"post": await queries.get_post(call.member(), post.id)}
