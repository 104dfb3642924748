"""Full-text search over the posts a member may read, grouped by thread, newest or best first.

One query finds the page of threads (keyset on the thread's newest matching post id, or on
(best rank, thread id)); a second fetches the one post shown for each (the newest or the best
matching one) with its excerpt. Only published posts in published threads of spaces the
member can read ever match (the other side's space is never searched, so neither results nor
their number say anything about it); the index holds no visibility, it is checked in the
query. See `forum.search.schema` for the index and `forum.search.query` for the language.
"""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise

from forum import pagination
from forum.access import readable_space_ids, require_member
from forum.accounts.models import User, badges_for
from forum.errors import ValidationError
from forum.pagination import Page
from forum.search import excerpts
from forum.search.query import Query, parse, to_fts5
from forum.search.schema import TS_CONFIG

SORTS = ("newest", "best")
EXCERPT_CLUSTERS = 240
# The whole text with every match marked (HighlightAll); `excerpts.window` then cuts the same
# way on both databases (ts_headline's own fragments drop what is not a word, emoji included).
_HEADLINE_OPTIONS = f"StartSel={excerpts.OPEN}, StopSel={excerpts.CLOSE}, HighlightAll=true"


def check_sort(value: object) -> str:
    """"newest" (default) or "best"; ValidationError (field ``sort``) otherwise."""
    if value in (None, ""):
        return "newest"
    if value not in SORTS:
        message = "sort must be newest or best."
        raise ValidationError(message, fields={"sort": message})
    return str(value)


def _cursor(sort: str, cursor: str | None) -> list[Any] | None:
    """The keyset after which the page starts: [post id] (newest) or [rank, thread id] (best).

    The rank travels as its exact decimal text (cursors carry no JSON floats)."""
    import math

    from forum.errors import MalformedError

    values = pagination.decode(cursor, str, int) if sort == "newest" else pagination.decode(cursor, str, str, int)
    if values is None:
        return None
    if values[0] != sort[0]:
        raise MalformedError("That cursor belongs to another sort order.")
    if sort == "best":
        try:
            values[1] = float(values[1])
        except ValueError:
            raise MalformedError("That cursor is not valid.") from None
        if not math.isfinite(values[1]):
            raise MalformedError("That cursor is not valid.")
    return values[1:]


async def search_posts(
    viewer: User | None, q: object, *, sort: object = "newest", ip: str | None = None,
    cursor: str | None = None, limit: int = pagination.DEFAULT_LIMIT,
) -> Page[dict[str, Any]]:
    """One page of threads with posts matching `q`, for `viewer` (a member).

    Items: ``{thread_id, thread_title, space, space_name, id, author, created_at, excerpt,
    excerpt_html, matches}`` where ``id`` is the post shown (newest or best match in the
    thread) and ``matches`` how many posts of the thread match. Raises NotSignedInError,
    ValidationError (``q``, ``sort``), MalformedError (cursor), RateLimitedError (``search``).
    """
    from forum import throttle

    viewer = require_member(viewer)
    query = parse(q)
    order = check_sort(sort)
    after = _cursor(order, cursor)
    await throttle.hit("search", user=viewer, ip=ip)
    spaces = await readable_space_ids(viewer)
    if not spaces:
        return Page(items=[], next_cursor=None)
    from forum.blocks.queries import hidden_for

    # Members the viewer blocked: neither their posts nor the threads they started match.
    hidden = sorted(await hidden_for(viewer))
    conn = Tortoise.get_connection("default")
    dialect = conn.capabilities.dialect
    finder = _find_postgres if dialect == "postgres" else _find_sqlite
    groups = await finder(conn, query, order, spaces, after, limit + 1, hidden)
    more = len(groups) > limit
    groups = groups[:limit]
    details = await (_details_postgres if dialect == "postgres" else _details_sqlite)(
        conn, query, [g["post_id"] for g in groups]
    )
    items = []
    for g in groups:
        row = details.get(g["post_id"])
        if row is None:  # deleted between the two reads
            continue
        items.append(_shape(row, g))
    next_cursor = None
    if more and groups:
        last = groups[-1]
        next_cursor = (pagination.encode("n", last["post_id"]) if order == "newest"
                       else pagination.encode("b", repr(float(last["score"])), last["thread_id"]))
    return Page(items=items, next_cursor=next_cursor)


def _shape(row: dict[str, Any], group: dict[str, Any]) -> dict[str, Any]:
    marked = row["marked"]
    return {
        "id": row["id"],
        "thread_id": row["thread_id"],
        "thread_title": row["title"],
        "space": row["slug"],
        "space_name": row["space_name"],
        "author": {
            "username": row["username"] if not row["author_deleted_at"] else "former member",
            "badges": badges_for(row["roles"], row["credential"]),
        },
        "created_at": row["created_at"],
        "excerpt": excerpts.to_text(marked),
        "excerpt_html": excerpts.to_html(marked),
        "matches": int(group["hits"]),
    }


_VISIBLE = "p.status = 'published' AND t.status = 'published'"


async def _find_postgres(conn: Any, query: Query, sort: str, spaces: list[int], after: list[Any] | None,
                         n: int, hidden: list[int] | None = None) -> list[dict[str, Any]]:
    tsq = f"websearch_to_tsquery('{TS_CONFIG}', $1)"
    where = f"p.search_vector @@ {tsq} AND {_VISIBLE} AND t.space_id = ANY($2::int[])"
    if hidden:  # literal ints (from the database), so the parameter numbers stay fixed
        blocked = ",".join(str(int(i)) for i in hidden)
        where += f" AND p.author_id NOT IN ({blocked}) AND t.author_id NOT IN ({blocked})"
    if sort == "newest":
        having = "HAVING max(p.id) < $4" if after else ""
        sql = (f"SELECT p.thread_id, max(p.id) AS post_id, count(*) AS hits FROM posts p "
               f"JOIN threads t ON t.id = p.thread_id WHERE {where} GROUP BY p.thread_id {having} "
               f"ORDER BY post_id DESC LIMIT $3")
        values: list[Any] = [query.text, spaces, n, *(after or [])]
    else:
        keyset = "WHERE (g.score, g.thread_id) < ($4::float8, $5::int)" if after else ""
        sql = (f"SELECT g.* FROM (SELECT m.thread_id, (array_agg(m.id ORDER BY m.r DESC, m.id DESC))[1] AS post_id, "
               f"max(m.r) AS score, count(*) AS hits FROM (SELECT p.id, p.thread_id, "
               f"ts_rank(p.search_vector, {tsq}, 1)::float8 AS r FROM posts p JOIN threads t ON t.id = p.thread_id "
               f"WHERE {where}) m GROUP BY m.thread_id) g {keyset} "
               f"ORDER BY g.score DESC, g.thread_id DESC LIMIT $3")
        values = [query.text, spaces, n, *(after or [])]
    return await conn.execute_query_dict(sql, values)


async def _find_sqlite(conn: Any, query: Query, sort: str, spaces: list[int], after: list[Any] | None,
                       n: int, hidden: list[int] | None = None) -> list[dict[str, Any]]:
    marks = ",".join(str(int(i)) for i in spaces)
    where = f"{_VISIBLE} AND t.space_id IN ({marks})"
    if hidden:  # literal ints (from the database)
        blocked = ",".join(str(int(i)) for i in hidden)
        where += f" AND p.author_id NOT IN ({blocked}) AND t.author_id NOT IN ({blocked})"
    match = to_fts5(query)
    if sort == "newest":
        having = "HAVING max(p.id) < ?" if after else ""
        sql = (f"SELECT p.thread_id AS thread_id, max(p.id) AS post_id, count(*) AS hits "
               f"FROM post_search s JOIN posts p ON p.id = s.rowid JOIN threads t ON t.id = p.thread_id "
               f"WHERE post_search MATCH ? AND {where} GROUP BY p.thread_id {having} "
               f"ORDER BY post_id DESC LIMIT ?")
        values: list[Any] = [match, *(after or []), n]
    else:
        keyset = "WHERE g.score < ? OR (g.score = ? AND g.thread_id < ?)" if after else ""
        # bm25() only works in the FTS query itself: materialise it before grouping.
        sql = (f"WITH m AS MATERIALIZED (SELECT rowid AS id, -bm25(post_search, 4.0, 1.0) AS score "
               f"FROM post_search WHERE post_search MATCH ?) "
               f"SELECT g.* FROM (SELECT p.thread_id AS thread_id, p.id AS post_id, max(m.score) AS score, "
               f"count(*) AS hits FROM m JOIN posts p ON p.id = m.id "
               f"JOIN threads t ON t.id = p.thread_id WHERE {where} GROUP BY p.thread_id) g {keyset} "
               f"ORDER BY g.score DESC, g.thread_id DESC LIMIT ?")
        keys = [after[0], after[0], after[1]] if after else []
        values = [match, *keys, n]
    return await conn.execute_query_dict(sql, values)


_DETAIL_COLUMNS = (
    "p.id, p.thread_id, p.created_at, t.title, s.slug, s.name AS space_name, u.username, u.roles, "
    "u.credential, u.deleted_at AS author_deleted_at"
)
_DETAIL_JOINS = (
    "FROM posts p JOIN threads t ON t.id = p.thread_id JOIN spaces s ON s.id = t.space_id "
    "JOIN users u ON u.id = p.author_id"
)


async def _details_postgres(conn: Any, query: Query, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    sql = (f"SELECT {_DETAIL_COLUMNS}, p.body_html, ts_headline('{TS_CONFIG}', "
           f"regexp_replace(p.body_html, '<[^>]*>', ' ', 'g'), websearch_to_tsquery('{TS_CONFIG}', $1), $3) "
           f"AS headline {_DETAIL_JOINS} WHERE p.id = ANY($2::int[])")
    rows = await conn.execute_query_dict(sql, [query.text, ids, _HEADLINE_OPTIONS])
    out = {}
    for row in rows:
        words = excerpts.headline_words(row.pop("headline") or "")
        row["marked"] = excerpts.for_post(row.pop("body_html") or "", words, EXCERPT_CLUSTERS, exact=True)
        out[row["id"]] = _decode(row)
    return out


async def _details_sqlite(conn: Any, query: Query, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    rows = await conn.execute_query_dict(
        f"SELECT {_DETAIL_COLUMNS}, p.body_html {_DETAIL_JOINS} WHERE p.id IN ({marks})", ids
    )
    words = query.positive_words()
    out = {}
    for row in rows:
        row["marked"] = excerpts.for_post(row.pop("body_html") or "", words, EXCERPT_CLUSTERS)
        out[row["id"]] = _decode(row)
    return out


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    """Raw SQL rows as the ORM would give them: roles as a list, times as aware datetimes."""
    import json
    from datetime import datetime, timezone

    if isinstance(row["roles"], str):
        row["roles"] = json.loads(row["roles"])
    for key in ("created_at", "author_deleted_at"):
        value = row[key]
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        row[key] = value
    return row
