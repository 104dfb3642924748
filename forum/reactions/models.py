from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Reaction(Model):
    """One member's reaction of one kind to one post (forum.reactions.actions.KINDS)."""

    id = fields.IntField(primary_key=True)
    post = fields.ForeignKeyField(
        "crossroads.Post", related_name="reactions", on_delete=fields.CASCADE
    )
    user = fields.ForeignKeyField(
        "crossroads.User", related_name="reactions", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=20)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "reactions"
        unique_together = (("post_id", "user_id", "kind"),)
