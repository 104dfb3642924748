"""Full-text search over the posts a member may read, grouped by thread, newest or best first.

Every statement reads about a page of index rows, however many posts match:

- **newest**: the matches are walked newest first from ``search_entries`` (the index holds one
  row per visible post with its space, thread and authors, `forum.search.schema`), a batch at a
  time (``ORDER BY post_id DESC LIMIT``), and the threads met are looked up one batch at a time
  (`_thread_stats`: each thread's newest match and number of matches), until the page has its
  threads. A thread whose newest match is at or after the cursor was on an earlier page and is
  skipped. Keyset: the newest match's post id, so page 10 costs what page 1 costs.
- **best**: ranked within *tiers* of the `BEST_TIER` newest matches: the first tier's threads
  by their best match's rank, then the next older tier's threads (those whose newest match is in
  it), and so on. When a query matches at most `BEST_TIER` posts (most multi-word and phrase
  queries), that is the exact rank order over all matches; for a very common word, the most
  relevant threads among the most recent matches come first and the rest follow a tier at a
  time, each thread exactly once. Keyset: (tier, rank, thread id).

Visibility is in the index row, not in a join: only published posts of published threads have
rows, ``space_id`` must be a space the member can read (the other side's space is never
searched, so neither results nor their number say anything about it), and blocked members'
posts and threads are left out by ``author_id`` / ``thread_author_id``. The page's posts are
then read with their thread, space and author, and checked once more (published, readable,
not blocked), so an index row can never show more than the post's own state allows. See
`forum.search.query` for the language.
"""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from forum import pagination
from forum.access import readable_space_ids, require_member
from forum.accounts.models import User, badges_for
from forum.pagination import Page
from forum.search import excerpts
from forum.search.query import Query, parse, to_fts5
from forum.search.schema import TABLE, TS_CONFIG
from forum.search.schemas import Search

SORTS = ("newest", "best")
EXCERPT_CLUSTERS = 240
# Matches ranked together in best order (one tier): every statement reads at most this many rows.
BEST_TIER = 500
# PostgreSQL: the first window of ids a walk reads (`Index.walk`).
WALK_WINDOW = 20_000
# The whole text with every match marked (HighlightAll); `excerpts.window` then cuts the same
# way on both databases (ts_headline's own fragments drop what is not a word, emoji included).
_HEADLINE_OPTIONS = f"StartSel={excerpts.OPEN}, StopSel={excerpts.CLOSE}, HighlightAll=true"


def _cursor(sort: str, cursor: str | None) -> list[Any] | None:
    """The keyset after which the page starts: [post id] (newest) or [tier, rank, thread id]
    (best; tier = the post id the tier's matches are below).

    The rank travels as its exact decimal text (cursors carry no JSON floats)."""
    import math

    from forum.errors import MalformedError

    values = (
        pagination.decode(cursor, str, int)
        if sort == "newest"
        else pagination.decode(cursor, str, int, str, int)
    )
    if values is None:
        return None
    if values[0] != sort[0]:
        raise MalformedError("That cursor belongs to another sort order.")
    if sort == "best":
        try:
            values[2] = float(values[2])
        except ValueError:
            raise MalformedError("That cursor is not valid.") from None
        if not math.isfinite(values[2]):
            raise MalformedError("That cursor is not valid.")
    return values[1:]


async def search_posts(
    viewer: User | None,
    search: Search,
    *,
    ip: str | None = None,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
) -> Page[dict[str, Any]]:
    """One page of threads with posts matching `q`, for `viewer` (a member).

    Items: ``{thread_id, thread_title, space, space_name, id, author, created_at, excerpt,
    excerpt_html, matches}`` where ``id`` is the post shown (newest or best match in the
    thread) and ``matches`` how many posts of the thread match. Raises NotSignedInError,
    ValidationError (``q``, ``sort``), MalformedError (cursor), RateLimitedError (``search``).
    """
    from forum import throttle

    viewer = require_member(viewer)
    query = parse(search.q)
    order = search.sort
    after = _cursor(order, cursor)
    await throttle.hit("search", user=viewer, ip=ip)
    spaces = await readable_space_ids(viewer)
    if not spaces:
        return Page(items=[], next_cursor=None)
    from forum.blocks.queries import hidden_for

    # Members the viewer blocked: neither their posts nor the threads they started match.
    hidden = sorted(await hidden_for(viewer))
    index = Index(Tortoise.get_connection("default"), query, spaces, hidden)
    if order == "newest":
        groups = await _newest(index, after[0] if after else None, limit + 1)
    else:
        groups = await _best(index, after, limit + 1)
    page = pagination.page_of(
        groups,
        limit,
        lambda g: (
            ("n", g["post_id"])
            if order == "newest"
            else ("b", g["tier"], repr(float(g["score"])), g["thread_id"])
        ),
    )
    details = await index.details([g["post_id"] for g in page.items])
    items = []
    for g in page.items:
        row = details.get(g["post_id"])
        if row is None:  # deleted or hidden between the reads
            continue
        items.append(_shape(row, g))
    return page.with_items(items)


async def _newest(index: Index, before: int | None, n: int) -> list[dict[str, Any]]:
    """Up to `n` threads by their newest visible match, newest first, whose newest match is
    before post `before` (None: from the newest). Walks the matches newest first, a batch at a
    time, so it reads about as many rows as the page needs."""
    batch = n + n // 4  # threads rarely repeat within a page's worth of matches
    seen: set[int] = set()
    groups: list[dict[str, Any]] = []
    walk_from = before
    while len(groups) < n:
        rows = await index.walk(walk_from, batch)
        met = []
        for row in rows:
            if row["thread_id"] not in seen:
                seen.add(row["thread_id"])
                met.append({"thread_id": row["thread_id"]})
        # A thread with a match at or after the cursor was on an earlier page.
        for group, stat in await _with_stats(
            index, met, n - len(groups), lambda st: before is not None and st["newest"] >= before
        ):
            groups.append({**group, "post_id": stat["newest"], "hits": stat["hits"]})
        if len(rows) < batch:
            break
        walk_from = rows[-1]["post_id"]
    return groups


async def _best(index: Index, after: list[Any] | None, n: int) -> list[dict[str, Any]]:
    """Up to `n` threads in best order after the keyset `after` ([tier, rank, thread id]).

    A tier is the `BEST_TIER` newest visible matches below post id ``tier`` (the first tier:
    below the newest match + 1). Its threads are those whose newest match is in it; they come by
    their best match in the tier, (rank, post id) descending, ties by thread id descending."""
    groups: list[dict[str, Any]] = []
    tier = after[0] if after else None
    keyset = (after[1], after[2]) if after else None
    while len(groups) < n:
        rows = await index.walk(tier, BEST_TIER, ranked=True)
        if not rows:
            break
        if tier is None:
            tier = rows[0]["post_id"] + 1
        best: dict[int, dict[str, Any]] = {}
        for row in rows:  # newest first, so a tie in rank keeps the newer post
            top = best.get(row["thread_id"])
            if top is None or float(row["score"]) > top["score"]:
                best[row["thread_id"]] = {
                    "thread_id": row["thread_id"],
                    "post_id": row["post_id"],
                    "score": float(row["score"]),
                    "tier": tier,
                }
        ranked = sorted(best.values(), key=lambda g: (g["score"], g["thread_id"]), reverse=True)
        if keyset is not None:
            ranked = [g for g in ranked if (g["score"], g["thread_id"]) < keyset]
        # A thread with a newer match belongs to an earlier tier.
        newest_below = tier
        for group, stat in await _with_stats(
            index,
            ranked,
            n - len(groups),
            lambda st: st["newest"] >= newest_below,  # noqa: B023 (awaited in this iteration)
        ):
            groups.append({**group, "hits": stat["hits"]})
        if len(rows) < BEST_TIER:
            break
        tier, keyset = rows[-1]["post_id"], None
    return groups


async def _with_stats(
    index: Index, candidates: list[dict[str, Any]], need: int, elsewhere: Any
) -> list[tuple[dict[str, Any], dict[str, int]]]:
    """The first `need` of `candidates` (in page order) with their thread's stats, leaving out
    threads with no visible match left or for which ``elsewhere(stats)`` (on another page).
    Stats are read a few threads more than needed at a time, not for every candidate."""
    out: list[tuple[dict[str, Any], dict[str, int]]] = []
    i = 0
    while i < len(candidates) and len(out) < need:
        chunk = candidates[i : i + 2 * (need - len(out))]
        i += len(chunk)
        stats = await index.thread_stats([c["thread_id"] for c in chunk])
        for c in chunk:
            stat = stats.get(c["thread_id"])
            if stat is not None and not elsewhere(stat):
                out.append((c, stat))
                if len(out) == need:
                    break
    return out


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


_DETAIL_COLUMNS = (
    "p.id, p.thread_id, p.created_at, t.title, s.slug, s.name AS space_name, u.username, u.roles, "
    "u.credential, u.deleted_at AS author_deleted_at"
)
_DETAIL_JOINS = (
    "FROM posts p JOIN threads t ON t.id = p.thread_id JOIN spaces s ON s.id = t.space_id "
    "JOIN users u ON u.id = p.author_id"
)


class Index:
    """The three reads search makes, on `conn`'s database, for one query and one member:
    `walk` (matches newest first), `thread_stats` (per thread) and `details` (the page's posts).

    `spaces`: ids the member can read; `hidden`: member ids whose posts and threads are left out.
    Ids are from the database, so they are written into the SQL as literal integers, which keeps
    the statements' parameters fixed."""

    def __init__(
        self, conn: BaseDBAsyncClient, query: Query, spaces: list[int], hidden: list[int]
    ) -> None:
        self.conn, self.query = conn, query
        self.postgres = conn.capabilities.dialect == "postgres"
        self.spaces = ",".join(str(int(i)) for i in spaces)
        self.blocked = ",".join(str(int(i)) for i in hidden)
        self.unblocked = self._unblocked("author_id", "thread_author_id")
        # SQLite: the member's words in title and body only, never the thread tokens.
        self.match = None if self.postgres else f"{{title body}} : ({to_fts5(query)})"

    def _unblocked(self, author: str, thread_author: str) -> str:
        """The condition leaving out blocked members' posts and threads ('' when none)."""
        if not self.blocked:
            return ""
        return f" AND {author} NOT IN ({self.blocked}) AND {thread_author} NOT IN ({self.blocked})"

    async def walk(
        self, before: int | None, n: int, *, ranked: bool = False
    ) -> list[dict[str, Any]]:
        """Up to `n` visible matches below post id `before` (None: all), newest first:
        ``{post_id, thread_id[, score]}``; score: higher is better."""
        if not self.postgres:
            # FTS5 walks a MATCH's rows in rowid order and stops at the LIMIT, however many match.
            # bm25() only works in the FTS query itself, which is this one; title weighs 4x the body.
            score = f", -bm25({TABLE}, 4.0, 1.0) AS score" if ranked else ""
            keyset = " AND rowid < ?" if before is not None else ""
            sql = (
                f"SELECT rowid AS post_id, thread_id{score} FROM {TABLE} WHERE {TABLE} MATCH ? "
                f"AND space_id IN ({self.spaces}){self.unblocked}{keyset} ORDER BY rowid DESC LIMIT ?"
            )
            return await self.conn.execute_query_dict(
                sql, [self.match, *([before] if before is not None else []), n]
            )
        # PostgreSQL: the planner chooses between walking the primary key backwards (filtering by
        # the vector) and reading every match from the GIN index, by its estimate of how many
        # match; a phrase's estimate is the estimate of its words together (often 40x too many),
        # so a backward walk for a rare phrase would read the whole table, and reading every
        # match of a common word reads tens of thousands. So the ids are walked in windows: the
        # newest `WALK_WINDOW` below `before` (either plan, at most that many rows); if they held
        # too few matches, the matches seen so far say how far to go for the rest, and that
        # window's matches are read from the GIN index (a materialised CTE: no backward walk):
        # about twice what the page still needs, or everything older when that is little.
        if before is None:
            top = (
                await self.conn.execute_query_dict(f"SELECT max(post_id) AS top FROM {TABLE}", [])
            )[0]["top"]
            if top is None:
                return []
            before = int(top) + 1
        tsq = f"websearch_to_tsquery('{TS_CONFIG}', $1)"
        columns = (
            f"post_id, thread_id{f', ts_rank(vector, {tsq}, 1)::float8 AS score' if ranked else ''}"
        )
        where = f"vector @@ {tsq} AND space_id IN ({self.spaces}){self.unblocked}"
        # The window's ids and the LIMIT are literals (ints of ours), not parameters: a prepared
        # statement's generic plan cannot see how wide a window is and may walk a wide one by
        # the primary key (980,000 rows for a phrase), so each window is planned for itself.
        start, low = before, max(0, before - WALK_WINDOW)
        rows: list[dict[str, Any]] = await self.conn.execute_query_dict(
            f"SELECT {columns} FROM {TABLE} WHERE {where} AND post_id < {int(before)} AND post_id >= {int(low)} "
            f"ORDER BY post_id DESC LIMIT {int(n)}",
            [self.query.text],
        )
        while len(rows) < n and low > 0:
            need = n - len(rows)
            density = max(len(rows), 1) / (start - low)  # matches per id so far (at least one)
            window = low if density * low <= max(4 * need, 500) else int(2 * need / density) + 1
            before, low = low, max(0, low - window)
            rows += await self.conn.execute_query_dict(
                f"WITH m AS MATERIALIZED (SELECT {columns} FROM {TABLE} WHERE {where} "
                f"AND post_id < {int(before)} AND post_id >= {int(low)}) "
                f"SELECT * FROM m ORDER BY post_id DESC LIMIT {int(need)}",
                [self.query.text],
            )
        return rows

    async def thread_stats(self, thread_ids: list[int]) -> dict[int, dict[str, int]]:
        """For each of these threads with a visible match: ``{newest: post id, hits: count}``."""
        if not thread_ids:
            return {}
        if self.postgres:
            # The threads' rows by the (thread_id, post_id) index, the vector checked on each: the
            # GIN index would read the query's every match (all of a common word's) to intersect.
            # Ids as an array parameter: one prepared statement, whatever the page's threads.
            sql = (
                f"SELECT thread_id, max(post_id) AS newest, count(*) AS hits FROM {TABLE} "
                f"WHERE thread_id = ANY($2::int[]) AND (vector @@ websearch_to_tsquery('{TS_CONFIG}', $1)) IS TRUE "
                f"AND space_id IN ({self.spaces}){self.unblocked} GROUP BY thread_id"
            )
        else:
            # One MATCH: the query's matches among the threads' tokens (FTS5 intersects the
            # doclists), not a MATCH per post (each one sets the query up again: 0.4 ms a post).
            threads_match = " OR ".join(f'"t{int(i)}"' for i in thread_ids)
            sql = (
                f"SELECT thread_id, max(rowid) AS newest, count(*) AS hits FROM {TABLE} "
                f"WHERE {TABLE} MATCH ? AND space_id IN ({self.spaces}){self.unblocked} GROUP BY thread_id"
            )
            rows = await self.conn.execute_query_dict(
                sql, [f"{self.match} AND thread : ({threads_match})"]
            )
            return {
                int(r["thread_id"]): {"newest": int(r["newest"]), "hits": int(r["hits"])}
                for r in rows
            }
        rows = await self.conn.execute_query_dict(
            sql, [self.query.text, [int(i) for i in thread_ids]]
        )
        return {
            int(r["thread_id"]): {"newest": int(r["newest"]), "hits": int(r["hits"])} for r in rows
        }

    def _visible(self) -> str:
        """The page's posts checked against their own rows once more (the index's rows say the same)."""
        where = f" AND p.status = 'published' AND t.status = 'published' AND t.space_id IN ({self.spaces})"
        return where + self._unblocked("p.author_id", "t.author_id")

    async def details(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """The page's posts (by id), with their excerpts; a post no longer visible is left out."""
        if not ids:
            return {}
        marks = ",".join(str(int(i)) for i in ids)
        if self.postgres:
            sql = (
                f"SELECT {_DETAIL_COLUMNS}, p.body_html, ts_headline('{TS_CONFIG}', "
                f"regexp_replace(p.body_html, '<[^>]*>', ' ', 'g'), websearch_to_tsquery('{TS_CONFIG}', $1), $2) "
                f"AS headline {_DETAIL_JOINS} WHERE p.id = ANY($3::int[]){self._visible()}"
            )
            rows = await self.conn.execute_query_dict(
                sql, [self.query.text, _HEADLINE_OPTIONS, [int(i) for i in ids]]
            )
        else:
            rows = await self.conn.execute_query_dict(
                f"SELECT {_DETAIL_COLUMNS}, p.body_html {_DETAIL_JOINS} WHERE p.id IN ({marks}){self._visible()}",
                [],
            )
        words = self.query.positive_words()
        out = {}
        for row in rows:
            if self.postgres:
                marked_words = excerpts.headline_words(row.pop("headline") or "")
                row["marked"] = excerpts.for_post(
                    row.pop("body_html") or "", marked_words, EXCERPT_CLUSTERS, exact=True
                )
            else:
                row["marked"] = excerpts.for_post(
                    row.pop("body_html") or "", words, EXCERPT_CLUSTERS
                )
            out[row["id"]] = _decode(row)
        return out


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    """Raw SQL rows as the ORM would give them: roles as a list, times as aware datetimes."""
    import json

    from forum.validation import parse_time

    if isinstance(row["roles"], str):
        row["roles"] = json.loads(row["roles"])
    for key in ("created_at", "author_deleted_at"):
        if row[key] is not None:  # SQLite: text without a zone; stored times are UTC
            row[key] = parse_time(row[key], key)
    return row
