from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Block(Model):
    """`blocker` no longer sees what `blocked` writes (posts, threads, AMA questions, reactions,
    mentions and the notices they cause). Nobody is told, and deleting the row undoes it."""

    id = fields.IntField(primary_key=True)
    blocker = fields.ForeignKeyField(
        "crossroads.User", related_name="blocks_made", on_delete=fields.CASCADE
    )
    blocked = fields.ForeignKeyField(
        "crossroads.User", related_name="blocked_by", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "blocks"
        unique_together = (("blocker_id", "blocked_id"),)
        # Fan-out asks "who among these readers blocked this author?"
        indexes = (("blocked_id", "blocker_id"),)
