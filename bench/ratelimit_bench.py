"""Rate limiter cost: one check against a bare Redis PING, checks/second, and added endpoint latency.

    python -m bench.ratelimit_bench [--redis redis://127.0.0.1:6379/0] [--n 4000]

Prints numbers; it is not a test. Needs a Redis (the machine's, or any); writes only
keys under a random `bench:` prefix and deletes them at the end.

Every comparison is interleaved (one of each operation per round, in turn), so load
from other processes on the machine affects all of them alike; medians are reported.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable

import httpx
from asgi_lifespan import LifespanManager
from redis.asyncio import Redis

from forum.ratelimit import DEFAULT_POLICIES, Limiter, MemoryBackend, RedisBackend

Op = Callable[[int], Awaitable[object]]


def _p(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * q))]


async def _interleaved(ops: dict[str, Op], n: int) -> dict[str, list[float]]:
    """Each round runs every operation once, starting from a different one each round."""
    out: dict[str, list[float]] = {name: [] for name in ops}
    names = list(ops)
    for i in range(n):
        for j in range(len(names)):
            name = names[(i + j) % len(names)]
            fn = ops[name]
            t0 = time.perf_counter()
            await fn(i)
            out[name].append((time.perf_counter() - t0) * 1e6)
    return out


def _limits_ops(
    redis_url: str, prefix: str
) -> tuple[dict[str, Op], Callable[[], Awaitable[None]]] | None:
    """The `limits` package's moving window on redis-py, for comparison (skipped if not installed)."""
    try:
        from limits import RateLimitItemPerHour, RateLimitItemPerMinute
        from limits.aio.storage import RedisStorage
        from limits.aio.strategies import MovingWindowRateLimiter
    except ImportError:
        return None
    storage = RedisStorage(
        f"async+{redis_url}", implementation="redispy", key_prefix=f"{prefix}limits"
    )
    strategy = MovingWindowRateLimiter(storage)
    minute, hour = RateLimitItemPerMinute(6), RateLimitItemPerHour(60)

    async def hit_both(i: int) -> None:  # what a stacked policy costs, not even all-or-nothing
        if await strategy.hit(minute, f"k{i % 500}"):
            await strategy.hit(hour, f"k{i % 500}")

    async def with_headers(
        i: int,
    ) -> None:  # test both, spend both, then read what the headers need
        key = f"h{i % 500}"
        if await strategy.test(minute, key) and await strategy.test(hour, key):
            await strategy.hit(minute, key)
            await strategy.hit(hour, key)
        await strategy.get_window_stats(minute, key)
        await strategy.get_window_stats(hour, key)

    async def close() -> None:
        await storage.reset()

    return {"limits: hit 2 windows": hit_both, "limits: test+hit+stats": with_headers}, close


async def sequential(redis_url: str, n: int) -> None:
    prefix = f"bench:{uuid.uuid4().hex[:8]}:"
    client = Redis.from_url(redis_url)
    limiter = Limiter(RedisBackend(redis_url, key_prefix=prefix))
    memory = Limiter(None)
    memory.local = MemoryBackend()
    one, two = DEFAULT_POLICIES["search"], DEFAULT_POLICIES["post_create"]
    ops: dict[str, Op] = {
        "Redis PING (plain redis-py client)": lambda i: client.ping(),
        "limiter check, 1 window (Redis)": lambda i: limiter.hit(one, f"k{i % 500}"),
        "limiter check, 2 windows (Redis)": lambda i: limiter.hit(two, f"k{i % 500}"),
        "limiter check, 2 windows (memory)": lambda i: memory.hit(two, f"k{i % 500}"),
    }
    extra = _limits_ops(redis_url, prefix)
    if extra:
        ops.update(extra[0])
    await _interleaved(ops, 300)  # connect, load the scripts, warm up
    results = await _interleaved(ops, n)
    base = statistics.median(results["Redis PING (plain redis-py client)"])
    print(f"\nSequential, one process, {n} calls each, interleaved (microseconds)")
    print(f"{'operation':<38}{'p50':>8}{'p90':>8}{'p99':>8}{'vs PING p50':>13}")
    for name, xs in results.items():
        p50 = statistics.median(xs)
        print(f"{name:<38}{p50:>8.0f}{_p(xs, 0.9):>8.0f}{_p(xs, 0.99):>8.0f}{p50 / base:>12.2f}x")

    for concurrency in (1, 16, 64):
        total = n * 2
        sem = asyncio.Semaphore(concurrency)

        async def one_check(i: int) -> None:
            async with sem:
                await limiter.hit(two, f"c{i % 1000}")

        t0 = time.perf_counter()
        await asyncio.gather(*(one_check(i) for i in range(total)))
        rate = total / (time.perf_counter() - t0)
        print(
            f"checks/second from one process (2 windows), {concurrency:>2} in flight: {rate:>8,.0f}"
        )
    assert not limiter.degraded, "Redis failed during the benchmark; numbers are not Redis's"

    keys = [k async for k in client.scan_iter(match=f"{prefix}*", count=1000)]
    for i in range(0, len(keys), 500):
        await client.delete(*keys[i : i + 500])
    if extra:
        await extra[1]()
    await limiter.aclose()
    await client.aclose()


async def endpoint(redis_url: str, n: int) -> None:
    """GET /api/v1/search (rate-limited) in one app, limiting off / memory / Redis in turn per request."""
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from forum import runtime
    from forum.accounts import actions
    from forum.app import create_app
    from forum.ratelimit import build_limiter, build_policies
    from forum.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        EXECUTOR_CACHE.clear()
        prefix = f"bench:{uuid.uuid4().hex[:8]}:"
        settings = Settings(
            database_url=f"sqlite://{tmp}/b.sqlite3",
            secret_key="bench-" + "x" * 40,
            redis_url=redis_url,
            redis_prefix=prefix,
            new_member_review=0,
        )
        app = create_app(settings, schema="generate")
        async with LifespanManager(app) as manager:
            rt = runtime.get()
            roomy = build_policies("search=100000000/60s")
            redis_limiter = build_limiter(redis_url, prefix)
            memory_limiter = build_limiter(None)
            configs = {
                "limiting off": (rt.limiter, {}),
                "memory limiter": (memory_limiter, roomy),
                "Redis limiter": (redis_limiter, roomy),
            }
            user = await actions.register("bench_user", "a long bench password", "staying")
            token = (await actions.create_token(user)).value
            headers = {"Authorization": f"Bearer {token}"}
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as c:

                def request(limiter: Limiter, policies: dict) -> Op:
                    async def go(i: int) -> None:
                        rt.limiter, rt.policies = limiter, policies
                        r = await c.get("/api/v1/search?q=nothing", headers=headers)
                        assert r.status_code == 200, r.text
                        assert ("RateLimit" in r.headers) == bool(policies)

                    return go

                ops = {label: request(*cfg) for label, cfg in configs.items()}
                await _interleaved(ops, 100)
                results = await _interleaved(ops, n // 4)
            assert not redis_limiter.degraded
            await redis_limiter.aclose()
            keys = [k async for k in Redis.from_url(redis_url).scan_iter(match=f"{prefix}*")]
            if keys:
                await Redis.from_url(redis_url).delete(*keys)
    print(
        f"\nGET /api/v1/search in-process (ASGI), {n // 4} requests each, interleaved (microseconds)"
    )
    print(f"{'configuration':<20}{'p50':>8}{'p90':>8}{'added p50':>11}")
    off = statistics.median(results["limiting off"])
    for label, xs in results.items():
        p50 = statistics.median(xs)
        print(f"{label:<20}{p50:>8.0f}{_p(xs, 0.9):>8.0f}{p50 - off:>11.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--n", type=int, default=4000)
    args = parser.parse_args()
    asyncio.run(sequential(args.redis, args.n))
    asyncio.run(endpoint(args.redis, args.n))


if __name__ == "__main__":
    main()
