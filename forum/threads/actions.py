"""Thread and post writes. Each is a recipe, in the order every write keeps (TEAM.md, docs/moderation.md):
the crisis screen on the raw text -> authorise -> check -> the rate limit -> the full screens -> one
transaction. The crisis verdict is kept whatever refuses the write later (forum.screening)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import F

from forum import idempotency, review, runtime, screening, throttle
from forum.access import (
    access_post,
    access_space,
    access_thread,
    can_post_in_space,
    require_can_edit,
    require_member,
)
from forum.accounts.actions import lock_writer, require_can_write
from forum.accounts.models import User
from forum.db import lock, transaction
from forum.drafts import actions as drafts
from forum.errors import ConflictError, NotFoundError, ValidationError
from forum.following import actions as following
from forum.runtime import now
from forum.screening import HOLD, Draft, Verdict
from forum.text import RENDER_VERSION, render
from forum.threads.models import Post, PostRevision, PostStatus, Thread
from forum.threads.schemas import NewPost, NewThread, PostEdit
from forum.threads.schemas import check_body as check_body  # noqa: F401 (moderation.screens)

# What moderation and its log call a post (forum.threads.review declares its review kinds).
POST = review.SubjectType("post", words="post", taken_down="removed")


@dataclass
class PostResult:
    post: Post
    thread: Thread
    verdict: Verdict

    @property
    def held(self) -> bool:
        return self.post.status == PostStatus.PENDING


def _status_for(verdict: Verdict) -> PostStatus:
    return PostStatus.PENDING if verdict.action == HOLD else PostStatus.PUBLISHED


async def _insert_post(
    thread: Thread,
    author: User,
    body_md: str,
    html: str,
    verdict: Verdict,
    *,
    is_first: bool = False,
) -> Post:
    """The post as screened (held ones carry the reason the author sees); a published one counts for its author."""
    status = _status_for(verdict)
    post = await Post.create(
        thread=thread,
        author=author,
        is_first=is_first,
        body_md=body_md,
        body_html=html,
        render_version=RENDER_VERSION,
        status=status,
        status_reason=verdict.message if status == PostStatus.PENDING else None,
        published_at=now() if status == PostStatus.PUBLISHED else None,
    )
    if status == PostStatus.PUBLISHED:
        await User.filter(id=author.id).update(published_posts=F("published_posts") + 1)
    return post


async def lock_post_context(post: Post, *actors: int) -> Post | None:
    """Lock, in the codebase's order, what a change to `post` touches: the users (author and
    `actors`), then its thread; return the post read fresh (None if it is gone).

    Every change of a post's text or status calls this first inside its transaction (actions
    here, moderation decisions, account deletion), so they queue on the same rows in the same
    order instead of deadlocking.
    """
    await lock(User, post.author_id, *actors)
    await lock(Thread, post.thread_id)
    return await Post.get_or_none(id=post.id)


async def create_thread(user: User | None, space_slug: str, data: NewThread) -> PostResult:
    """Start a thread in the space `space_slug` with its first post (held for review when the
    screens say so). Raises NotSignedInError, NotFoundError (space not visible or not yours to
    post in), PermissionDeniedError (silenced, suspended), RateLimitedError."""
    await screening.crisis_screen("thread", user, title=data.title, body=data.body)
    user = require_member(user)
    space = await access_space(user, space_slug)
    if not can_post_in_space(user, space):
        raise NotFoundError("No such space.")
    require_can_write(user)
    await throttle.check(
        "thread_create", user=user
    )  # free; a refused request skips the screens below
    values = {"title": data.title, "body": data.body}
    draft = Draft("thread", user, space, values["body"], title=values["title"])
    verdict = await screening.screen(draft)
    await throttle.hit("thread_create", user=user)
    html = await render(values["body"])
    status = _status_for(verdict)
    async with transaction():
        await lock_writer(user.id)
        created = now()
        thread = await Thread.create(
            space=space, author=user, title=values["title"], status=status, last_post_at=created
        )
        post = await _insert_post(thread, user, values["body"], html, verdict, is_first=True)
        draft.thread, draft.post = thread, post
        await screening.record(draft, verdict, POST.name, post.id)
        await following.auto_follow(user, thread.id)
        await following.post_published(post, thread)
        await drafts.discard(user.id, f"new-{space.slug}")
    thread.space = space
    return PostResult(post, thread, verdict)


async def create_post(user: User | None, thread_id: int, data: NewPost) -> PostResult:
    """Reply to a thread (held for review when the screens say so). Raises NotSignedInError,
    NotFoundError, PermissionDeniedError, RateLimitedError, ValidationError (not open yet)."""
    await screening.crisis_screen("post", user, body=data.body)
    user = require_member(user)
    thread = await access_thread(user, thread_id)
    if not can_post_in_space(user, thread.space):
        raise NotFoundError("No such thread.")
    require_can_write(user)
    await throttle.check(
        "post_create", user=user
    )  # free; a refused request skips the screens below
    if thread.status != PostStatus.PUBLISHED:
        raise _not_open()
    values = {"body": data.body}
    draft = Draft("post", user, thread.space, values["body"], thread=thread)
    verdict = await screening.screen(draft)
    await throttle.hit("post_create", user=user)
    html = await render(values["body"])
    async with transaction():
        await lock_writer(user.id)
        current = (await lock(Thread, thread.id)).get(thread.id)
        if current is None or current.status != PostStatus.PUBLISHED:
            raise _not_open()
        post = await _insert_post(thread, user, values["body"], html, verdict)
        if post.status == PostStatus.PUBLISHED:
            await _count_reply(thread.id, post, +1)
        draft.post = post
        await screening.record(draft, verdict, POST.name, post.id)
        await following.auto_follow(user, thread.id)
        await following.post_published(post, thread)
        await drafts.discard(user.id, f"thread-{thread.id}")
    return PostResult(post, thread, verdict)


def _not_open() -> ValidationError:
    message = "This thread is not open for replies yet."
    return ValidationError(message, fields={"body": message})


async def _count_reply(thread_id: int, post: Post, delta: int) -> None:
    """Counters move in SQL so concurrent replies never lose an update.

    Call only when a conditional UPDATE of the post's status changed a row (exactly once per
    real change), with the thread locked (`lock_post_context`).
    """
    if post.is_first:
        return
    if delta > 0:
        await Thread.filter(id=thread_id).update(reply_count=F("reply_count") + 1)
        # Read the clock only once we hold the thread's row lock, and never move it back:
        # a reply whose transaction started earlier cannot make the thread look older.
        stamp = now()
        await Thread.filter(id=thread_id, last_post_at__lt=stamp).update(last_post_at=stamp)
    else:
        await Thread.filter(id=thread_id, reply_count__gt=0).update(
            reply_count=F("reply_count") - 1
        )


def _stale() -> ConflictError:
    message = (
        "Someone else changed this post after you opened it. Your text is below: "
        "copy it, look at the post again, and edit once more."
    )
    return ConflictError(message, fields={"body": message})


async def edit_post(user: User | None, post_id: int, data: PostEdit) -> PostResult:
    """Replace a post's text; the text it replaces goes into its history.

    `version` is the `post.version` the editor read. The write is one compare-and-set
    (UPDATE ... WHERE version = read version), so of two edits from the same version one wins
    and the other is refused with ConflictError (409, code `conflict`) and changes nothing;
    without `version` the version this request read is used, so an edit never silently drops
    one that landed meanwhile.
    """
    await screening.crisis_screen("edit", user, body=data.body)
    user = require_member(user)
    post = await access_post(user, post_id)
    require_can_edit(user, post)
    if post.author_id == user.id:
        require_can_write(user)
    values = {"body": data.body}
    expected = data.version
    if values["body"] == post.body_md and expected in (None, post.version):
        await drafts.discard(user.id, f"edit-{post.id}")
        return PostResult(post, post.thread, Verdict())
    if expected is not None and expected != post.version:
        raise _stale()  # changed since it was read: nothing more to do (the crisis screen ran first)
    await throttle.check("post_create", user=user)  # free; a refused edit skips the screens below
    draft = Draft(
        "edit",
        post.author if post.author_id != user.id else user,
        post.thread.space,
        values["body"],
        thread=post.thread,
        post=post,
    )
    verdict = await screening.screen(draft)  # a refused edit costs nothing, as a refused post
    await throttle.hit(
        "post_create", user=user
    )  # every edit keeps a revision: a flood of them is a flood
    html = await render(values["body"])
    async with transaction():
        await lock_writer(user.id, post.author_id, check_write=post.author_id == user.id)
        await lock(Thread, post.thread_id)
        stamp = now()
        changed = (
            await Post.filter(id=post.id, version=post.version, deleted_by_author=False)
            .exclude(status=PostStatus.REMOVED)
            .update(
                body_md=values["body"],
                body_html=html,
                render_version=RENDER_VERSION,
                edited_at=stamp,
                version=F("version") + 1,
            )
        )
        if not changed:
            raise _stale()
        # The compare-and-set proves the text we read is the text replaced: keep it.
        await PostRevision.create(
            post=post, editor=user, body_md=post.body_md, body_html=post.body_html
        )
        post.body_md, post.body_html, post.render_version, post.edited_at = (
            values["body"],
            html,
            RENDER_VERSION,
            stamp,
        )
        post.version += 1
        # An edit can't launder text past the screens: held text stays held.
        if (
            verdict.action == HOLD
            and post.status == PostStatus.PUBLISHED
            and post.author_id == user.id
        ):
            await _set_status(post, PostStatus.PENDING, verdict.message)
        await screening.record(draft, verdict, POST.name, post.id)
        await drafts.discard(user.id, f"edit-{post.id}")
    return PostResult(post, post.thread, verdict)


async def delete_post(user: User | None, post_id: int) -> None:
    """The author erases their words; a moderator removes a post.

    An author can always erase the text of their own post, whatever its state (published, held,
    rejected, removed) and wherever it is (also in a space they can no longer read after changing
    path): the text and every earlier version go; a decision a moderator made keeps its status and
    reason, not the text. A published post leaves a placeholder so replies keep their context; a
    post readers never saw leaves nothing (see queries._posts_sql). Deleting an opening post
    takes its title down too (_take_down_opening).

    Both take the author's and the thread's locks first (`lock_post_context`) and change the
    status with one conditional UPDATE, so a delete racing an edit, a second delete or a
    moderator's removal moves the counters once and leaves no text behind.
    """
    user = require_member(user)
    own = await Post.get_or_none(id=post_id, author_id=user.id)
    if own is not None:
        await erase_post(own)
        return
    post = await access_post(user, post_id)
    require_can_edit(user, post)
    async with transaction():
        fresh = await lock_post_context(post, user.id)
        if fresh is not None:
            await _set_status(fresh, PostStatus.REMOVED, "Removed by a moderator.")


# A plugin's `subject_erasers` (forum.plugins) are called with ("post", a post's id) inside erase_post's
# transaction, after its text is gone: features holding a copy of the text (moderation's screen
# labels) blank theirs too.


async def erase_post(post: Post) -> None:
    """Erase a post's text and revisions (its author's deletion, or account deletion).

    Takes the author's and the thread's locks first (`lock_post_context`, the codebase's lock
    order) and blanks the text, drops every revision and bumps `version` in that transaction,
    so an edit racing it either committed before (its revision goes too) or is refused by its
    compare-and-set. A moderator's decision keeps its status and reason, not the text.
    """
    async with transaction():
        fresh = await lock_post_context(post)
        if fresh is None:
            return
        words = [fresh.body_md, fresh.body_html]
        for revision in await PostRevision.filter(post_id=fresh.id).values("body_md", "body_html"):
            words += [revision["body_md"], revision["body_html"]]
        if fresh.is_first:
            words.append((await Thread.get(id=fresh.thread_id)).title)
        await Post.filter(id=fresh.id).update(
            body_md="", body_html="", deleted_by_author=True, version=F("version") + 1
        )
        # Answers kept for Idempotency-Key repeats may quote the text: blanked there too.
        await idempotency.scrub(fresh.author_id, words)
        await PostRevision.filter(post_id=fresh.id).delete()
        fresh.body_md, fresh.body_html, fresh.deleted_by_author = "", "", True
        fresh.version += 1
        if fresh.status != PostStatus.REMOVED:
            await _set_status(fresh, PostStatus.REMOVED, "Deleted by its author.")
        if fresh.is_first:  # the title is the author's words too, whatever happened to the post
            await _take_down_opening(fresh.thread_id)
        for eraser in runtime.registry().subject_erasers:
            await eraser(POST.name, fresh.id)


async def set_post_status(post: Post, status: PostStatus, reason: str | None = None) -> bool:
    """Publish, hold or remove a post, keeping every counter right. Idempotent.

    For moderation: call inside its own transaction (it takes the author and thread locks
    first, in the codebase's order). Returns whether anything changed.
    """
    fresh = await lock_post_context(post)
    if fresh is None or fresh.status == status:
        return False
    return await _set_status(fresh, status, reason)


THREAD_PLACEHOLDER_TITLE = "A conversation whose first post was deleted"


async def _take_down_opening(thread_id: int) -> None:
    """The opening post is gone: the title goes with it (a neutral placeholder, no author shown);
    with no published replies the thread disappears for readers. Call with the thread locked."""
    thread = await Thread.get(id=thread_id)
    update: dict[str, object] = {"title": THREAD_PLACEHOLDER_TITLE, "opening_removed": True}
    if thread.reply_count == 0:
        update["status"] = PostStatus.REMOVED
    await Thread.filter(id=thread_id).update(**update)


async def _set_status(post: Post, status: PostStatus, reason: str | None) -> bool:
    """Move `post` from the status it was read with to `status`: one conditional UPDATE, and the
    counters move only when it changed a row, so two racing decisions count once.

    Call with the post's author and thread locked (`lock_post_context`). Returns whether the
    status changed.
    """
    old = post.status
    if old == status:
        return False
    update: dict[str, object] = {
        "status": status,
        "status_reason": reason,
        "version": F("version") + 1,
    }
    published_at = now() if status == PostStatus.PUBLISHED and post.published_at is None else None
    if published_at is not None:
        update["published_at"] = published_at
    changed = await Post.filter(id=post.id, status=old).update(**update)
    if not changed:
        return False  # someone else moved it first, and moved the counters with it
    was_published = old == PostStatus.PUBLISHED
    post.status, post.status_reason = status, reason
    if published_at is not None:
        post.published_at = published_at
    post.version += 1
    if post.is_first:
        if status == PostStatus.REMOVED and was_published:
            await _take_down_opening(post.thread_id)
        else:
            thread_update: dict[str, object] = {"status": status}
            if status == PostStatus.PUBLISHED and not was_published:
                thread_update["last_post_at"] = now()
            await Thread.filter(id=post.thread_id).update(**thread_update)
    if status == PostStatus.PUBLISHED and not was_published:
        await _count_reply(post.thread_id, post, +1)
        await User.filter(id=post.author_id).update(published_posts=F("published_posts") + 1)
        if post.deleted_by_author is False and post.body_md:
            # A held post a moderator approved: its followers and mentions hear of it now.
            await following.post_published(post, await Thread.get(id=post.thread_id))
    elif was_published and status != PostStatus.PUBLISHED:
        await _count_reply(post.thread_id, post, -1)
        await User.filter(id=post.author_id, published_posts__gt=0).update(
            published_posts=F("published_posts") - 1
        )
    return True
