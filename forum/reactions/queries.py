"""Reaction counts for a page of posts, in one query."""

from __future__ import annotations

from typing import Any

from forum.accounts.models import User
from forum.reactions.actions import KINDS
from forum.reactions.models import Reaction


async def add_reactions(viewer: User | None, posts: list[dict[str, Any]], hidden: set[int] | None = None) -> None:
    """Give each shaped post `reactions` {kind: count}, `my_reactions` [kind] and, for its
    author only, `reacted_by` {kind: [username]} (one query for the page).

    `hidden`: members the viewer blocked; their reactions count nowhere the viewer reads.
    """
    ids = [p["id"] for p in posts]
    rows = await Reaction.filter(post_id__in=ids).order_by("id").values(
        "post_id", "kind", "user_id", "user__username", "user__deleted_at"
    ) if ids else []
    hidden = hidden or set()
    by_post: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row["user_id"] in hidden or row["kind"] not in KINDS:
            continue
        by_post.setdefault(row["post_id"], []).append(row)
    for post in posts:
        mine_rows = by_post.get(post["id"], [])
        post["reactions"] = {kind: sum(1 for r in mine_rows if r["kind"] == kind) for kind in KINDS}
        post["my_reactions"] = [r["kind"] for r in mine_rows if viewer is not None and r["user_id"] == viewer.id]
        if post.get("mine"):
            post["reacted_by"] = {
                kind: [r["user__username"] if not r["user__deleted_at"] else "former member"
                       for r in mine_rows if r["kind"] == kind]
                for kind in KINDS
            }


async def export_member(user: User) -> dict[str, Any]:
    """`forum.accounts.privacy.EXPORTERS` hook: the reactions a member gave.

    Returns {"reactions": [{post_id, kind, created_at}]}, oldest first."""
    rows = await Reaction.filter(user_id=user.id).order_by("id").values("post_id", "kind", "created_at")
    return {"reactions": [dict(r) for r in rows]}


async def erase_member(user: User) -> None:
    """`forum.accounts.privacy.ERASERS` hook: a deleted member's reactions go (counts are read live)."""
    await Reaction.filter(user_id=user.id).delete()
