"""Full-text search at scale: 1,000,000 posts on PostgreSQL, 200,000 on SQLite.

    python -m bench.search_bench [--database postgres|sqlite|both] [--posts N] [--threads N]
                                 [--runs 30] [--keep]

For each database it creates a fresh one (PostgreSQL: a uniquely named database on
postgres://postgres@127.0.0.1:5432, dropped afterwards unless --keep; SQLite: a temp file),
brings the schema up with the committed migrations (search index included), and seeds it in
SQL: members, --threads threads over the three spaces, --posts posts whose words are drawn
from the forum's own seed texts with a skewed (Zipf-like) frequency, ~45 words each; one post
in 50 is held or removed (they must never match). PostgreSQL's seed is one INSERT ... SELECT
over generate_series (the search trigger fills every tsvector), then ANALYZE.

Then, in process through `forum.search.queries.search_posts` as a member of the staying
side (two of the three spaces readable), it times a one-word query (frequent and rare),
a three-word query and a phrase, newest and best first, on the first page and on page 10
(nine cursors deep): p50/p99 over --runs runs (each page's statements, excerpts included),
then prints the database's plan for every statement of a first page that reads the index
(`search_entries`; PostgreSQL: EXPLAIN ANALYZE, so each scan's rows), and whether any scans
posts or the index sequentially. Prints numbers; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BASE = "postgres://postgres@127.0.0.1:5432"
SECRET = "bench-secret-" + "x" * 40


def vocabulary() -> list[str]:
    """Distinct words of the seed texts, most frequent first (ties alphabetical)."""
    from collections import Counter

    text = (ROOT / "forum" / "seed_content.py").read_text(encoding="utf-8")
    counts = Counter(w.lower() for w in re.findall(r"[A-Za-z]{3,}", text))
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:3000]


def queries(words: list[str]) -> list[tuple[str, str]]:
    """(label, query text) for the bench, from the vocabulary's frequency ranks."""
    return [
        ("one word, frequent", words[40]),
        ("one word, middling", words[400]),
        ("one word, rare", words[1500]),
        ("three words", f"{words[60]} {words[120]} {words[200]}"),
        ("phrase", f'"{words[30]} {words[45]}"'),
    ]


async def seed_postgres(url: str, threads: int, posts: int) -> None:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    words = vocabulary()
    try:
        await conn.execute("""
            INSERT INTO users (username, username_key, password_hash, path, roles, created_at, published_posts)
            SELECT 'bench_' || g, 'bench_' || g, 'x', (ARRAY['staying','leaving','undecided'])[1 + g % 3],
                   '[]'::jsonb, now(), 0
            FROM generate_series(1, 300) g""")
        await conn.execute(
            f"""
            INSERT INTO threads (space_id, author_id, title, status, created_at, last_post_at, reply_count,
                                 opening_removed)
            SELECT (ARRAY(SELECT id FROM spaces ORDER BY id))[1 + g % 3], 1 + g % 300,
                   'Thread ' || g || ': ' || ($1::text[])[1 + (g * 7) % 400] || ' and '
                   || ($1::text[])[1 + (g * 13) % 900],
                   CASE WHEN g % 97 = 0 THEN 'pending' ELSE 'published' END,
                   now() - interval '400 days' + g * interval '5 minutes',
                   now() - interval '400 days' + g * interval '5 minutes', 0, false
            FROM generate_series(1, {threads}) g""",
            words,
        )
        lo = await conn.fetchval("SELECT min(id) FROM threads")
        # Posts: thread = a skewed pick, words = Zipf-like picks (power law over the ranks).
        await conn.execute(
            f"""
            INSERT INTO posts (thread_id, author_id, is_first, body_md, body_html, render_version, status,
                               deleted_by_author, created_at, version)
            SELECT {lo} + (g % {threads}), 1 + g % 300, g <= {threads}, b.body,
                   '<p>' || b.body || '</p>', 1,
                   CASE WHEN g % 50 = 0 THEN 'removed' WHEN g % 50 = 1 THEN 'pending' ELSE 'published' END,
                   false, now() - interval '400 days' + g * interval '30 seconds', 1
            FROM generate_series(1, {posts}) g
            CROSS JOIN LATERAL (
              SELECT string_agg(($1::text[])[1 + floor(power(random(), 2.2) * array_length($1::text[], 1))::int],
                                ' ') AS body
              FROM generate_series(1, 45) w WHERE g > 0) b""",
            words,
        )
        await conn.execute("""
            UPDATE threads t SET reply_count = c.n, last_post_at = c.last
            FROM (SELECT thread_id, count(*) - 1 AS n, max(created_at) AS last FROM posts GROUP BY thread_id) c
            WHERE c.thread_id = t.id""")
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def seed_sqlite(path: Path, threads: int, posts: int) -> None:
    import random
    import sqlite3
    from datetime import UTC, datetime, timedelta

    words = vocabulary()
    weights = [1 / (i + 1) ** 0.8 for i in range(len(words))]
    rng = random.Random(7)
    db = sqlite3.connect(path)
    start = datetime.now(UTC) - timedelta(days=400)
    with db:
        db.executemany(
            "INSERT INTO users (username, username_key, password_hash, path, roles, created_at, published_posts) "
            "VALUES (?, ?, 'x', ?, '[]', ?, 0)",
            [
                (
                    f"bench_{i}",
                    f"bench_{i}",
                    ("staying", "leaving", "undecided")[i % 3],
                    start.isoformat(),
                )
                for i in range(1, 301)
            ],
        )
        spaces = [r[0] for r in db.execute("SELECT id FROM spaces ORDER BY id")]
        db.executemany(
            "INSERT INTO threads (id, space_id, author_id, title, status, created_at, last_post_at, reply_count, "
            "opening_removed) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
            [
                (
                    g,
                    spaces[g % 3],
                    1 + g % 300,
                    f"Thread {g}: {words[(g * 7) % 400]} and {words[(g * 13) % 900]}",
                    "pending" if g % 97 == 0 else "published",
                    (start + timedelta(minutes=5 * g)).isoformat(),
                    (start + timedelta(minutes=5 * g)).isoformat(),
                )
                for g in range(1, threads + 1)
            ],
        )

        def rows():
            for g in range(1, posts + 1):
                body = " ".join(rng.choices(words, weights, k=45))
                status = "removed" if g % 50 == 0 else "pending" if g % 50 == 1 else "published"
                yield (
                    1 + g % threads,
                    1 + g % 300,
                    g <= threads,
                    body,
                    f"<p>{body}</p>",
                    1,
                    status,
                    False,
                    (start + timedelta(seconds=30 * g)).isoformat(),
                )

        db.executemany(
            "INSERT INTO posts (thread_id, author_id, is_first, body_md, body_html, render_version, status, "
            "deleted_by_author, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            rows(),
        )
    db.execute("ANALYZE")
    db.close()


async def migrate(url: str) -> None:

    from forum.app import default_plugins
    from forum.registry import build_registry
    from forum.settings import Settings
    from forum.startup import started

    # The app's own start-up routine (forum.startup): migrations, default rows.
    async with started(
        Settings(database_url=url, secret_key=SECRET),
        build_registry(default_plugins()),
        schema="migrate",
        limits=False,
    ):
        pass


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def measure(url: str, runs: int) -> list[str]:
    from asgi_lifespan import LifespanManager
    from tortoise import Tortoise

    from forum.accounts.models import User
    from forum.app import create_app
    from forum.search import queries as sq
    from forum.search.schemas import Search
    from forum.settings import Settings

    settings = Settings(database_url=url, secret_key=SECRET, rate_limits="search=100000000/60s")
    app = create_app(settings, schema="none")
    out = []
    async with LifespanManager(app):
        viewer = await User.get(username="bench_3")  # path staying: two of three spaces
        assert viewer.path == "staying"
        conn = Tortoise.get_connection("default")
        dialect = conn.capabilities.dialect
        seq_scans = 0
        for label, q in queries(vocabulary()):
            if dialect == "postgres":
                hits = (
                    await conn.execute_query_dict(
                        "SELECT count(*) AS n FROM search_entries"
                        " WHERE vector @@ websearch_to_tsquery('crossroads_search', $1)",
                        [q],
                    )
                )[0]["n"]
            else:
                from forum.search.query import parse as _parse
                from forum.search.query import to_fts5 as _fts5

                hits = (
                    await conn.execute_query_dict(
                        "SELECT count(*) AS n FROM search_entries WHERE search_entries MATCH ?",
                        [_fts5(_parse(q))],
                    )
                )[0]["n"]
            out.append(f"| {label} `{q}`: {hits:,} matching posts | | | | | |")
            for sort in ("newest", "best"):
                cursor_10 = None
                page = await sq.search_posts(viewer, Search(q=q, sort=sort), limit=25)
                cursor = page.next_cursor
                for _ in range(8):
                    if cursor is None:
                        break
                    nxt = await sq.search_posts(
                        viewer, Search(q=q, sort=sort), cursor=cursor, limit=25
                    )
                    cursor = nxt.next_cursor
                cursor_10 = cursor
                for depth, cur in (("first", None), ("page 10", cursor_10)):
                    if depth == "page 10" and cur is None:
                        out.append(
                            f"| {label} `{q}` | {sort} | {depth} | (fewer than 10 pages) | | |"
                        )
                        continue
                    times = []
                    for _ in range(runs):
                        t0 = time.perf_counter()
                        result = await sq.search_posts(
                            viewer, Search(q=q, sort=sort), cursor=cur, limit=25
                        )
                        times.append((time.perf_counter() - t0) * 1000)
                    out.append(
                        f"| {label} `{q}` | {sort} | {depth} | {statistics.median(times):.1f} | "
                        f"{pct(times, 99):.1f} | {len(result.items)} |"
                    )
        # Plans of every statement of a first page (newest and best), with the rows each reads.
        from tests.forum.test_list_plans import capture

        for label, q in queries(vocabulary())[:2] + queries(vocabulary())[4:]:
            for sort in ("newest", "best"):
                with capture() as seen:
                    await sq.search_posts(viewer, Search(q=q, sort=sort), limit=25)
                for sql, values in seen.statements:
                    if "search_entries" not in sql:
                        continue
                    if dialect == "postgres":
                        rows = await conn.execute_query_dict(
                            f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", values
                        )
                        plan = "\n".join(r["QUERY PLAN"] for r in rows)
                        seq_scans += bool(re.search(r"Seq Scan on (posts|search_entries)\b", plan))
                    else:
                        rows = await conn.execute_query_dict(f"EXPLAIN QUERY PLAN {sql}", values)
                        plan = "\n".join(str(r.get("detail")) for r in rows)
                        seq_scans += bool(re.search(r"SCAN (p|posts)\b(?! USING)", plan))
                    out.append(
                        f"\nPlan, {label} `{q}`, {sort}, first page:\n```\n{sql}\n{plan}\n```"
                    )
        out.append(f"\nSequential scans of posts or search_entries in these plans: {seq_scans}")
    return out


async def run(kind: str, args: argparse.Namespace) -> None:
    import asyncpg

    tmp = Path(tempfile.mkdtemp(prefix="crossroads-search-bench-"))
    name = f"crossroads_search_{uuid.uuid4().hex[:10]}"
    url = f"sqlite://{tmp / 'bench.sqlite3'}" if kind == "sqlite" else f"{PG_BASE}/{name}"
    posts = args.posts or (1_000_000 if kind == "postgres" else 200_000)
    threads = args.threads or posts // 10
    if kind == "postgres":
        admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
    try:
        t0 = time.perf_counter()
        await migrate(url)
        if kind == "postgres":
            await seed_postgres(url, threads, posts)
        else:
            seed_sqlite(tmp / "bench.sqlite3", threads, posts)
        print(
            f"\n## {kind}: {posts:,} posts in {threads:,} threads (schema + seed {time.perf_counter() - t0:.0f} s)\n"
        )
        print(
            "| query | sort | page | p50 ms | p99 ms | threads on page |\n|---|---|---|---|---|---|"
        )
        for line in await measure(url, args.runs):
            print(line)
        sys.stdout.flush()
    finally:
        if kind == "postgres" and not args.keep:
            admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()
        elif kind == "postgres":
            print(f"kept database {name}")
        if kind == "sqlite" and not args.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
        elif kind == "sqlite":
            print(f"kept database {url}")
        else:
            tmp.rmdir()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--posts", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--url", default="", help="measure an already seeded database (e.g. one kept with --keep)"
    )
    args = parser.parse_args()
    from bench.forum_bench import machine

    print(f"Machine: {machine()}")
    if args.url:
        asyncio.run(
            migrate(args.url)
        )  # a database kept from an older checkout: bring it up to date
        for line in asyncio.run(measure(args.url, args.runs)):
            print(line, flush=True)
        return
    for kind in ["postgres", "sqlite"] if args.database == "both" else [args.database]:
        asyncio.run(run(kind, args))


if __name__ == "__main__":
    main()
