"""Derived data against the rows it is derived from: `crossroads check [--repair]`.

Counters are kept in SQL, each moved exactly once per real state change (a conditional UPDATE
whose row count decides, see forum/threads/actions._set_status). This module recomputes them
from the rows, reports every difference, and can set them right.

What is checked (each is a `Drift(kind, id, stored, actual)`):

- `thread.reply_count`: published posts of the thread that are not its first post.
- `thread.last_post_at`: never older than its newest published post (a removal does not move
  it back, so only "behind" is drift; repair sets it to that post's time).
- `user.published_posts`: the member's posts whose status is published.
- `ama_question.vote_count` / `answer_count`: rows in ama_votes / ama_answers.

The search index (`search_entries`, kept by triggers, see forum/search/schema.py) against the
rows it is written from, compared one range of post ids at a time (`SEARCH_BATCH` posts: one
statement per range returns only the differences, so a million posts never sit in memory):

- `search_entry`: a visible post (published, in a published thread) with no row (stored
  ``no row``, rows say ``visible``), or a row for a post that is not visible or no longer
  exists (stored ``a row``, rows say ``not visible``);
- `search_entry.thread_id` / `space_id` / `author_id` / `thread_author_id`: a row whose column
  disagrees with the post and its thread;
- `search_entry.words`: a row whose words (PostgreSQL: the tsvector; SQLite: title, body and
  thread token) are not the ones the triggers would write now. The text is never printed.

`repair_search` rewrites just the rows of the posts found, as the triggers would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise import Tortoise

from forum.db import transaction


@dataclass(frozen=True)
class Drift:
    """One stored value that differs from what its rows say."""

    kind: str  # "thread.reply_count", "thread.last_post_at", "user.published_posts", ...
    id: int
    stored: Any
    actual: Any

    def describe(self) -> str:
        return f"{self.kind} of #{self.id}: stored {self.stored}, rows say {self.actual}"


_COUNTS = [
    # (kind, table, column, SQL giving (id, stored, actual) for every row that differs)
    (
        "thread.reply_count",
        "threads",
        "reply_count",
        "SELECT t.id, t.reply_count AS stored, COALESCE(c.n, 0) AS actual FROM threads t "
        "LEFT JOIN (SELECT thread_id, COUNT(*) AS n FROM posts WHERE status = 'published' AND NOT is_first "
        "GROUP BY thread_id) c ON c.thread_id = t.id WHERE t.reply_count <> COALESCE(c.n, 0) ORDER BY t.id",
    ),
    (
        "user.published_posts",
        "users",
        "published_posts",
        "SELECT u.id, u.published_posts AS stored, COALESCE(c.n, 0) AS actual FROM users u "
        "LEFT JOIN (SELECT author_id, COUNT(*) AS n FROM posts WHERE status = 'published' GROUP BY author_id) c "
        "ON c.author_id = u.id WHERE u.published_posts <> COALESCE(c.n, 0) ORDER BY u.id",
    ),
    (
        "ama_question.vote_count",
        "ama_questions",
        "vote_count",
        "SELECT q.id, q.vote_count AS stored, COALESCE(c.n, 0) AS actual FROM ama_questions q "
        "LEFT JOIN (SELECT question_id, COUNT(*) AS n FROM ama_votes GROUP BY question_id) c "
        "ON c.question_id = q.id WHERE q.vote_count <> COALESCE(c.n, 0) ORDER BY q.id",
    ),
    (
        "ama_question.answer_count",
        "ama_questions",
        "answer_count",
        "SELECT q.id, q.answer_count AS stored, COALESCE(c.n, 0) AS actual FROM ama_questions q "
        "LEFT JOIN (SELECT question_id, COUNT(*) AS n FROM ama_answers GROUP BY question_id) c "
        "ON c.question_id = q.id WHERE q.answer_count <> COALESCE(c.n, 0) ORDER BY q.id",
    ),
]
_LAST_POST = (
    "SELECT t.id, t.last_post_at AS stored, c.newest AS actual FROM threads t "
    "JOIN (SELECT thread_id, MAX(created_at) AS newest FROM posts WHERE status = 'published' "
    "GROUP BY thread_id) c ON c.thread_id = t.id"
)


def _conn() -> Any:
    return Tortoise.get_connection("default")


async def _tables() -> set[str]:
    conn = _conn()
    if conn.capabilities.dialect == "postgres":
        rows = await conn.execute_query_dict(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        )
    else:
        rows = await conn.execute_query_dict("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {r["name"] for r in rows}


def _as_time(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    text = str(value).replace("Z", "+00:00")
    return datetime.fromisoformat(text)


async def find_drift() -> list[Drift]:
    """Every counter that differs from its rows (empty when all is well). Read-only."""
    conn = _conn()
    tables = await _tables()
    found: list[Drift] = []
    for kind, table, _column, sql in _COUNTS:
        if table not in tables or (
            table == "ama_questions" and not {"ama_votes", "ama_answers"} <= tables
        ):
            continue
        for row in await conn.execute_query_dict(sql):
            found.append(Drift(kind, row["id"], row["stored"], row["actual"]))
    for row in await conn.execute_query_dict(_LAST_POST):
        stored, actual = _as_time(row["stored"]), _as_time(row["actual"])
        if stored is not None and actual is not None and stored < actual:
            found.append(Drift("thread.last_post_at", row["id"], stored, actual))
    return found


async def repair(drift: list[Drift]) -> int:
    """Set each drifted value to what its rows say, in one transaction, users before threads
    before questions (the lock order). Returns how many values were set."""
    from forum.accounts.models import User
    from forum.threads.models import Thread

    order = {"user.published_posts": 0, "thread.reply_count": 1, "thread.last_post_at": 1}
    async with transaction():
        for item in sorted(drift, key=lambda d: (order.get(d.kind, 2), d.id)):
            if item.kind == "user.published_posts":
                await User.filter(id=item.id).update(published_posts=item.actual)
            elif item.kind == "thread.reply_count":
                await Thread.filter(id=item.id).update(reply_count=item.actual)
            elif item.kind == "thread.last_post_at":
                await Thread.filter(id=item.id, last_post_at__lt=item.actual).update(
                    last_post_at=item.actual
                )
            else:
                from forum.amas.models import AmaQuestion

                column = item.kind.split(".", 1)[1]
                await AmaQuestion.filter(id=item.id).update(**{column: item.actual})
    return len(drift)


SEARCH_BATCH = 5000  # posts compared per statement by `search_drift`
_SEARCH_COLUMNS = ("thread_id", "space_id", "author_id", "thread_author_id")


def _search_sql(dialect: str, lo: int, hi: int | None) -> str:
    """The differences between search_entries and the rows recomputed from posts and threads,
    for post ids in (lo, hi] (hi None: every id above lo). The visible posts are joined to the
    index by its key (an FTS5 rowid lookup on SQLite), the index's rows in the range to the
    visible posts (an automatic index), so a range costs about its own rows."""
    from forum.search.schema import TABLE, expected_rows

    key = "post_id" if dialect == "postgres" else "rowid"
    bound = f" AND {{}} <= {int(hi)}" if hi is not None else ""
    if dialect == "postgres":
        same_words = "r.vector = x.vector"
    else:
        same_words = "(r.title IS x.title AND r.body IS x.body AND r.thread IS x.thread)"
    stored = {c: f"CAST(r.{c} AS INTEGER)" for c in _SEARCH_COLUMNS}
    columns = ", ".join(f"{stored[c]} AS stored_{c}, x.{c} AS actual_{c}" for c in _SEARCH_COLUMNS)
    differ = " OR ".join(f"{stored[c]} <> x.{c}" for c in _SEARCH_COLUMNS)
    nulls = ", ".join(f"NULL AS stored_{c}, NULL AS actual_{c}" for c in _SEARCH_COLUMNS)
    return (
        f"WITH x AS ({expected_rows(dialect, f'p.id > {int(lo)}' + bound.format('p.id'))}) "
        f"SELECT x.id, CASE WHEN r.{key} IS NULL THEN 0 ELSE 1 END AS has_row, 1 AS visible, {columns}, "
        f"CASE WHEN r.{key} IS NULL THEN 1 WHEN {same_words} THEN 1 ELSE 0 END AS same_words "
        f"FROM x LEFT JOIN {TABLE} r ON r.{key} = x.id WHERE r.{key} IS NULL OR {differ} OR NOT ({same_words}) "
        f"UNION ALL SELECT e.{key}, 1, 0, {nulls}, 1 FROM {TABLE} e "
        f"WHERE e.{key} > {int(lo)}{bound.format('e.' + key)} AND NOT EXISTS (SELECT 1 FROM x WHERE x.id = e.{key}) "
        "ORDER BY 1"
    )


def _search_drift_of(row: dict[str, Any]) -> list[Drift]:
    post_id = int(row["id"])
    if not row["visible"]:
        return [Drift("search_entry", post_id, "a row", "not visible")]
    if not row["has_row"]:
        return [Drift("search_entry", post_id, "no row", "visible")]
    found = [
        Drift(f"search_entry.{c}", post_id, row[f"stored_{c}"], row[f"actual_{c}"])
        for c in _SEARCH_COLUMNS
        if row[f"stored_{c}"] != row[f"actual_{c}"]
    ]
    if not row["same_words"]:
        found.append(Drift("search_entry.words", post_id, "other words", "the post's words"))
    return found


async def search_drift(batch: int = SEARCH_BATCH) -> AsyncIterator[list[Drift]]:
    """The search index's drift (see the module's docstring), one list per range of `batch`
    post ids that has any, in id order. Read-only; each range is one statement, so memory holds
    one range's differences. Nothing when there is no search_entries table."""
    conn = _conn()
    if "search_entries" not in await _tables():
        return
    dialect = conn.capabilities.dialect
    lo = 0
    while True:
        (top,) = await conn.execute_query_dict(
            f"SELECT MAX(id) AS hi FROM (SELECT id FROM posts WHERE id > {lo} ORDER BY id LIMIT {int(batch)}) s"
        )
        hi = top["hi"]
        found = [
            d
            for row in await conn.execute_query_dict(_search_sql(dialect, lo, hi))
            for d in _search_drift_of(row)
        ]
        if found:
            yield found
        if hi is None:  # the last range also held every row above the newest post
            return
        lo = int(hi)


async def find_search_drift() -> list[Drift]:
    """Every search-index difference at once (tests, small sites; the command streams them)."""
    return [d async for found in search_drift() for d in found]


async def repair_search(drift: list[Drift]) -> int:
    """Drop and write again, as the triggers would, the search rows of the posts in `drift`
    (one transaction). Returns how many drift items that covered."""
    from forum.search.schema import rewrite_rows

    post_ids = sorted({d.id for d in drift})
    dialect = _conn().capabilities.dialect
    async with transaction() as conn:
        for start in range(0, len(post_ids), SEARCH_BATCH):
            for sql in rewrite_rows(dialect, post_ids[start : start + SEARCH_BATCH]):
                await conn.execute_query(sql)
    return len(drift)
