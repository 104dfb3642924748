import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


# Crisis help on every path (issue 10): crisis text kept for moderators when nothing was stored,
# hotlines get numbers to call and text, and a member can choose their country.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0007_drafts")]

    initial = False

    operations = [
        ops.CreateModel(
            name="CrisisText",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="author_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="crisis_texts",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("kind", fields.CharField(max_length=40)),
                (
                    "texts",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
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
                ("outcome", fields.CharField(max_length=300)),
                ("context", fields.CharField(default="", max_length=300)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "moderation_crisis_texts",
                "app": "crossroads",
                "pk_attr": "id",
                "table_description": "Crisis language that reached no stored post or question: a refused submission, a draft,",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Resource",
            name="hours",
            field=fields.CharField(default="", max_length=80),
        ),
        ops.AddField(
            model_name="Resource",
            name="phone",
            field=fields.CharField(default="", max_length=40),
        ),
        ops.AddField(
            model_name="Resource",
            name="sms",
            field=fields.CharField(default="", max_length=40),
        ),
        ops.AddField(
            model_name="User",
            name="country",
            field=fields.CharField(null=True, max_length=2),
        ),
    ]
