from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor.base import BaseSchemaEditor
from tortoise.migrations.schema_generator.state_apps import StateApps

# Search rows that carry their own visibility (issues 12 and 15): search_entries holds one row
# per visible post (published, in a published thread) with its thread, the thread's space, the
# post's and the thread's authors and its words (PostgreSQL: a table with a GIN index on a
# tsvector and a btree on (thread_id, post_id); SQLite: an FTS5 table, the ids UNINDEXED), kept
# by triggers on posts and threads, so a page of results reads about a page of rows instead of
# joining every readable thread. Replaces migration 0010's index (posts.search_vector with its
# triggers; SQLite's post_search) and fills the new one from the posts already there. The
# statements are frozen here as they were when this migration was written
# (forum/search/schema.py holds the live ones, for the test schema): a migration must mean the
# same thing forever.
TS_CONFIG = "crossroads_search"
TABLE = "search_entries"

_VECTOR = (
    f"CASE WHEN p.is_first THEN setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(t.title, '')), 'A') "
    f"ELSE ''::tsvector END || setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(p.body_md, '')), 'B')"
)
_PG_ROWS = (
    f"INSERT INTO {TABLE} (post_id, thread_id, space_id, author_id, thread_author_id, vector) "
    f"SELECT p.id, p.thread_id, t.space_id, p.author_id, t.author_id, {_VECTOR} "
    "FROM posts p JOIN threads t ON t.id = p.thread_id "
    "WHERE p.status = 'published' AND t.status = 'published'"
)

_POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{TS_CONFIG}') THEN
    CREATE TEXT SEARCH CONFIGURATION {TS_CONFIG} (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION {TS_CONFIG}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END $$""",
    # The first index (migration 0010 before 0022): a column of posts, visibility joined at read time.
    "DROP TRIGGER IF EXISTS crossroads_post_search ON posts",
    "DROP TRIGGER IF EXISTS crossroads_thread_title_search ON threads",
    "DROP FUNCTION IF EXISTS crossroads_post_search_vector()",
    "DROP FUNCTION IF EXISTS crossroads_thread_title_search()",
    "DROP INDEX IF EXISTS posts_search_vector_gin",
    "ALTER TABLE posts DROP COLUMN IF EXISTS search_vector",
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
  post_id integer PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
  thread_id integer NOT NULL,
  space_id integer NOT NULL,
  author_id integer NOT NULL,
  thread_author_id integer NOT NULL,
  vector tsvector NOT NULL
)""",
    f"""CREATE OR REPLACE FUNCTION crossroads_search_post() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM {TABLE} WHERE post_id = OLD.id;
  END IF;
  {_PG_ROWS} AND p.id = NEW.id;
  RETURN NULL;
END $$""",
    "DROP TRIGGER IF EXISTS crossroads_search_post_insert ON posts",
    """CREATE TRIGGER crossroads_search_post_insert AFTER INSERT ON posts
FOR EACH ROW EXECUTE FUNCTION crossroads_search_post()""",
    "DROP TRIGGER IF EXISTS crossroads_search_post_update ON posts",
    """CREATE TRIGGER crossroads_search_post_update
AFTER UPDATE OF body_md, status, author_id, thread_id, is_first ON posts FOR EACH ROW
WHEN (OLD.body_md IS DISTINCT FROM NEW.body_md OR OLD.status IS DISTINCT FROM NEW.status
      OR OLD.author_id IS DISTINCT FROM NEW.author_id OR OLD.thread_id IS DISTINCT FROM NEW.thread_id
      OR OLD.is_first IS DISTINCT FROM NEW.is_first)
EXECUTE FUNCTION crossroads_search_post()""",
    f"""CREATE OR REPLACE FUNCTION crossroads_search_thread() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IS DISTINCT FROM NEW.status OR OLD.space_id IS DISTINCT FROM NEW.space_id
     OR OLD.author_id IS DISTINCT FROM NEW.author_id THEN
    DELETE FROM {TABLE} WHERE thread_id = NEW.id;
    {_PG_ROWS} AND p.thread_id = NEW.id;
  ELSE  -- the title: only the first post carries it
    DELETE FROM {TABLE} WHERE post_id IN (SELECT id FROM posts WHERE thread_id = NEW.id AND is_first);
    {_PG_ROWS} AND p.thread_id = NEW.id AND p.is_first;
  END IF;
  RETURN NULL;
END $$""",
    "DROP TRIGGER IF EXISTS crossroads_search_thread ON threads",
    """CREATE TRIGGER crossroads_search_thread AFTER UPDATE OF title, status, space_id, author_id ON threads
FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.status IS DISTINCT FROM NEW.status
                   OR OLD.space_id IS DISTINCT FROM NEW.space_id OR OLD.author_id IS DISTINCT FROM NEW.author_id)
EXECUTE FUNCTION crossroads_search_thread()""",
    # Posts written before this index: one row for each visible one.
    f"{_PG_ROWS} ON CONFLICT (post_id) DO NOTHING",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_vector ON {TABLE} USING gin (vector)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_thread ON {TABLE} (thread_id, post_id)",
    f"ANALYZE {TABLE}",
]

_SQLITE_COLUMNS = "rowid, title, body, thread_id, space_id, author_id, thread_author_id"


def _sqlite_rows(post: str, thread: str, source: str, where: str) -> str:
    """INSERT ... SELECT of the rows for the visible posts `where` selects from `source`
    (`post`, `thread`: their aliases, or ``new`` inside a trigger)."""
    return (
        f"INSERT INTO {TABLE} ({_SQLITE_COLUMNS}) SELECT {post}.id, "
        f"CASE WHEN {post}.is_first THEN {thread}.title ELSE '' END, {post}.body_md, {post}.thread_id, "
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
  title, body, thread_id UNINDEXED, space_id UNINDEXED, author_id UNINDEXED, thread_author_id UNINDEXED,
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


async def install_search_entries(apps: StateApps, schema_editor: BaseSchemaEditor) -> None:
    """Build search_entries on the migration's database (each statement is idempotent)."""
    client = schema_editor.client
    dialect = client.capabilities.dialect
    if dialect not in ("postgres", "sqlite"):
        raise ValueError(f"search is not built for the {dialect!r} database")
    for sql in _POSTGRES if dialect == "postgres" else _SQLITE:
        await client.execute_query(sql)


class Migration(migrations.Migration):
    dependencies = [("crossroads", "0021_crisis_text_client")]

    initial = False

    operations = [
        ops.RunPython(install_search_entries),
    ]
