from tortoise import fields, migrations
from tortoise.migrations import operations as ops


# Moderators pin one thread per space as "Start here".
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0011_list_indexes")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Space",
            name="start_here_thread_id",
            field=fields.IntField(null=True),
        ),
    ]
