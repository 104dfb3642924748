from tortoise import migrations
from tortoise.migrations import operations as ops

from forum.search import schema


# Full-text search: PostgreSQL's posts.search_vector (tsvector, trigger-maintained) with a GIN
# index over published posts; SQLite's post_search FTS5 table with its triggers. Both are
# filled from the posts already there. See forum/search/schema.py.
class Migration(migrations.Migration):
    dependencies = [('crossroads', '0009_time_zone')]

    initial = False

    operations = [
        ops.RunPython(schema.migrate),
    ]
