from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


# The directory for one path pages through (state, audience, title, id) ranges, one per audience,
# instead of sorting every active resource (bench/lists_bench.py, docs/benchmarks.md).
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0016_post_version")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="Resource",
            index=Index(fields=["state", "audience", "title", "id"]),
        ),
    ]
