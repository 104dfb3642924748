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
"""

from __future__ import annotations

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
    ("thread.reply_count", "threads", "reply_count",
     "SELECT t.id, t.reply_count AS stored, COALESCE(c.n, 0) AS actual FROM threads t "
     "LEFT JOIN (SELECT thread_id, COUNT(*) AS n FROM posts WHERE status = 'published' AND NOT is_first "
     "GROUP BY thread_id) c ON c.thread_id = t.id WHERE t.reply_count <> COALESCE(c.n, 0) ORDER BY t.id"),
    ("user.published_posts", "users", "published_posts",
     "SELECT u.id, u.published_posts AS stored, COALESCE(c.n, 0) AS actual FROM users u "
     "LEFT JOIN (SELECT author_id, COUNT(*) AS n FROM posts WHERE status = 'published' GROUP BY author_id) c "
     "ON c.author_id = u.id WHERE u.published_posts <> COALESCE(c.n, 0) ORDER BY u.id"),
    ("ama_question.vote_count", "ama_questions", "vote_count",
     "SELECT q.id, q.vote_count AS stored, COALESCE(c.n, 0) AS actual FROM ama_questions q "
     "LEFT JOIN (SELECT question_id, COUNT(*) AS n FROM ama_votes GROUP BY question_id) c "
     "ON c.question_id = q.id WHERE q.vote_count <> COALESCE(c.n, 0) ORDER BY q.id"),
    ("ama_question.answer_count", "ama_questions", "answer_count",
     "SELECT q.id, q.answer_count AS stored, COALESCE(c.n, 0) AS actual FROM ama_questions q "
     "LEFT JOIN (SELECT question_id, COUNT(*) AS n FROM ama_answers GROUP BY question_id) c "
     "ON c.question_id = q.id WHERE q.answer_count <> COALESCE(c.n, 0) ORDER BY q.id"),
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
        rows = await conn.execute_query_dict("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()")
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
        if table not in tables or (table == "ama_questions" and not {"ama_votes", "ama_answers"} <= tables):
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
                await Thread.filter(id=item.id, last_post_at__lt=item.actual).update(last_post_at=item.actual)
            else:
                from forum.amas.models import AmaQuestion

                column = item.kind.split(".", 1)[1]
                await AmaQuestion.filter(id=item.id).update(**{column: item.actual})
    return len(drift)
