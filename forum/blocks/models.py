from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from forum.accounts.models import User


# Each foreign key `x` has an `x_id: int` attribute (the column's value, set on every instance
# Tortoise loads or creates): declared below without a field, so the type checker knows it.


class Block(Model):
    """`blocker` no longer sees what `blocked` writes (posts, threads, AMA questions, reactions,
    mentions and the notices they cause). Nobody is told, and deleting the row undoes it."""

    id = fields.IntField(primary_key=True)
    blocker: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="blocks_made", on_delete=fields.CASCADE
    )
    blocker_id: int
    blocked: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="blocked_by", on_delete=fields.CASCADE
    )
    blocked_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "blocks"
        unique_together = (("blocker_id", "blocked_id"),)
        # Fan-out asks "who among these readers blocked this author?"
        indexes = (("blocked_id", "blocker_id"),)
