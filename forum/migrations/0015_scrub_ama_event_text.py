from tortoise import migrations
from tortoise.migrations import operations as ops

from forum.amas import event_scrub


# AMA event rows written before the id-only event log still held questions' and answers' text and
# their authors' names: keep only their ids (forum/amas/event_scrub.py). Replay already ignored them.
class Migration(migrations.Migration):
    dependencies = [('crossroads', '0014_reserved_and_lookalike_names')]

    initial = False

    operations = [
        ops.RunPython(event_scrub.migrate),
    ]
