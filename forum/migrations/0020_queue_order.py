from tortoise import migrations
from tortoise.migrations import operations as ops


# The moderation queue reads one (status, priority DESC, id) range per status and stops at the
# page, instead of sorting every open item (bench/lists_bench.py, docs/benchmarks.md). The SQL is
# written here, not imported (moderation.models.QUEUE_ORDER_INDEX is the live copy for the test
# schema): a migration must mean the same thing forever.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0019_screen_labels")]

    initial = False

    operations = [
        ops.RunSQL(
            'CREATE INDEX IF NOT EXISTS "idx_moderation_items_queue_order" '
            'ON "moderation_items" ("status", "priority" DESC, "id")'
        ),
    ]
