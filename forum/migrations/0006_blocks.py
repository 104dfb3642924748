from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


# Blocks: a member keeps another out of their sight.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0005_reactions")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Block",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "blocker",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="blocker_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="blocks_made",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "blocked",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="blocked_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="blocked_by",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "blocks",
                "app": "crossroads",
                "unique_together": (("blocker_id", "blocked_id"),),
                "indexes": [Index(fields=["blocked_id", "blocker_id"])],
                "pk_attr": "id",
                "table_description": "`blocker` no longer sees what `blocked` writes (posts, threads, AMA questions, reactions,",
            },
            bases=["Model"],
        ),
    ]
