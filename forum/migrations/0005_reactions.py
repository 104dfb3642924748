from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


# Reactions to posts: one of each kind per member per post.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0004_following")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Reaction",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "crossroads.Post",
                        source_field="post_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reactions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reactions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("kind", fields.CharField(max_length=20)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "reactions",
                "app": "crossroads",
                "unique_together": (("post_id", "user_id", "kind"),),
                "pk_attr": "id",
                "table_description": "One member's reaction of one kind to one post (forum.reactions.actions.KINDS).",
            },
            bases=["Model"],
        ),
    ]
