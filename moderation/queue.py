"""Opening queue items: one open item per subject, safe under concurrency.

Screens, reports and `forum.review` submissions all come through `open_item`.
It runs inside the caller's transaction; the insert sits in a savepoint so a
unique-key collision (another request opened the item first) folds this
request's reasons into the existing item instead of failing.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from forum import review
from forum.accounts.models import User
from forum.db import transaction
from moderation.models import QueueItem


def open_key(subject_type: str, subject_id: int) -> str:
    return f"{subject_type}:{subject_id}"


async def open_item(
    kind: str,
    subject_type: str,
    subject_id: int,
    *,
    reasons: list[str],
    priority: int,
    author_id: int | None = None,
    space_slug: str | None = None,
    crisis: bool = False,
    note: str = "",
    key: str | None = None,
) -> tuple[QueueItem, bool]:
    """The open item for this subject, created or folded into. Returns (item, created).

    `key` overrides the one-open-item-per-subject key (crisis texts fold per member). An open
    item of a kind that `kind` supersedes (forum.review.Kind.supersedes) becomes this kind."""
    key = key or open_key(subject_type, subject_id)
    async with transaction():
        try:
            async with transaction():  # a savepoint: a collision rolls back only this insert
                item = await QueueItem.create(
                    kind=kind,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    open_key=key,
                    reasons=list(dict.fromkeys(reasons)),
                    priority=priority,
                    author_id=author_id,
                    space_slug=space_slug,
                    crisis=crisis,
                    note=note[:2000],
                )
            return item, True
        except IntegrityError:
            pass
        item = await QueueItem.select_for_update().get(open_key=key)
        item.reasons = list(dict.fromkeys([*(item.reasons or []), *reasons]))
        item.priority = max(item.priority, priority)
        item.crisis = item.crisis or crisis
        spec = review.kinds().get(kind)
        if spec is not None and item.kind in spec.supersedes:
            item.kind = kind  # e.g. a report on a flagged post; an edit put a post on hold
        if note:
            item.note = (f"{item.note}\n{note}" if item.note else note)[:2000]
        if item.author_id is None and author_id is not None:
            item.author_id = author_id
        await item.save()
        return item, False


class ModerationQueue:
    """forum.review's Queue: every kind a feature declares (posts' and questions' come through
    the screens and reports, which open their items here directly)."""

    async def submit(
        self,
        kind: str,
        subject_id: int,
        *,
        reasons: list[str],
        priority: int | None = None,
        author: User | None = None,
        space_slug: str | None = None,
        note: str = "",
        crisis: bool = False,
    ) -> None:
        spec = review.kinds()[kind]
        await open_item(
            kind,
            spec.subject.name,
            subject_id,
            reasons=reasons,
            priority=spec.priority if priority is None else priority,
            author_id=author.id if author else None,
            space_slug=space_slug,
            note=note,
            crisis=crisis,
        )
