"""Asking a moderator to look at something that is not a post.

A resource suggestion, a therapist's verification, a broken link: forum features
declare a *kind* (below) in their plugin's `review_kinds`, with the decisions it allows
and what each one does; `moderation` declares the `review_queue` that stores requests,
shows them, and calls the chosen decision back inside its own transaction (with its log
entry). Both are read from the app's registry (`runtime.get().registry`). `forum`
never imports `moderation`; this module is the whole contract between them for
non-post subjects (posts go through `forum.screening`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from forum import runtime
from forum.runtime import now

if TYPE_CHECKING:
    from forum.accounts.models import User

log = logging.getLogger("crossroads.review")

# (subject_id, moderator, reason, data) -> a message for the member concerned, or None.
# `data` carries the moderator's edits from the decision form / API body.
DecisionHandler = Callable[[int, "User", str, dict[str, Any]], Awaitable[str | None]]


@dataclass(frozen=True)
class Decision:
    name: str  # e.g. "approve", "reject"
    label: str  # button text, e.g. "Approve and publish"
    handler: DecisionHandler
    needs_reason: bool = False  # the member sees the reason (e.g. reject)


@dataclass(frozen=True)
class Subject:
    """What a moderator sees of a subject in the queue."""

    title: str
    summary: str = ""
    url: str | None = None  # a page with more context, if any
    author_id: int | None = None
    fields: dict[str, Any] = field(
        default_factory=dict
    )  # shown as a definition list, editable if named in `editable`
    editable: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    name: str  # e.g. "resource_suggestion"
    label: str  # e.g. "Resource suggestion"
    subject_type: str  # e.g. "resource_suggestion"
    decisions: tuple[Decision, ...]
    describe: Callable[[int], Awaitable[Subject | None]]
    priority: int = 10  # see moderation's priority table; lower numbers are less urgent
    # Many subjects in one query, for queue pages (optional: `describe` one by one otherwise).
    describe_many: Callable[[list[int]], Awaitable[dict[int, Subject]]] | None = None


def kinds() -> Mapping[str, Kind]:
    """The review kinds of the app in force (its registry's, forum.registry)."""
    return runtime.registry().review_kinds


async def describe_many(kind: Kind, subject_ids: list[int]) -> dict[int, Subject]:
    """The subjects that still exist, by id: one query when the kind can batch."""
    if kind.describe_many is not None:
        return await kind.describe_many(subject_ids)
    described = {i: await kind.describe(i) for i in subject_ids}
    return {i: s for i, s in described.items() if s is not None}


class Queue(Protocol):
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
        """Open (or fold into the open) queue item for this subject. Runs in the caller's transaction.

        `crisis`: the subject's words read as crisis (the item is marked so, at crisis priority)."""


async def submit(
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
    registry = runtime.registry()
    if kind not in registry.review_kinds:
        raise KeyError(f"unknown review kind {kind!r}")
    if registry.review_queue is None:
        log.warning("no moderation queue in this app; %s %s was not queued", kind, subject_id)
        return
    await registry.review_queue.submit(
        kind,
        subject_id,
        reasons=reasons,
        priority=priority,
        author=author,
        space_slug=space_slug,
        note=note,
        crisis=crisis,
    )


async def record_decision(subject: Any, status: Any, moderator: User, reason: str) -> None:
    """Mark a reviewed subject (suggestion, application…) decided: by whom, when, and why."""
    subject.status = status
    subject.decided_by_id = moderator.id
    subject.decided_at = now()
    subject.reason = reason or ""
    await subject.save()
