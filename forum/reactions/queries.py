"""Reaction counts for a page of posts, in one query."""

from __future__ import annotations

from typing import Any

from forum import db
from forum.accounts.models import User
from forum.reactions.actions import KINDS
from forum.reactions.models import Reaction


async def add_reactions(
    viewer: User | None, posts: list[dict[str, Any]], hidden: set[int] | None = None
) -> None:
    """Give each shaped post `reactions` {kind: count}, `my_reactions` [kind] and, for its
    author only, `reacted_by` {kind: [username]} (one query for the page).

    `hidden`: members the viewer blocked; their reactions count nowhere the viewer reads.
    """
    ids = [p["id"] for p in posts]
    rows = (
        await Reaction.filter(post_id__in=ids)
        .order_by("id")
        .values("post_id", "kind", "user_id", "user__username", "user__deleted_at")
        if ids
        else []
    )
    hidden = hidden or set()
    by_post: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row["user_id"] in hidden or row["kind"] not in KINDS:
            continue
        by_post.setdefault(row["post_id"], []).append(row)
    for post in posts:
        mine_rows = by_post.get(post["id"], [])
        post["reactions"] = {kind: sum(1 for r in mine_rows if r["kind"] == kind) for kind in KINDS}
        post["my_reactions"] = [
            r["kind"] for r in mine_rows if viewer is not None and r["user_id"] == viewer.id
        ]
        if post.get("mine"):
            post["reacted_by"] = {
                kind: [
                    r["user__username"] if not r["user__deleted_at"] else "former member"
                    for r in mine_rows
                    if r["kind"] == kind
                ]
                for kind in KINDS
            }


def reaction_counts_sql(post_ids_sql: str, viewer_param: str, first_kind_param: int) -> str:
    """A subquery for `forum.db.fetch`: one row per post of `post_ids_sql` that has reactions,
    ``post_id, n0.. (how many of each kind), m0.. (1 if the viewer gave it)``, kinds in
    `KINDS` order bound from parameter ``$first_kind_param`` on. The rule of `add_reactions`:
    reactions by members the viewer blocked count nowhere the viewer reads; unknown kinds not at all.
    """
    counts, mine = [], []
    for i in range(len(KINDS)):
        kind = f"${first_kind_param + i}"
        counts.append(f"sum(CASE WHEN r.kind = {kind} THEN 1 ELSE 0 END) AS n{i}")
        mine.append(
            f"max(CASE WHEN r.kind = {kind} AND r.user_id = {viewer_param} THEN 1 ELSE 0 END) AS m{i}"
        )
    return (
        f"SELECT r.post_id, {', '.join(counts + mine)} FROM reactions r "
        f"WHERE r.post_id IN ({post_ids_sql}) AND NOT EXISTS "
        f"(SELECT 1 FROM blocks b WHERE b.blocker_id = {viewer_param} AND b.blocked_id = r.user_id) "
        "GROUP BY r.post_id"
    )


def reaction_columns(alias: str) -> str:
    """The select list that reads `reaction_counts_sql` (aliased `alias`) back, 0 for no row."""
    return ", ".join(
        [f"coalesce({alias}.n{i}, 0) AS reactions_{i}" for i in range(len(KINDS))]
        + [f"coalesce({alias}.m{i}, 0) AS mine_{i}" for i in range(len(KINDS))]
    )


def set_reactions(post: dict[str, Any], row: dict[str, Any], viewer: User | None) -> None:
    """`reactions` and `my_reactions` of a shaped post from its `reaction_columns` (what
    `add_reactions` gives it; `my_reactions` in `KINDS` order)."""
    post["reactions"] = {kind: int(row[f"reactions_{i}"]) for i, kind in enumerate(KINDS)}
    post["my_reactions"] = [
        kind for i, kind in enumerate(KINDS) if viewer is not None and row[f"mine_{i}"]
    ]


async def add_reacted_by(viewer: User | None, thread_id: int, posts: list[dict[str, Any]]) -> None:
    """For the viewer's own posts among `posts` (one page of a thread), `reacted_by` {kind:
    [username]} as `add_reactions` gives it: one statement, and none when no own post on the
    page has a reaction. Own posts of the thread within the page's id range are exactly those on
    the page: an author always sees their own posts, and never blocks themselves."""
    own = [p for p in posts if p.get("mine")]
    if viewer is None or not own:
        return
    for post in own:
        post["reacted_by"] = {kind: [] for kind in KINDS}
    if not any(sum(p["reactions"].values()) for p in own):
        return
    rows = await db.fetch(
        "SELECT r.post_id, r.kind, u.username, u.deleted_at FROM reactions r "
        "JOIN posts p ON p.id = r.post_id JOIN users u ON u.id = r.user_id "
        "WHERE p.thread_id = $1 AND p.author_id = $2 AND p.id >= $3 AND p.id <= $4 "
        "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $2 AND b.blocked_id = r.user_id) "
        "ORDER BY r.id",
        thread_id,
        viewer.id,
        min(p["id"] for p in own),
        max(p["id"] for p in own),
    )
    by_id = {p["id"]: p for p in own}
    for row in rows:
        mine = by_id.get(row["post_id"])
        if mine is None or row["kind"] not in KINDS:
            continue
        mine["reacted_by"][row["kind"]].append(
            "former member" if row["deleted_at"] else row["username"]
        )


async def export_member(user: User) -> dict[str, Any]:
    """An `exporters` hook (forum.plugins): the reactions a member gave.

    Returns {"reactions": [{post_id, kind, created_at}]}, oldest first."""
    rows = (
        await Reaction.filter(user_id=user.id)
        .order_by("id")
        .values("post_id", "kind", "created_at")
    )
    return {"reactions": [dict(r) for r in rows]}


async def erase_member(user: User) -> None:
    """An `erasers` hook (forum.plugins): a deleted member's reactions go (counts are read live)."""
    await Reaction.filter(user_id=user.id).delete()
