"""Moderation reads: the queue (most urgent first), an item in context, logs, words, history."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count, Min

from forum import pagination, review
from forum.access import require_member, require_moderator
from forum.accounts.actions import is_silenced, is_suspended
from forum.accounts.models import User
from forum.db import column_values
from forum.errors import NotFoundError, ValidationError
from forum.offload import run_cpu
from forum.pagination import Page
from forum.runtime import now
from forum.validation import parse_time
from moderation import labels
from moderation import priorities as P
from moderation.actions import choices_for
from moderation.models import (
    OPEN_STATUSES,
    ItemStatus,
    ModLogEntry,
    PostReport,
    QueueItem,
    WatchedWordRow,
)


def kind_label(kind: str) -> str:
    """The kind's label as its feature declared it (forum.review); its name in words otherwise."""
    spec = review.kinds().get(kind)
    return spec.label if spec else kind.replace("_", " ")


def _excerpt(text: str, n: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


async def list_queue(
    viewer: User | None,
    *,
    kind: str | None = None,
    space: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
) -> Page[dict[str, Any]]:
    """Open items, most urgent first: priority high to low, then oldest first."""
    require_moderator(viewer)
    if status == "escalated":
        statuses = [ItemStatus.ESCALATED]
    elif status == "resolved":
        statuses = [ItemStatus.RESOLVED]
    elif status in (None, "", "open"):
        statuses = list(OPEN_STATUSES)
    else:
        raise ValidationError(
            "status is open, escalated or resolved.",
            fields={"status": "open, escalated or resolved"},
        )
    after = pagination.decode(cursor, int, int)
    # One (status, priority DESC, id) index range per status, each cut at the page, merged here:
    # the page costs the same with a backlog of ten or of ten thousand.
    rows: list[QueueItem] = []
    for one in statuses:
        query = QueueItem.filter(status=one)
        if kind:
            query = query.filter(kind=kind)
        if space:
            query = query.filter(space_slug=space)
        if after:
            prio, last_id = after
            query = query.filter(Q(priority__lt=prio) | Q(priority=prio, id__gt=last_id))
        rows += (
            await query.order_by("-priority", "id")
            .limit(limit + 1)
            .select_related("claimed_by", "author")
        )
    rows.sort(key=lambda r: (-r.priority, r.id))
    page = pagination.page_of(rows, limit, lambda r: (r.priority, r.id))
    return page.with_items(await shape_items(page.items))


async def shape_items(rows: list[QueueItem]) -> list[dict[str, Any]]:
    """Queue items as the list shows them, each subject described by its kind (forum.review):
    one query per kind on the page when the kind can batch."""
    counts: dict[int, int] = {}
    if rows:
        for row in (
            await PostReport.filter(item_id__in=[r.id for r in rows])
            .group_by("item_id")
            .annotate(n=Count("id"))
            .values("item_id", "n")
        ):
            counts[row["item_id"]] = row["n"]
    described: dict[tuple[str, int], review.Subject] = {}
    for kind in {r.kind for r in rows if r.kind in review.kinds()}:
        ids = [r.subject_id for r in rows if r.kind == kind]
        for subject_id, one in (await review.describe_many(review.kinds()[kind], ids)).items():
            described[(kind, subject_id)] = one
    current = now()
    out = []
    for r in rows:
        title, summary = kind_label(r.kind), ""
        if (subject := described.get((r.kind, r.subject_id))) is not None:
            title, summary = subject.title, _excerpt(subject.summary)
        claimed = (
            r.claimed_by_id is not None
            and r.claimed_until is not None
            and r.claimed_until > current
        )
        out.append(
            {
                "id": r.id,
                "kind": r.kind,
                "kind_label": kind_label(r.kind),
                "priority": r.priority,
                "subject": {"type": r.subject_type, "id": r.subject_id},
                "reasons": r.reasons or [],
                "status": r.status.value,
                "crisis": r.crisis,
                "space": r.space_slug,
                "author": r.author.username if r.author_id and r.author else None,
                "title": title,
                "summary": summary,
                "report_count": counts.get(r.id, 0),
                "created_at": r.created_at,
                "claimed_by": r.claimed_by.username if claimed and r.claimed_by else None,
                "claimed_until": r.claimed_until if claimed else None,
                "resolution": r.resolution,
                "resolved_at": r.resolved_at,
            }
        )
    return out


async def queue_counts(viewer: User | None) -> list[dict[str, Any]]:
    """Open items per kind and the age of the oldest, for the top of the queue."""
    require_moderator(viewer)
    rows = (
        await QueueItem.filter(status__in=OPEN_STATUSES)
        .group_by("kind")
        .annotate(count=Count("id"), oldest=Min("created_at"))
        .values("kind", "count", "oldest")
    )
    current = now()
    out = []
    for row in sorted(rows, key=lambda r: r["kind"]):
        # SQLite hands aggregates back as text, without a zone: stored times are UTC.
        oldest = parse_time(row["oldest"], "oldest") if row["oldest"] is not None else None
        age = int((current - oldest).total_seconds()) if oldest else 0
        out.append(
            {
                "kind": row["kind"],
                "label": kind_label(row["kind"]),
                "count": row["count"],
                "oldest_created_at": oldest,
                "oldest_age_seconds": max(age, 0),
            }
        )
    return out


def age_words(seconds: int) -> str:
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


async def get_member(viewer: User | None, member_id: int) -> dict[str, Any]:
    """A member's moderation history and current sanctions: for moderators."""
    require_moderator(viewer)
    history = await member_history(member_id)
    if history is None:
        raise NotFoundError("No such member.")
    return history


async def member_history(member_id: int, limit: int = 20) -> dict[str, Any] | None:
    member = await User.get_or_none(id=member_id)
    if member is None:
        return None
    entries = (
        await ModLogEntry.filter(member_id=member_id)
        .order_by("-id")
        .limit(limit)
        .select_related("moderator")
    )
    return {
        "id": member.id,
        "username": member.username,
        "path": member.path.value,
        "roles": member.roles,
        "joined_at": member.created_at,
        "published_posts": member.published_posts,
        "silenced_until": member.silenced_until if is_silenced(member) else None,
        "silence_reason": member.silence_reason if is_silenced(member) else None,
        "suspended_until": member.suspended_until if is_suspended(member) else None,
        "suspension_reason": member.suspension_reason if is_suspended(member) else None,
        "history": [log_out(e) for e in entries],
    }


async def get_item(viewer: User | None, item_id: int) -> dict[str, Any]:
    """An item with its context: the post and the thread around it, reports, the author's history."""
    require_moderator(viewer)
    item = await QueueItem.get_or_none(id=item_id).select_related("claimed_by", "author")
    if item is None:
        raise NotFoundError("No such queue item.")
    out = (await shape_items([item]))[0]
    out["note"] = item.note
    out["resolution_note"] = item.resolution_note
    out["decisions"] = [
        {
            "name": c.name,
            "label": c.label,
            "needs_reason": c.needs_reason,
            "needs_until": c.needs_until,
        }
        for c in choices_for(item.kind, has_author=item.author_id is not None)
    ]
    out["claimed_by_me"] = out["claimed_by"] == viewer.username if viewer else False
    out["fields"] = {}
    out["editable"] = []
    out["url"] = None
    kind = review.kinds().get(item.kind)
    subject = await kind.describe(item.subject_id) if kind else None
    if subject is not None:
        out["fields"] = dict(subject.fields)
        out["editable"] = list(subject.editable)
        out["url"] = subject.url
        out["summary"] = subject.summary
        out.update(subject.detail)  # the kind's own context: a post's thread around it...
    reports = await PostReport.filter(item_id=item.id).order_by("id").select_related("reporter")
    out["reports"] = [
        {
            "reason": r.reason,
            "note": r.note,
            "reporter": r.reporter.username,
            "created_at": r.created_at,
        }
        for r in reports
    ]
    out["author_history"] = await member_history(item.author_id) if item.author_id else None
    # Why it was flagged: the screens re-run on the text as it is now (nothing of it is stored
    # with the item), and any marks that the automatic flags were wrong.
    out["automatic"] = labels.automatic_reasons(item.reasons)
    text = subject.text if subject is not None and out["automatic"] else ""
    out["why"] = await run_cpu(labels.why, text) if text else []
    out["marked_wrong"] = await labels.labels_for(item.id)
    return out


def log_out(entry: ModLogEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "moderator": entry.moderator.username if entry.moderator_id and entry.moderator else None,
        "action": entry.action,
        "subject": {"type": entry.subject_type, "id": entry.subject_id},
        "item_id": entry.item_id,
        "reason": entry.reason,
        "category": entry.category,
        "created_at": entry.created_at,
    }


async def list_log(
    viewer: User | None,
    *,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    member_id: int | None = None,
) -> Page[dict[str, Any]]:
    require_moderator(viewer)
    query = ModLogEntry.all()
    if member_id is not None:
        query = query.filter(member_id=member_id)
    after = pagination.decode(cursor, int)
    if after:
        query = query.filter(id__lt=after[0])
    page = pagination.page_of(
        await query.order_by("-id").limit(limit + 1).select_related("moderator"),
        limit,
        lambda e: (e.id,),
    )
    return page.with_items([log_out(e) for e in page.items])


def subject_words(subject_type: str) -> str:
    """A log subject's type in words ("AMA question", "member"), as its feature declared it."""
    return review.subject_type(subject_type).word


async def list_public_log(
    viewer: User | None, *, cursor: str | None = None, limit: int = pagination.DEFAULT_LIMIT
) -> Page[dict[str, Any]]:
    """What moderators did, for members: action, kind of subject, reason category, date. No names, no content."""
    require_member(viewer)
    query = ModLogEntry.filter(public=True)
    after = pagination.decode(cursor, int)
    if after:
        query = query.filter(id__lt=after[0])
    rows = (
        await query.order_by("-id")
        .limit(limit + 1)
        .values("id", "action", "subject_type", "category", "created_at")
    )
    page = pagination.page_of(rows, limit, lambda r: (r["id"],))
    items = [
        {
            "id": r["id"],
            "action": P.public_action(r["action"], r["subject_type"]),
            "subject_type": subject_words(r["subject_type"]),
            "category": r["category"],
            "date": r["created_at"].date().isoformat() if r["created_at"] else None,
        }
        for r in page.items
    ]
    return page.with_items(items)


async def list_watched_words(viewer: User | None) -> list[dict[str, Any]]:
    require_moderator(viewer)
    rows = await WatchedWordRow.all().order_by("pattern").select_related("created_by")
    return [
        {
            "id": w.id,
            "pattern": w.pattern,
            "action": w.action,
            "created_by": w.created_by.username if w.created_by else None,
            "created_at": w.created_at,
        }
        for w in rows
    ]


async def space_slugs() -> list[str]:
    from forum.spaces.models import Space

    return [s for s in await column_values(Space.all().order_by("id"), "slug")]


# Log actions that are sanctions on a member (moderation.actions: sanction and lift).
SANCTION_ACTIONS = ("silence", "suspend", "lift silence", "lift suspend")


async def export_reports(user: User) -> dict[str, Any]:
    """An `exporters` hook (forum.plugins): the reports a member made and the sanctions they had.

    Returns {"reports": [...], "sanctions": [{kind, reason, at}]}: every silence and suspension
    decided about the member and every early lift, oldest first (the moderator is not named,
    as on the transparency log)."""
    rows = (
        await PostReport.filter(reporter_id=user.id)
        .order_by("id")
        .values("post_id", "question_id", "reason", "note", "created_at", "handled_at")
    )
    sanctions = (
        await ModLogEntry.filter(
            member_id=user.id, subject_type=P.MEMBER.name, action__in=list(SANCTION_ACTIONS)
        )
        .order_by("id")
        .values("action", "reason", "created_at")
    )
    return {
        "sanctions": [
            {"kind": s["action"], "reason": s["reason"], "at": s["created_at"]} for s in sanctions
        ],
        "reports": [
            {
                "post_id": r["post_id"],
                "question_id": r["question_id"],
                "reason": r["reason"],
                "note": r["note"],
                "created_at": r["created_at"].isoformat(),
                "handled": r["handled_at"] is not None,
            }
            for r in rows
        ],
    }


async def erase_reports(user: User) -> None:
    """An `erasers` hook (forum.plugins): a deleted member's report notes lose their text (the
    reason and whether it was handled stay: the moderators' item and decision rest on them)."""
    await PostReport.filter(reporter_id=user.id).exclude(note="").update(note="")


async def list_my_reports(user: User) -> list[dict[str, Any]]:
    """A member's reports and whether a moderator has handled each (no outcome beyond that)."""
    rows = (
        await PostReport.filter(reporter_id=user.id)
        .order_by("-id")
        .limit(100)
        .values(
            "post_id",
            "post__thread_id",
            "post__thread__title",
            "question_id",
            "question__ama_id",
            "question__ama__title",
            "reason",
            "created_at",
            "handled_at",
            "outcome",
        )
    )
    out = []
    for r in rows:
        if r["question_id"] is not None:
            subject = {
                "subject": "ama_question",
                "question_id": r["question_id"],
                "ama_id": r["question__ama_id"],
                "title": r["question__ama__title"],
                "link": f"/amas/{r['question__ama_id']}#q-{r['question_id']}",
            }
        else:
            subject = {
                "subject": "post",
                "post_id": r["post_id"],
                "thread_id": r["post__thread_id"],
                "title": r["post__thread__title"],
                "thread_title": r["post__thread__title"],
                "link": f"/t/{r['post__thread_id']}#post-{r['post_id']}",
            }
        out.append(
            {
                **subject,
                "reason": r["reason"],
                "created_at": r["created_at"],
                "handled_at": r["handled_at"],
                "removed": r["outcome"] in ("remove", "reject", "silence", "suspend"),
            }
        )
    return out
