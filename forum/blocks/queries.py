"""Who a member blocked, and who blocked an author (for notification fan-out)."""

from __future__ import annotations

from typing import Any

from forum import pagination
from forum.accounts.models import User
from forum.blocks.models import Block
from forum.db import column_values
from forum.pagination import Page


async def blocked_ids(blocker_id: int) -> list[int]:
    """Ids of the members `blocker_id` blocked (one indexed query; a member blocks a handful)."""
    return list(await column_values(Block.filter(blocker_id=blocker_id), "blocked_id"))


async def blocker_ids_of(author_id: int, reader_ids: list[int]) -> set[int]:
    """Those of `reader_ids` who blocked `author_id`."""
    if not reader_ids:
        return set()
    return set(
        await column_values(
            Block.filter(blocked_id=author_id, blocker_id__in=reader_ids), "blocker_id"
        )
    )


async def list_blocks(
    viewer: User, *, cursor: str | None = None, limit: int = pagination.DEFAULT_LIMIT
) -> Page[dict[str, Any]]:
    """The member's blocks, newest first: `{username, created_at}`."""
    query = Block.filter(blocker_id=viewer.id)
    after = pagination.decode(cursor, int)
    if after is not None:
        query = query.filter(id__lt=after[0])
    rows = (
        await query.order_by("-id").limit(limit + 1).values("id", "blocked__username", "created_at")
    )
    page = pagination.page_of(rows, limit, lambda r: (r["id"],))
    return page.with_items(
        [{"username": r["blocked__username"], "created_at": r["created_at"]} for r in page.items]
    )


async def hidden_for(viewer: User | None) -> set[int]:
    """The members whose words this viewer does not see, read once per request (kept on the
    viewer object, which lives for one request)."""
    if viewer is None:
        return set()
    cached = viewer.__dict__.get("_crossroads_hidden")
    if cached is None:
        cached = set(await blocked_ids(viewer.id))
        viewer.__dict__["_crossroads_hidden"] = cached
    return set(cached)


def forget_hidden(viewer: User) -> None:
    """After a block or unblock: the next read asks the database again."""
    viewer.__dict__.pop("_crossroads_hidden", None)


async def export_member(user: User) -> dict[str, Any]:
    """An `exporters` hook (forum.plugins): the members this member blocked (never who blocked them).

    Returns {"blocks": [{username, created_at}]}, oldest first."""
    rows = (
        await Block.filter(blocker_id=user.id)
        .order_by("id")
        .values("blocked__username", "created_at")
    )
    return {
        "blocks": [
            {"username": r["blocked__username"], "created_at": r["created_at"]} for r in rows
        ]
    }


async def erase_member(user: User) -> None:
    """An `erasers` hook (forum.plugins): the blocks a deleted member made go with them (blocks
    others made of them stay: they are the other members' choices, and name only a placeholder now)."""
    await Block.filter(blocker_id=user.id).delete()
