from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


# Drafts kept on the server per member and key (thread-{id}, new-{slug}).
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0006_blocks")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Draft",
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
                        related_name="drafts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("key", fields.CharField(max_length=60)),
                ("title", fields.CharField(null=True, max_length=150)),
                ("body", fields.TextField(unique=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "drafts",
                "app": "crossroads",
                "unique_together": (("user_id", "key"),),
                "pk_attr": "id",
                "table_description": "Text a member is still writing: `key` is `thread-{id}` (a reply) or `new-{space slug}`.",
            },
            bases=["Model"],
        ),
    ]
