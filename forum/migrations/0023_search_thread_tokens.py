from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor.base import BaseSchemaEditor
from tortoise.migrations.schema_generator.state_apps import StateApps

# SQLite's search_entries gets an indexed ``thread`` column (the token t<thread id>), so the
# matches of a query in a page's threads are one MATCH (FTS5 intersects the doclists) instead of
# one MATCH per post of those threads (0.4 ms each: 136 ms for a page of a three-word query at
# 200,000 posts). FTS5 tables cannot gain a column: 0022's table and triggers are dropped and
# built again from the posts. PostgreSQL: nothing changes. The statements are frozen here as
# they were when this migration was written (forum/search/schema.py holds the live ones, for the
# test schema): a migration must mean the same thing forever.
TABLE = "search_entries"

_SQLITE_COLUMNS = "rowid, title, body, thread, thread_id, space_id, author_id, thread_author_id"


def _sqlite_rows(post: str, thread: str, source: str, where: str) -> str:
    """INSERT ... SELECT of the rows for the visible posts `where` selects from `source`
    (`post`, `thread`: their aliases, or ``new`` inside a trigger)."""
    return (
        f"INSERT INTO {TABLE} ({_SQLITE_COLUMNS}) SELECT {post}.id, "
        f"CASE WHEN {post}.is_first THEN {thread}.title ELSE '' END, {post}.body_md, 't' || {post}.thread_id, "
        f"{post}.thread_id, "
        f"{thread}.space_id, {post}.author_id, {thread}.author_id FROM {source} "
        f"WHERE {post}.status = 'published' AND {thread}.status = 'published' AND {where}"
    )


_SQLITE = [
    # The first index (migration 0010 before 0022): its FTS table held no visibility.
    "DROP TRIGGER IF EXISTS post_search_insert",
    "DROP TRIGGER IF EXISTS post_search_update",
    "DROP TRIGGER IF EXISTS post_search_delete",
    "DROP TRIGGER IF EXISTS post_search_title",
    "DROP TABLE IF EXISTS post_search",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
  title, body, thread, thread_id UNINDEXED, space_id UNINDEXED, author_id UNINDEXED, thread_author_id UNINDEXED,
  tokenize = 'porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_post_insert AFTER INSERT ON posts BEGIN
  {_sqlite_rows("new", "t", "threads t", "t.id = new.thread_id")};
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_post_update
AFTER UPDATE OF body_md, status, author_id, thread_id, is_first ON posts
WHEN old.body_md IS NOT new.body_md OR old.status IS NOT new.status OR old.author_id IS NOT new.author_id
     OR old.thread_id IS NOT new.thread_id OR old.is_first IS NOT new.is_first BEGIN
  DELETE FROM {TABLE} WHERE rowid = old.id;
  {_sqlite_rows("new", "t", "threads t", "t.id = new.thread_id")};
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_post_delete AFTER DELETE ON posts BEGIN
  DELETE FROM {TABLE} WHERE rowid = old.id;
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_thread AFTER UPDATE OF status, space_id, author_id ON threads
WHEN old.status IS NOT new.status OR old.space_id IS NOT new.space_id OR old.author_id IS NOT new.author_id BEGIN
  DELETE FROM {TABLE} WHERE rowid IN (SELECT id FROM posts WHERE thread_id = new.id);
  {_sqlite_rows("p", "new", "posts p", "p.thread_id = new.id")};
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_title AFTER UPDATE OF title ON threads
WHEN old.title IS NOT new.title BEGIN
  DELETE FROM {TABLE} WHERE rowid IN (SELECT id FROM posts WHERE thread_id = new.id AND is_first);
  {_sqlite_rows("p", "new", "posts p", "p.thread_id = new.id AND p.is_first")};
END""",
    # Posts written before this index: one row for each visible one.
    _sqlite_rows(
        "p",
        "t",
        "posts p JOIN threads t ON t.id = p.thread_id",
        f"p.id NOT IN (SELECT rowid FROM {TABLE})",
    ),
]

_DROP_0022 = [
    "DROP TRIGGER IF EXISTS search_entries_post_insert",
    "DROP TRIGGER IF EXISTS search_entries_post_update",
    "DROP TRIGGER IF EXISTS search_entries_post_delete",
    "DROP TRIGGER IF EXISTS search_entries_thread",
    "DROP TRIGGER IF EXISTS search_entries_title",
    "DROP TABLE IF EXISTS search_entries",
]


async def rebuild_sqlite_search_entries(apps: StateApps, schema_editor: BaseSchemaEditor) -> None:
    """SQLite: search_entries again, with its thread column, from the posts. PostgreSQL: nothing."""
    client = schema_editor.client
    if client.capabilities.dialect != "sqlite":
        return
    for sql in _DROP_0022 + [s for s in _SQLITE if not s.startswith("DROP ")]:
        await client.execute_query(sql)


class Migration(migrations.Migration):
    dependencies = [("crossroads", "0022_search_entries")]

    initial = False

    operations = [
        ops.RunPython(rebuild_sqlite_search_entries),
    ]
