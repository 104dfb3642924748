from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Draft(Model):
    """Text a member is still writing: `key` is `thread-{id}` (a reply) or `new-{space slug}`."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField(
        "crossroads.User", related_name="drafts", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=60)
    title = fields.CharField(max_length=150, null=True)
    body = fields.TextField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "drafts"
        unique_together = (("user_id", "key"),)
