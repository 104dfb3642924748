"""Every list a member or moderator pages through reads an index range, not a whole table.

On PostgreSQL (the planner decides by table sizes, so the tables are filled first: tens of
thousands of threads, posts, notifications, log entries, queue items, AMAs and resources,
then ANALYZE), each list is called through its real query function, every SELECT it sends is
captured and EXPLAINed with its own values, and a sequential scan of the table the list pages
through fails the test (joined tables, such as users for names, may be hashed), naming the list and showing the plan. First and a deep page (a cursor) both.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from typing import Any

import pytest
from tortoise import Tortoise

N = 30_000

pytestmark = [pytest.mark.backends("postgres")]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[tuple[str, list[Any]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple) and len(record.args) == 2:
            sql, values = record.args
            if isinstance(sql, str) and sql.lstrip().upper().startswith(("SELECT", "WITH")):
                self.statements.append((sql, list(values or [])))


@contextmanager
def capture():
    logger = logging.getLogger("tortoise.db_client")
    handler, level, propagate = _Capture(), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # statements carry values: never pass them on
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


async def _seed(conn: Any) -> None:
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
        FROM generate_series(1, {N}) g;
        INSERT INTO posts (thread_id, author_id, is_first, body_md, body_html, render_version, status,
                           deleted_by_author, created_at)
        SELECT t.id, CASE WHEN t.id % 20 = 0 THEN (SELECT id FROM users WHERE username_key = 'm3') ELSE 1 + (t.id * k) % 3000 END, k = 1,
               CASE WHEN t.id % 40 = 0 THEN 'walking and talking ' ELSE 'a quiet day ' END || t.id,
               '<p>some text</p>', 1,
               CASE WHEN t.status = 'pending' AND k = 1 THEN 'pending' ELSE 'published' END, false,
               now() - t.id * interval '1 minute' + k * interval '1 second'
        FROM threads t CROSS JOIN generate_series(1, 2) k;
        INSERT INTO notifications (user_id, kind, message, created_at)
        SELECT CASE WHEN g % 20 = 0 THEN (SELECT id FROM users WHERE username_key = 'm3') ELSE 1 + g % 3000 END, 'decision', 'Something happened.', now()
        FROM generate_series(1, {N}) g;
        INSERT INTO moderation_items (kind, subject_type, subject_id, reasons, priority, status, crisis, note,
                                      resolution_note, created_at, updated_at, space_slug)
        SELECT 'post', 'post', g, '[]'::jsonb, g % 5 * 10,
               CASE WHEN g % 100 = 0 THEN 'open' ELSE 'resolved' END, false, '', '', now(), now(), 'common-ground'
        FROM generate_series(1, {N}) g;
        INSERT INTO moderation_log (moderator_id, action, subject_type, subject_id, member_id, reason, category,
                                    public, created_at)
        SELECT 500, 'remove', 'post', g, CASE WHEN g % 20 = 0 THEN (SELECT id FROM users WHERE username_key = 'm3') ELSE 1 + g % 3000 END, '', 'other', g % 3 = 0, now() FROM generate_series(1, {N}) g;
        INSERT INTO amas (title, description, description_html, host_id, space_id, starts_at, ends_at, event_seq,
                          created_at)
        SELECT 'AMA ' || g, 'd', '<p>d</p>', 1 + g % 3000, (ARRAY(SELECT id FROM spaces ORDER BY id))[1 + g % 3],
               now() - g * interval '1 day', now() - g * interval '1 day' + interval '1 hour', 0, now()
        FROM generate_series(1, {N // 3}) g;
        INSERT INTO resources (title, url, description, kind, audience, format, location, phone, sms, hours,
                               cost_note, state, position, created_at, updated_at)
        SELECT 'Resource ' || lpad(g::text, 6, '0'), 'https://example.org/' || g, 'd',
               (ARRAY['counselor','workshop','support-group','mediator'])[1 + g % 4],
               (ARRAY['both','staying','leaving'])[1 + g % 3], 'online', '', '', '', '', '',
               CASE WHEN g % 20 = 0 THEN 'archived' ELSE 'active' END, 0, now(), now()
        FROM generate_series(1, {N // 3}) g;
    """)
    await conn.execute_script("VACUUM ANALYZE")  # as autovacuum would: GIN pending lists merged, statistics


async def _plans(conn: Any, statements: list[tuple[str, list[Any]]]) -> list[str]:
    plans = []
    for sql, values in statements:
        rows = await conn.execute_query_dict(f"EXPLAIN {sql}", values)
        plans.append(sql + "\n" + "\n".join(r["QUERY PLAN"] for r in rows))
    return plans


def _seq_scans(plan: str, table: str) -> list[str]:
    return [t for t in re.findall(r"Seq Scan on (\w+)", plan) if t == table]


async def test_every_list_reads_an_index_range(app, members):
    from forum.accounts.models import User
    from forum.accounts import notifications
    from forum.amas import queries as amas
    from forum.resources import queries as resources
    from forum.search import queries as search
    from forum.threads import queries as threads
    from moderation import queries as moderation

    conn = Tortoise.get_connection("default")
    await _seed(conn)
    member = await User.get(username_key="m3")  # staying
    moderator = await User.get(id=members["moderator"].id)
    space = "staying"

    async def space_list(viewer, cursor=None):
        return (await threads.get_space_page(viewer, space, cursor=cursor))[1]

    # list -> (its query with a cursor, the table it pages through)
    lists = {
        "space thread list (member)": (lambda c: space_list(member, c), "threads"),
        "space thread list (moderator)": (lambda c: space_list(moderator, c), "threads"),
        "my posts": (lambda c: threads.list_my_posts(member, cursor=c), "posts"),
        "search newest": (lambda c: search.search_posts(member, "walking", cursor=c), "posts"),
        "search best": (lambda c: search.search_posts(member, "walking", sort="best", cursor=c), "posts"),
        "moderation queue": (lambda c: moderation.list_queue(moderator, cursor=c), "moderation_items"),
        "moderation log": (lambda c: moderation.list_log(moderator, cursor=c), "moderation_log"),
        "moderation log of a member": (lambda c: moderation.list_log(moderator, cursor=c, member_id=member.id),
                                       "moderation_log"),
        "public moderation log": (lambda c: moderation.list_public_log(member, cursor=c), "moderation_log"),
        "resources": (lambda c: resources.list_resources(member, resources.Filters(), cursor=c), "resources"),
        "resources for a path": (lambda c: resources.list_resources(member, resources.Filters(path="staying"),
                                                                    cursor=c), "resources"),
    }
    failures = []
    for name, (call, table) in lists.items():
        cursor = None
        for depth in ("first page", "deep page"):
            if depth == "deep page":
                for _ in range(5):  # a few pages in
                    page = await call(cursor)
                    cursor = page.next_cursor
                    if cursor is None:
                        break
                if cursor is None:
                    failures.append(f"{name}: fewer than 6 pages, the seed is too small to test a deep page")
                    break
            with capture() as seen:
                await call(cursor)
            assert seen.statements, name
            for plan in await _plans(conn, seen.statements):
                if _seq_scans(plan, table):
                    failures.append(f"{name}, {depth}:\n{plan}")
    # Lists without cursors: first page only.
    singles = {
        "notifications": (lambda: notifications.list_notifications(member), "notifications"),
        "AMAs": (lambda: amas.list_amas(member), "amas"),
    }
    for name, (single, table) in singles.items():
        with capture() as seen:
            await single()
        for plan in await _plans(conn, seen.statements):
            if _seq_scans(plan, table):
                failures.append(f"{name}:\n{plan}")
    assert not failures, "\n\n".join(failures)
