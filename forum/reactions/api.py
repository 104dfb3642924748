"""API: PUT/DELETE /posts/{id}/reactions/{kind} (answers: forum.threads.schemas.OnePost)."""

from __future__ import annotations

from forum.api.base import Call, endpoint
from forum.reactions import actions
from forum.threads import queries
from forum.threads.schemas import OnePost

_KIND = ("kind", "path", {"type": "string", "enum": list(actions.KINDS)})


@endpoint(
    "PUT",
    "/posts/{id}/reactions/{kind}",
    summary="React to a post (one of each kind; idempotent)",
    tag="posts",
    query=[_KIND],
    response=OnePost,
    errors=(404, 422, 429),
    description="Not your own post, published posts only. The author hears of it as one grouped notice.",
)
async def react(call: Call) -> OnePost:
    post = await actions.add_reaction(
        call.member(), call.path_int("id"), call.request.path_params["kind"]
    )
    return OnePost.model_validate({"post": await queries.get_post(call.member(), post.id)})


@endpoint(
    "DELETE",
    "/posts/{id}/reactions/{kind}",
    summary="Take a reaction back (idempotent)",
    tag="posts",
    query=[_KIND],
    response=OnePost,
    errors=(404,),
)
async def unreact(call: Call) -> OnePost:
    post = await actions.remove_reaction(
        call.member(), call.path_int("id"), call.request.path_params["kind"]
    )
    return OnePost.model_validate({"post": await queries.get_post(call.member(), post.id)})
