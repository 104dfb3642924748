"""Notifications that reference their subject and are rendered when read.

A `reply`, `mention` or `reaction` notice stores a code-written template (`message`,
with `{title}`, `{actor}`, `{count}` placeholders), its subject (`subject_type` +
`subject_id`) and `params` that name no content (a count, an actor's id). Its words are
made when the member reads the list, through the same rules as `forum.access` (space,
thread and post visibility, blocks), so a notice never names a thread its reader can no
longer read (after a path change, a removal, a block). This is the shape of the privacy
work's `forum.accounts.notifications` (issue 11); older notices keep their stored text.

Live unread counts: `announce(user_id)` publishes on the event bus channel
`member:{id}`; `GET /api/v1/me/notifications/events` streams the new count.
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q

from forum import pagination, runtime
from forum.accounts.models import Notification, User
from forum.db import column_values
from forum.pagination import Page
from forum.runtime import now
from forum.threads.models import Post

# Grouped kinds: one unread notice per (member, kind, subject); the template for one event, for many.
GROUPED = {
    "reply": ("A new reply in “{title}”", "{count} new replies in “{title}”"),
    "reaction": (
        "Someone sent support on your post in “{title}”",
        "{count} reactions of support on your post in “{title}”",
    ),
}
MENTION = "{actor} mentioned you in “{title}”"


def channel(user_id: int) -> str:
    return f"member:{user_id}"


async def send(
    user_id: int, kind: str, template: str, subject: tuple[str, int], **params: Any
) -> None:
    """One notice about a subject (call inside the write that caused it). `params` name no content."""
    await Notification.create(
        user_id=user_id,
        kind=kind,
        message=template,
        subject_type=subject[0],
        subject_id=subject[1],
        params=params,
    )


async def send_grouped(user_id: int, kind: str, subject: tuple[str, int]) -> None:
    """One unread notice per (member, kind, subject): a second event raises its count and
    brings it to the top instead of adding a row (many replies or taps, one notice)."""
    one, many = GROUPED[kind]
    bumped = (
        await Notification.filter(
            user_id=user_id, kind=kind, subject_type=subject[0], subject_id=subject[1], read_at=None
        )
        .order_by("-id")
        .first()
    )
    if bumped is not None:
        count = int((bumped.params or {}).get("count", 1)) + 1
        # A fresh id would reorder pages under a reader's cursor; created_at moves instead.
        await Notification.filter(id=bumped.id).update(
            message=many, params={"count": count}, created_at=now()
        )
        return
    await send(user_id, kind, one, subject, count=1)


async def read_up_to(user_id: int, thread_id: int, post_ids: list[int]) -> None:
    """Reading a thread reads its reply notice, and the mention notices of the posts seen (one query)."""
    seen = Q(kind="reply", subject_type="thread", subject_id=thread_id)
    if post_ids:
        seen |= Q(kind="mention", subject_type="post", subject_id__in=post_ids)
    if await Notification.filter(seen, user_id=user_id, read_at=None).update(read_at=now()):
        await announce(user_id)


async def unread_count(user_id: int) -> int:
    return await Notification.filter(user_id=user_id, read_at=None).count()


async def mark_read(user: User, ids: list[int] | None = None) -> int:
    """Mark the member's notices read (all of them when `ids` is None). Returns the unread count left.

    Ids that are not the member's are ignored (never an error that would confirm they exist).
    """
    query = Notification.filter(user_id=user.id, read_at=None)
    if ids is not None:
        query = query.filter(id__in=ids)
    if await query.update(read_at=now()):
        await announce(user.id)
    return await unread_count(user.id)


async def announce(user_id: int) -> None:
    """Tell the member's open pages (every process) that their notices changed."""
    bus = runtime.get().bus
    await bus.publish(channel(user_id), {"kind": "notifications"})


async def list_notifications(
    viewer: User,
    *,
    unread_only: bool = False,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
) -> Page[dict[str, Any]]:
    """The member's notices, newest first: `{id, kind, text, url, count, created_at, read_at}`
    (and `message`/`link`, older names of text/url). Keyset on id.

    Rendered now, for this reader, by `forum.accounts.notifications.render_notifications` (the
    access rules); then what the member blocked is left out of the words: a notice whose actor or
    subject post is by a blocked member reads as unavailable.
    """
    from forum.accounts.notifications import UNREADABLE, render_notifications

    query = Notification.filter(user_id=viewer.id)
    if unread_only:
        query = query.filter(read_at=None)
    after = pagination.decode(cursor, int)
    if after is not None:
        query = query.filter(id__lt=after[0])
    page = pagination.page_of(
        await query.order_by("-id").limit(limit + 1), limit, lambda r: (r.id,)
    )
    rows = page.items
    shaped = await render_notifications(viewer, rows)
    hidden = await _hidden_authors(viewer)
    hidden_posts: set[int] = set()
    post_ids = [r.subject_id for r in rows if r.subject_type == "post"]
    if hidden and post_ids:
        hidden_posts = set(
            await column_values(Post.filter(id__in=post_ids, author_id__in=hidden), "id")
        )
    items = []
    for row, item in zip(rows, shaped, strict=True):
        params = row.params or {}
        if params.get("actor_id") in hidden or (
            row.subject_type == "post" and row.subject_id in hidden_posts
        ):
            item["text"], item["url"] = UNREADABLE, None
        elif item["url"] is not None and row.kind == "reply" and row.subject_type == "thread":
            item["url"] = f"/t/{row.subject_id}?unread=1"  # the first unread post, not the top
        elif (
            item["url"] is not None
            and row.kind in ("mention", "reaction")
            and row.subject_type == "post"
        ):
            item["url"] = f"/p/{row.subject_id}"  # the page that holds the post
        item["count"] = int(params.get("count", 1))
        item["message"], item["link"] = item["text"], item["url"]
        items.append(item)
    return page.with_items(items)


async def _hidden_authors(viewer: User) -> set[int]:
    from forum.blocks.queries import hidden_for

    return await hidden_for(viewer)
