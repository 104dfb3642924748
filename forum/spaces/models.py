from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Space(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=80)
    description = fields.TextField()
    guidelines = fields.TextField()
    # The one path whose members may enter; null means every member.
    audience = fields.CharField(max_length=12, null=True)
    position = fields.IntField(default=0)
    # The thread moderators pinned as this space's "Start here" (forum.spaces.actions.set_start_here).
    start_here_thread_id = fields.IntField(null=True)

    class Meta:
        table = "spaces"
        ordering = ["position", "id"]
