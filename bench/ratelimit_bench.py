"""Rate limiter cost: one check against a bare Redis PING, checks/second, and added endpoint latency.

    python -m bench.ratelimit_bench [--redis redis://127.0.0.1:6379/0] [--n 5000]

Prints numbers; it is not a test. Needs a Redis (the machine's, or any).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid

import httpx
from asgi_lifespan import LifespanManager
from redis.asyncio import Redis

from forum.ratelimit import DEFAULT_POLICIES, Limiter, MemoryBackend, RedisBackend


def _pcts(samples: list[float]) -> tuple[float, float, float]:
    s = sorted(samples)
    return statistics.median(s), s[int(len(s) * 0.99) - 1], statistics.fmean(s)


async def sequential(redis_url: str, n: int) -> None:
    prefix = f"bench:{uuid.uuid4().hex[:8]}:"
    client = Redis.from_url(redis_url)
    backend = RedisBackend(redis_url, key_prefix=prefix)
    policy_one = DEFAULT_POLICIES["search"]  # one window
    policy_two = DEFAULT_POLICIES["post_create"]  # two stacked windows
    await client.ping()
    await backend.ping()
    for _ in range(200):  # warm up, load the script
        await client.ping()
        await backend.check(policy_two, "warm", True)

    async def timed(fn, count: int) -> list[float]:
        out = []
        for i in range(count):
            t0 = time.perf_counter()
            await fn(i)
            out.append((time.perf_counter() - t0) * 1e6)
        return out

    ping = await timed(lambda i: client.ping(), n)
    one = await timed(lambda i: backend.check(policy_one, f"k{i % 500}", True), n)
    two = await timed(lambda i: backend.check(policy_two, f"k{i % 500}", True), n)
    memory = MemoryBackend()
    mem = await timed(lambda i: memory.check(policy_two, f"k{i % 500}", True), n)
    print(f"\nSequential, one process, {n} calls each (microseconds)")
    print(f"{'operation':<38}{'p50':>9}{'p99':>9}{'mean':>9}{'vs PING p50':>13}")
    base = _pcts(ping)[0]
    for name, xs in [("Redis PING", ping), ("limiter check, 1 window (Redis)", one),
                     ("limiter check, 2 windows (Redis)", two), ("limiter check, 2 windows (memory)", mem)]:
        p50, p99, mean = _pcts(xs)
        print(f"{name:<38}{p50:>9.0f}{p99:>9.0f}{mean:>9.0f}{p50 / base:>12.2f}x")

    for concurrency in (1, 16, 64):
        total = n * 2
        sem = asyncio.Semaphore(concurrency)

        async def one_check(i: int) -> None:
            async with sem:
                await backend.check(policy_two, f"c{i % 1000}", True)

        t0 = time.perf_counter()
        await asyncio.gather(*(one_check(i) for i in range(total)))
        rate = total / (time.perf_counter() - t0)
        print(f"checks/second from one process, concurrency {concurrency:>3}: {rate:,.0f}")

    keys = [k async for k in client.scan_iter(match=f"{prefix}*", count=1000)]
    for i in range(0, len(keys), 500):
        await client.delete(*keys[i:i + 500])
    await backend.aclose()
    await client.aclose()


async def endpoint(redis_url: str, n: int) -> None:
    """Latency of GET /api/v1/search (rate-limited) with limiting on Redis, in memory, and off."""
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from forum.accounts import actions
    from forum.app import create_app
    from forum.settings import Settings

    results = {}
    for label, url, limits in [("limiting off", None, "off"), ("memory limiter", None, "on"),
                               ("Redis limiter", redis_url, "on")]:
        with tempfile.TemporaryDirectory() as tmp:
            EXECUTOR_CACHE.clear()
            settings = Settings(database_url=f"sqlite://{tmp}/b.sqlite3", secret_key="bench-" + "x" * 40,
                                redis_url=url, redis_prefix=f"bench:{uuid.uuid4().hex[:8]}:",
                                rate_limits="search=1000000/60s", new_member_review=0)
            app = create_app(settings, schema="generate")
            async with LifespanManager(app) as manager:
                from forum import runtime

                if limits == "off":
                    runtime.get().policies = {}
                user = await actions.register("bench_user", "a long bench password", "staying")
                token = (await actions.create_token(user)).value
                transport = httpx.ASGITransport(app=manager.app)
                async with httpx.AsyncClient(transport=transport, base_url="http://bench") as c:
                    headers = {"Authorization": f"Bearer {token}"}
                    for _ in range(100):
                        await c.get("/api/v1/search?q=nothing", headers=headers)
                    xs = []
                    for _ in range(n // 5):
                        t0 = time.perf_counter()
                        r = await c.get("/api/v1/search?q=nothing", headers=headers)
                        xs.append((time.perf_counter() - t0) * 1e6)
                        assert r.status_code == 200, r.text
                results[label] = _pcts(xs)
                if isinstance(runtime.get().limiter, Limiter) and runtime.get().limiter.primary is not None:
                    client = runtime.get().limiter.primary.client
                    keys = [k async for k in client.scan_iter(match=f"{settings.redis_prefix}*")]
                    if keys:
                        await client.delete(*keys)
    print(f"\nGET /api/v1/search in-process (ASGI), {n // 5} requests each (microseconds)")
    print(f"{'configuration':<20}{'p50':>9}{'p99':>9}{'added p50':>11}")
    off = results["limiting off"][0]
    for label, (p50, p99, _) in results.items():
        print(f"{label:<20}{p50:>9.0f}{p99:>9.0f}{p50 - off:>11.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--n", type=int, default=5000)
    args = parser.parse_args()
    asyncio.run(sequential(args.redis, args.n))
    asyncio.run(endpoint(args.redis, args.n))


if __name__ == "__main__":
    main()
