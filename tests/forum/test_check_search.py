"""`crossroads check [--repair]` compares the search index (`search_entries`) with the posts and
threads it is written from, and rewrites the rows that differ. Both databases.

The index is broken by hand in SQL, the way a bad restore, a hand edit or a trigger lost in a
table copy would leave it: a visible post's row deleted (the post cannot be found), a row's
space changed, a row for a removed post, a row whose words are not the post's.
"""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest
from tortoise import Tortoise

from tests.forum.test_search_index import (
    _SEED,
    _assert_in_step,
    _migrate,
    _reply,
    _search,
    _status,
    _thread,
)
from tests.live import run_cli
from tests.services import fresh_postgres_database


async def _break(
    conn,
    dialect: str,
    *,
    missing: int,
    moved: int,
    space: int,
    stale: int,
    reworded: int,
    thread: int,
    author: int,
) -> None:
    """Delete `missing`'s row, give `moved`'s row `space`, write a row for `stale` (a post that
    is not visible) and give `reworded`'s row the word "tulip". `conn.execute(sql)` runs one
    statement (asyncpg's connection, or `_Sync` for sqlite3)."""
    if dialect == "postgres":
        await conn.execute(f"DELETE FROM search_entries WHERE post_id = {missing}")
        await conn.execute(f"UPDATE search_entries SET space_id = {space} WHERE post_id = {moved}")
        await conn.execute(
            "INSERT INTO search_entries (post_id, thread_id, space_id, author_id, thread_author_id, "
            f"vector) VALUES ({stale}, {thread}, {space}, {author}, {author}, "
            "to_tsvector('crossroads_search', 'primrose'))"
        )
        await conn.execute(
            "UPDATE search_entries SET vector = to_tsvector('crossroads_search', 'tulip') "
            f"WHERE post_id = {reworded}"
        )
    else:
        await conn.execute(f"DELETE FROM search_entries WHERE rowid = {missing}")
        await conn.execute(f"UPDATE search_entries SET space_id = {space} WHERE rowid = {moved}")
        await conn.execute(
            "INSERT INTO search_entries (rowid, title, body, thread, thread_id, space_id, author_id, "
            f"thread_author_id) VALUES ({stale}, '', 'primrose', 't{thread}', {thread}, {space}, "
            f"{author}, {author})"
        )
        await conn.execute(f"UPDATE search_entries SET body = 'tulip' WHERE rowid = {reworded}")


class _Tortoise:
    def __init__(self) -> None:
        self.conn = Tortoise.get_connection("default")

    async def execute(self, sql: str) -> None:
        await self.conn.execute_query(sql)


async def test_check_finds_each_kind_of_search_drift_and_repair_rewrites_just_those_rows(
    client, members, monkeypatch
):
    import forum.check
    from forum.check import find_search_drift, repair_search
    from forum.spaces.models import Space

    monkeypatch.setattr(
        forum.check, "SEARCH_BATCH", 2
    )  # several ranges of ids, as at a million posts
    m = members["undecided"]
    thread, first = await _thread(client, m, "common-ground", "Crocus", "Crocus in the first post.")
    missing = await _reply(client, m, thread, "Crocus in the reply whose row is lost.")
    moved = await _reply(client, m, thread, "Crocus in the reply whose row moves.")
    removed = await _reply(client, m, thread, "Crocus in the removed reply.")
    reworded = await _reply(client, m, thread, "Crocus in the reply whose words change.")
    await _status(removed, "removed")
    assert await find_search_drift() == []
    other_space = (await Space.exclude(slug="common-ground").first()).id
    conn = Tortoise.get_connection("default")
    await _break(
        _Tortoise(),
        conn.capabilities.dialect,
        missing=missing,
        moved=moved,
        space=other_space,
        stale=removed,
        reworded=reworded,
        thread=thread,
        author=m.id,
    )
    # What a member notices: the lost reply cannot be found, the reworded one is found for a
    # word it does not contain.
    assert (thread, missing) not in await _search(client, m, "crocus")
    assert await _search(client, m, "tulip") == [(thread, reworded)]

    drift = await find_search_drift()
    assert sorted((d.kind, d.id) for d in drift) == sorted(
        [
            ("search_entry", missing),
            ("search_entry.space_id", moved),
            ("search_entry", removed),
            ("search_entry.words", reworded),
        ]
    ), drift
    described = {d.describe() for d in drift}
    common = (await Space.get(slug="common-ground")).id
    assert f"search_entry of #{missing}: stored no row, rows say visible" in described
    assert f"search_entry of #{removed}: stored a row, rows say not visible" in described
    assert (
        f"search_entry.space_id of #{moved}: stored {other_space}, rows say {common}" in described
    )
    assert all(
        "Crocus" not in line and "tulip" not in line for line in described
    )  # no member's words

    assert await repair_search(drift) == 4
    assert await find_search_drift() == []
    await _assert_in_step()
    assert await _search(client, m, "tulip") == []
    found = await _search(client, m, "crocus")
    assert {post for _t, post in found} <= {first, missing, moved, reworded} and (
        thread,
        reworded,
    ) in found


def _cli_env(url: str) -> dict[str, str]:
    return {"CROSSROADS_DATABASE_URL": url}


def _assert_cli_round(tmp_path, url: str, ids: dict[str, int], space: int, home: int) -> None:
    drift = run_cli(tmp_path, "check", env=_cli_env(url))
    out = drift.stdout
    assert drift.returncode == 1, out + drift.stderr
    assert f"search_entry of #{ids['missing']}: stored no row, rows say visible" in out
    assert f"search_entry.space_id of #{ids['moved']}: stored {space}, rows say {home}" in out
    assert f"search_entry of #{ids['stale']}: stored a row, rows say not visible" in out
    assert (
        f"search_entry.words of #{ids['reworded']}: stored other words, rows say the post's words"
        in out
    )
    assert (
        "4 value(s) differ from their rows" in out and "primrose" not in out and "tulip" not in out
    )
    repaired = run_cli(tmp_path, "check", "--repair", env=_cli_env(url))
    assert repaired.returncode == 0 and "Repaired 4 value(s); 0 still differ." in repaired.stdout, (
        repaired.stdout
    )
    clean = run_cli(tmp_path, "check", env=_cli_env(url))
    assert clean.returncode == 0 and "All counters and search entries match" in clean.stdout, (
        clean.stdout
    )


_PICK = (  # the seeded posts: k = 1, 2 of each published thread are visible, k = 3 is removed
    "SELECT p.id, p.thread_id, t.space_id, t.author_id, p.status FROM posts p JOIN threads t ON t.id = p.thread_id "
    "WHERE t.status = 'published' ORDER BY p.id"
)


def _choose(rows: list[tuple]) -> tuple[dict[str, int], int, int, int, int]:
    visible = [r for r in rows if r[4] == "published"]
    stale = next(r for r in rows if r[4] == "removed")
    ids = {
        "missing": visible[0][0],
        "moved": visible[1][0],
        "reworded": visible[2][0],
        "stale": stale[0],
    }
    home = visible[1][2]
    space = next(r[2] for r in rows if r[2] != home)
    return ids, stale[1], space, home, stale[3]


class _Sync:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    async def execute(self, sql: str) -> None:
        self.db.execute(sql)


async def test_cli_check_reports_and_repairs_search_drift_on_sqlite(tmp_path):
    path = tmp_path / "check.sqlite3"
    url = f"sqlite://{path}"
    _migrate(tmp_path, url)
    with sqlite3.connect(path) as db:
        db.executescript(_SEED.format(now="'2026-01-01T00:00:00+00:00'", false="0"))
        db.execute(
            "UPDATE users SET published_posts = (SELECT count(*) FROM posts WHERE author_id = users.id "
            "AND status = 'published')"
        )
        db.execute(
            "UPDATE threads SET reply_count = (SELECT count(*) FROM posts WHERE thread_id = threads.id "
            "AND status = 'published' AND NOT is_first)"
        )
    assert run_cli(tmp_path, "check", env=_cli_env(url)).returncode == 0
    with sqlite3.connect(path) as db:
        ids, thread, space, home, author = _choose(db.execute(_PICK).fetchall())
        await _break(
            _Sync(db),
            "sqlite",
            missing=ids["missing"],
            moved=ids["moved"],
            space=space,
            stale=ids["stale"],
            reworded=ids["reworded"],
            thread=thread,
            author=author,
        )
    _assert_cli_round(tmp_path, url, ids, space, home)
    with sqlite3.connect(path) as db:
        found = {
            r[0]
            for r in db.execute(
                "SELECT rowid FROM search_entries WHERE search_entries MATCH 'primrose'"
            )
        }
        want = {r[0] for r in db.execute(_PICK) if r[4] == "published"}
        tulip = db.execute(
            "SELECT count(*) FROM search_entries WHERE search_entries MATCH 'tulip'"
        ).fetchone()[0]
        moved_space = db.execute(
            f"SELECT space_id FROM search_entries WHERE rowid = {ids['moved']}"
        ).fetchone()[0]
    assert found == want and tulip == 0 and moved_space == home


@pytest.mark.postgres
async def test_cli_check_reports_and_repairs_search_drift_on_postgres(tmp_path):
    async with fresh_postgres_database("crossroads_chk") as url:
        _migrate(tmp_path, url)
        conn = await asyncpg.connect(url)
        try:
            await conn.execute(_SEED.format(now="now()", false="false"))
            await conn.execute(
                "UPDATE users SET published_posts = (SELECT count(*) FROM posts WHERE author_id = "
                "users.id AND status = 'published')"
            )
            await conn.execute(
                "UPDATE threads SET reply_count = (SELECT count(*) FROM posts WHERE thread_id = "
                "threads.id AND status = 'published' AND NOT is_first)"
            )
        finally:
            await conn.close()
        assert run_cli(tmp_path, "check", env=_cli_env(url)).returncode == 0
        conn = await asyncpg.connect(url)
        try:
            ids, thread, space, home, author = _choose([tuple(r) for r in await conn.fetch(_PICK)])
            await _break(
                conn,
                "postgres",
                missing=ids["missing"],
                moved=ids["moved"],
                space=space,
                stale=ids["stale"],
                reworded=ids["reworded"],
                thread=thread,
                author=author,
            )
        finally:
            await conn.close()
        _assert_cli_round(tmp_path, url, ids, space, home)
        conn = await asyncpg.connect(url)
        try:
            found = {
                r[0]
                for r in await conn.fetch(
                    "SELECT post_id FROM search_entries WHERE vector @@ websearch_to_tsquery('crossroads_search', 'primrose')"
                )
            }
            want = {r[0] for r in await conn.fetch(_PICK) if r[4] == "published"}
            tulip = await conn.fetchval(
                "SELECT count(*) FROM search_entries "
                "WHERE vector @@ websearch_to_tsquery('crossroads_search', 'tulip')"
            )
            moved_space = await conn.fetchval(
                f"SELECT space_id FROM search_entries WHERE post_id = {ids['moved']}"
            )
        finally:
            await conn.close()
        assert found == want and tulip == 0 and moved_space == home
