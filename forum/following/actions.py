"""Following, muting and reading threads; telling followers and mentioned members of a new post.

Rules (issue 16):
- A member follows a thread when they start it or reply to it, unless they muted it.
- They may follow, unfollow or mute any thread they can read (`access_thread`).
- A published post notifies the thread's followers (`reply`) and the members it
  mentions as `@pseudonym` (`mention`) — only those who can read the space now,
  never its author, never someone who muted the thread. A mention of someone who
  cannot read the space notifies no one, and the author is told nothing either way.
- Reading moves forward only: `mark_read` never makes a thread unread again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tortoise.exceptions import IntegrityError

from forum.access import access_thread, can_read_space, require_member
from forum.accounts.models import User
from forum.blocks.queries import blocker_ids_of
from forum.db import column_values, on_commit, transaction
from forum.following import notices
from forum.following.models import FollowLevel, ThreadFollow, ThreadRead
from forum.following.queries import get_thread_state
from forum.following.schemas import ReadUpTo
from forum.spaces.models import Space
from forum.threads.models import Post, PostStatus, Thread

# `@name` not inside a word or an e-mail address; names follow accounts.USERNAME_RE.
MENTION_RE = re.compile(r"(?<![\w@./-])@([A-Za-z0-9_-]{3,30})\b")
MAX_MENTIONS = 10  # a post naming more than this notifies the first ten


def mentioned_usernames(body_md: str) -> list[str]:
    """Distinct `@pseudonym`s in Markdown text, in order, lower-cased, at most MAX_MENTIONS.

    Code spans and fenced code are skipped: quoting `@name` in code is not a mention.
    """
    text = re.sub(r"```.*?```|`[^`\n]*`", " ", body_md, flags=re.S)
    seen: list[str] = []
    for match in MENTION_RE.finditer(text):
        name = match.group(1).lower()
        if name not in seen:
            seen.append(name)
        if len(seen) >= MAX_MENTIONS:
            break
    return seen


async def follow_thread(user: User | None, thread_id: int) -> dict[str, bool]:
    """Follow a readable thread (un-mutes it too). Returns {following, muted}."""
    return await _set_level(user, thread_id, FollowLevel.FOLLOWING)


async def mute_thread(user: User | None, thread_id: int) -> dict[str, bool]:
    """Hear nothing more of a readable thread, mentions included, even after replying."""
    return await _set_level(user, thread_id, FollowLevel.MUTED)


async def unfollow_thread(user: User | None, thread_id: int) -> dict[str, bool]:
    """Back to the default: not following, not muted (a later reply follows again)."""
    user = require_member(user)
    thread = await access_thread(user, thread_id)
    await ThreadFollow.filter(user_id=user.id, thread_id=thread.id).delete()
    return {"following": False, "muted": False}


async def _set_level(user: User | None, thread_id: int, level: FollowLevel) -> dict[str, bool]:
    user = require_member(user)
    thread = await access_thread(user, thread_id)
    updated = await ThreadFollow.filter(user_id=user.id, thread_id=thread.id).update(level=level)
    if not updated:
        try:
            async with transaction():
                await ThreadFollow.create(user_id=user.id, thread_id=thread.id, level=level)
        except IntegrityError:  # a second request got there first: set the level it asked for
            await ThreadFollow.filter(user_id=user.id, thread_id=thread.id).update(level=level)
    return {"following": level == FollowLevel.FOLLOWING, "muted": level == FollowLevel.MUTED}


async def auto_follow(user: User, thread_id: int) -> None:
    """Start following a thread one started or replied to, unless it is muted (call inside the write)."""
    if not await ThreadFollow.exists(user_id=user.id, thread_id=thread_id):
        try:
            async with transaction():
                await ThreadFollow.create(
                    user_id=user.id, thread_id=thread_id, level=FollowLevel.FOLLOWING
                )
        except IntegrityError:
            pass


async def mark_read(user: User | None, thread_id: int, data: ReadUpTo) -> int:
    """Mark a thread read up to `data.post_id` (a post of that thread). Returns the posts still
    unread. Raises NotFoundError for a thread the member cannot read. A post id beyond the
    thread's last post marks all of it read.
    """
    user = require_member(user)
    thread = await access_thread(user, thread_id)
    post_id = data.post_id
    last = await Post.filter(thread_id=thread.id).order_by("-id").first().values("id")
    post_id = min(post_id, last["id"] if last else 0)
    state = await get_thread_state(user, thread)
    shown = await column_values(
        Post.filter(thread_id=thread.id, id__lte=post_id, id__gt=state["last_read_post_id"]), "id"
    )
    await record_read(user.id, thread.id, post_id, state, list(shown))
    return int((await get_thread_state(user, thread))["unread_count"])


async def record_read(
    user_id: int, thread_id: int, post_id: int, state: dict[str, Any], post_ids: list[int]
) -> None:
    """Move the member's read mark forward to `post_id` (never back), and read the reply notice
    of the thread and the mention notices of `post_ids` (the posts just seen).

    `state` is the member's `thread_states` entry, read just before: a member who had already
    read this far costs no write at all.
    """
    if state["visited"] and int(state["last_read_post_id"]) >= post_id:
        return
    if state["visited"]:
        await ThreadRead.filter(
            user_id=user_id, thread_id=thread_id, last_read_post_id__lt=post_id
        ).update(last_read_post_id=post_id)
    else:
        try:
            async with transaction():
                await ThreadRead.create(
                    user_id=user_id, thread_id=thread_id, last_read_post_id=post_id
                )
        except IntegrityError:  # the same member's other tab got there first
            await ThreadRead.filter(
                user_id=user_id, thread_id=thread_id, last_read_post_id__lt=post_id
            ).update(last_read_post_id=post_id)

    await notices.read_up_to(user_id, thread_id, post_ids)


async def post_published(post: Post, thread: Thread) -> None:
    """Tell followers and mentioned members about a post that is now published.

    Call inside the transaction that publishes it (a new post, or a held one a moderator
    approved); the live unread counts go out after commit.
    """
    if post.status != PostStatus.PUBLISHED:
        return

    space = await Space.get(id=thread.space_id)
    author_id = post.author_id
    muted = set(
        await column_values(
            ThreadFollow.filter(thread_id=thread.id, level=FollowLevel.MUTED), "user_id"
        )
    )
    names = mentioned_usernames(post.body_md)
    mentioned: list[User] = []
    if names:
        candidates = await User.filter(username_key__in=names, deleted_at=None)
        mentioned = [
            u
            for u in candidates
            if u.id != author_id and u.id not in muted and can_read_space(u, space)
        ]
    mentioned = await _without_blockers(mentioned, author_id)
    mentioned_ids = {u.id for u in mentioned}
    follower_ids = [
        uid
        for uid in await column_values(
            ThreadFollow.filter(thread_id=thread.id, level=FollowLevel.FOLLOWING), "user_id"
        )
        if uid != author_id and uid not in mentioned_ids
    ]
    followers = await User.filter(id__in=follower_ids, deleted_at=None) if follower_ids else []
    followers = [u for u in followers if can_read_space(u, space)]
    followers = await _without_blockers(followers, author_id)
    for member in mentioned:
        await notices.send(
            member.id, "mention", notices.MENTION, ("post", post.id), actor_id=author_id
        )
    for member in followers:
        await notices.send_grouped(member.id, "reply", ("thread", thread.id))
    await announce_after_commit([*mentioned_ids, *(u.id for u in followers)])


async def _without_blockers(users: list[User], author_id: int) -> list[User]:
    """Members who blocked the author hear nothing of what the author writes."""
    blockers = await blocker_ids_of(author_id, [u.id for u in users])
    return [u for u in users if u.id not in blockers]


async def announce_after_commit(user_ids: Iterable[int]) -> None:
    """After commit, tell each member's open pages that their unread count changed."""
    ids = sorted(set(user_ids))
    if not ids:
        return

    async def publish() -> None:
        for uid in ids:
            await notices.announce(uid)

    try:
        on_commit(publish)
    except RuntimeError:  # not inside a transaction: the write is already committed
        await publish()
