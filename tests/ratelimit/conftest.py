"""Limiters on both backends, each test with its own Redis key prefix."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from forum.ratelimit import Limiter, MemoryBackend, RedisBackend
from tests.services import redis_url


class FakeClock:
    """Seconds, moved by the test: the memory backend's time, so window edges are exact."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def unique_prefix() -> str:
    return f"crossroads-test:{uuid.uuid4().hex[:12]}:"


async def redis_keys(client, prefix: str) -> list[bytes]:
    return [k async for k in client.scan_iter(match=f"{prefix}*", count=500)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest_asyncio.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest, clock: FakeClock) -> AsyncIterator[Limiter]:
    if request.param == "memory":
        lim = Limiter(None)
        lim.local = MemoryBackend(clock=clock)
    else:
        lim = Limiter(RedisBackend(redis_url(), key_prefix=unique_prefix()))
    try:
        yield lim
    finally:
        if lim.primary is not None:
            keys = await redis_keys(lim.primary.client, lim.primary.prefix)
            if keys:
                await lim.primary.client.delete(*keys)
        await lim.aclose()
