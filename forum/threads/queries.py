"""Thread and post reads, shaped for a page, with a fixed number of queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from forum import pagination
from forum.access import access_post, access_space, access_thread, readable_space_ids, require_can_edit
from forum.accounts.models import User, badges_for
from forum.pagination import Page
from forum.blocks.queries import hidden_for
from forum.reactions.queries import add_reactions
from forum.spaces.models import Space
from forum.threads.models import Post, PostRevision, PostStatus, Thread

PLACEHOLDER_AUTHOR = "<p><em>This post was deleted by its author.</em></p>"
PLACEHOLDER_REMOVED = "<p><em>This post was removed by a moderator.</em></p>"

_POST_FIELDS = (
    "id",
    "thread_id",
    "author_id",
    "author__username",
    "author__roles",
    "author__credential",
    "author__deleted_at",
    "is_first",
    "body_html",
    "status",
    "status_reason",
    "deleted_by_author",
    "created_at",
    "edited_at",
    "version",
)


def thread_title(thread: Any) -> str:
    """The title a reader is shown for a thread (a Thread or a row with ``title``)."""
    return thread["title"] if isinstance(thread, dict) else thread.title


def thread_author(username: str, deleted_at: Any, opening_removed: bool) -> str | None:
    """Who a thread is shown as started by: nobody once its opening post is deleted."""
    if opening_removed:
        return None
    return username if deleted_at is None else "former member"


def shape_post(row: dict[str, Any], viewer: User | None = None) -> dict[str, Any]:
    status = PostStatus(row["status"])
    body_html = row["body_html"]
    if status == PostStatus.REMOVED:
        body_html = PLACEHOLDER_AUTHOR if row["deleted_by_author"] else PLACEHOLDER_REMOVED
    mine = viewer is not None and viewer.id == row["author_id"]
    return {
        "id": row["id"],
        "thread_id": row["thread_id"],
        "author": {
            "username": row["author__username"] if not row["author__deleted_at"] else "former member",
            "badges": badges_for(row["author__roles"], row["author__credential"]),
        },
        "body_html": body_html,
        "status": status.value,
        # Why it is held or removed: for the author and moderators only.
        "status_reason": row["status_reason"]
        if status != PostStatus.PUBLISHED and (mine or (viewer and viewer.is_moderator))
        else None,
        "is_first": row["is_first"],
        "mine": mine,
        "created_at": row["created_at"],
        "edited_at": row["edited_at"],
        # What an edit sends back as `version` (compare-and-set; a stale one is 409).
        "version": row.get("version", 1),
    }


def post_row(post: Post, author: User) -> dict[str, Any]:
    return {
        "id": post.id,
        "thread_id": post.thread_id,
        "author_id": author.id,
        "author__username": author.username,
        "author__roles": author.roles,
        "author__credential": author.credential,
        "author__deleted_at": author.deleted_at,
        "is_first": post.is_first,
        "body_html": post.body_html,
        "status": post.status,
        "status_reason": post.status_reason,
        "deleted_by_author": post.deleted_by_author,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "version": post.version,
    }


def _visible_posts(viewer: User | None) -> Q:
    # A removed post leaves a placeholder only if readers once saw it (published_at is set).
    visible = Q(status=PostStatus.PUBLISHED) | Q(status=PostStatus.REMOVED, published_at__isnull=False)
    if viewer is not None and viewer.is_moderator:
        return Q(id__gte=0)
    if viewer is not None:
        return visible | Q(author_id=viewer.id)
    return visible


async def list_posts(
    viewer: User | None,
    thread: Thread,
    *,
    after: str | None = None,
    before: str | None = None,
    last: bool = False,
    limit: int = pagination.DEFAULT_LIMIT,
) -> Page[dict[str, Any]]:
    """One page of a thread, oldest first, by post id: stable while replies arrive."""
    query = Post.filter(thread_id=thread.id).filter(_visible_posts(viewer))
    hidden = await hidden_for(viewer)
    if hidden:
        query = query.exclude(author_id__in=hidden)
    after_values = pagination.decode(after, int)
    before_values = pagination.decode(before, int)
    if before_values is not None or last:
        if before_values is not None:
            query = query.filter(id__lt=before_values[0])
        rows = await query.order_by("-id").limit(limit + 1).values(*_POST_FIELDS)
        more_before = len(rows) > limit
        rows = list(reversed(rows[:limit]))
        has_after = before_values is not None
        has_before = more_before
    else:
        if after_values is not None:
            query = query.filter(id__gt=after_values[0])
        rows = await query.order_by("id").limit(limit + 1).values(*_POST_FIELDS)
        has_after = len(rows) > limit
        rows = rows[:limit]
        has_before = after_values is not None
    items = [shape_post(r, viewer) for r in rows]
    await add_reactions(viewer, items, hidden)
    return Page(
        items=items,
        next_cursor=pagination.encode(items[-1]["id"]) if items and has_after else None,
        prev_cursor=pagination.encode(items[0]["id"]) if items and has_before else None,
    )


async def list_threads(
    viewer: User | None, space: Space, *, cursor: str | None = None, limit: int = pagination.DEFAULT_LIMIT,
    unanswered: bool = False,
) -> Page[dict[str, Any]]:
    """A space's threads by latest activity (keyset on last_post_at, id).

    Published threads come from the (space, status, last_post_at, id) index in
    order; the few held ones the viewer may also see (their own, or all for
    moderators) come from a second small query and are merged in. One query with
    `status = published OR author = me` would make the database scan and sort
    every thread in the space instead.
    """
    values = pagination.decode(cursor, datetime.fromisoformat, int)
    after = (values[0], values[1]) if values is not None else None

    def page_of(query: Any) -> Any:
        if after is not None:
            at, tid = after
            # The first bound lets the index range-scan; the second breaks ties on id.
            query = query.filter(Q(last_post_at__lte=at) & (Q(last_post_at__lt=at) | Q(id__lt=tid)))
        return query.order_by("-last_post_at", "-id").limit(limit + 1).values(
            "id", "title", "status", "created_at", "last_post_at", "reply_count", "author__username",
            "author__deleted_at", "opening_removed",
        )

    answered = {"reply_count": 0} if unanswered else {}
    hidden = await hidden_for(viewer)
    if hidden:  # threads started by members the viewer blocked are not listed
        answered["author_id__not_in"] = list(hidden)  # type: ignore[assignment]
    rows = await page_of(Thread.filter(space_id=space.id, status=PostStatus.PUBLISHED, **answered))
    if viewer is not None:
        # status IN (...), not status <> published: an equality list keeps to the index range.
        held = Thread.filter(space_id=space.id, status__in=[PostStatus.PENDING, PostStatus.REMOVED],
                              **answered)
        if not viewer.is_moderator:
            held = held.filter(author_id=viewer.id)
        rows = sorted([*rows, *await page_of(held)], key=lambda r: (r["last_post_at"], r["id"]), reverse=True)
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        {
            "id": r["id"],
            "title": r["title"],
            "author": thread_author(r["author__username"], r["author__deleted_at"], r["opening_removed"]),
            "status": PostStatus(r["status"]).value,
            "created_at": r["created_at"],
            "last_post_at": r["last_post_at"],
            "reply_count": r["reply_count"],
        }
        for r in rows
    ]
    await _add_activity(viewer, items, space.id)
    next_cursor = (
        pagination.encode(rows[-1]["last_post_at"].isoformat(), rows[-1]["id"]) if more and rows else None
    )
    return Page(items=items, next_cursor=next_cursor)


async def _add_activity(viewer: User | None, items: list[dict[str, Any]], space_id: int | None = None) -> None:
    """Each listed thread gains `excerpt` (of its first post), `last_poster`, and the viewer's
    `following`, `unread_count`, `first_unread_post_id`, `visited`, and `new_since_visit`: started
    after the viewer was last in the space and not opened yet -- never true for a member who has
    not been in the space before, so a first visit shows no wall of "New" (five queries)."""
    from forum.following.queries import last_visit, thread_states
    from forum.text import excerpt
    from tortoise.functions import Max

    ids = [t["id"] for t in items]
    if not ids:
        return
    first = {
        r["thread_id"]: r["body_html"]
        for r in await Post.filter(thread_id__in=ids, is_first=True, status=PostStatus.PUBLISHED).values(
            "thread_id", "body_html"
        )
    }
    # "latest from …" names the latest replier this reader has not blocked (issue 16: a blocked
    # member's words leave everything the blocker reads).
    replies = Post.filter(thread_id__in=ids, status=PostStatus.PUBLISHED, is_first=False)
    hidden = await hidden_for(viewer)
    if hidden:
        replies = replies.exclude(author_id__in=list(hidden))
    last_ids = [
        r["last"] for r in await replies.annotate(last=Max("id")).group_by("thread_id").values("thread_id", "last")
    ]
    last_posters = {
        r["thread_id"]: r["author__username"] if not r["author__deleted_at"] else "former member"
        for r in await Post.filter(id__in=last_ids).values("thread_id", "author__username", "author__deleted_at")
    } if last_ids else {}
    states = await thread_states(viewer, ids)
    since = await last_visit(viewer, space_id) if space_id is not None else None
    for item in items:
        item["excerpt"] = excerpt(first.get(item["id"], ""), 160)
        item["last_poster"] = last_posters.get(item["id"])
        state = states[item["id"]]
        item["following"] = state["following"]
        item["unread_count"] = state["unread_count"]
        item["first_unread_post_id"] = state["first_unread_post_id"]
        item["visited"] = state["visited"]
        item["new_since_visit"] = bool(not state["visited"] and since is not None and item["created_at"] > since)


async def get_thread_page(
    viewer: User | None,
    thread_id: int,
    *,
    after: str | None = None,
    before: str | None = None,
    last: bool = False,
    limit: int = pagination.DEFAULT_LIMIT,
) -> tuple[Thread, Page[dict[str, Any]]]:
    thread = await access_thread(viewer, thread_id)
    page = await list_posts(viewer, thread, after=after, before=before, last=last, limit=limit)
    return thread, page


async def get_space_page(
    viewer: User | None, slug: str, *, cursor: str | None = None, limit: int = pagination.DEFAULT_LIMIT,
    unanswered: bool = False,
) -> tuple[Space, Page[dict[str, Any]]]:
    space = await access_space(viewer, slug)
    return space, await list_threads(viewer, space, cursor=cursor, limit=limit, unanswered=unanswered)


async def get_post(viewer: User | None, post_id: int) -> dict[str, Any]:
    post = await access_post(viewer, post_id)
    shaped = shape_post(post_row(post, post.author), viewer)
    await add_reactions(viewer, [shaped], await hidden_authors(viewer))
    return shaped


async def hidden_authors(viewer: User | None) -> set[int]:
    """Members whose words and reactions this viewer has chosen not to see (blocked)."""
    return await hidden_for(viewer)


async def get_post_for_edit(viewer: User, post_id: int) -> Post:
    post = await access_post(viewer, post_id)
    require_can_edit(viewer, post)
    return post


async def get_post_for_delete(viewer: User, post_id: int) -> Post:
    """The post to delete: always the viewer's own (whatever its state or space: an author can
    always erase their words), or one a moderator may remove."""
    own = await Post.get_or_none(id=post_id, author_id=viewer.id)
    if own is not None:
        return own
    return await get_post_for_edit(viewer, post_id)


async def list_revisions(viewer: User, post_id: int) -> tuple[Post, list[dict[str, Any]]]:
    """Edit history: for the author and moderators."""
    post = await access_post(viewer, post_id)
    if post.author_id != viewer.id and not viewer.is_moderator:
        from forum.errors import PermissionDeniedError

        raise PermissionDeniedError("Only the author and moderators can see the edit history.")
    rows = await PostRevision.filter(post_id=post.id).order_by("-id").values(
        "id", "body_html", "created_at", "editor__username"
    )
    return post, [
        {"id": r["id"], "body_html": r["body_html"], "created_at": r["created_at"], "editor": r["editor__username"]}
        for r in rows
    ]


async def list_my_posts(
    viewer: User, *, cursor: str | None = None, limit: int = pagination.DEFAULT_LIMIT
) -> Page[dict[str, Any]]:
    """A member's own posts, newest first, held ones included with their reason."""
    query = Post.filter(author_id=viewer.id)
    values = pagination.decode(cursor, int)
    if values is not None:
        query = query.filter(id__lt=values[0])
    rows = await query.order_by("-id").limit(limit + 1).values(
        *_POST_FIELDS, "thread__title", "thread__space__slug", "thread__space_id"
    )
    more = len(rows) > limit
    rows = rows[:limit]
    readable = set(await readable_space_ids(viewer))
    items = []
    for r in rows:
        item = shape_post(r, viewer)
        # A post left on the side the member no longer reads: they may still erase it, but the
        # list names neither that thread nor its space.
        item["readable"] = r["thread__space_id"] in readable
        item["thread_title"] = r["thread__title"] if item["readable"] else "A thread in a space you no longer read"
        item["space"] = r["thread__space__slug"] if item["readable"] else None
        item["can_erase"] = not r["deleted_by_author"]
        items.append(item)
    return Page(items=items, next_cursor=pagination.encode(rows[-1]["id"]) if more and rows else None)
