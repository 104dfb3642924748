from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


# Idempotency-Key: one row per (member, key) so a repeated create returns the first answer.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0017_resources_by_audience")]

    initial = False

    operations = [
        ops.CreateModel(
            name="IdempotencyKey",
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
                        related_name="idempotency_keys",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("key", fields.CharField(max_length=255)),
                ("request_hash", fields.CharField(max_length=64)),
                ("claimed_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("committed", fields.BooleanField(default=False)),
                ("status", fields.IntField(null=True)),
                ("response", fields.TextField(null=True, unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "idempotency_keys",
                "app": "crossroads",
                "unique_together": (("user_id", "key"),),
                "pk_attr": "id",
                "table_description": "One create request a member made with an `Idempotency-Key` (forum/idempotency.py).",
            },
            bases=["Model"],
        ),
    ]
