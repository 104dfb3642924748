"""Marking an automatic flag wrong, and showing moderators why a flag was raised.

* ``why(text)``: what the screens find in a text now -- each pattern's reason and the words it
  matched, and each model's score and the sentence it scored highest -- for the item page
  (recomputed when the page is read, never stored: the text stays where its author can erase it).
* ``mark_wrong(moderator, item_id, FlagWrong)``: a moderator says the item's automatic flags were
  wrong. Kept as a ``ScreenLabel`` (a negative example for the next training round, written out
  by ``python -m bench.screens_labels``) with the flagged text, and logged (action
  ``flag_marked_wrong``; the log holds the note, never the text). Marking twice is one label.
* ``erase_subject_text`` / ``erase_member``: erasing a post or an account blanks the text of its
  labels (the `subject_erasers` and `erasers` its plugin declares).

docs/screens.md, "Marking a flag wrong".
"""

from __future__ import annotations

from typing import Any

from forum import review
from forum.access import require_moderator
from forum.accounts.models import User
from forum.db import transaction
from forum.errors import ConflictError, NotFoundError
from moderation.actions import write_log
from moderation.detect import find_crisis, find_personal_data, score_both
from moderation.models import QueueItem, ScreenLabel
from moderation.schemas import FlagWrong

# Reasons the automatic screens give (moderation.screens); reports and "new member" are people's.
AUTOMATIC_PREFIXES = (
    "crisis:",
    "personal data",
    "possible crisis",
    "possible personal detail",
    "watched word:",
)


def automatic_reasons(reasons: list[str]) -> list[str]:
    """The reasons of ``reasons`` that an automatic screen gave."""
    return [r for r in reasons or [] if r.startswith(AUTOMATIC_PREFIXES)]


def why(text: str) -> list[dict[str, Any]]:
    """What the screens find in ``text``: ``{"layer": "pattern", "reason", "excerpt"}`` per
    finding and ``{"layer": "model", "model", "score", "sentence", "confident"}`` per model
    whose best window reaches its queue threshold. Pure; run it off the event loop."""
    out: list[dict[str, Any]] = [
        {"layer": "pattern", "reason": f.reason, "excerpt": f.excerpt}
        for f in [*find_crisis(text), *find_personal_data(text)]
    ]
    for hit in score_both(text):
        if hit.possible:
            out.append(
                {
                    "layer": "model",
                    "model": hit.model,
                    "score": round(hit.score, 2),
                    "sentence": hit.sentence[:300],
                    "confident": hit.confident,
                }
            )
    return out


async def subject_text(item: QueueItem) -> str:
    """The text an item is about, as it is now: its kind's `Subject.text` (forum.review), ""
    once erased or for subjects without writing."""
    kind = review.kinds().get(item.kind)
    subject = await kind.describe(item.subject_id) if kind else None
    return subject.text if subject else ""


async def mark_wrong(
    moderator: User | None, item_id: int, data: FlagWrong
) -> tuple[ScreenLabel, bool]:
    """Mark item ``item_id``'s automatic flags wrong. Returns (label, created).

    Raises PermissionDeniedError (not a moderator), NotFoundError (no such item), ConflictError
    (409: the item has no automatic flag -- only reports or the new-member rule)."""
    moderator = require_moderator(moderator)
    reason = data.note
    async with transaction():
        item = await QueueItem.select_for_update().get_or_none(id=item_id)
        if item is None:
            raise NotFoundError("No such queue item.")
        flags = automatic_reasons(item.reasons)
        if not flags:
            raise ConflictError(
                "This item has no automatic flag to mark wrong (it came from reports or review)."
            )
        existing = await ScreenLabel.get_or_none(item_id=item.id, moderator_id=moderator.id)
        if existing is not None:
            return existing, False
        label = await ScreenLabel.create(
            item_id=item.id,
            subject_type=item.subject_type,
            subject_id=item.subject_id,
            author_id=item.author_id,
            moderator_id=moderator.id,
            reasons=flags,
            text=await subject_text(item),
            note=reason,
        )
        await write_log(
            moderator,
            "flag_marked_wrong",
            item.subject_type,
            item.subject_id,
            item=item,
            member_id=item.author_id,
            reason=reason,
            category="screens",
        )
    return label, True


def label_out(label: ScreenLabel, moderator_name: str | None = None) -> dict[str, Any]:
    """A label as the API and the item page show it (without the text)."""
    return {
        "id": label.id,
        "item_id": label.item_id,
        "reasons": label.reasons,
        "label": label.label,
        "note": label.note,
        "moderator": moderator_name,
        "created_at": label.created_at,
    }


async def labels_for(item_id: int) -> list[dict[str, Any]]:
    rows = await ScreenLabel.filter(item_id=item_id).order_by("id").select_related("moderator")
    return [
        label_out(r, r.moderator.username if r.moderator_id and r.moderator else None) for r in rows
    ]


async def erase_subject_text(subject_type: str, subject_id: int) -> None:
    """A `subject_erasers` hook (forum.plugins): an erased post's or withdrawn question's labels
    lose its text."""
    await ScreenLabel.filter(subject_type=subject_type, subject_id=subject_id).update(text="")


async def erase_member(user: Any) -> None:
    """An `erasers` hook (forum.plugins): a deleted member's labels lose their text."""
    await ScreenLabel.filter(author_id=user.id).update(text="")
