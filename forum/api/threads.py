"""API: spaces, threads, posts."""

from __future__ import annotations

from typing import Any

from forum import pagination
from forum.access import access_space
from forum.api.base import Call, endpoint, page_out
from forum.contracts import Page, PageQuery
from forum.contracts import page_out as contract_page
from forum.search import queries as search_queries
from forum.search.schemas import Search, SearchHit
from forum.spaces import queries as space_queries
from forum.spaces.actions import set_start_here
from forum.spaces.schemas import Spaces, StartHere, StartHereChoice
from forum.threads import actions, queries
from forum.threads.actions import PostResult
from forum.threads.models import Thread as ThreadRow
from forum.threads.queries import post_row, shape_post, thread_author
from forum.threads.schemas import (
    NewPost,
    NewThread,
    NewThreadWritten,
    OnePost,
    Post,
    PostEdit,
    Revisions,
    ThreadListQuery,
    ThreadPageQuery,
    ThreadSummary,
    ThreadWithPosts,
    Written,
)


def thread_out(thread: ThreadRow, author: str | None = None) -> dict[str, Any]:
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


@endpoint(
    "GET",
    "/spaces",
    summary="Spaces you can see",
    tag="spaces",
    auth="optional",
    response=Spaces,
)
async def list_spaces(call: Call) -> Spaces:
    return Spaces.model_validate({"items": await space_queries.list_spaces(call.user)})


@endpoint(
    "GET",
    "/spaces/{slug}/threads",
    summary="A space's threads, latest activity first",
    tag="spaces",
    query=ThreadListQuery,
    response=Page[ThreadSummary],
    errors=(400, 404, 422),
)
async def list_threads(call: Call) -> Page[ThreadSummary]:
    params = call.params(ThreadListQuery)
    _, page = await queries.get_space_page(
        call.member(),
        call.request.path_params["slug"],
        cursor=params.cursor,
        limit=pagination.limit_from(params.limit),
        unanswered=params.unanswered,
    )
    return contract_page(ThreadSummary, page)


@endpoint(
    "POST",
    "/spaces/{slug}/threads",
    summary="Start a thread",
    tag="spaces",
    body=NewThread,
    response=NewThreadWritten,
    status=201,
    errors=(403, 404, 429),
)
async def create_thread(call: Call) -> NewThreadWritten:
    result = await actions.create_thread(
        call.member(), call.request.path_params["slug"], call.data(NewThread)
    )
    return NewThreadWritten.model_validate(await result_out(call, result, with_thread=True))


@endpoint(
    "GET",
    "/threads/{id}",
    summary="A thread and a page of its posts, oldest first",
    tag="threads",
    query=ThreadPageQuery,
    response=ThreadWithPosts,
    errors=(400, 404, 422),
)
async def get_thread(call: Call) -> ThreadWithPosts:
    viewer = call.member()
    params = call.params(ThreadPageQuery)
    thread, state, page = await queries.get_thread_page(
        viewer,
        call.path_int("id"),
        after=params.cursor,
        before=params.before,
        last=params.last,
        limit=pagination.limit_from(params.limit),
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
    return ThreadWithPosts.model_validate({"thread": out, "posts": posts})


@endpoint(
    "POST",
    "/threads/{id}/posts",
    summary="Reply to a thread",
    tag="threads",
    body=NewPost,
    response=Written,
    status=201,
    errors=(403, 404, 429),
)
async def create_post(call: Call) -> Written:
    result = await actions.create_post(call.member(), call.path_int("id"), call.data(NewPost))
    return Written.model_validate(await result_out(call, result, with_thread=False))


@endpoint(
    "GET",
    "/posts/{id}",
    summary="One post",
    tag="posts",
    response=OnePost,
    errors=(404,),
)
async def get_post(call: Call) -> OnePost:
    post = await queries.get_post(call.member(), call.path_int("id"))
    return OnePost.model_validate({"post": post})


@endpoint(
    "PATCH",
    "/posts/{id}",
    summary="Edit a post (author or moderator)",
    tag="posts",
    body=PostEdit,
    response=Written,
    errors=(403, 404, 409, 422, 429),
    description="Send `version` (the `post.version` you read): if the post changed since, the answer is "
    "409 `conflict` and nothing changes. Every accepted edit keeps the replaced text in the history.",
)
async def edit_post(call: Call) -> Written:
    result = await actions.edit_post(call.member(), call.path_int("id"), call.data(PostEdit))
    user = call.member()
    author = await result.post.author
    return Written.model_validate({"post": shape_post(post_row(result.post, author), user)})


@endpoint(
    "DELETE",
    "/posts/{id}",
    summary="Delete a post (author or moderator)",
    tag="posts",
    errors=(403, 404),
)
async def delete_post(call: Call) -> None:
    await actions.delete_post(call.member(), call.path_int("id"))


@endpoint(
    "GET",
    "/posts/{id}/revisions",
    summary="Edit history (author and moderators)",
    tag="posts",
    response=Revisions,
    errors=(403, 404),
)
async def revisions(call: Call) -> Revisions:
    _, items = await queries.list_revisions(call.member(), call.path_int("id"))
    return Revisions.model_validate({"items": items})


@endpoint(
    "GET",
    "/me/posts",
    summary="Your posts, newest first, held ones included",
    tag="posts",
    query=PageQuery,
    response=Page[Post],
    errors=(400, 422),
)
async def my_posts(call: Call) -> Page[Post]:
    params = call.params(PageQuery)
    page = await queries.list_my_posts(
        call.member(), cursor=params.cursor, limit=pagination.limit_from(params.limit)
    )
    return contract_page(Post, page)


@endpoint(
    "GET",
    "/search",
    summary="Search posts in the spaces you can read, grouped by thread",
    tag="posts",
    query=Search,
    response=Page[SearchHit],
    errors=(400, 422, 429),
)
async def search(call: Call) -> Page[SearchHit]:
    params = call.params(Search)
    page = await search_queries.search_posts(
        call.user,
        params,
        ip=call.ip,
        cursor=params.cursor,
        limit=pagination.limit_from(params.limit),
    )
    for item in page.items:
        item["excerpt_html"] = str(item["excerpt_html"])
    return contract_page(SearchHit, page)


@endpoint(
    "PUT",
    "/spaces/{slug}/start-here",
    summary='Pin a thread as the space\'s "Start here" (moderators)',
    tag="spaces",
    body=StartHereChoice,
    response=StartHere,
    errors=(403, 404),
)
async def pin_start_here(call: Call) -> StartHere:
    slug = call.request.path_params["slug"]
    await set_start_here(call.member(), slug, call.data(StartHereChoice).thread_id)
    space = await access_space(call.member(), slug)
    pinned = await space_queries.get_start_here(call.member(), space)
    return StartHere.model_validate({"start_here": pinned})


@endpoint(
    "DELETE",
    "/spaces/{slug}/start-here",
    summary='Unpin the space\'s "Start here" (moderators)',
    tag="spaces",
    errors=(403, 404),
)
async def unpin_start_here(call: Call) -> None:
    await set_start_here(call.member(), call.request.path_params["slug"], None)
