"""Moderation's tables: the queue, reports, the log, watched words.

One queue item per subject while it is open: `open_key` is unique and set only
while the item is open, so concurrent reports and screens fold into one row
(the database refuses a second; the loser folds into the winner).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from forum.accounts.models import User
    from forum.amas.models import AmaQuestion
    from forum.threads.models import Post


# Each foreign key `x` has an `x_id: int` attribute (the column's value, set on every instance
# Tortoise loads or creates): declared below without a field, so the type checker knows it.


class ItemStatus(StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"  # still open; only an admin can decide it
    RESOLVED = "resolved"


OPEN_STATUSES = (ItemStatus.OPEN, ItemStatus.ESCALATED)  # waiting for a decision

# The queue pages by priority (high first) then id (oldest first) within one status: one index
# range per status (moderation.queries.list_queue), whatever the backlog (docs/benchmarks.md).
QUEUE_ORDER_INDEX = (
    'CREATE INDEX IF NOT EXISTS "idx_moderation_items_queue_order" '
    'ON "moderation_items" ("status", "priority" DESC, "id")'
)


class QueueItem(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=40)
    subject_type = fields.CharField(max_length=40)
    subject_id = fields.IntField()
    # "subject_type:subject_id" while open, NULL once resolved: one open item per subject.
    open_key = fields.CharField(max_length=100, null=True, unique=True)
    space_slug = fields.CharField(max_length=60, null=True)
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="moderation_items", null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    reasons: fields.JSONField[list[str]] = fields.JSONField(default=list)
    priority = fields.IntField(default=10)
    status = fields.CharEnumField(ItemStatus, max_length=12, default=ItemStatus.OPEN)
    crisis = fields.BooleanField(default=False)
    note = fields.TextField(default="")
    claimed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="moderation_claims", null=True, on_delete=fields.SET_NULL
    )
    claimed_by_id: int | None
    claimed_until = fields.DatetimeField(null=True)
    resolution = fields.CharField(max_length=40, null=True)
    resolution_note = fields.TextField(default="")
    resolved_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="moderation_resolved", null=True, on_delete=fields.SET_NULL
    )
    resolved_by_id: int | None
    resolved_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "moderation_items"
        indexes = (("status", "priority", "created_at"), ("subject_type", "subject_id"))


class PostReport(Model):
    # One member's report of a post or of an AMA question (exactly one of the two is set).
    # All open reports on one subject share one queue item.

    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[QueueItem] = fields.ForeignKeyField(
        "crossroads.QueueItem", related_name="reports", on_delete=fields.CASCADE
    )
    item_id: int
    post: fields.ForeignKeyNullableRelation[Post] = fields.ForeignKeyField(
        "crossroads.Post", related_name="reports", null=True, on_delete=fields.CASCADE
    )
    post_id: int | None
    question: fields.ForeignKeyNullableRelation[AmaQuestion] = fields.ForeignKeyField(
        "crossroads.AmaQuestion", related_name="reports", null=True, on_delete=fields.CASCADE
    )
    question_id: int | None
    reporter: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="reports_made", on_delete=fields.CASCADE
    )
    reporter_id: int
    reason = fields.CharField(max_length=20)
    note = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    handled_at = fields.DatetimeField(null=True)
    outcome = fields.CharField(max_length=40, null=True)

    class Meta:
        table = "moderation_reports"
        unique_together = (("item", "reporter"),)


# The report table's column for a reported subject, by subject type (forum.review): reports of
# other subject types keep their queue item only (`item` -> subject_type, subject_id).
REPORT_COLUMNS = {"post": "post_id", "ama_question": "question_id"}


class ModLogEntry(Model):
    # Who did what to which subject, when and why. `public` entries feed the transparency log.

    id = fields.IntField(primary_key=True)
    moderator: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="moderation_actions", null=True, on_delete=fields.SET_NULL
    )
    moderator_id: int | None
    action = fields.CharField(max_length=40)
    subject_type = fields.CharField(max_length=40)
    subject_id = fields.IntField()
    item: fields.ForeignKeyNullableRelation[QueueItem] = fields.ForeignKeyField(
        "crossroads.QueueItem", related_name="log", null=True, on_delete=fields.SET_NULL
    )
    item_id: int | None
    # The member the action concerns (author of the post, sanctioned member).
    member: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="moderation_history", null=True, on_delete=fields.SET_NULL
    )
    member_id: int | None
    reason = fields.TextField(default="")
    category = fields.CharField(max_length=40, default="other")
    public = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "moderation_log"
        indexes = (("public", "id"), ("member_id", "id"))


class WatchedWordRow(Model):
    id = fields.IntField(primary_key=True)
    pattern = fields.CharField(max_length=100, unique=True)
    action = fields.CharField(max_length=10)  # block | hold | flag
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="watched_words", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "moderation_watched_words"


class CrisisText(Model):
    """Crisis language that reached no stored post or question: a refused submission, a draft,
    an AMA answer, a report note... Kept for moderators only (never shown to readers), behind a
    crisis-priority queue item (kind "crisis_text"). docs/moderation.md, "The crisis rule"."""

    id = fields.IntField(primary_key=True)
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="crisis_texts", null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    kind = fields.CharField(
        max_length=40
    )  # thread | post | edit | question | answer | report | ... | form
    # {field name: the text as submitted}; title and body of a thread, the note of a report...
    texts: fields.JSONField[dict[str, str]] = fields.JSONField(default=dict)
    reasons: fields.JSONField[list[str]] = fields.JSONField(default=list)
    outcome = fields.CharField(
        max_length=300
    )  # what happened to it: "refused (429): ...", "draft screen"
    context = fields.CharField(max_length=300, default="")  # where it was written
    created_at = fields.DatetimeField()  # when it was written (a spooled text keeps its own time)
    # A sender nobody could name (signed out, a bad token): a keyed hash of their client address
    # (never the address), or "many" for the site-wide overflow; their texts fold by it.
    client_hash = fields.CharField(max_length=64, null=True)
    # Texts from the same sender past the cap (policy crisis_unsigned): counted here, not kept.
    repeats = fields.IntField(default=0)

    class Meta:
        table = "moderation_crisis_texts"


class ScreenLabel(Model):
    """A moderator's mark that an automatic flag was wrong: a label for the next training round of
    the screens (bench/screens_labels.py writes them out). ``text`` is what was flagged, kept only
    while its author has not erased it: erasing the post or the account blanks it
    (moderation.labels). docs/screens.md, "Marking a flag wrong"."""

    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyNullableRelation[QueueItem] = fields.ForeignKeyField(
        "crossroads.QueueItem", related_name="labels", null=True, on_delete=fields.SET_NULL
    )
    item_id: int | None
    subject_type = fields.CharField(max_length=40)
    subject_id = fields.IntField()
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="screen_labels", null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    moderator: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="screen_labels_made", null=True, on_delete=fields.SET_NULL
    )
    moderator_id: int | None
    # The automatic reasons marked wrong ("crisis: suicide", "possible crisis (model score 0.91)"...).
    reasons: fields.JSONField[list[str]] = fields.JSONField(default=list)
    label = fields.CharField(
        max_length=20, default="wrong"
    )  # the flag was wrong: a negative example
    text = fields.TextField(default="")
    note = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "moderation_screen_labels"
        unique_together = (("item", "moderator"),)
        indexes = (("subject_type", "subject_id"), ("author_id",))
