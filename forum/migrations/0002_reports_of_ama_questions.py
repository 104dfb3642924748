from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


# Members can report AMA questions as well as posts: a report names a post or a question.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0001_initial")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="PostReport",
            name="post",
            field=fields.ForeignKeyField(
                "crossroads.Post",
                source_field="post_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="reports",
                on_delete=OnDelete.CASCADE,
            ),
        ),
        ops.AddField(
            model_name="PostReport",
            name="question",
            field=fields.ForeignKeyField(
                "crossroads.AmaQuestion",
                source_field="question_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="reports",
                on_delete=OnDelete.CASCADE,
            ),
        ),
        # On SQLite, AlterField rebuilds the table and Tortoise does not recreate its unique
        # (item, reporter) index; put it back (on PostgreSQL it exists under this name already).
        ops.RunSQL(
            'CREATE UNIQUE INDEX IF NOT EXISTS "uid_moderation__item_id_efda51" '
            'ON "moderation_reports" ("item_id", "reporter_id")'
        ),
    ]
