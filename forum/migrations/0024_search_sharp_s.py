from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor.base import BaseSchemaEditor
from tortoise.migrations.schema_generator.state_apps import StateApps

# SQLite: searching `gross` did not find a post saying `groß` (PostgreSQL's unaccent folds ß to
# ss; FTS5's unicode61 tokenizer folds accents but leaves ß alone). The triggers now write ß and
# ẞ as ss into search_entries' title and body (plain replace(), so any SQLite client can still
# write posts), the query's words are folded the same way (forum.search.query.sqlite_fold), and
# the rows of posts already holding ß are written again. PostgreSQL: nothing changes. The
# statements are frozen here as they were when this migration was written
# (forum/search/schema.py holds the live ones): a migration must mean the same thing forever.
TABLE = "search_entries"

_SQLITE_COLUMNS = "rowid, title, body, thread, thread_id, space_id, author_id, thread_author_id"


def _fold(expr: str) -> str:
    return f"replace(replace({expr}, 'ß', 'ss'), 'ẞ', 'ss')"


def _sqlite_rows(post: str, thread: str, source: str, where: str) -> str:
    return (
        f"INSERT INTO {TABLE} ({_SQLITE_COLUMNS}) SELECT {post}.id, "
        f"CASE WHEN {post}.is_first THEN {_fold(thread + '.title')} ELSE '' END, "
        f"{_fold(post + '.body_md')}, 't' || {post}.thread_id, "
        f"{post}.thread_id, "
        f"{thread}.space_id, {post}.author_id, {thread}.author_id FROM {source} "
        f"WHERE {post}.status = 'published' AND {thread}.status = 'published' AND {where}"
    )


_HAS_SHARP_S = (
    "SELECT p.id FROM posts p JOIN threads t ON t.id = p.thread_id WHERE instr(p.body_md, 'ß') "
    "OR instr(p.body_md, 'ẞ') OR (p.is_first AND (instr(t.title, 'ß') OR instr(t.title, 'ẞ')))"
)

_SQLITE = [
    "DROP TRIGGER IF EXISTS search_entries_post_insert",
    "DROP TRIGGER IF EXISTS search_entries_post_update",
    "DROP TRIGGER IF EXISTS search_entries_thread",
    "DROP TRIGGER IF EXISTS search_entries_title",
    f"""CREATE TRIGGER {TABLE}_post_insert AFTER INSERT ON posts BEGIN
  {_sqlite_rows("new", "t", "threads t", "t.id = new.thread_id")};
END""",
    f"""CREATE TRIGGER {TABLE}_post_update
AFTER UPDATE OF body_md, status, author_id, thread_id, is_first ON posts
WHEN old.body_md IS NOT new.body_md OR old.status IS NOT new.status OR old.author_id IS NOT new.author_id
     OR old.thread_id IS NOT new.thread_id OR old.is_first IS NOT new.is_first BEGIN
  DELETE FROM {TABLE} WHERE rowid = old.id;
  {_sqlite_rows("new", "t", "threads t", "t.id = new.thread_id")};
END""",
    f"""CREATE TRIGGER {TABLE}_thread AFTER UPDATE OF status, space_id, author_id ON threads
WHEN old.status IS NOT new.status OR old.space_id IS NOT new.space_id OR old.author_id IS NOT new.author_id BEGIN
  DELETE FROM {TABLE} WHERE rowid IN (SELECT id FROM posts WHERE thread_id = new.id);
  {_sqlite_rows("p", "new", "posts p", "p.thread_id = new.id")};
END""",
    f"""CREATE TRIGGER {TABLE}_title AFTER UPDATE OF title ON threads
WHEN old.title IS NOT new.title BEGIN
  DELETE FROM {TABLE} WHERE rowid IN (SELECT id FROM posts WHERE thread_id = new.id AND is_first);
  {_sqlite_rows("p", "new", "posts p", "p.thread_id = new.id AND p.is_first")};
END""",
    # The rows of posts written before: those with ß, again.
    f"DELETE FROM {TABLE} WHERE rowid IN ({_HAS_SHARP_S})",
    _sqlite_rows(
        "p", "t", "posts p JOIN threads t ON t.id = p.thread_id", f"p.id IN ({_HAS_SHARP_S})"
    ),
]


async def fold_sharp_s(apps: StateApps, schema_editor: BaseSchemaEditor) -> None:
    """SQLite: triggers that fold ß, and the rows holding it written again. PostgreSQL: nothing."""
    client = schema_editor.client
    if client.capabilities.dialect != "sqlite":
        return
    for sql in _SQLITE:
        await client.execute_query(sql)


class Migration(migrations.Migration):
    dependencies = [("crossroads", "0023_search_thread_tokens")]

    initial = False

    operations = [
        ops.RunPython(fold_sharp_s),
    ]
