from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from forum.accounts.models import User


# Each foreign key `x` has an `x_id: int` attribute (the column's value, set on every instance
# Tortoise loads or creates): declared below without a field, so the type checker knows it.


class Draft(Model):
    """Text a member is still writing: `key` is `thread-{id}` (a reply) or `new-{space slug}`."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="drafts", on_delete=fields.CASCADE
    )
    user_id: int
    key = fields.CharField(max_length=60)
    title = fields.CharField(max_length=150, null=True)
    body = fields.TextField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "drafts"
        unique_together = (("user_id", "key"),)
