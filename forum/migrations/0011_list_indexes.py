from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


# Every list reads an index range (tests/forum/test_list_plans.py): the resource directory
# pages by (title, id) within a state.
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0010_search_index")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="Resource",
            index=Index(fields=["state", "title", "id"]),
        ),
    ]
