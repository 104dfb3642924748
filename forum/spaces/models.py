from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

# The longest slug a space can have (the column); a longer one names no space.
SLUG_MAX_LENGTH = 40


class Space(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=SLUG_MAX_LENGTH, unique=True)
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
