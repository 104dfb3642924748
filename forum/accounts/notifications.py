"""Notifications: stored as a subject reference, rendered for their reader when shown.

A notification row keeps *what it is about* (``subject_type`` + ``subject_id``), a text template
written by the code (``message``, with ``{placeholders}``) and parameters that name no content
(a moderator's reason, a time, an actor's id). Titles, the actor's current name and the link are
filled in at read time, and only through the same visibility rules as every page
(:mod:`forum.access`): a notice never names a thread, post or AMA its reader cannot read *now*
(after a change of path, a removal, a deletion). Such a notice reads :data:`UNREADABLE` and has
no link.

Subject types: ``post``, ``thread``, ``ama``, ``ama_question``. New kinds (replies, mentions,
reactions) reuse them: ``notify(user_id, "reply", "{actor} replied in “{title}”.",
subject=("post", post.id), actor_id=author.id)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from forum.access import can_read_space, can_see_post, can_see_thread
from forum.accounts.models import Notification, User
from forum.amas.models import Ama, AmaQuestion
from forum.runtime import now
from forum.threads.models import Post, Thread
from forum.threads.queries import thread_title

# What a notice says when its subject is gone or out of its reader's sight.
UNREADABLE = "A notice about something you can no longer see here."
FORMER_MEMBER = "a former member"
LIST_LIMIT = 100


@dataclass(frozen=True)
class SubjectView:
    """What a reader may be shown of a subject: its title and where it is."""

    title: str
    url: str


class _Values(dict[str, Any]):
    """Template values; a missing one renders empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


async def notify(
    user_id: int,
    kind: str,
    template: str,
    *,
    subject: tuple[str, int] | None = None,
    link: str | None = None,
    actor_id: int | None = None,
    **params: Any,
) -> Notification:
    """Tell one member something, in the caller's transaction.

    ``template`` is code-written text; ``{title}`` (the subject's title), ``{actor}`` (the current
    name of ``actor_id``) and any ``params`` key fill it at read time. Never interpolate
    user-written text into the template: pass it as a param (``reason=...``). ``link`` is only for
    notices without a subject (e.g. a queue item for the admins); a subject's link is derived.
    """
    stored: dict[str, Any] = {
        k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in params.items()
    }
    if actor_id is not None:
        stored["actor_id"] = actor_id
    subject_type, subject_id = subject if subject else (None, None)
    return await Notification.create(
        user_id=user_id,
        kind=kind,
        message=template,
        link=link if subject is None else None,
        subject_type=subject_type,
        subject_id=subject_id,
        params=stored,
    )


def taken_down_text(was_pending: bool, reason: str) -> str:
    """What readers see in place of a held or published post or question a moderator took down."""
    return f"{'Not published' if was_pending else 'Removed'} by a moderator. Reason: {reason}"


async def tell_reviewed(
    user_id: int,
    subject: tuple[str, int],
    what: str,
    *,
    taken_down: bool,
    was_pending: bool = False,
    reason: str = "",
) -> None:
    """Tell an author a moderator's decision on their post or question (forum.review kinds):
    approved, or not published / removed with the reason. `what` names it with the subject's
    title, e.g. "post in “{title}”"."""
    if not taken_down:
        await notify(
            user_id,
            "moderation",
            f"Your {what} was approved and is now visible to everyone.",
            subject=subject,
        )
        return
    verb = "was not published" if was_pending else "was removed"
    await notify(
        user_id,
        "moderation",
        f"Your {what} {verb}. The moderator's reason: {{reason}}",
        subject=subject,
        reason=reason,
    )


async def _posts(viewer: User, ids: set[int]) -> dict[int, SubjectView]:
    seen = {}
    for post in await Post.filter(id__in=ids).select_related("thread", "thread__space"):
        thread = post.thread
        if (
            can_read_space(viewer, thread.space)
            and can_see_thread(viewer, thread)
            and can_see_post(viewer, post)
        ):
            seen[post.id] = SubjectView(thread_title(thread), f"/t/{thread.id}#post-{post.id}")
    return seen


async def _threads(viewer: User, ids: set[int]) -> dict[int, SubjectView]:
    seen = {}
    for thread in await Thread.filter(id__in=ids).select_related("space"):
        if can_read_space(viewer, thread.space) and can_see_thread(viewer, thread):
            seen[thread.id] = SubjectView(thread_title(thread), f"/t/{thread.id}")
    return seen


def _can_see_ama(viewer: User, ama: Any) -> bool:
    # The rule of forum.amas.actions.access_ama: the AMA's space is readable, or they host it.
    return can_read_space(viewer, ama.space) or ama.host_id == viewer.id


async def _amas(viewer: User, ids: set[int]) -> dict[int, SubjectView]:
    return {
        ama.id: SubjectView(ama.title, f"/amas/{ama.id}")
        for ama in await Ama.filter(id__in=ids).select_related("space")
        if _can_see_ama(viewer, ama)
    }


async def _questions(viewer: User, ids: set[int]) -> dict[int, SubjectView]:
    # Notices about a question go to its author (or name only the AMA): the AMA's visibility rules.
    return {
        q.id: SubjectView(q.ama.title, f"/amas/{q.ama_id}#q-{q.id}")
        for q in await AmaQuestion.filter(id__in=ids).select_related("ama", "ama__space")
        if _can_see_ama(viewer, q.ama)
    }


# Subject type -> batch loader (viewer, ids) -> {id: view}. A fixed table, not a registry.
LOADERS = {"post": _posts, "thread": _threads, "ama": _amas, "ama_question": _questions}


async def render_notifications(viewer: User, rows: list[Notification]) -> list[dict[str, Any]]:
    """Shape rows for their reader: ``{id, kind, text, url, created_at, read_at}``.

    ``text``/``url`` are made now, from what ``viewer`` may read now. Queries: one per subject
    type present, plus one for actors' names.
    """
    wanted: dict[str, set[int]] = {}
    actor_ids: set[int] = set()
    for row in rows:
        if row.subject_type and row.subject_id is not None:
            wanted.setdefault(row.subject_type, set()).add(row.subject_id)
        actor_id = (row.params or {}).get("actor_id")
        if actor_id:
            actor_ids.add(actor_id)
    views: dict[str, dict[int, SubjectView]] = {}
    for subject_type, ids in wanted.items():
        loader = LOADERS.get(subject_type)
        views[subject_type] = await loader(viewer, ids) if loader else {}
    names = {}
    if actor_ids:
        for u in await User.filter(id__in=actor_ids).values("id", "username", "deleted_at"):
            names[u["id"]] = FORMER_MEMBER if u["deleted_at"] else u["username"]
    shaped = []
    for row in rows:
        params = dict(row.params or {})
        url = row.link
        values = _Values(params)
        if row.subject_type:
            view = (
                views.get(row.subject_type, {}).get(row.subject_id)
                if row.subject_id is not None
                else None
            )
            if view is None:
                text, url = UNREADABLE, None
                shaped.append(_shape(row, text, url))
                continue
            values["title"], url = view.title, view.url
        if "actor_id" in params:
            values["actor"] = names.get(params["actor_id"], FORMER_MEMBER)
        try:
            text = row.message.format_map(values)
        except (
            ValueError,
            IndexError,
            AttributeError,
            KeyError,
        ):  # a malformed template: say no more
            text = UNREADABLE
        shaped.append(_shape(row, text, url))
    return shaped


def _shape(row: Notification, text: str, url: str | None) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "text": text,
        "url": url,
        "created_at": row.created_at,
        "read_at": row.read_at,
    }


async def list_notifications(
    viewer: User, *, unread: bool = False, limit: int = LIST_LIMIT
) -> list[dict[str, Any]]:
    """The member's newest notifications (at most ``limit``), rendered for them now."""
    query = Notification.filter(user_id=viewer.id)
    if unread:
        query = query.filter(read_at=None)
    rows = await query.order_by("-id").limit(limit)
    return await render_notifications(viewer, rows)


async def mark_notifications_read(user: User, ids: list[int] | None = None) -> int:
    """Mark all (or the given) unread notifications read; returns how many are still unread."""
    query = Notification.filter(user_id=user.id, read_at=None)
    if ids is not None:
        query = query.filter(id__in=ids)
    await query.update(read_at=now())
    return await Notification.filter(user_id=user.id, read_at=None).count()
