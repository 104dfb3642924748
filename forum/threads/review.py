"""Posts in the moderation queue: held, flagged and reported, declared like every review kind.

The core forum's registry entry (forum.registry) declares `review_kinds()`; the queue
(moderation) lists, decides and logs them through forum.review alone. A decision here changes
the post (through `set_post_status`, so every counter stays right) and tells its author with a
notice linked to the post; joined with a sanction, the queue takes the post down first
(`reject` / `remove`) and then silences or suspends its author.
"""

from __future__ import annotations

from typing import Any

from forum import review
from forum.access import access_post
from forum.accounts.models import User
from forum.accounts.notifications import taken_down_text, tell_reviewed
from forum.errors import NotFoundError, PermissionDeniedError
from forum.threads.actions import POST, lock_post_context, set_post_status
from forum.threads.models import Post, PostStatus

HELD_POST, FLAGGED_POST, REPORTED_POST = "held_post", "flagged_post", "report"


# How a decision's notice names the subject (forum.accounts.notifications.tell_reviewed).
_WHAT = "post in “{title}”"


async def _subjects(ids: list[int]) -> dict[int, review.Subject]:
    posts = await Post.filter(id__in=ids).select_related("thread", "thread__space")
    return {p.id: _subject(p) for p in posts}


def _subject(post: Post, **more: Any) -> review.Subject:
    thread = post.thread
    return review.Subject(
        title=f"{'Thread' if post.is_first else 'Reply in'} “{thread.title}”",
        summary=post.body_md,
        url=f"/t/{post.thread_id}#post-{post.id}",
        author_id=post.author_id,
        space=thread.space.slug,
        text=""
        if post.deleted_by_author
        else (f"{thread.title}\n\n{post.body_md}" if post.is_first else post.body_md),
        **more,
    )


async def describe(post_id: int) -> review.Subject | None:
    """The post, the thread around it (three posts before, two after) for the item page."""
    post = await Post.get_or_none(id=post_id).select_related("thread", "thread__space", "author")
    if post is None:
        return None
    before = (
        await Post.filter(thread_id=post.thread_id, id__lt=post.id)
        .order_by("-id")
        .limit(3)
        .select_related("author")
    )
    after = (
        await Post.filter(thread_id=post.thread_id, id__gt=post.id)
        .order_by("id")
        .limit(2)
        .select_related("author")
    )
    detail = {
        "post": {
            "id": post.id,
            "thread_id": post.thread_id,
            "thread_title": post.thread.title,
            "space": post.thread.space.slug,
            "body_html": post.body_html,
            "body_md": post.body_md,
            "status": post.status.value,
            "status_reason": post.status_reason,
            "created_at": post.created_at,
            "is_first": post.is_first,
        },
        "context": [
            {
                "id": p.id,
                "author": p.author.username,
                "body_html": p.body_html,
                "status": p.status.value,
                "created_at": p.created_at,
                "is_subject": p.id == post.id,
            }
            for p in [*reversed(before), post, *after]
        ],
    }
    return _subject(post, detail=detail)


async def reportable(member: User, post_id: int) -> review.Subject:
    """A published post someone else wrote, that this member can see (the report form's subject).

    Raises NotFoundError (not visible, or not published) or PermissionDeniedError (their own)."""
    post = await access_post(member, post_id)
    if post.author_id == member.id:
        raise PermissionDeniedError(
            "You can't report your own post. You can edit or delete it instead."
        )
    if post.status != PostStatus.PUBLISHED:
        raise NotFoundError("No such post.")
    return _subject(
        post,
        author=post.author.username,
        created_at=post.created_at,
        body_html=post.body_html,
        back_label="Back to the thread",
    )


async def lock(post_id: int) -> None:
    """The post's author and thread, before the queue item (the codebase's lock order)."""
    post = await Post.get_or_none(id=post_id)
    if post is not None:
        await lock_post_context(post)


async def publish(post_id: int, moderator: User, reason: str, data: dict[str, Any]) -> str | None:
    """A held post goes live (its author is told); a published one stays as it is."""
    post = await Post.get_or_none(id=post_id).select_related("thread")
    if post is None or post.status != PostStatus.PENDING:
        return None
    if await set_post_status(post, PostStatus.PUBLISHED, None):
        await tell_reviewed(post.author_id, ("post", post.id), _WHAT, taken_down=False)
    return None


async def take_down(post_id: int, moderator: User, reason: str, data: dict[str, Any]) -> str | None:
    """A held post is not published, a published one is removed; its author reads the reason."""
    post = await Post.get_or_none(id=post_id).select_related("thread")
    if post is None or post.status == PostStatus.REMOVED:
        return None
    was_pending = post.status == PostStatus.PENDING
    await set_post_status(post, PostStatus.REMOVED, taken_down_text(was_pending, reason))
    await tell_reviewed(
        post.author_id,
        ("post", post.id),
        _WHAT,
        taken_down=True,
        was_pending=was_pending,
        reason=reason,
    )
    return None


def review_kinds() -> tuple[review.Kind, ...]:
    """Held, flagged and reported posts (declared by the core forum, forum.registry)."""
    common: dict[str, Any] = {
        "subject_type": POST,
        "describe": describe,
        "describe_many": _subjects,
        "lock": lock,
    }
    return (
        review.Kind(
            name=HELD_POST,
            label="Held post",
            decisions=(
                review.Decision("approve", "Publish it", publish),
                review.Decision(
                    "reject",
                    "Don't publish (the author sees your reason)",
                    take_down,
                    needs_reason=True,
                    aliases=("remove",),
                ),
            ),
            opens_on=(review.HOLD,),
            # An edit put a published post on hold: the hold is what matters now.
            supersedes=(FLAGGED_POST, REPORTED_POST),
            sanctions=("suspend",),
            priority=40,
            **common,
        ),
        review.Kind(
            name=FLAGGED_POST,
            label="Flagged post",
            decisions=(
                review.Decision("approve", "Keep it up", publish, aliases=("dismiss",)),
                review.Decision(
                    "reject",
                    "Remove the post (the author sees your reason)",
                    take_down,
                    needs_reason=True,
                    aliases=("remove",),
                    then="Remove",
                ),
            ),
            opens_on=(review.FLAG,),
            priority=20,
            **common,
        ),
        review.Kind(
            name=REPORTED_POST,
            label="Reported post",
            decisions=(
                review.Decision(
                    "dismiss", "Dismiss the reports (keep the post)", publish, aliases=("approve",)
                ),
                review.Decision(
                    "remove",
                    "Remove the post (the author sees your reason)",
                    take_down,
                    needs_reason=True,
                    aliases=("reject",),
                    then="Remove",
                ),
            ),
            opens_on=(review.REPORT,),
            supersedes=(FLAGGED_POST,),
            reportable=reportable,
            priority=10,
            **common,
        ),
    )
