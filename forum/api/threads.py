"""API: spaces, threads, posts."""

from __future__ import annotations

from typing import Any

from forum import pagination
from forum.access import access_space
from forum.api.base import Call, endpoint, page_out, text_field
from forum.api.schemas import CURSOR_PARAMS, STR, obj, page_of, ref
from forum.errors import ValidationError
from forum.search import queries as search_queries
from forum.spaces import queries as space_queries
from forum.spaces.actions import set_start_here
from forum.threads import actions, queries
from forum.threads.actions import PostResult
from forum.threads.models import Thread
from forum.threads.queries import post_row, shape_post, thread_author


def thread_out(thread: Thread, author: str | None = None) -> dict[str, Any]:
    return {
        "id": thread.id,
        "space": thread.space.slug,
        "title": thread.title,
        "author": author,
        "status": thread.status.value if hasattr(thread.status, "value") else thread.status,
        "created_at": thread.created_at,
        "last_post_at": thread.last_post_at,
        "reply_count": thread.reply_count,
    }


async def result_out(call: Call, result: PostResult, *, with_thread: bool) -> dict[str, Any]:
    user = call.member()
    out: dict[str, Any] = {"post": shape_post(post_row(result.post, user), user)}
    if with_thread:
        out["thread"] = thread_out(result.thread, user.username)
    return out  # crisis_resources: added by the skin for every response (forum.api.base, forum.screening)


_POST_RESULT = obj(
    ["post"], post=ref("Post"), crisis_resources={"type": "array", "items": ref("CrisisLine")}
)


@endpoint(
    "GET",
    "/spaces",
    summary="Spaces you can see",
    tag="spaces",
    auth="optional",
    response=obj(["items"], items={"type": "array", "items": ref("Space")}),
)
async def list_spaces(call: Call) -> Any:
    return {"items": await space_queries.list_spaces(call.user)}


@endpoint(
    "GET",
    "/spaces/{slug}/threads",
    summary="A space's threads, latest activity first",
    tag="spaces",
    query=[
        *CURSOR_PARAMS,
        (
            "unanswered",
            "query",
            {"type": "boolean", "description": "only threads nobody has answered yet"},
        ),
    ],
    response=page_of(ref("ThreadSummary")),
    errors=(400, 404, 422),
)
async def list_threads(call: Call) -> Any:
    unanswered = call.query("unanswered")
    if unanswered not in (None, "", "true", "false", "1", "0"):
        raise ValidationError(
            "unanswered must be true or false.", fields={"unanswered": "true or false"}
        )
    _, page = await queries.get_space_page(
        call.member(),
        call.request.path_params["slug"],
        cursor=call.query("cursor"),
        limit=pagination.limit_from(call.query("limit")),
        unanswered=unanswered in ("true", "1"),
    )
    return page_out(page)


@endpoint(
    "POST",
    "/spaces/{slug}/threads",
    summary="Start a thread",
    tag="spaces",
    body=obj(["title", "body"], title=STR, body={"type": "string", "description": "Markdown"}),
    response=obj(
        ["thread", "post"],
        thread=ref("Thread"),
        post=ref("Post"),
        crisis_resources={"type": "array", "items": ref("CrisisLine")},
    ),
    status=201,
    errors=(403, 404, 429),
)
async def create_thread(call: Call) -> Any:
    result = await actions.create_thread(
        call.member(),
        call.request.path_params["slug"],
        text_field(call.body, "title"),
        text_field(call.body, "body"),
    )
    return await result_out(call, result, with_thread=True)


@endpoint(
    "GET",
    "/threads/{id}",
    summary="A thread and a page of its posts, oldest first",
    tag="threads",
    query=[
        *CURSOR_PARAMS,
        ("before", "query", {"type": "string", "description": "page before this cursor"}),
        ("last", "query", {"type": "boolean", "description": "the last page"}),
    ],
    response=obj(["thread", "posts"], thread=ref("Thread"), posts=page_of(ref("Post"))),
    errors=(400, 404, 422),
)
async def get_thread(call: Call) -> Any:
    viewer = call.member()
    thread, state, page = await queries.get_thread_page(
        viewer,
        call.path_int("id"),
        after=call.query("cursor"),
        before=call.query("before"),
        last=call.query("last") in ("1", "true"),
        limit=pagination.limit_from(call.query("limit")),
    )
    author = await thread.author
    posts = page_out(page)
    posts["prev_cursor"] = page.prev_cursor
    out = thread_out(
        thread, thread_author(author.username, author.deleted_at, thread.opening_removed)
    )
    out.update(
        {k: state[k] for k in ("following", "muted", "unread_count", "first_unread_post_id")}
    )
    return {"thread": out, "posts": posts}


@endpoint(
    "POST",
    "/threads/{id}/posts",
    summary="Reply to a thread",
    tag="threads",
    body=obj(["body"], body={"type": "string", "description": "Markdown"}),
    response=_POST_RESULT,
    status=201,
    errors=(403, 404, 429),
)
async def create_post(call: Call) -> Any:
    result = await actions.create_post(
        call.member(), call.path_int("id"), text_field(call.body, "body")
    )
    return await result_out(call, result, with_thread=False)


@endpoint(
    "GET",
    "/posts/{id}",
    summary="One post",
    tag="posts",
    response=obj(["post"], post=ref("Post")),
    errors=(404,),
)
async def get_post(call: Call) -> Any:
    return {"post": await queries.get_post(call.member(), call.path_int("id"))}


@endpoint(
    "PATCH",
    "/posts/{id}",
    summary="Edit a post (author or moderator)",
    tag="posts",
    body=obj(["body"], body=STR, version={"type": "integer", "minimum": 1}),
    response=_POST_RESULT,
    errors=(403, 404, 409, 422, 429),
    description="Send `version` (the `post.version` you read): if the post changed since, the answer is "
    "409 `conflict` and nothing changes. Every accepted edit keeps the replaced text in the history.",
)
async def edit_post(call: Call) -> Any:
    result = await actions.edit_post(
        call.member(), call.path_int("id"), text_field(call.body, "body"), call.body.get("version")
    )
    user = call.member()
    author = await result.post.author
    return {"post": shape_post(post_row(result.post, author), user)}


@endpoint(
    "DELETE",
    "/posts/{id}",
    summary="Delete a post (author or moderator)",
    tag="posts",
    errors=(403, 404),
)
async def delete_post(call: Call) -> Any:
    await actions.delete_post(call.member(), call.path_int("id"))
    return None


@endpoint(
    "GET",
    "/posts/{id}/revisions",
    summary="Edit history (author and moderators)",
    tag="posts",
    response=obj(["items"], items={"type": "array", "items": ref("Revision")}),
    errors=(403, 404),
)
async def revisions(call: Call) -> Any:
    _, items = await queries.list_revisions(call.member(), call.path_int("id"))
    return {"items": items}


@endpoint(
    "GET",
    "/me/posts",
    summary="Your posts, newest first, held ones included",
    tag="posts",
    query=CURSOR_PARAMS,
    response=page_of(ref("Post")),
)
async def my_posts(call: Call) -> Any:
    page = await queries.list_my_posts(
        call.member(), cursor=call.query("cursor"), limit=pagination.limit_from(call.query("limit"))
    )
    return page_out(page)


@endpoint(
    "GET",
    "/search",
    summary="Search posts in the spaces you can read, grouped by thread",
    tag="posts",
    query=[
        (
            "q",
            "query",
            {
                "type": "string",
                "minLength": 2,
                "maxLength": 100,
                "description": 'words that must all appear; "a phrase", -word to leave out, or',
            },
        ),
        (
            "sort",
            "query",
            {
                "type": "string",
                "enum": ["newest", "best"],
                "default": "newest",
                "description": "threads by their newest matching post, or by best match",
            },
        ),
        *CURSOR_PARAMS,
    ],
    response=page_of(ref("SearchHit")),
    errors=(400, 422, 429),
)
async def search(call: Call) -> Any:
    page = await search_queries.search_posts(
        call.user,
        call.query("q") or "",
        sort=call.query("sort"),
        ip=call.ip,
        cursor=call.query("cursor"),
        limit=pagination.limit_from(call.query("limit")),
    )
    for item in page.items:
        item["excerpt_html"] = str(item["excerpt_html"])
    return page_out(page)


@endpoint(
    "PUT",
    "/spaces/{slug}/start-here",
    summary='Pin a thread as the space\'s "Start here" (moderators)',
    tag="spaces",
    body=obj(["thread_id"], thread_id={"type": "integer", "minimum": 1}),
    response=obj(
        ["start_here"], start_here=obj(["id", "title"], id={"type": "integer"}, title=STR)
    ),
    errors=(403, 404),
)
async def pin_start_here(call: Call) -> Any:
    slug = call.request.path_params["slug"]
    await set_start_here(call.member(), slug, call.body.get("thread_id"))
    space = await access_space(call.member(), slug)
    return {"start_here": await space_queries.get_start_here(call.member(), space)}


@endpoint(
    "DELETE",
    "/spaces/{slug}/start-here",
    summary='Unpin the space\'s "Start here" (moderators)',
    tag="spaces",
    errors=(403, 404),
)
async def unpin_start_here(call: Call) -> Any:
    await set_start_here(call.member(), call.request.path_params["slug"], None)
    return None
