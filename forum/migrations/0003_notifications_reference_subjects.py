import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


# A notification references its subject (kind + id) and is rendered for its reader when shown,
# so it never names a thread or AMA its reader can no longer read. `message` becomes a template.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0002_reports_of_ama_questions")]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name="Notification",
            options={
                "table": "notifications",
                "app": "crossroads",
                "indexes": [Index(fields=["user_id", "id"])],
                "pk_attr": "id",
                "table_description": "An in-app notice to one member (a held post, a decision, a reply).",
            },
        ),
        ops.AddField(
            model_name="Notification",
            name="params",
            field=fields.JSONField(
                null=True, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
            ),
        ),
        ops.AddField(
            model_name="Notification",
            name="subject_id",
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name="Notification",
            name="subject_type",
            field=fields.CharField(null=True, max_length=20),
        ),
        # Earlier notices were stored as finished text naming threads and AMAs: nobody can tell
        # any more whether their reader may still read those, so they keep no details.
        ops.RunSQL(
            "UPDATE notifications SET message = 'A notice from before notices were shown as they are now, "
            "and its details are no longer kept.', link = NULL "
            "WHERE link LIKE '/t/%' OR link LIKE '/amas/%'"
        ),
        # The rest become templates: a literal brace is doubled.
        ops.RunSQL(
            "UPDATE notifications SET message = REPLACE(REPLACE(message, '{', '{{'), '}', '}}')"
        ),
    ]
