"""Thread and post reads, shaped for a page, with a fixed number of queries."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from tortoise.expressions import Q

from forum import db, pagination
from forum.access import (
    access_post,
    access_space,
    can_read_space,
    can_see_thread,
    readable_space_ids,
    require_can_edit,
)
from forum.accounts.models import User, badges_for
from forum.blocks.queries import hidden_for
from forum.errors import NotFoundError
from forum.following.models import FollowLevel
from forum.pagination import Page
from forum.reactions.actions import KINDS
from forum.reactions.queries import (
    add_reacted_by,
    add_reactions,
    reaction_columns,
    reaction_counts_sql,
    set_reactions,
)
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
    title: str = thread["title"] if isinstance(thread, dict) else thread.title
    return title


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
            "username": row["author__username"]
            if not row["author__deleted_at"]
            else "former member",
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


@cache
def _posts_sql(moderator: bool, newest_first: bool, bounded: bool) -> str:
    """One page of a thread's posts with their authors and reaction counts, one statement.

    $1 thread, $2 viewer (0 for nobody), $3 rows wanted, $4.. the reaction kinds, then the
    cursor's post id (when `bounded`). Which posts a reader sees is `forum.access.can_see_post`'s
    rule, written here in SQL so the page is cut in the database: published posts, removed ones
    readers once saw (`published_at` set: a placeholder), and the viewer's own whatever their
    state (every post for a moderator); nothing by a member the viewer blocked (`hidden_for`).
    """
    visible = (
        ""
        if moderator
        else (
            "AND (p.status = 'published' OR (p.status = 'removed' AND p.published_at IS NOT NULL)"
            " OR p.author_id = $2) "
        )
    )
    cursor = f"${4 + len(KINDS)}"
    bound = (
        (f"AND p.id < {cursor} " if newest_first else f"AND p.id > {cursor} ") if bounded else ""
    )
    order = "DESC" if newest_first else "ASC"
    return (
        "WITH shown AS (SELECT p.id, p.thread_id, p.author_id, p.is_first, p.body_html, p.status, "
        "p.status_reason, p.deleted_by_author, p.created_at, p.edited_at, p.version, "
        "a.username AS a_username, a.roles AS a_roles, a.credential AS a_credential, "
        "a.deleted_at AS a_deleted_at "
        "FROM posts p JOIN users a ON a.id = p.author_id "
        f"WHERE p.thread_id = $1 {visible}{bound}"
        "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $2 AND b.blocked_id = p.author_id) "
        f"ORDER BY p.id {order} LIMIT $3) "
        f"SELECT shown.*, {reaction_columns('x')} FROM shown "
        f"LEFT JOIN ({reaction_counts_sql('SELECT id FROM shown', '$2', 4)}) x ON x.post_id = shown.id "
        f"ORDER BY shown.id {order}"
    )


def _post_row(row: dict[str, Any]) -> dict[str, Any]:
    """A `_posts_sql` row as `shape_post` reads it, values converted as the ORM's `.values()`."""
    post = db.values(Post, row)
    author = db.values(User, row, "a_")
    return {
        **post,
        "author__username": author["username"],
        "author__roles": author["roles"],
        "author__credential": author["credential"],
        "author__deleted_at": author["deleted_at"],
    }


async def list_posts(
    viewer: User | None,
    thread: Thread,
    *,
    after: str | None = None,
    before: str | None = None,
    last: bool = False,
    limit: int = pagination.DEFAULT_LIMIT,
) -> Page[dict[str, Any]]:
    """One page of a thread, oldest first, by post id: stable while replies arrive.

    One statement for the posts, their authors and reaction counts (`_posts_sql`); one more
    only when the viewer's own posts on the page have reactions (who sent them, for the author).
    """
    after_values = pagination.decode(after, int)
    before_values = pagination.decode(before, int)
    newest_first = before_values is not None or last
    bound = before_values if newest_first else after_values
    sql = _posts_sql(
        bool(viewer is not None and viewer.is_moderator), newest_first, bound is not None
    )
    rows = await db.fetch(
        sql,
        thread.id,
        viewer.id if viewer is not None else 0,
        limit + 1,
        *KINDS,
        *([bound[0]] if bound is not None else []),
    )
    # Read away from the bound (newest first for `before`/`last`): the extra row says there is
    # more that way; back toward a given bound there is always more.
    page = pagination.page_of(rows, limit, lambda r: (r["id"],))
    rows = list(reversed(page.items)) if newest_first else page.items
    items = []
    for row in rows:
        item = shape_post(_post_row(row), viewer)
        set_reactions(item, row, viewer)
        items.append(item)
    await add_reacted_by(viewer, thread.id, items)
    back = (
        pagination.encode(items[-1 if newest_first else 0]["id"])
        if items and bound is not None
        else None
    )
    if newest_first:
        return Page(items, next_cursor=back, prev_cursor=page.next_cursor)
    return Page(items, next_cursor=page.next_cursor, prev_cursor=back)


async def list_threads(
    viewer: User | None,
    space: Space,
    *,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
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
        return (
            query.order_by("-last_post_at", "-id")
            .limit(limit + 1)
            .values(
                "id",
                "title",
                "status",
                "created_at",
                "last_post_at",
                "reply_count",
                "author__username",
                "author__deleted_at",
                "opening_removed",
            )
        )

    answered: dict[str, object] = {"reply_count": 0} if unanswered else {}
    hidden = await hidden_for(viewer)
    if hidden:  # threads started by members the viewer blocked are not listed
        answered["author_id__not_in"] = list(hidden)
    rows = await page_of(Thread.filter(space_id=space.id, status=PostStatus.PUBLISHED, **answered))
    if viewer is not None:
        # status IN (...), not status <> published: an equality list keeps to the index range.
        held = Thread.filter(
            space_id=space.id, status__in=[PostStatus.PENDING, PostStatus.REMOVED], **answered
        )
        if not viewer.is_moderator:
            held = held.filter(author_id=viewer.id)
        rows = sorted(
            [*rows, *await page_of(held)], key=lambda r: (r["last_post_at"], r["id"]), reverse=True
        )
    page = pagination.page_of(rows, limit, lambda r: (r["last_post_at"].isoformat(), r["id"]))
    items = [
        {
            "id": r["id"],
            "title": r["title"],
            "author": thread_author(
                r["author__username"], r["author__deleted_at"], r["opening_removed"]
            ),
            "status": PostStatus(r["status"]).value,
            "created_at": r["created_at"],
            "last_post_at": r["last_post_at"],
            "reply_count": r["reply_count"],
        }
        for r in page.items
    ]
    await _add_activity(viewer, items, space.id)
    return page.with_items(items)


async def _add_activity(
    viewer: User | None, items: list[dict[str, Any]], space_id: int | None = None
) -> None:
    """Each listed thread gains `excerpt` (of its first post), `last_poster`, and the viewer's
    `following`, `unread_count`, `first_unread_post_id`, `visited`, and `new_since_visit`: started
    after the viewer was last in the space and not opened yet -- never true for a member who has
    not been in the space before, so a first visit shows no wall of "New" (five queries)."""
    from tortoise.functions import Max

    from forum.following.queries import last_visit, thread_states
    from forum.text import excerpt

    ids = [t["id"] for t in items]
    if not ids:
        return
    first = {
        r["thread_id"]: r["body_html"]
        for r in await Post.filter(
            thread_id__in=ids, is_first=True, status=PostStatus.PUBLISHED
        ).values("thread_id", "body_html")
    }
    # "latest from …" names the latest replier this reader has not blocked (issue 16: a blocked
    # member's words leave everything the blocker reads).
    replies = Post.filter(thread_id__in=ids, status=PostStatus.PUBLISHED, is_first=False)
    hidden = await hidden_for(viewer)
    if hidden:
        replies = replies.exclude(author_id__in=list(hidden))
    last_ids = [
        r["last"]
        for r in await replies.annotate(last=Max("id"))
        .group_by("thread_id")
        .values("thread_id", "last")
    ]
    last_posters = (
        {
            r["thread_id"]: r["author__username"]
            if not r["author__deleted_at"]
            else "former member"
            for r in await Post.filter(id__in=last_ids).values(
                "thread_id", "author__username", "author__deleted_at"
            )
        }
        if last_ids
        else {}
    )
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
        item["new_since_visit"] = bool(
            not state["visited"] and since is not None and item["created_at"] > since
        )


@cache
def _thread_sql() -> str:
    """A thread, its space and the viewer's follow and unread state, one statement.

    $1 thread, $2 viewer. Unread is `forum.following.queries.thread_states`'s rule: published
    posts by others above the viewer's read mark (every one if they never opened the thread),
    none by a member they blocked.
    """
    return (
        f"SELECT {db.columns(Thread, 't', 't_')}, {db.columns(Space, 's', 's_')}, "
        "f.level AS follow_level, r.last_read_post_id AS read_mark, "
        "u.unread_count, u.first_unread_post_id "
        "FROM threads t JOIN spaces s ON s.id = t.space_id "
        "LEFT JOIN thread_follows f ON f.thread_id = t.id AND f.user_id = $2 "
        "LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $2 "
        "CROSS JOIN (SELECT count(*) AS unread_count, min(p.id) AS first_unread_post_id FROM posts p "
        "WHERE p.thread_id = $1 AND p.status = 'published' AND p.author_id <> $2 "
        "AND p.id > coalesce((SELECT m.last_read_post_id FROM thread_reads m "
        "WHERE m.thread_id = $1 AND m.user_id = $2), 0) "
        "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $2 AND b.blocked_id = p.author_id)) u "
        "WHERE t.id = $1"
    )


async def get_thread_with_state(
    viewer: User | None, thread_id: int
) -> tuple[Thread, dict[str, Any]]:
    """`access_thread` (same rules, same NotFoundError for missing and not visible) and the
    viewer's `get_thread_state` of it, in one statement instead of five (thread with space,
    follows, read mark, blocks, unread count)."""
    rows = await db.fetch(_thread_sql(), thread_id, viewer.id if viewer is not None else 0)
    if not rows:
        raise NotFoundError("No such thread.")
    row = rows[0]
    thread = db.instance(Thread, row, "t_")
    space = db.instance(Space, row, "s_")
    object.__setattr__(thread, "_space", space)  # as select_related("space") leaves it
    if not can_read_space(viewer, space) or not can_see_thread(viewer, thread):
        raise NotFoundError("No such thread.")
    visited = row["read_mark"] is not None
    level = row["follow_level"]
    state = {
        "following": viewer is not None and level == FollowLevel.FOLLOWING,
        "muted": viewer is not None and level == FollowLevel.MUTED,
        "visited": viewer is not None and visited,
        "last_read_post_id": int(row["read_mark"]) if visited and viewer is not None else 0,
        "unread_count": int(row["unread_count"] or 0) if viewer is not None else 0,
        "first_unread_post_id": row["first_unread_post_id"] if viewer is not None else None,
    }
    return thread, state


async def get_thread_page(
    viewer: User | None,
    thread_id: int,
    *,
    after: str | None = None,
    before: str | None = None,
    last: bool = False,
    limit: int = pagination.DEFAULT_LIMIT,
) -> tuple[Thread, dict[str, Any], Page[dict[str, Any]]]:
    """A thread the viewer may read, their follow and unread state of it (before this page is
    marked read), and one page of its posts: two statements (`get_thread_with_state`,
    `list_posts`), three when the viewer's own posts on the page have reactions."""
    thread, state = await get_thread_with_state(viewer, thread_id)
    page = await list_posts(viewer, thread, after=after, before=before, last=last, limit=limit)
    return thread, state, page


async def get_space_page(
    viewer: User | None,
    slug: str,
    *,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    unanswered: bool = False,
) -> tuple[Space, Page[dict[str, Any]]]:
    space = await access_space(viewer, slug)
    return space, await list_threads(
        viewer, space, cursor=cursor, limit=limit, unanswered=unanswered
    )


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
    rows = (
        await PostRevision.filter(post_id=post.id)
        .order_by("-id")
        .values("id", "body_html", "created_at", "editor__username")
    )
    return post, [
        {
            "id": r["id"],
            "body_html": r["body_html"],
            "created_at": r["created_at"],
            "editor": r["editor__username"],
        }
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
    rows = (
        await query.order_by("-id")
        .limit(limit + 1)
        .values(*_POST_FIELDS, "thread__title", "thread__space__slug", "thread__space_id")
    )
    page = pagination.page_of(rows, limit, lambda r: (r["id"],))
    readable = set(await readable_space_ids(viewer))
    items = []
    for r in page.items:
        item = shape_post(r, viewer)
        # A post left on the side the member no longer reads: they may still erase it, but the
        # list names neither that thread nor its space.
        item["readable"] = r["thread__space_id"] in readable
        item["thread_title"] = (
            r["thread__title"] if item["readable"] else "A thread in a space you no longer read"
        )
        item["space"] = r["thread__space__slug"] if item["readable"] else None
        item["can_erase"] = not r["deleted_by_author"]
        items.append(item)
    return page.with_items(items)
