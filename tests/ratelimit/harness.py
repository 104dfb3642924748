"""Workers for the multi-process tests: each OS process fires many concurrent hits at one limit."""

from __future__ import annotations

import asyncio
from typing import Any

from forum.ratelimit import Policy, RedisBackend, Window


class NaiveLimiter:
    """Read, then increment: the classic race. Kept as the negative control the harness must catch."""

    def __init__(self, url: str, prefix: str) -> None:
        from redis.asyncio import BlockingConnectionPool, Redis

        self.client = Redis(connection_pool=BlockingConnectionPool.from_url(url, max_connections=50, timeout=5))
        self.prefix = prefix

    async def hit(self, policy: Policy, key: str) -> bool:
        name = f"{self.prefix}naive:{policy.name}:{key}"
        count = int(await self.client.get(name) or 0)
        if count >= policy.windows[0].limit:
            return False
        await self.client.incr(name)
        await self.client.expire(name, policy.windows[0].seconds)
        return True

    async def aclose(self) -> None:
        await self.client.aclose()


class SharedLimiter:
    def __init__(self, url: str, prefix: str) -> None:
        self.backend = RedisBackend(url, key_prefix=prefix, timeout=5.0)

    async def hit(self, policy: Policy, key: str) -> bool:
        return (await self.backend.check(policy, key, True)).allowed

    async def aclose(self) -> None:
        await self.backend.aclose()


def worker(kind: str, url: str, prefix: str, limit: int, requests: int, start: Any, results: Any) -> None:
    async def run() -> int:
        limiter = NaiveLimiter(url, prefix) if kind == "naive" else SharedLimiter(url, prefix)
        policy = Policy("post_create", (Window(limit, 60),))
        try:
            await limiter.client.ping() if kind == "naive" else await limiter.backend.ping()  # connect first
            start.wait()  # both processes fire together
            outcomes = await asyncio.gather(*(limiter.hit(policy, "u:1") for _ in range(requests)))
            return sum(outcomes)
        finally:
            await limiter.aclose()

    results.put(asyncio.run(run()))
