"""Who may see and write what. Every id that comes from a user goes through here.

Missing and not-visible raise the same NotFoundError, so nothing reveals whether
a private thread exists.
"""

from __future__ import annotations

from forum.accounts.models import User
from forum.errors import NotFoundError, NotSignedInError, PermissionDeniedError
from forum.spaces.models import SLUG_MAX_LENGTH, Space
from forum.threads.models import Post, PostStatus, Thread


def can_read_space(user: User | None, space: Space) -> bool:
    if user is None:
        return False
    if user.is_moderator:
        return True
    return space.audience is None or space.audience == user.path


def can_post_in_space(user: User | None, space: Space) -> bool:
    return can_read_space(user, space)


def can_see_post(user: User | None, post: Post) -> bool:
    """Pending posts are for their author and moderators; removed ones show as placeholders, but
    only if readers once saw them: a post never published leaves no trace for readers."""
    if post.status == PostStatus.PENDING or (
        post.status == PostStatus.REMOVED and post.published_at is None
    ):
        return user is not None and (user.is_moderator or user.id == post.author_id)
    return True


def can_see_thread(user: User | None, thread: Thread) -> bool:
    if thread.status != PostStatus.PUBLISHED:
        return user is not None and (user.is_moderator or user.id == thread.author_id)
    return True


def require_member(user: User | None) -> User:
    if user is None:
        raise NotSignedInError("Please sign in first.")
    return user


async def readable_space_ids(user: User | None) -> list[int]:
    """The spaces this member may read, for queries that span several (search, AMA lists)."""
    return [s.id for s in await Space.all() if can_read_space(user, s)]


async def space_by_slug(slug: object) -> Space | None:
    """The space `slug` names, or None: not text, empty, or longer than the column (never looked
    up: the database layer refuses such a value with an error of its own, which was a 500)."""
    if not isinstance(slug, str) or not 0 < len(slug) <= SLUG_MAX_LENGTH:
        return None
    return await Space.get_or_none(slug=slug)


async def access_space(user: User | None, slug: str) -> Space:
    """The space `slug` names if `user` may read it, else NotFoundError (missing and hidden look
    alike)."""
    space = await space_by_slug(slug)
    if space is None or not can_read_space(user, space):
        raise NotFoundError("No such space.")
    return space


async def access_thread(user: User | None, thread_id: int) -> Thread:
    thread = await Thread.get_or_none(id=thread_id).select_related("space")
    if thread is None or not can_read_space(user, thread.space) or not can_see_thread(user, thread):
        raise NotFoundError("No such thread.")
    return thread


async def access_post(user: User | None, post_id: int) -> Post:
    post = await Post.get_or_none(id=post_id).select_related("thread", "thread__space", "author")
    if (
        post is None
        or not can_read_space(user, post.thread.space)
        or not can_see_thread(user, post.thread)
        or not can_see_post(user, post)
    ):
        raise NotFoundError("No such post.")
    return post


def require_can_edit(user: User, post: Post) -> None:
    if post.author_id != user.id and not user.is_moderator:
        raise PermissionDeniedError("Only the author or a moderator can change this post.")
    if post.status == PostStatus.REMOVED:
        raise PermissionDeniedError("This post has been removed and can no longer be changed.")


def require_moderator(user: User | None) -> User:
    user = require_member(user)
    if not user.is_moderator:
        raise PermissionDeniedError("Only moderators can do this.")
    return user
