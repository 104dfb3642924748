"""The resource directory: curated help, each tagged with the path(s) it serves."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from forum.accounts.models import User


# Each foreign key `x` has an `x_id: int` attribute (the column's value, set on every instance
# Tortoise loads or creates): declared below without a field, so the type checker knows it.


class Kind(StrEnum):
    WORKSHOP = "workshop"
    RETREAT = "retreat"
    PROGRAM = "program"
    SUPPORT_GROUP = "support-group"
    PRACTICE = "practice"
    COUNSELOR = "counselor"
    MEDIATOR = "mediator"
    FINANCIAL_ADVISER = "financial-adviser"
    ATTORNEY = "attorney"
    HOTLINE = "hotline"


KIND_LABELS = {
    Kind.WORKSHOP: "Workshop",
    Kind.RETREAT: "Retreat",
    Kind.PROGRAM: "Program",
    Kind.SUPPORT_GROUP: "Support group",
    Kind.PRACTICE: "Practice",
    Kind.COUNSELOR: "Counselor",
    Kind.MEDIATOR: "Mediator",
    Kind.FINANCIAL_ADVISER: "Financial adviser",
    Kind.ATTORNEY: "Attorney",
    Kind.HOTLINE: "Crisis hotline",
}


class Format(StrEnum):
    IN_PERSON = "in-person"
    ONLINE = "online"
    HYBRID = "hybrid"


FORMAT_LABELS = {Format.IN_PERSON: "In person", Format.ONLINE: "Online", Format.HYBRID: "Hybrid"}


class Audience(StrEnum):
    """Which path(s) a resource serves. "both" sorts before the two paths on purpose:
    ordering by audience descending puts the path's own resources before shared ones."""

    STAYING = "staying"
    LEAVING = "leaving"
    BOTH = "both"


class State(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    BROKEN = "broken"


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Resource(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=150)
    url = fields.CharField(max_length=500)
    description = fields.TextField()
    kind = fields.CharEnumField(Kind, max_length=20)
    audience = fields.CharEnumField(Audience, max_length=8, default=Audience.BOTH)
    format = fields.CharEnumField(Format, max_length=10, default=Format.ONLINE)
    location = fields.CharField(max_length=120, default="")
    # ISO 3166-1 alpha-2 (hotlines): which country the line serves; null means anywhere.
    country = fields.CharField(max_length=2, null=True)
    # Hotlines: numbers to call and to text (shown as tap-to-call tel:/sms: links) and opening hours.
    phone = fields.CharField(max_length=40, default="")
    sms = fields.CharField(max_length=40, default="")
    hours = fields.CharField(max_length=80, default="")
    starts_on = fields.DateField(null=True)
    ends_on = fields.DateField(null=True)
    cost_note = fields.CharField(max_length=200, default="")
    state = fields.CharEnumField(State, max_length=10, default=State.ACTIVE)
    last_checked_at = fields.DatetimeField(null=True)
    # What the last check saw: "200", "404", "timeout", "connection failed", ...
    last_status = fields.CharField(max_length=200, null=True)
    # Shipped defaults (the crisis hotlines) carry a key, so start-up creates each once.
    key = fields.CharField(max_length=40, null=True, unique=True)
    position = fields.IntField(default=0)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "resources"
        # The directory pages by (title, id) within a state: ("state", "title", "id") is that range.
        indexes = (
            ("state", "kind"),
            ("state", "audience"),
            ("state", "title", "id"),
            ("state", "audience", "title", "id"),
        )


def paths_of(audience: str) -> list[str]:
    return ["staying", "leaving"] if audience == Audience.BOTH else [str(audience)]


class ResourceSuggestion(Model):
    """A member's suggestion, which a moderator approves (with edits) or declines."""

    id = fields.IntField(primary_key=True)
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    title = fields.CharField(max_length=150)
    url = fields.CharField(max_length=500)
    description = fields.TextField()
    kind = fields.CharEnumField(Kind, max_length=20)
    audience = fields.CharEnumField(Audience, max_length=8, default=Audience.BOTH)
    format = fields.CharEnumField(Format, max_length=10, default=Format.ONLINE)
    location = fields.CharField(max_length=120, default="")
    starts_on = fields.DateField(null=True)
    ends_on = fields.DateField(null=True)
    cost_note = fields.CharField(max_length=200, default="")
    note = fields.TextField(default="")  # for the moderators only
    status = fields.CharEnumField(SuggestionStatus, max_length=10, default=SuggestionStatus.PENDING)
    resource: fields.ForeignKeyNullableRelation[Resource] = fields.ForeignKeyField(
        "crossroads.Resource", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    resource_id: int | None
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "resource_suggestions"
        indexes = (("author_id", "id"),)
