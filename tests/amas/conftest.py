"""AMA fixtures: a verified therapist, a scheduled AMA, and a real HTTP server for event streams."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest_asyncio

from tests.conftest import Member, make_member
from tests.live import free_port


def iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat()


async def schedule(
    client: Any,
    moderator: Member,
    host: Member,
    *,
    space: str = "common-ground",
    starts: timedelta = timedelta(minutes=-5),
    ends: timedelta = timedelta(hours=1),
    title: str = "Telling the kids",
) -> dict[str, Any]:
    r = await client.post(
        "/api/v1/amas",
        headers=moderator.auth,
        json={
            "title": title,
            "description": "Ask about **talking to children** about separation.",
            "space": space,
            "starts_at": iso(starts),
            "ends_at": iso(ends),
            "host_id": host.id,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["ama"]


@pytest_asyncio.fixture
async def therapist(app: Any) -> Member:
    return await make_member(
        "dr_tess", "undecided", roles=["therapist"], credential="LMFT, California"
    )


@pytest_asyncio.fixture
async def ama(client: Any, members: dict[str, Member], therapist: Member) -> dict[str, Any]:
    return await schedule(client, members["moderator"], therapist)


@pytest_asyncio.fixture
async def served(app: Any) -> AsyncIterator[str]:
    """The test's app behind a real uvicorn on a loopback port (httpx's ASGI transport buffers streams)."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        from forum import runtime

        runtime.get().bus.close_streams()
        await asyncio.wait_for(task, 10)
