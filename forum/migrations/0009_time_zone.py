from tortoise import fields, migrations
from tortoise.migrations import operations as ops


# A member chooses the time zone pages show times in.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0008_safety_crisis")]

    initial = False

    operations = [
        ops.AddField(
            model_name="User",
            name="time_zone",
            field=fields.CharField(null=True, max_length=64),
        ),
    ]
