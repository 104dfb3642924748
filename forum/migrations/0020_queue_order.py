from tortoise import migrations
from tortoise.migrations import operations as ops

from moderation.models import QUEUE_ORDER_INDEX


# The moderation queue reads one (status, priority DESC, id) range per status and stops at the
# page, instead of sorting every open item (bench/lists_bench.py, docs/benchmarks.md).
class Migration(migrations.Migration):
    dependencies = [('crossroads', '0019_screen_labels')]

    initial = False

    operations = [
        ops.RunSQL(QUEUE_ORDER_INDEX),
    ]
