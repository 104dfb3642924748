"""Reads for following and unread state: one thread, or a page of threads in two queries.

"Unread" counts published posts by others with an id above the member's read mark
(posts by members they blocked do not count). A thread the member never opened counts
every such post, its first post included.
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count, Min

from forum.accounts.models import User
from forum.db import column_values
from forum.following.models import FollowLevel, ThreadFollow, ThreadRead
from forum.threads.models import Post, PostStatus, Thread


async def _hidden_authors(viewer: User) -> set[int]:
    from forum.blocks.queries import hidden_for

    return await hidden_for(viewer)


async def thread_states(viewer: User | None, thread_ids: list[int]) -> dict[int, dict[str, Any]]:
    """{thread_id: {following, muted, visited, last_read_post_id, unread_count, first_unread_post_id}}.

    Three queries whatever the number of threads (follows, read marks, one grouped count).
    """
    empty = {
        "following": False,
        "muted": False,
        "visited": False,
        "last_read_post_id": 0,
        "unread_count": 0,
        "first_unread_post_id": None,
    }
    if viewer is None or not thread_ids:
        return {tid: dict(empty) for tid in thread_ids}
    states = {tid: dict(empty) for tid in thread_ids}
    for row in await ThreadFollow.filter(user_id=viewer.id, thread_id__in=thread_ids).values(
        "thread_id", "level"
    ):
        states[row["thread_id"]]["following"] = row["level"] == FollowLevel.FOLLOWING
        states[row["thread_id"]]["muted"] = row["level"] == FollowLevel.MUTED
    marks = {tid: 0 for tid in thread_ids}
    for row in await ThreadRead.filter(user_id=viewer.id, thread_id__in=thread_ids).values(
        "thread_id", "last_read_post_id"
    ):
        marks[row["thread_id"]] = row["last_read_post_id"]
        states[row["thread_id"]]["visited"] = True
        states[row["thread_id"]]["last_read_post_id"] = row["last_read_post_id"]
    after = Q(*(Q(thread_id=tid, id__gt=mark) for tid, mark in marks.items()), join_type="OR")
    query = Post.filter(after, status=PostStatus.PUBLISHED).exclude(author_id=viewer.id)
    hidden = await _hidden_authors(viewer)
    if hidden:
        query = query.exclude(author_id__in=hidden)
    rows = (
        await query.annotate(n=Count("id"), first=Min("id"))
        .group_by("thread_id")
        .values("thread_id", "n", "first")
    )
    for row in rows:
        states[row["thread_id"]]["unread_count"] = row["n"]
        states[row["thread_id"]]["first_unread_post_id"] = row["first"]
    return states


async def last_visit(viewer: User | None, space_id: int) -> Any:
    """When ``viewer`` was last in the space: the latest of their read marks on its threads (an
    aware datetime), or None for a member who never opened a thread there (and for no viewer).
    A thread started after it, and not opened since, is "New" to them (templates/spaces)."""
    if viewer is None:
        return None
    rows = await column_values(
        ThreadRead.filter(user_id=viewer.id, thread__space_id=space_id)
        .order_by("-updated_at")
        .limit(1),
        "updated_at",
    )
    return rows[0] if rows else None


async def get_thread_state(viewer: User | None, thread: Thread) -> dict[str, Any]:
    """The viewer's following and unread state of one thread (see `thread_states`)."""
    return (await thread_states(viewer, [thread.id]))[thread.id]


async def unread_followed_by_space(viewer: User | None) -> dict[str, int]:
    """{space slug: number of followed threads with unread posts}, for the spaces overview.

    Looks at the member's 500 most recently followed threads (older ones rarely wake up)."""
    if viewer is None:
        return {}
    followed = (
        await ThreadFollow.filter(
            user_id=viewer.id, level=FollowLevel.FOLLOWING, thread__status=PostStatus.PUBLISHED
        )
        .order_by("-id")
        .limit(500)
        .values("thread_id", "thread__space__slug")
    )
    if not followed:
        return {}
    states = await thread_states(viewer, [r["thread_id"] for r in followed])
    counts: dict[str, int] = {}
    for row in followed:
        if states[row["thread_id"]]["unread_count"]:
            slug = row["thread__space__slug"]
            counts[slug] = counts.get(slug, 0) + 1
    return counts


async def export_member(user: User) -> dict[str, Any]:
    """An `exporters` hook (forum.plugins): the threads a member follows or muted.

    Returns {"follows": [{thread_id, level ("following" | "muted"), since}]}: ids, not titles (a
    followed thread may since be in a space the member can no longer read)."""
    rows = (
        await ThreadFollow.filter(user_id=user.id)
        .order_by("id")
        .values("thread_id", "level", "created_at")
    )
    return {
        "follows": [
            {"thread_id": r["thread_id"], "level": str(r["level"]), "since": r["created_at"]}
            for r in rows
        ]
    }


async def erase_member(user: User) -> None:
    """An `erasers` hook (forum.plugins): what a deleted member followed, muted and read goes with them."""
    await ThreadFollow.filter(user_id=user.id).delete()
    await ThreadRead.filter(user_id=user.id).delete()
