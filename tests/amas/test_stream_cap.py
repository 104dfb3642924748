"""A cap on open event streams per process (CROSSROADS_MAX_STREAMS): beyond it, 503 with Retry-After."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import httpx
import pytest

from forum import runtime
from tests.conftest import test_settings


@pytest.fixture
def settings(database_url):
    return test_settings(database_url, max_streams=2)


async def _until(condition, bound: float = 10.0) -> None:
    async with asyncio.timeout(bound):
        while not condition():
            await asyncio.sleep(0.01)


async def test_streams_beyond_the_process_cap_get_503_and_a_freed_place_is_reused(
    served, members, ama
):
    url = f"/api/v1/amas/{ama['id']}/events"
    bus = runtime.get().bus
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        first = await stack.enter_async_context(
            http.stream("GET", url, headers=members["leaving"].auth)
        )
        second = await stack.enter_async_context(
            http.stream("GET", url, headers=members["staying"].auth)
        )
        assert first.status_code == second.status_code == 200
        assert bus.open_streams == 2
        full = await http.get(url, headers=members["undecided"].auth)
        assert full.status_code == 503
        assert int(full.headers["retry-after"]) > 0
        assert full.json()["error"]["code"] == "service_unavailable"
        assert bus.open_streams == 2
        await first.aclose()
        await _until(lambda: bus.open_streams == 1)
        async with http.stream("GET", url, headers=members["undecided"].auth) as third:
            assert third.status_code == 200
    # The member's own stream slots were given back too: five more can open later.
    await _until(lambda: bus.open_streams == 0)
