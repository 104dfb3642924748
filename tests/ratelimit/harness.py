"""What the multi-process tests share: a naive limiter (the negative control) and the workers.

`NaiveBackend` has the same interface as `RedisBackend` and the same data (one sorted
set per policy and key), but reads, decides in Python and then writes, in separate
round trips: the classic read-then-increment race. Every harness that proves the real
limiter exact runs it with this backend too, and must see it over-admit.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from forum.ratelimit import Decision, Policy, RedisBackend, Window, _decide, _log_key


class NaiveBackend(RedisBackend):
    def request(self, policy: Policy, key: str, spend: bool) -> Any:
        return lambda seconds: self.check(
            policy, key, spend
        )  # the naive read-then-write, not the script

    async def check(self, policy: Policy, key: str, spend: bool) -> Decision:
        name = _log_key(self.prefix, policy, key)
        now = int(time.time() * 1000)
        longest = max(w.seconds for w in policy.windows) * 1000
        # Each member starts with its timestamp (the score), so one plain read gives both.
        members = await self._command("ZRANGEBYSCORE", name, f"({now - longest}", "+inf")
        stamps = sorted(int(m.split(b":")[0]) for m in members)
        counts = []
        for w in policy.windows:
            inside = [s for s in stamps if s > now - w.seconds * 1000]
            wait = inside[max(len(inside) - w.limit, 0)] + w.seconds * 1000 - now if inside else -1
            counts.append((len(inside), wait))
        decision = _decide(policy, spend, counts)
        if spend and decision.allowed:
            await self._command("ZADD", name, now, f"{now}:{self._node}:{next(self._seq)}")
            await self._command("PEXPIRE", name, longest)
        return decision


BACKENDS: dict[str, type[RedisBackend]] = {"shared": RedisBackend, "naive": NaiveBackend}


def worker(
    kind: str, url: str, prefix: str, limit: int, requests: int, start: Any, results: Any
) -> None:
    """One OS process: `requests` concurrent hits at one limit of `limit`; puts how many were admitted."""

    async def run() -> int:
        backend = BACKENDS[kind](url, key_prefix=prefix, timeout=5.0)
        policy = Policy("post_create", (Window(limit, 60),))
        try:
            await backend.ping()  # connect first
            start.wait()  # both processes fire together
            decisions = await asyncio.gather(
                *(backend.check(policy, "u:1", True) for _ in range(requests))
            )
            return sum(d.allowed for d in decisions)
        finally:
            await backend.aclose()

    results.put(asyncio.run(run()))
