"""Every list a member or moderator pages through, at 100,000 threads on PostgreSQL (issue 12, Scale).

    python -m bench.lists_bench [--threads 100000] [--runs 20] [--deep 40] [--keep]

Creates a fresh PostgreSQL database (postgres://postgres@127.0.0.1:5432, a unique name, dropped
afterwards unless --keep), brings the schema up with the committed migrations, and seeds it in SQL
(`seed`, shared with tests/forum/test_list_plans.py): --threads threads over the three spaces with
two posts each, as many notifications, moderation queue items and log entries, a third as many
AMAs and resources, 3,000 members; then VACUUM ANALYZE. For each list (`LISTS`, the same table
the test checks) it pages from the first page to page --deep through the real query function,
times the first and the deep page (median and p99 of --runs calls, every statement of the page
included), and prints the plan (EXPLAIN ANALYZE) of each statement that reads the list's table,
on both pages. Prints numbers; it is not a test (the test fails on a sequential scan).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

PG_BASE = "postgres://postgres@127.0.0.1:5432"
SECRET = "bench-secret-" + "x" * 40


async def seed(conn: Any, n: int) -> None:
    """`n` threads (and the rest, see the module docstring) through a Tortoise connection."""
    await conn.execute_script(f"""
        INSERT INTO users (username, username_key, password_hash, path, roles, created_at, published_posts)
        SELECT 'm' || g, 'm' || g, 'x', (ARRAY['staying','leaving','undecided'])[1 + g % 3],
               CASE WHEN g % 500 = 0 THEN '["moderator"]' ELSE '[]' END::jsonb, now(), 0
        FROM generate_series(1, 3000) g;
        INSERT INTO threads (space_id, author_id, title, status, created_at, last_post_at, reply_count,
                             opening_removed)
        SELECT (ARRAY(SELECT id FROM spaces ORDER BY id))[1 + g % 3], 1 + g % 3000, 'Thread ' || g,
               CASE WHEN g % 200 = 0 THEN 'pending' ELSE 'published' END,
               now() - g * interval '1 minute', now() - g * interval '1 minute', 1, false
        FROM generate_series(1, {n}) g;
        INSERT INTO posts (thread_id, author_id, is_first, body_md, body_html, render_version, status,
                           deleted_by_author, created_at, version)
        SELECT t.id, CASE WHEN t.id % 20 = 0 THEN (SELECT id FROM users WHERE username_key = 'm3') ELSE 1 + (t.id * k) % 3000 END, k = 1,
               CASE WHEN t.id % 40 = 0 THEN 'walking and talking ' ELSE 'a quiet day ' END || t.id,
               '<p>some text</p>', 1,
               CASE WHEN t.status = 'pending' AND k = 1 THEN 'pending' ELSE 'published' END, false,
               now() - t.id * interval '1 minute' + k * interval '1 second', 1
        FROM threads t CROSS JOIN generate_series(1, 2) k;
        INSERT INTO notifications (user_id, kind, message, created_at)
        SELECT CASE WHEN g % 20 = 0 THEN (SELECT id FROM users WHERE username_key = 'm3') ELSE 1 + g % 3000 END, 'decision', 'Something happened.', now()
        FROM generate_series(1, {n}) g;
        INSERT INTO moderation_items (kind, subject_type, subject_id, reasons, priority, status, crisis, note,
                                      resolution_note, created_at, updated_at, space_slug)
        SELECT 'post', 'post', g, '[]'::jsonb, g % 5 * 10,
               CASE WHEN g % 25 = 0 THEN 'open' ELSE 'resolved' END, false, '', '', now(), now(), 'common-ground'
        FROM generate_series(1, {n}) g;
        INSERT INTO moderation_log (moderator_id, action, subject_type, subject_id, member_id, reason, category,
                                    public, created_at)
        SELECT 500, 'remove', 'post', g, CASE WHEN g % 20 = 0 THEN (SELECT id FROM users WHERE username_key = 'm3') ELSE 1 + g % 3000 END, '', 'other', g % 3 = 0, now() FROM generate_series(1, {n}) g;
        INSERT INTO amas (title, description, description_html, host_id, space_id, starts_at, ends_at, event_seq,
                          created_at)
        SELECT 'AMA ' || g, 'd', '<p>d</p>', 1 + g % 3000, (ARRAY(SELECT id FROM spaces ORDER BY id))[1 + g % 3],
               now() - g * interval '1 day', now() - g * interval '1 day' + interval '1 hour', 0, now()
        FROM generate_series(1, {n // 3}) g;
        INSERT INTO resources (title, url, description, kind, audience, format, location, phone, sms, hours,
                               cost_note, state, position, created_at, updated_at)
        SELECT 'Resource ' || lpad(g::text, 6, '0'), 'https://example.org/' || g, 'd',
               (ARRAY['counselor','workshop','support-group','mediator'])[1 + g % 4],
               (ARRAY['both','staying','leaving'])[1 + g % 3], 'online', '', '', '', '', '',
               CASE WHEN g % 20 = 0 THEN 'archived' ELSE 'active' END, 0, now(), now()
        FROM generate_series(1, {n // 3}) g;
    """)
    await conn.execute_script("VACUUM ANALYZE")  # as autovacuum would: statistics, visibility map


@dataclass
class PageOf:
    """A list's page reduced to what paging needs."""

    items: list[Any]
    next_cursor: str | None


def lists(
    member: Any, moderator: Any
) -> dict[str, tuple[Callable[[str | None], Awaitable[Any]], str]]:
    """Every paged list: name -> (one page of it for a cursor, the table it pages through)."""
    from forum.amas import queries as amas
    from forum.following import notices
    from forum.resources import queries as resources
    from forum.search import queries as search
    from forum.search.schemas import Search
    from forum.threads import queries as threads
    from moderation import queries as moderation

    async def space_list(viewer: Any, cursor: str | None) -> Any:
        return (await threads.get_space_page(viewer, "staying", cursor=cursor))[1]

    async def past_amas(cursor: str | None) -> PageOf:
        groups, next_cursor = await amas.list_amas(member, cursor=cursor)
        return PageOf(groups["past"], next_cursor)

    return {
        "space thread list (member)": (lambda c: space_list(member, c), "threads"),
        "space thread list (moderator)": (lambda c: space_list(moderator, c), "threads"),
        "my posts": (lambda c: threads.list_my_posts(member, cursor=c), "posts"),
        "search newest": (
            lambda c: search.search_posts(member, Search(q="walking"), cursor=c),
            "search_entries",
        ),
        "search best": (
            lambda c: search.search_posts(member, Search(q="walking", sort="best"), cursor=c),
            "search_entries",
        ),
        "notifications": (lambda c: notices.list_notifications(member, cursor=c), "notifications"),
        "notifications, unread": (
            lambda c: notices.list_notifications(member, unread_only=True, cursor=c),
            "notifications",
        ),
        "moderation queue": (
            lambda c: moderation.list_queue(moderator, cursor=c),
            "moderation_items",
        ),
        "moderation log": (lambda c: moderation.list_log(moderator, cursor=c), "moderation_log"),
        "moderation log of a member": (
            lambda c: moderation.list_log(moderator, cursor=c, member_id=member.id),
            "moderation_log",
        ),
        "public moderation log": (
            lambda c: moderation.list_public_log(member, cursor=c),
            "moderation_log",
        ),
        "AMAs (past, paged)": (past_amas, "amas"),
        "resources": (
            lambda c: resources.list_resources(member, resources.Filters(), cursor=c),
            "resources",
        ),
        "resources for a path": (
            lambda c: resources.list_resources(member, resources.Filters(path="staying"), cursor=c),
            "resources",
        ),
    }


def reads(sql: str, table: str) -> bool:
    """The statement names `table` (quoted or not) after FROM or JOIN."""
    return re.search(rf'\b(FROM|JOIN)\s+"?{table}"?(\s|$)', sql, re.IGNORECASE) is not None


async def main_async(args: argparse.Namespace) -> None:
    import asyncpg
    from asgi_lifespan import LifespanManager
    from tortoise import Tortoise

    from bench.search_bench import migrate, pct
    from forum.accounts.models import User
    from forum.app import create_app
    from forum.settings import Settings
    from tests.forum.test_list_plans import capture

    name = f"crossroads_lists_{uuid.uuid4().hex[:10]}"
    url = f"{PG_BASE}/{name}"
    admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    try:
        t0 = time.perf_counter()
        await migrate(url)
        settings = Settings(database_url=url, secret_key=SECRET, rate_limits="search=100000000/60s")
        app = create_app(settings, schema="none")
        async with LifespanManager(app):
            conn = Tortoise.get_connection("default")
            await seed(conn, args.threads)
            version = (await conn.execute_query_dict("SHOW server_version"))[0]["server_version"]
            print(
                f"## Lists at {args.threads:,} threads (PostgreSQL {version}; schema + seed "
                f"{time.perf_counter() - t0:.0f} s)\n"
            )
            member = await User.get(username_key="m3")
            moderator = await User.get(username_key="m500")
            table_rows = [
                f"| list | table | first page p50 / p99 ms | page {args.deep} p50 / p99 ms | seq scan of its table |",
                "|---|---|---|---|---|",
            ]
            plans: list[str] = []
            for label, (call, table) in lists(member, moderator).items():
                cursor = None
                reached = 1
                for _ in range(args.deep - 1):
                    page = await call(cursor)
                    if page.next_cursor is None:
                        break
                    cursor = page.next_cursor
                    reached += 1
                cells, seq = [], False
                for depth, cur in (("first page", None), (f"page {reached}", cursor)):
                    times = []
                    for _ in range(args.runs):
                        started = time.perf_counter()
                        await call(cur)
                        times.append((time.perf_counter() - started) * 1000)
                    cells.append(f"{statistics.median(times):.2f} / {pct(times, 99):.2f}")
                    with capture() as seen:
                        await call(cur)
                    for sql, values in seen.statements:
                        if not reads(sql, table):
                            continue
                        rows = await conn.execute_query_dict(
                            f"EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) {sql}", values
                        )
                        plan = "\n".join(r["QUERY PLAN"] for r in rows)
                        seq = seq or f"Seq Scan on {table}" in plan
                        plans.append(f"### {label}, {depth}\n```\n{plan}\n```")
                if reached < args.deep:
                    cells[1] += f" (last page: {reached})"
                table_rows.append(
                    f"| {label} | {table} | {cells[0]} | {cells[1]} | {'YES' if seq else 'no'} |"
                )
            print("\n".join(table_rows))
            print()
            print("\n\n".join(plans))
    finally:
        if args.keep:
            print(f"kept database {name}")
        else:
            admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--deep", type=int, default=40, help="the deep page's number")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
