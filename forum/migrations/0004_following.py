from enum import StrEnum

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# The enums as they were when this migration was written, frozen here: a migration must mean the
# same thing forever, whatever the live models' enums become.


class FollowLevel(StrEnum):
    FOLLOWING = "following"
    MUTED = "muted"


# Following and read marks per member and thread.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0003_notifications_reference_subjects")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ThreadFollow",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="thread_follows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "thread",
                    fields.ForeignKeyField(
                        "crossroads.Thread",
                        source_field="thread_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="follows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "level",
                    fields.CharEnumField(
                        default=FollowLevel.FOLLOWING,
                        description="FOLLOWING: following\nMUTED: muted",
                        enum_type=FollowLevel,
                        max_length=12,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "thread_follows",
                "app": "crossroads",
                "unique_together": (("user_id", "thread_id"),),
                "indexes": [Index(fields=["thread_id", "level"])],
                "pk_attr": "id",
                "table_description": 'A member\'s choice about one thread. No row means "not following" (the default).',
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ThreadRead",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="thread_reads",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "thread",
                    fields.ForeignKeyField(
                        "crossroads.Thread",
                        source_field="thread_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reads",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("last_read_post_id", fields.IntField(default=0)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "thread_reads",
                "app": "crossroads",
                "unique_together": (("user_id", "thread_id"),),
                "pk_attr": "id",
                "table_description": "How far a member has read a thread: every post with an id up to `last_read_post_id`.",
            },
            bases=["Model"],
        ),
    ]
