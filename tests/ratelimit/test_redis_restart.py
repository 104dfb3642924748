"""A Redis of the test's own, restarted, hung and slow, under the rate limiter (issue 12).

- restarted: two app processes share it; after it comes back, the very next burst is admitted
  exactly (shared), and /readyz said `degraded` while it was away and `ok` the moment it is back;
- hung (SIGSTOP): the first check pays one short timeout and a PING, every later one none at all
  (no Redis call), and the circuit closes by itself after SIGCONT;
- slow but alive (`DEBUG SLEEP`, longer than the command timeout): no fallback, the limit stays
  exact across two limiters.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx
import pytest
import redis

from forum.ratelimit import Limiter, Policy, RedisBackend, Window, _log_key
from forum.redisconn import CONFIRM_TIMEOUT, PROBE_INTERVAL, TIMEOUT
from tests.own_redis import own_redis  # noqa: F401 - the fixture
from tests.ratelimit.conftest import unique_prefix
from tests.ratelimit.test_two_apps import LIMIT, PER_PROCESS, app_processes, burst

pytestmark = pytest.mark.redis
P = Policy("post_create", (Window(5, 60),))


async def _ready(client: httpx.AsyncClient, url: str) -> tuple[int, dict]:
    r = await client.get(f"{url}/readyz")
    return r.status_code, r.json()


async def test_restarted_redis_is_shared_and_exact_on_the_very_next_burst(tmp_path, own_redis):
    prefix = unique_prefix()
    with app_processes(tmp_path, "shared", prefix, redis=own_redis.url) as urls:
        async with httpx.AsyncClient(timeout=30) as client:
            before = await burst(urls, "203.0.113.21", "before")
            assert Counter(r.status_code for r in before)[201] == LIMIT

            own_redis.kill()
            for url in urls:  # the truth before any request has met the outage
                status, body = await _ready(client, url)
                assert status == 200 and body["checks"]["rate_limiter"] == "degraded", body
            during = await burst(urls, "203.0.113.22", "during")
            assert {r.status_code for r in during} <= {201, 429}  # per-process limits, never a 500
            for url in urls:
                assert (await _ready(client, url))[1]["checks"]["rate_limiter"] == "degraded"

            own_redis.start()  # empty, on the same port; the pools' connections are all dead
            after = await burst(urls, "203.0.113.23", "after")  # no readiness poll first
            codes = Counter(r.status_code for r in after)
            assert codes == {201: LIMIT, 429: 2 * PER_PROCESS - LIMIT}, codes
            for url in urls:
                status, body = await _ready(client, url)
                assert status == 200 and body["checks"]["rate_limiter"] == "ok", body
            with redis.Redis(port=own_redis.port) as check:
                (key,) = list(check.scan_iter(match=f"{prefix}rl:*"))
                assert check.zcard(key) == LIMIT  # it was the restarted Redis that counted


class CountingBackend(RedisBackend):
    """Counts the checks that reach Redis."""

    attempts = 0

    def request(self, policy, key, spend):
        run = super().request(policy, key, spend)

        async def counted(seconds: float):
            self.attempts += 1
            return await run(seconds)

        return counted


async def test_a_hung_redis_costs_one_short_wait_then_nothing_and_recovers_by_itself(
    own_redis, capsys
):
    limiter = Limiter(CountingBackend(own_redis.url, key_prefix=unique_prefix()))
    try:
        assert (await limiter.hit(P, "u:1")).allowed and await limiter.status() == "ok"
        own_redis.hang()
        started = time.perf_counter()
        first = await limiter.hit(P, "u:1")
        first_cost = time.perf_counter() - started
        assert first.allowed and limiter.degraded
        attempts = limiter.primary.attempts
        started = time.perf_counter()
        later = [await limiter.hit(P, "u:1") for _ in range(20)]
        later_cost = (time.perf_counter() - started) / 20
        assert limiter.primary.attempts == attempts, (
            "a check waited on a hung Redis with the circuit open"
        )
        assert [d.allowed for d in later].count(
            True
        ) == 4  # the in-process limiter still limits (5 of its own)
        assert await limiter.status() == "degraded"
        with capsys.disabled():
            print(
                f"\nhung Redis: first check {first_cost * 1000:.0f} ms "
                f"(bound {(TIMEOUT + CONFIRM_TIMEOUT) * 1000:.0f} ms), later checks {later_cost * 1000:.2f} ms each"
            )

        own_redis.resume()
        deadline = time.monotonic() + 10 * PROBE_INTERVAL + 5
        while limiter.degraded:  # the background probe closes the circuit; no request needed
            assert time.monotonic() < deadline, "the circuit never closed after Redis came back"
            await asyncio.sleep(0.05)
        assert (await limiter.hit(P, "u:2")).allowed
        assert limiter.primary.attempts == attempts + 1
    finally:
        if own_redis.hung:
            own_redis.resume()
        await limiter.aclose()


async def test_a_slow_but_alive_redis_keeps_the_limit_exact(own_redis):
    # Two limiters (two processes' pools) on one limit of 5, four checks each, while Redis is busy
    # for longer than the command timeout: the checks must wait for Redis, not fall back to
    # per-process limits (which would admit 8).
    prefix = unique_prefix()
    limiters = [Limiter(RedisBackend(own_redis.url, key_prefix=prefix)) for _ in range(2)]
    sleeper = redis.asyncio.Redis(port=own_redis.port)
    try:
        for limiter in limiters:
            await limiter.status()  # connected
        await sleeper.ping()
        busy = asyncio.create_task(sleeper.execute_command("DEBUG", "SLEEP", str(TIMEOUT + 0.15)))
        await asyncio.sleep(0.02)  # the DEBUG SLEEP is running before the checks go out
        decisions = await asyncio.gather(*(limiters[i % 2].hit(P, "u:slow") for i in range(8)))
        await busy
        assert [d.allowed for d in decisions].count(True) == 5
        assert not any(limiter.degraded for limiter in limiters)
        assert await sleeper.zcard(_log_key(prefix, P, "u:slow")) == 5
    finally:
        await sleeper.aclose()
        for limiter in limiters:
            await limiter.aclose()
