"""The screening protocol: how `forum` asks whether a draft may be published.

`forum` never imports `moderation`. The app factory registers moderation's
screeners here; actions call `review()` before writing and `record()` inside
their transaction once the post exists, so a held post and its queue item are
written together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from forum.accounts.models import User
    from forum.spaces.models import Space
    from forum.threads.models import Post, Thread

PUBLISH, HOLD, REJECT = "publish", "hold", "reject"
_SEVERITY = {PUBLISH: 0, HOLD: 1, REJECT: 2}


@dataclass
class Draft:
    kind: str  # "thread" | "post" | "edit" | "question" | "answer"
    author: User
    space: Space | None
    body_md: str
    title: str | None = None
    thread: Thread | None = None
    post: Post | None = None


@dataclass
class Verdict:
    action: str = PUBLISH
    reasons: list[str] = field(default_factory=list)
    priority: int = 0
    # Shown to the author: why it was held or refused.
    message: str | None = None
    crisis: bool = False
    # Published, but a moderator should still look (flagged words, crisis).
    queue: bool = False
    # Field the message belongs to, for forms (default: body).
    field: str = "body"

    def merge(self, other: Verdict) -> Verdict:
        stricter = other if _SEVERITY[other.action] > _SEVERITY[self.action] else self
        messages = [m for m in (self.message, other.message) if m]
        return Verdict(
            action=stricter.action,
            reasons=[*self.reasons, *[r for r in other.reasons if r not in self.reasons]],
            priority=max(self.priority, other.priority),
            message=stricter.message or (" ".join(messages) if messages else None),
            crisis=self.crisis or other.crisis,
            queue=self.queue or other.queue,
            field=stricter.field,
        )

    @property
    def needs_queue(self) -> bool:
        return self.action == HOLD or self.queue or self.crisis


class Screener(Protocol):
    async def review(self, draft: Draft) -> Verdict: ...

    async def record(self, draft: Draft, verdict: Verdict, subject_type: str, subject_id: int) -> None:
        """Called inside the writing transaction when the verdict needs a moderator."""


_screeners: list[Screener] = []


def install(screeners: list[Screener]) -> None:
    _screeners[:] = screeners


async def review(draft: Draft) -> Verdict:
    verdict = Verdict()
    for screener in _screeners:
        verdict = verdict.merge(await screener.review(draft))
    return verdict


async def record(draft: Draft, verdict: Verdict, subject_type: str, subject_id: int) -> None:
    if not verdict.needs_queue:
        return
    for screener in _screeners:
        await screener.record(draft, verdict, subject_type, subject_id)


async def screen(draft: Draft) -> Verdict:
    """`review`, with a refusal raised as a 422 on the field it concerns (the form keeps the text)."""
    from forum.errors import ValidationError

    verdict = await review(draft)
    if verdict.action == REJECT:
        message = verdict.message or "This can't be posted as written."
        raise ValidationError(message, fields={verdict.field: message})
    return verdict
