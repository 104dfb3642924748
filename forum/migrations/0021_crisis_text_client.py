from tortoise import fields, migrations
from tortoise.migrations import operations as ops


# Crisis texts from senders nobody could name fold per client address hash, with a count
# (moderation/crisis_texts.py; issue 10: a signed-out flood must not bury a real crisis item).
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0020_queue_order")]

    initial = False

    operations = [
        ops.AddField(
            model_name="CrisisText",
            name="client_hash",
            field=fields.CharField(max_length=64, null=True),
        ),
        ops.AddField(
            model_name="CrisisText",
            name="repeats",
            field=fields.IntField(default=0),
        ),
    ]
