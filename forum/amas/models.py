"""Therapist verification, AMAs, their questions, votes, answers and the live event log."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from forum.db import nullable_text

if TYPE_CHECKING:
    from forum.accounts.models import User
    from forum.spaces.models import Space


# Each foreign key `x` has an `x_id: int` attribute (the column's value, set on every instance
# Tortoise loads or creates): declared below without a field, so the type checker knows it.


class ApplicationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    REVOKED = "revoked"


class QuestionStatus(StrEnum):
    PUBLISHED = "published"
    PENDING = "pending"  # held by screening until a moderator looks
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"


class TherapistApplication(Model):
    """A member's request to be shown as a verified therapist."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="therapist_applications", on_delete=fields.CASCADE
    )
    user_id: int
    credential_type = fields.CharField(max_length=40)
    jurisdiction = fields.CharField(max_length=80)
    licence_number = fields.CharField(max_length=60)
    practice_url = fields.CharField(max_length=500)
    status = fields.CharEnumField(
        ApplicationStatus, max_length=10, default=ApplicationStatus.PENDING
    )
    reason = fields.TextField(default="")
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="therapist_decisions", null=True, on_delete=fields.SET_NULL
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "therapist_applications"
        indexes = (("user_id", "id"), ("status", "id"))


class Ama(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=150)
    description = fields.TextField()
    description_html = fields.TextField()
    host: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="hosted_amas", on_delete=fields.RESTRICT
    )
    host_id: int
    space: fields.ForeignKeyRelation[Space] = fields.ForeignKeyField(
        "crossroads.Space", related_name="amas", on_delete=fields.RESTRICT
    )
    space_id: int
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="scheduled_amas", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    # The last live event's number; bumped under this row's lock so numbers follow commit order.
    event_seq = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "amas"
        indexes = (("starts_at", "id"), ("ends_at", "id"))


class AmaQuestion(Model):
    id = fields.IntField(primary_key=True)
    ama: fields.ForeignKeyRelation[Ama] = fields.ForeignKeyField(
        "crossroads.Ama", related_name="questions", on_delete=fields.CASCADE
    )
    ama_id: int
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="ama_questions", on_delete=fields.CASCADE
    )
    author_id: int
    body_md = fields.TextField()
    body_html = fields.TextField()
    status = fields.CharEnumField(QuestionStatus, max_length=10, default=QuestionStatus.PUBLISHED)
    status_reason = nullable_text()
    vote_count = fields.IntField(default=0)
    answer_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ama_questions"
        indexes = (("ama_id", "vote_count", "id"), ("ama_id", "id"))


class AmaVote(Model):
    id = fields.IntField(primary_key=True)
    question: fields.ForeignKeyRelation[AmaQuestion] = fields.ForeignKeyField(
        "crossroads.AmaQuestion", related_name="votes", on_delete=fields.CASCADE
    )
    question_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="ama_votes", on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ama_votes"
        unique_together = (("question_id", "user_id"),)


class AmaAnswer(Model):
    id = fields.IntField(primary_key=True)
    question: fields.ForeignKeyRelation[AmaQuestion] = fields.ForeignKeyField(
        "crossroads.AmaQuestion", related_name="answers", on_delete=fields.CASCADE
    )
    question_id: int
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="ama_answers", on_delete=fields.CASCADE
    )
    author_id: int
    body_md = fields.TextField()
    body_html = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ama_answers"
        indexes = (("question_id", "id"),)


class AmaEvent(Model):
    """The live log of an AMA: seq (1, 2, 3 per AMA, in commit order) is the SSE id replayed after Last-Event-ID."""

    id = fields.BigIntField(primary_key=True)
    ama_id = fields.IntField()
    seq = fields.IntField()
    kind = fields.CharField(max_length=20)
    data: fields.JSONField[dict[str, Any]] = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ama_events"
        unique_together = (("ama_id", "seq"),)
