"""The search index's rows (`search_entries`, one per visible post, carrying its thread, space
and authors) stay in step with the posts on every kind of write, and migrations 0022 and 0023
build them for a database that has posts already. Both databases.

"In step" is checked two ways after each write: what a member finds, and the index's rows
against the same rows recomputed from posts and threads (published post, published thread,
the thread's space and author).
"""

from __future__ import annotations

import asyncpg
import pytest
from tortoise import Tortoise

from tests.conftest import PASSWORD
from tests.live import run_cli
from tests.services import fresh_postgres_database

_EXPECTED = (
    "SELECT p.id AS post_id, p.thread_id, t.space_id, p.author_id, t.author_id AS thread_author_id "
    "FROM posts p JOIN threads t ON t.id = p.thread_id "
    "WHERE p.status = 'published' AND t.status = 'published'"
)


def _rows_sql(dialect: str) -> str:
    key = "post_id" if dialect == "postgres" else "rowid AS post_id"
    return f"SELECT {key}, thread_id, space_id, author_id, thread_author_id FROM search_entries"


async def _assert_in_step() -> None:
    conn = Tortoise.get_connection("default")
    have = {
        tuple(int(v) for v in r.values())
        for r in await conn.execute_query_dict(_rows_sql(conn.capabilities.dialect))
    }
    want = {tuple(int(v) for v in r.values()) for r in await conn.execute_query_dict(_EXPECTED)}
    assert have == want, f"index rows not in step: extra {have - want}, missing {want - have}"


async def _search(client, member, q):
    r = await client.get("/api/v1/search", params={"q": q}, headers=member.auth)
    assert r.status_code == 200, r.text
    return [(h["thread_id"], h["id"]) for h in r.json()["items"]]


async def _thread(client, member, slug, title, body):
    r = await client.post(
        f"/api/v1/spaces/{slug}/threads", headers=member.auth, json={"title": title, "body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()["thread"]["id"], r.json()["post"]["id"]


async def _reply(client, member, thread_id, body):
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()["post"]["id"]


async def _status(post_id: int, status: str) -> None:
    from forum.db import transaction
    from forum.threads.actions import set_post_status
    from forum.threads.models import Post, PostStatus

    async with transaction():
        await set_post_status(await Post.get(id=post_id), PostStatus(status), "By a moderator.")


async def test_new_posts_and_edits_keep_the_index_in_step(client, members):
    m = members["undecided"]
    thread, first = await _thread(
        client, m, "common-ground", "Garden notes", "Planting marigolds today."
    )
    reply = await _reply(client, m, thread, "Tulips next to the marigolds.")
    await _assert_in_step()
    assert await _search(client, m, "tulips") == [(thread, reply)]
    r = await client.patch(
        f"/api/v1/posts/{reply}", headers=m.auth, json={"body": "Daffodils instead.", "version": 1}
    )
    assert r.status_code == 200, r.text
    await _assert_in_step()
    assert await _search(client, m, "tulips") == []
    assert await _search(client, m, "daffodils") == [(thread, reply)]
    assert await _search(client, m, "marigolds") == [(thread, first)]


async def test_removal_restore_and_author_deletion_keep_the_index_in_step(client, members):
    m, moderator = members["undecided"], members["moderator"]
    thread, first = await _thread(
        client, m, "common-ground", "Evening walks", "Walking helps the evenings."
    )
    reply = await _reply(client, m, thread, "Walking with the dog now.")
    await _status(reply, "removed")
    await _assert_in_step()
    assert await _search(client, moderator, "dog") == []
    await _status(reply, "published")  # restored
    await _assert_in_step()
    assert await _search(client, moderator, "dog") == [(thread, reply)]
    await _status(reply, "pending")  # held again
    await _assert_in_step()
    assert await _search(client, m, "dog") == []
    await _status(reply, "published")
    r = await client.delete(f"/api/v1/posts/{reply}", headers=m.auth)
    assert r.status_code == 204, r.text
    await _assert_in_step()
    assert await _search(client, m, "dog") == [] and await _search(client, m, "walking") == [
        (thread, first)
    ]


async def test_held_and_restored_threads_and_titles_keep_the_index_in_step(client, members):
    m, other = members["undecided"], members["staying"]
    thread, first = await _thread(
        client, m, "common-ground", "Sunflower season", "Opening words here."
    )
    reply = await _reply(client, other, thread, "A sunflower reply from me.")
    await _status(first, "pending")  # the opening post held: the whole thread is held
    await _assert_in_step()
    assert await _search(client, other, "sunflower") == []
    await _status(first, "published")
    await _assert_in_step()
    assert await _search(client, other, "sunflower") == [(thread, reply)]
    assert await _search(client, other, "season") == [(thread, first)]  # the title, first post only
    # The opening post deleted by its author: its words and the title go, the reply stays.
    r = await client.delete(f"/api/v1/posts/{first}", headers=m.auth)
    assert r.status_code == 204, r.text
    await _assert_in_step()
    assert (
        await _search(client, other, "season") == []
        and await _search(client, other, "opening") == []
    )
    assert await _search(client, other, "sunflower") == [(thread, reply)]


async def test_a_thread_moved_to_another_space_is_searched_there(client, members):
    from forum.spaces.models import Space
    from forum.threads.models import Thread

    m = members["undecided"]
    thread, first = await _thread(client, m, "common-ground", "Lavender", "Lavender by the door.")
    assert await _search(client, members["leaving"], "lavender") == [(thread, first)]
    staying = await Space.get(slug="staying")
    await Thread.filter(id=thread).update(space_id=staying.id)
    await _assert_in_step()
    assert await _search(client, members["leaving"], "lavender") == []  # not their side's space
    assert await _search(client, members["staying"], "lavender") == [(thread, first)]


async def test_account_deletion_leaves_nothing_in_the_index(client, members):
    leaver, reader = members["leaving"], members["moderator"]
    thread, first = await _thread(
        client, leaver, "common-ground", "Orchids", "Orchids on the sill."
    )
    other_thread, _ = await _thread(client, reader, "common-ground", "Ferns", "Ferns in the shade.")
    reply = await _reply(client, leaver, other_thread, "Orchids beat ferns.")
    assert {t for t, _ in await _search(client, reader, "orchids")} == {thread, other_thread}
    r = await client.request(
        "DELETE", "/api/v1/me", headers=leaver.auth, json={"password": PASSWORD}
    )
    assert r.status_code == 204, r.text
    await _assert_in_step()
    assert await _search(client, reader, "orchids") == []
    assert reply not in {p for _, p in await _search(client, reader, "ferns")}


async def test_blocking_still_hides_a_members_posts_and_threads(client, members):
    me, blocked = members["undecided"], members["leaving"]
    theirs, _ = await _thread(client, blocked, "common-ground", "Hyacinth", "Hyacinth smell.")
    mine, my_post = await _thread(client, me, "common-ground", "Hyacinth too", "My hyacinth.")
    await _reply(client, me, theirs, "A hyacinth reply in their thread.")
    their_reply = await _reply(client, blocked, mine, "Their hyacinth reply.")
    r = await client.put(f"/api/v1/me/blocks/{blocked.username}", headers=me.auth)
    assert r.status_code == 200, r.text
    assert await _search(client, me, "hyacinth") == [
        (mine, my_post)
    ]  # neither their thread nor reply
    assert (mine, their_reply) in await _search(client, members["moderator"], "hyacinth")


# --- Migration 0022 on a database that has posts already ------------------------------------

_SEED = """
INSERT INTO users (username, username_key, password_hash, path, roles, created_at, published_posts)
VALUES ('old_a', 'old_a', 'x', 'staying', '[]', {now}, 0), ('old_b', 'old_b', 'x', 'leaving', '[]', {now}, 0);
INSERT INTO threads (space_id, author_id, title, status, created_at, last_post_at, reply_count, opening_removed)
SELECT s.id, (SELECT id FROM users WHERE username_key = 'old_a'), 'Old ' || s.slug, CASE WHEN s.slug = 'leaving' THEN 'pending' ELSE 'published' END, {now}, {now}, 1, {false}
FROM spaces s;
INSERT INTO posts (thread_id, author_id, is_first, body_md, body_html, render_version, status, deleted_by_author, created_at, version)
SELECT t.id, t.author_id, k = 1, 'primrose number ' || k, '<p>primrose</p>', 1, CASE WHEN k = 3 THEN 'removed' ELSE 'published' END, {false}, {now}, 1
FROM threads t CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) ks WHERE t.title LIKE 'Old %';
"""


_FORGET = (
    "DELETE FROM tortoise_migrations WHERE name IN "
    "('0022_search_entries', '0023_search_thread_tokens', '0024_search_sharp_s')"
)


def _before_0022(dialect: str) -> list[str]:
    """Turn a migrated database back into one from before 0022: no search_entries, migration
    0010's index (its own frozen statements: column or FTS table, triggers) in its place."""
    import importlib

    first = importlib.import_module("forum.migrations.0010_search_index")
    if dialect == "postgres":
        return [
            "DROP TABLE search_entries",
            "DROP TRIGGER crossroads_search_post_insert ON posts",
            "DROP TRIGGER crossroads_search_post_update ON posts",
            "DROP TRIGGER crossroads_search_thread ON threads",
            *first._POSTGRES,
            _FORGET,
        ]
    return [
        "DROP TRIGGER search_entries_post_insert",
        "DROP TRIGGER search_entries_post_update",
        "DROP TRIGGER search_entries_post_delete",
        "DROP TRIGGER search_entries_thread",
        "DROP TRIGGER search_entries_title",
        "DROP TABLE search_entries",
        *first._SQLITE,
        _FORGET,
    ]


def _migrate(tmp_path, url: str) -> None:
    env = {"CROSSROADS_DATABASE_URL": url, "CROSSROADS_PASSWORD": "a long enough passphrase"}
    result = run_cli(tmp_path, "migrate", env=env)
    assert result.returncode == 0, result.stderr


def test_migration_0022_indexes_existing_posts_on_sqlite(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    _migrate(tmp_path, f"sqlite://{path}")
    with sqlite3.connect(path) as db:
        for sql in _before_0022("sqlite"):
            db.execute(sql)
        db.executescript(_SEED.format(now="'2026-01-01T00:00:00+00:00'", false="0"))
        before_rows = db.execute("SELECT count(*) FROM post_search").fetchone()[0]
    _migrate(tmp_path, f"sqlite://{path}")
    with sqlite3.connect(path) as db:
        have = set(db.execute(_rows_sql("sqlite")))
        want = set(db.execute(_EXPECTED))
        old = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'post_search%'"
        ).fetchone()[0]
        assert before_rows > 0  # 0010's index held the posts before 0022 replaced it
        found = {
            r[0]
            for r in db.execute(
                "SELECT body FROM search_entries WHERE search_entries MATCH 'primrose'"
            )
        }
        # Written after the migration: the triggers are in place.
        thread = db.execute("SELECT id FROM threads WHERE title = 'Old common-ground'").fetchone()[
            0
        ]
        db.execute(
            "INSERT INTO posts (thread_id, author_id, is_first, body_md, body_html, render_version, status, "
            "deleted_by_author, created_at, version) SELECT ?, author_id, 0, 'primrose later', '', 1, "
            "'published', 0, created_at, 1 FROM threads WHERE id = ?",
            (thread, thread),
        )
        later = db.execute(
            "SELECT count(*) FROM search_entries WHERE search_entries MATCH 'later'"
        ).fetchone()[0]
        # 0023: each row carries its thread's token, so one MATCH finds a query's posts in a thread.
        in_thread = db.execute(
            "SELECT count(*) FROM search_entries WHERE search_entries MATCH ?",
            [f'primrose AND thread : "t{thread}"'],
        ).fetchone()[0]
    # Staying's and common ground's threads are published (2 published posts each); leaving's is held.
    assert have == want and len(have) == 4, (have, want)
    assert (
        found == {"primrose number 1", "primrose number 2"}
        and old == 0
        and later == 1
        and in_thread == 3
    )


@pytest.mark.postgres
async def test_migration_0022_indexes_existing_posts_on_postgres(tmp_path):
    async with fresh_postgres_database("crossroads_mig") as url:
        _migrate(tmp_path, url)
        conn = await asyncpg.connect(url)
        try:
            for sql in _before_0022("postgres"):
                await conn.execute(sql)
            await conn.execute(_SEED.format(now="now()", false="false"))
            assert (
                await conn.fetchval("SELECT count(*) FROM posts WHERE search_vector IS NOT NULL")
                > 0
            )
        finally:
            await conn.close()
        _migrate(tmp_path, url)
        conn = await asyncpg.connect(url)
        try:
            have = {tuple(r) for r in await conn.fetch(_rows_sql("postgres"))}
            want = {tuple(r) for r in await conn.fetch(_EXPECTED)}
            old = await conn.fetchval(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = 'posts' AND column_name = 'search_vector'"
            )
            old += await conn.fetchval(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'crossroads_%_search'"
            )
            found = await conn.fetchval(
                "SELECT count(*) FROM search_entries "
                "WHERE vector @@ websearch_to_tsquery('crossroads_search', 'primroses')"
            )
            thread = await conn.fetchval("SELECT id FROM threads WHERE title = 'Old common-ground'")
            await conn.execute(
                "INSERT INTO posts (thread_id, author_id, is_first, body_md, body_html, render_version, "
                "status, deleted_by_author, created_at, version) SELECT $1, author_id, false, "
                "'primrose later', '', 1, 'published', false, now(), 1 FROM threads WHERE id = $1",
                thread,
            )
            later = await conn.fetchval(
                "SELECT count(*) FROM search_entries "
                "WHERE vector @@ websearch_to_tsquery('crossroads_search', 'later')"
            )
        finally:
            await conn.close()
        assert have == want and len(have) == 4, (have, want)
        assert found == 4 and old == 0 and later == 1


async def test_small_tiers_and_windows_still_give_every_thread_once_in_order(
    client, members, monkeypatch
):
    # The bounded walk at sizes a test can reach: a tier of 4 matches, a PostgreSQL window of 3
    # ids, so pages cross tiers, windows and the fallback, and threads have matches in several.
    from forum.search import queries

    monkeypatch.setattr(queries, "BEST_TIER", 4)
    monkeypatch.setattr(queries, "WALK_WINDOW", 3)
    m, other = members["undecided"], members["leaving"]
    threads = []
    for i in range(9):
        thread, _ = await _thread(
            client, m, "common-ground", f"Thistle {i}", f"thistle {'thistle ' * (i % 3)}{i}"
        )
        threads.append(thread)
        await _reply(client, other, thread, "Nothing to match here.")
    await _thread(
        client, other, "leaving", "Thistle there", "thistle on the other side"
    )  # never for m
    for thread in (threads[0], threads[4], threads[0]):  # older threads with newer matches
        await _reply(client, other, thread, "A thistle reply.")
    conn = Tortoise.get_connection("default")
    newest = {}
    for r in await conn.execute_query_dict(_EXPECTED):
        if r["thread_id"] in threads:
            body = (
                await conn.execute_query_dict(
                    f"SELECT body_md FROM posts WHERE id = {int(r['post_id'])}"
                )
            )[0]
            if "thistle" in body["body_md"].lower():
                newest[r["thread_id"]] = max(newest.get(r["thread_id"], 0), r["post_id"])
    want_newest = sorted(newest, key=lambda t: newest[t], reverse=True)
    for sort in ("newest", "best"):
        seen, cursor = [], None
        for _ in range(20):
            params = {
                "q": "thistle",
                "sort": sort,
                "limit": 2,
                **({"cursor": cursor} if cursor else {}),
            }
            r = await client.get("/api/v1/search", params=params, headers=m.auth)
            assert r.status_code == 200, r.text
            seen += [(h["thread_id"], h["matches"]) for h in r.json()["items"]]
            cursor = r.json()["next_cursor"]
            if cursor is None:
                break
        ids = [t for t, _ in seen]
        assert len(ids) == len(set(ids)) == 9, (sort, seen)
        assert dict(seen)[threads[0]] == 3 and dict(seen)[threads[4]] == 2, (sort, seen)
        if sort == "newest":
            assert ids == want_newest


async def test_a_row_saying_more_than_its_post_never_shows_the_post(client, members):
    # Rows are written in the writer's transaction; a row that is stale all the same (a race the
    # lock order does not cover, a repair gone wrong) must not show a held post or one in a space
    # the member cannot read: the page's posts are checked against themselves once more.
    from forum.spaces.models import Space

    m, other = members["undecided"], members["leaving"]
    thread, first = await _thread(client, m, "common-ground", "Peonies", "Peonies everywhere.")
    held = await _reply(client, m, thread, "Peonies in the held reply.")
    await _status(held, "pending")
    theirs, their_post = await _thread(
        client, other, "leaving", "Peony side", "Peonies on their side."
    )
    conn = Tortoise.get_connection("default")
    common = (await Space.get(slug="common-ground")).id
    if conn.capabilities.dialect == "postgres":
        await conn.execute_query(
            f"INSERT INTO search_entries (post_id, thread_id, space_id, author_id, thread_author_id, vector) "
            f"SELECT {held}, {thread}, {common}, {m.id}, {m.id}, to_tsvector('crossroads_search', 'peonies')"
        )
        await conn.execute_query(
            f"UPDATE search_entries SET space_id = {common} WHERE post_id = {their_post}"
        )
    else:
        await conn.execute_query(
            "INSERT INTO search_entries (rowid, title, body, thread, thread_id, space_id, author_id, thread_author_id) "
            f"VALUES ({held}, '', 'peonies', 't{thread}', {thread}, {common}, {m.id}, {m.id})"
        )
        await conn.execute_query(
            f"UPDATE search_entries SET space_id = {common} WHERE rowid = {their_post}"
        )
    # (The thread whose newest row is the stale one is left out of that page rather than shown
    # with an older post: nothing is shown that the post itself does not allow.)
    shown = await _search(client, m, "peonies")
    assert all(post not in (held, their_post) and t != theirs for t, post in shown), shown


# --- ß: `gross` finds `groß` on both databases (a tester's finding: SQLite's FTS5 did not) --------


async def test_sharp_s_is_found_by_ss_and_by_itself(client, members):
    from forum.check import find_search_drift

    m = members["undecided"]
    street, _ = await _thread(
        client, m, "common-ground", "Walks down the Straße", "A quiet evening."
    )
    oak, oak_post = await _thread(
        client, m, "common-ground", "Our garden", "The oak tree grew groß yesterday."
    )
    other, other_post = await _thread(client, m, "common-ground", "Still growing", "GROSS indeed.")
    for q in ("gross", "groß", "GROSS", "Groß"):  # one result per thread, its newest match
        assert sorted(await _search(client, m, q)) == sorted(
            [(oak, oak_post), (other, other_post)]
        ), q
    assert [t for t, _p in await _search(client, m, "strasse")] == [street]
    assert [t for t, _p in await _search(client, m, "straße")] == [street]
    assert await _search(client, m, '"groß yesterday"') == [(oak, oak_post)]
    assert await _search(client, m, '"gross yesterday"') == [(oak, oak_post)]
    assert await find_search_drift() == []  # the check writes the words as the triggers do


def test_migration_0024_folds_sharp_s_in_existing_sqlite_rows(tmp_path):
    import importlib
    import sqlite3

    path = tmp_path / "old.sqlite3"
    _migrate(tmp_path, f"sqlite://{path}")
    before = importlib.import_module("forum.migrations.0023_search_thread_tokens")
    with sqlite3.connect(path) as db:
        for sql in before._DROP_0022 + [s for s in before._SQLITE if not s.startswith("DROP ")]:
            db.execute(sql)  # the index as 0023 left it: ß stored as ß
        db.execute("DELETE FROM tortoise_migrations WHERE name = '0024_search_sharp_s'")
        db.executescript(_SEED.format(now="'2026-01-01T00:00:00+00:00'", false="0"))
        db.execute(
            "UPDATE posts SET body_md = 'mein Fuß tut weh' WHERE body_md = 'primrose number 2'"
        )
        unfolded = db.execute(
            "SELECT count(*) FROM search_entries WHERE search_entries MATCH 'fuss'"
        ).fetchone()[0]
    _migrate(tmp_path, f"sqlite://{path}")
    with sqlite3.connect(path) as db:
        folded = db.execute(
            "SELECT count(*) FROM search_entries WHERE search_entries MATCH 'fuss'"
        ).fetchone()[0]
        db.execute("UPDATE posts SET body_md = 'so groß' WHERE body_md = 'primrose number 1'")
        later = db.execute(
            "SELECT count(*) FROM search_entries WHERE search_entries MATCH 'gross'"
        ).fetchone()[0]
    # Two published threads hold a reply 'primrose number 2' (the third thread is held).
    assert unfolded == 0 and folded == 2 and later == 2
