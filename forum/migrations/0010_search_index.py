from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor.base import BaseSchemaEditor
from tortoise.migrations.schema_generator.state_apps import StateApps

# Full-text search: PostgreSQL's posts.search_vector (tsvector, trigger-maintained) with a GIN
# index over published posts; SQLite's post_search FTS5 table with its triggers. Both are
# filled from the posts already there. The statements are frozen here as they were when this
# migration was written (forum/search/schema.py holds the live ones, for the test schema): a
# migration must mean the same thing forever.
TS_CONFIG = "crossroads_search"

_POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{TS_CONFIG}') THEN
    CREATE TEXT SEARCH CONFIGURATION {TS_CONFIG} (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION {TS_CONFIG}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END $$""",
    "ALTER TABLE posts ADD COLUMN IF NOT EXISTS search_vector tsvector",
    f"""CREATE OR REPLACE FUNCTION crossroads_post_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    CASE WHEN NEW.is_first THEN setweight(to_tsvector('{TS_CONFIG}'::regconfig,
      coalesce((SELECT title FROM threads WHERE id = NEW.thread_id), '')), 'A')
    ELSE ''::tsvector END
    || setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(NEW.body_md, '')), 'B');
  RETURN NEW;
END $$""",
    "DROP TRIGGER IF EXISTS crossroads_post_search ON posts",
    """CREATE TRIGGER crossroads_post_search BEFORE INSERT OR UPDATE OF body_md ON posts
FOR EACH ROW EXECUTE FUNCTION crossroads_post_search_vector()""",
    """CREATE OR REPLACE FUNCTION crossroads_thread_title_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE posts SET body_md = body_md WHERE thread_id = NEW.id AND is_first;
  RETURN NULL;
END $$""",
    "DROP TRIGGER IF EXISTS crossroads_thread_title_search ON threads",
    """CREATE TRIGGER crossroads_thread_title_search AFTER UPDATE OF title ON threads
FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
EXECUTE FUNCTION crossroads_thread_title_search()""",
    # Posts written before this migration: fire the trigger once for each.
    "UPDATE posts SET body_md = body_md WHERE search_vector IS NULL",
    """CREATE INDEX IF NOT EXISTS posts_search_vector_gin ON posts USING gin (search_vector)
WHERE status = 'published'""",
]

_SQLITE_TITLE = "CASE WHEN new.is_first THEN coalesce((SELECT title FROM threads WHERE id = new.thread_id), '') ELSE '' END"

_SQLITE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS post_search USING fts5(
  title, body, tokenize = 'porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS post_search_insert AFTER INSERT ON posts BEGIN
  INSERT INTO post_search (rowid, title, body) VALUES (new.id, {_SQLITE_TITLE}, new.body_md);
END""",
    f"""CREATE TRIGGER IF NOT EXISTS post_search_update AFTER UPDATE OF body_md ON posts BEGIN
  DELETE FROM post_search WHERE rowid = old.id;
  INSERT INTO post_search (rowid, title, body) VALUES (new.id, {_SQLITE_TITLE}, new.body_md);
END""",
    """CREATE TRIGGER IF NOT EXISTS post_search_delete AFTER DELETE ON posts BEGIN
  DELETE FROM post_search WHERE rowid = old.id;
END""",
    """CREATE TRIGGER IF NOT EXISTS post_search_title AFTER UPDATE OF title ON threads
WHEN old.title IS NOT new.title BEGIN
  UPDATE posts SET body_md = body_md WHERE thread_id = new.id AND is_first;
END""",
    """INSERT INTO post_search (rowid, title, body)
SELECT p.id, CASE WHEN p.is_first THEN t.title ELSE '' END, p.body_md
FROM posts p JOIN threads t ON t.id = p.thread_id
WHERE p.id NOT IN (SELECT rowid FROM post_search)""",
]


async def install_search_index(apps: StateApps, schema_editor: BaseSchemaEditor) -> None:
    """Create the search index on the migration's database (each statement is idempotent)."""
    client = schema_editor.client
    dialect = client.capabilities.dialect
    if dialect not in ("postgres", "sqlite"):
        raise ValueError(f"search is not built for the {dialect!r} database")
    for sql in _POSTGRES if dialect == "postgres" else _SQLITE:
        await client.execute_query(sql)


class Migration(migrations.Migration):
    dependencies = [("crossroads", "0009_time_zone")]

    initial = False

    operations = [
        ops.RunPython(install_search_index),
    ]
