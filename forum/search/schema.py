"""The search index: one row per *visible* post, carrying what visibility needs, kept by the
database itself at write time (triggers), on both engines.

A post has a row in ``search_entries`` exactly while it is published in a published thread.
The row carries the post's id, its ``thread_id``, the thread's ``space_id``, the post's
``author_id`` and the thread's (``thread_author_id``) and the words (the thread title, for a
thread's first post, and the post's Markdown). So deciding which matches a member may see
needs no join: the space is in the row (``space_id = ANY(readable)``), blocked members are
two comparisons, and a held, removed or deleted post, or any post of a held or removed thread,
has no row at all. Spaces' audiences are checked at read time (`forum.access`), so a change
of who may read a space needs no re-indexing.

PostgreSQL: a table, ``vector tsvector`` (title weight A, body weight B) in the
``crossroads_search`` text search configuration (English stemming; ``unaccent`` folds accents,
so ``emile`` finds ``Émile``), a GIN index on it and a btree on ``(thread_id, post_id)``;
``post_id`` references ``posts`` with ON DELETE CASCADE.

SQLite: an FTS5 table (rowid = post id; columns title and body, indexed with the ``porter
unicode61 remove_diacritics 2`` tokenizer, case and accents folded, English stems; ``thread``,
the token ``t<thread id>``, so a query's matches in given threads are one MATCH; the ids
UNINDEXED). FTS5 walks a query's matches in rowid order, so newest-first stops at the page.
Members' words are matched in title and body only (``{title body} : (...)``).

Triggers, not the actions: every path that writes a post (create, edit, author delete,
erasure, moderation: publish, hold, remove, restore) or a thread (title, status, space, author)
goes through the tables, so none can forget the index:

- a post inserted, or its text, status, author, thread or first-ness updated: its row is
  dropped and written again if the post and its thread are published;
- a thread's status, space or author updated: the rows of all its posts, the same way;
  its title: its first post's row;
- a post deleted: its row goes (PostgreSQL: the foreign key; SQLite: a trigger).

`install(client)` is idempotent and also removes migration 0010's first index
(``posts.search_vector`` with its triggers; SQLite's ``post_search``); the test schema
(`generate`) calls it. Migrations 0022 and 0023 (SQLite's thread column) hold frozen copies of
these statements as they were when written (0010, of the first index's); change them only with
a new migration.
"""

from __future__ import annotations

from typing import Any

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

_SQLITE_COLUMNS = "rowid, title, body, thread, thread_id, space_id, author_id, thread_author_id"
# Letters FTS5's unicode61 tokenizer does not fold as PostgreSQL's unaccent does, written the
# folded way into SQLite's words (and into queries, forum.search.query.sqlite_fold), so `gross`
# finds `groß` on both databases (migration 0024).
SQLITE_FOLDS = (("ß", "ss"), ("ẞ", "ss"))


def sqlite_words(expr: str) -> str:
    """SQL for the text `expr` as SQLite's index holds it: `SQLITE_FOLDS` applied (plain
    ``replace``, so a post can still be written by any SQLite client, with no function to
    register on the connection)."""
    for letter, folded in SQLITE_FOLDS:
        expr = f"replace({expr}, '{letter}', '{folded}')"
    return expr


def _sqlite_rows(post: str, thread: str, source: str, where: str) -> str:
    """INSERT ... SELECT of the rows for the visible posts `where` selects from `source`
    (`post`, `thread`: their aliases, or ``new`` inside a trigger)."""
    return (
        f"INSERT INTO {TABLE} ({_SQLITE_COLUMNS}) SELECT {post}.id, "
        f"CASE WHEN {post}.is_first THEN {sqlite_words(thread + '.title')} ELSE '' END, "
        f"{sqlite_words(post + '.body_md')}, 't' || {post}.thread_id, "
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


def expected_rows(dialect: str, where: str) -> str:
    """SELECT of the rows the index should hold for the visible posts `where` selects (a
    condition on ``p``, the post, and ``t``, its thread): ``id, thread_id, space_id, author_id,
    thread_author_id`` and the words as the triggers write them (PostgreSQL: ``vector``;
    SQLite: ``title, body, thread``). `forum.check` compares the index with it."""
    if dialect == "postgres":
        words = f"{_VECTOR} AS vector"
    elif dialect == "sqlite":
        words = (
            f"CASE WHEN p.is_first THEN {sqlite_words('t.title')} ELSE '' END AS title, "
            f"{sqlite_words('p.body_md')} AS body, 't' || p.thread_id AS thread"
        )
    else:
        raise ValueError(f"search is not built for the {dialect!r} database")
    return (
        f"SELECT p.id, p.thread_id, t.space_id, p.author_id, t.author_id AS thread_author_id, {words} "
        "FROM posts p JOIN threads t ON t.id = p.thread_id "
        f"WHERE p.status = 'published' AND t.status = 'published' AND {where}"
    )


def rewrite_rows(dialect: str, post_ids: list[int]) -> list[str]:
    """Statements that drop the index rows of `post_ids` (posts or not) and write them again
    for those still visible, exactly as the triggers would: `crossroads check --repair`."""
    ids = ", ".join(str(int(i)) for i in post_ids) or "NULL"
    if dialect == "postgres":
        # A trigger racing the repair may have written the row meanwhile: it is the post's own.
        return [
            f"DELETE FROM {TABLE} WHERE post_id IN ({ids})",
            f"{_PG_ROWS} AND p.id IN ({ids}) ON CONFLICT (post_id) DO NOTHING",
        ]
    if dialect == "sqlite":
        return [
            f"DELETE FROM {TABLE} WHERE rowid IN ({ids})",
            _sqlite_rows(
                "p", "t", "posts p JOIN threads t ON t.id = p.thread_id", f"p.id IN ({ids})"
            ),
        ]
    raise ValueError(f"search is not built for the {dialect!r} database")


def statements(dialect: str) -> list[str]:
    """The DDL for `dialect` ("postgres" or "sqlite"); ValueError for any other."""
    if dialect == "postgres":
        return list(_POSTGRES)
    if dialect == "sqlite":
        return list(_SQLITE)
    raise ValueError(f"search is not built for the {dialect!r} database")


async def install(client: Any) -> None:
    """Create (or bring up to date) the search index on `client`'s database. Idempotent."""
    for sql in statements(client.capabilities.dialect):
        await client.execute_query(sql)
