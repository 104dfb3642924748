from tortoise import fields, migrations
from tortoise.migrations import operations as ops


# Lookalike pseudonyms: every live account has a TR39 name key; a deleted member's stays reserved.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0013_never_published_posts_leave_no_trace")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ReservedName",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("name_key", fields.CharField(db_index=True, max_length=120)),
                ("until", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "reserved_names",
                "app": "crossroads",
                "pk_attr": "id",
                "table_description": "A deleted member's pseudonym (by its lookalike key), closed to new accounts until ``until``.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="User",
            name="name_key",
            field=fields.CharField(null=True, db_index=True, max_length=120),
        ),
        # SQLite's AddField leaves out the column's index; make sure it exists on both databases.
        ops.RunSQL('CREATE INDEX IF NOT EXISTS "idx_users_name_key" ON "users" ("name_key")'),
    ]
