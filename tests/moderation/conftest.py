"""Helpers for moderation tests: posting through the API, reading the queue."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Member


async def start_thread(
    client: Any,
    member: Member,
    body: str = "Just checking in today.",
    space: str = "common-ground",
    title: str = "Checking in",
) -> dict[str, Any]:
    r = await client.post(
        f"/api/v1/spaces/{space}/threads", headers=member.auth, json={"title": title, "body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()


async def reply(client: Any, member: Member, thread_id: int, body: str) -> Any:
    return await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": body}
    )


async def queue(client: Any, moderator: Member, **params: Any) -> list[dict[str, Any]]:
    r = await client.get(
        "/api/v1/moderation/queue", headers=moderator.auth, params={"limit": 100, **params}
    )
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def item_for_post(client: Any, moderator: Member, post_id: int) -> dict[str, Any] | None:
    for item in await queue(client, moderator):
        if item["subject"] == {"type": "post", "id": post_id}:
            return item
    return None


@pytest.fixture
def mod(members: dict[str, Member]) -> Member:
    return members["moderator"]
