"""Window edges: no double burst at a boundary, and the allowance returns when we said it would."""

from __future__ import annotations

import asyncio

import pytest

from forum.ratelimit import Limiter, MemoryBackend, Policy, RedisBackend, Window
from tests.ratelimit.conftest import FakeClock, redis_keys, unique_prefix
from tests.services import redis_url

P = Policy("post_create", (Window(3, 10),))


def memory(clock: FakeClock) -> Limiter:
    lim = Limiter(None)
    lim.local = MemoryBackend(clock=clock)
    return lim


async def test_no_double_burst_across_a_boundary():
    clock = FakeClock(start=1009.5)  # half a second before a fixed window would reset
    lim = memory(clock)
    assert all([(await lim.hit(P, "k")).allowed for _ in range(3)])
    clock.advance(1.0)  # a fixed-window counter would start afresh here and admit 3 more
    assert not (await lim.hit(P, "k")).allowed


async def test_allowance_returns_exactly_when_retry_after_says():
    clock = FakeClock()
    lim = memory(clock)
    await lim.hit(P, "k")
    clock.advance(4.2)
    await lim.hit(P, "k")
    await lim.hit(P, "k")
    refused = await lim.hit(P, "k")
    assert (
        not refused.allowed and refused.retry_after == 6
    )  # the first hit leaves the window 5.8 s from now
    clock.advance(refused.retry_after - 0.3)
    assert not (await lim.hit(P, "k")).allowed  # never earlier than promised
    clock.advance(0.3)
    assert (await lim.hit(P, "k")).allowed
    assert not (await lim.hit(P, "k")).allowed  # one entry left the window, so exactly one more


async def test_reset_header_counts_down_to_the_oldest_entry():
    clock = FakeClock()
    lim = memory(clock)
    first = await lim.hit(P, "k")
    assert first.reset_after == 10
    clock.advance(3)
    second = await lim.hit(P, "k")
    assert second.reset_after == 7 and second.remaining == 1


@pytest.mark.redis
async def test_redis_retry_after_matches_redis_clock_and_keys_expire():
    lim = Limiter(RedisBackend(redis_url(), key_prefix=unique_prefix()))
    try:
        for _ in range(3):
            await lim.hit(P, "k")
        refused = await lim.hit(P, "k")
        assert not refused.allowed
        client, prefix = lim.primary.client, lim.primary.prefix
        (key,) = await redis_keys(client, prefix)
        oldest = float((await client.zrange(key, 0, 0, withscores=True))[0][1])
        seconds, micros = await client.time()
        now_ms = seconds * 1000 + micros // 1000
        frees_in_ms = oldest + 10_000 - now_ms
        assert refused.retry_after * 1000 >= frees_in_ms > (refused.retry_after - 1) * 1000 - 50
        ttl = await client.pttl(key)
        assert 0 < ttl <= 10_000
        await client.delete(key)
    finally:
        await lim.aclose()


@pytest.mark.redis
async def test_every_key_written_has_a_ttl():
    lim = Limiter(RedisBackend(redis_url(), key_prefix=unique_prefix()))
    policies = [
        P,
        Policy("vote", (Window(5, 60), Window(50, 3600))),
        Policy("login", (Window(2, 300),), key="username_ip"),
    ]
    try:
        for i in range(40):
            for p in policies:
                await lim.hit(p, f"k{i % 7}")
                await lim.test(p, f"k{i % 5}")
        keys = await redis_keys(lim.primary.client, lim.primary.prefix)
        assert len(keys) == 7 * 3  # one sorted set per policy and key: nothing else is written
        ttls = [await lim.primary.client.pttl(k) for k in keys]
        assert all(0 < t <= 3_600_000 for t in ttls), ttls
        await lim.primary.client.delete(*keys)
    finally:
        await lim.aclose()


async def _redis_now_ms(client) -> int:
    seconds, micros = await client.time()
    return seconds * 1000 + micros // 1000


@pytest.mark.redis
@pytest.mark.parametrize(
    "ages_ms, expect_retry",
    [
        # A burst at the very end of the last "minute": a fixed-window counter would start afresh at the
        # boundary and admit three more; the log keeps refusing until the burst has aged a whole window.
        ((300, 200, 100), 10),
        # Entries a window old or more no longer count; the oldest one that does decides the wait.
        ((20_000, 10_000, 9_000, 5_000, 1_000), 1),
    ],
)
async def test_redis_log_counts_exactly_what_is_inside_the_window(ages_ms, expect_retry):
    lim = Limiter(RedisBackend(redis_url(), key_prefix=unique_prefix()))
    client, prefix = lim.primary.client, lim.primary.prefix
    try:
        await lim.hit(P, "k")  # creates the log; replaced by the planted entries below
        (key,) = await redis_keys(client, prefix)
        now = await _redis_now_ms(client)
        await client.delete(key)
        await client.zadd(key, {f"planted:{i}": now - age for i, age in enumerate(ages_ms)})
        refused = await lim.hit(P, "k")
        assert not refused.allowed and refused.retry_after == expect_retry
        assert refused.windows[0].remaining == 0
        assert await client.zcard(key) == 3  # what had left the window is gone, nothing was added
        assert not (await lim.test(P, "k")).allowed
    finally:
        await client.delete(*await redis_keys(client, prefix) or ["-"])
        await lim.aclose()


@pytest.mark.redis
async def test_redis_allowance_returns_when_retry_after_said_and_not_before():
    # Under a second of real time on Redis's clock: the only test here that waits, polling Redis's TIME.
    p = Policy("post_create", (Window(2, 2),))
    lim = Limiter(RedisBackend(redis_url(), key_prefix=unique_prefix()))
    client, prefix = lim.primary.client, lim.primary.prefix
    try:
        assert (await lim.hit(p, "k")).allowed
        (key,) = await redis_keys(client, prefix)
        # Age the first entry by 1.4 s (instead of waiting for it), so the two leave 1.4 s apart.
        await client.delete(key)
        await client.zadd(key, {"first": await _redis_now_ms(client) - 1400})
        assert (await lim.hit(p, "k")).allowed
        asked_at = await _redis_now_ms(client)  # no later than the script's own clock reading
        refused = await lim.hit(p, "k")
        assert not refused.allowed and refused.retry_after == 1
        oldest = int((await client.zrange(key, 0, 0, withscores=True))[0][1])
        frees_at = oldest + 2000
        assert asked_at + refused.retry_after * 1000 >= frees_at  # the promise is never early
        while (now := await _redis_now_ms(client)) < frees_at:
            if now < frees_at - 30:
                assert not (await lim.test(p, "k")).allowed, "admitted before the window let go"
            await asyncio.sleep(0.02)
        again = await lim.hit(p, "k")
        assert again.allowed and again.remaining == 0  # exactly one came back: the oldest entry's
        assert not (await lim.hit(p, "k")).allowed
        assert 0 < await client.pttl(key) <= 2000
    finally:
        await client.delete(*await redis_keys(client, prefix) or ["-"])
        await lim.aclose()
