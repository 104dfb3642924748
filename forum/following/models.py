from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from forum.accounts.models import User
    from forum.threads.models import Thread


# Each foreign key `x` has an `x_id: int` attribute (the column's value, set on every instance
# Tortoise loads or creates): declared below without a field, so the type checker knows it.


class FollowLevel(StrEnum):
    FOLLOWING = "following"  # notified of every reply
    MUTED = "muted"  # never notified, not even of mentions; replying does not re-follow


class ThreadFollow(Model):
    """A member's choice about one thread. No row means "not following" (the default)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="thread_follows", on_delete=fields.CASCADE
    )
    user_id: int
    thread: fields.ForeignKeyRelation[Thread] = fields.ForeignKeyField(
        "crossroads.Thread", related_name="follows", on_delete=fields.CASCADE
    )
    thread_id: int
    level = fields.CharEnumField(FollowLevel, max_length=12, default=FollowLevel.FOLLOWING)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "thread_follows"
        unique_together = (("user_id", "thread_id"),)
        # Fan-out reads a thread's followers.
        indexes = (("thread_id", "level"),)


class ThreadRead(Model):
    """How far a member has read a thread: every post with an id up to `last_read_post_id`."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="thread_reads", on_delete=fields.CASCADE
    )
    user_id: int
    thread: fields.ForeignKeyRelation[Thread] = fields.ForeignKeyField(
        "crossroads.Thread", related_name="reads", on_delete=fields.CASCADE
    )
    thread_id: int
    last_read_post_id = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "thread_reads"
        unique_together = (("user_id", "thread_id"),)
