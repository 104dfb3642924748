from tortoise import fields, migrations
from tortoise.migrations import operations as ops


# post.version: edits are compare-and-set on it (a stale version is 409 and changes nothing).
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0015_scrub_ama_event_text")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Post",
            name="version",
            field=fields.IntField(default=1),
        ),
    ]
