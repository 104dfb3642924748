"""Every list a member or moderator pages through reads an index range, not a whole table.

On PostgreSQL (the planner decides by table sizes, so the tables are filled first: tens of
thousands of threads, posts, notifications, log entries, queue items, AMAs and resources,
then ANALYZE), each list is called through its real query function, every SELECT it sends is
captured and EXPLAINed with its own values, and a sequential scan of the table the list pages
through fails the test (joined tables, such as users for names, may be hashed), naming the list and showing the plan. First and a deep page (a cursor) both. The seed and the table of lists are
bench/lists_bench.py's, which prints the same lists' plans and timings at 100,000 threads.
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
    from bench.lists_bench import seed

    await seed(conn, N)


async def _plans(conn: Any, statements: list[tuple[str, list[Any]]]) -> list[str]:
    plans = []
    for sql, values in statements:
        rows = await conn.execute_query_dict(f"EXPLAIN {sql}", values)
        plans.append(sql + "\n" + "\n".join(r["QUERY PLAN"] for r in rows))
    return plans


def _seq_scans(plan: str, table: str) -> list[str]:
    return [t for t in re.findall(r"Seq Scan on (\w+)", plan) if t == table]


# A page is at most 100 items: a list that reads ten times that from its table is not stopping at
# the page (it sorts a range instead of walking it). No list is excepted (search was, until its
# rows carried their own visibility: docs/search.md).
MAX_ROWS_READ = 1000


async def _rows_read(conn: Any, statements: list[tuple[str, list[Any]]], table: str) -> int:
    """The most rows any scan of `table` returned in these statements (EXPLAIN ANALYZE, rows x loops)."""
    worst = 0
    for sql, values in statements:
        rows = await conn.execute_query_dict(
            f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", values
        )
        for line in (r["QUERY PLAN"] for r in rows):
            m = re.search(rf"Scan .*\bon {table}\b.*rows=(\d+) loops=(\d+)", line)
            if m:
                worst = max(worst, int(m.group(1)) * int(m.group(2)))
    return worst


async def test_every_list_reads_an_index_range(app, members):
    from bench.lists_bench import lists as list_table
    from forum.accounts.models import User

    conn = Tortoise.get_connection("default")
    await _seed(conn)
    member = await User.get(username_key="m3")  # staying
    moderator = await User.get(id=members["moderator"].id)

    # list -> (its query with a cursor, the table it pages through): the bench's table, so the two agree
    lists = list_table(member, moderator)
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
                    failures.append(
                        f"{name}: fewer than 6 pages, the seed is too small to test a deep page"
                    )
                    break
            with capture() as seen:
                await call(cursor)
            assert seen.statements, name
            for plan in await _plans(conn, seen.statements):
                if _seq_scans(plan, table):
                    failures.append(f"{name}, {depth}:\n{plan}")
            read = await _rows_read(conn, seen.statements, table)
            if read > MAX_ROWS_READ:
                failures.append(f"{name}, {depth}: reads {read} rows of {table} for one page")
    assert not failures, "\n\n".join(failures)
