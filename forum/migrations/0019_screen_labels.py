import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


# Screen labels (issue 10): a moderator marks an automatic flag wrong; kept for the next training round.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0018_idempotency_keys")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ScreenLabel",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "item",
                    fields.ForeignKeyField(
                        "crossroads.QueueItem",
                        source_field="item_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="labels",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("subject_type", fields.CharField(max_length=40)),
                ("subject_id", fields.IntField()),
                (
                    "author",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="author_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="screen_labels",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "moderator",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="moderator_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="screen_labels_made",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "reasons",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("label", fields.CharField(default="wrong", max_length=20)),
                ("text", fields.TextField(default="", unique=False)),
                ("note", fields.TextField(default="", unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "moderation_screen_labels",
                "app": "crossroads",
                "unique_together": (("item", "moderator"),),
                "indexes": [
                    Index(fields=["subject_type", "subject_id"]),
                    Index(fields=["author_id"]),
                ],
                "pk_attr": "id",
                "table_description": "A moderator's mark that an automatic flag was wrong: a label for the next training round of",
            },
            bases=["Model"],
        ),
    ]
