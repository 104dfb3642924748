"""When Redis fails: no 500, no hang, one timeout per interval, degraded, and back by itself."""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import time

import httpx
import pytest
import redis
from asgi_lifespan import LifespanManager
from tortoise.backends.base.executor import EXECUTOR_CACHE

from forum.app import create_app
from forum.ratelimit import Limiter, Policy, RedisBackend, Window
from tests.conftest import PASSWORD, test_settings
from tests.live import free_port
from tests.ratelimit.conftest import redis_keys, unique_prefix
from tests.services import redis_url

pytestmark = [pytest.mark.redis, pytest.mark.backends("sqlite")]
P = Policy("post_create", (Window(5, 60),))


class CountingBackend(RedisBackend):
    attempts = 0

    def request(self, policy, key, spend):
        run = super().request(policy, key, spend)

        async def counted(seconds):
            self.attempts += 1
            return await run(seconds)

        return counted


async def test_a_silent_redis_costs_one_timeout_and_logs_once(caplog):
    redis_url()  # Redis tests are on: this one needs no real Redis, only the circuit
    # A server that accepts connections and never answers: every call would wait for the timeout.
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    limiter = Limiter(CountingBackend(f"redis://127.0.0.1:{port}/0", timeout=0.2))
    caplog.set_level(logging.WARNING, "crossroads.ratelimit")
    try:
        decisions = [await limiter.hit(P, "u:1") for _ in range(50)]
        assert limiter.primary.attempts == 1  # then the circuit is open: no call waits on it again
        assert [d.allowed for d in decisions].count(True) == 5  # the local fallback still limits
        assert await limiter.status() == "degraded"
        warnings = [r for r in caplog.records if r.name == "crossroads.ratelimit"]
        assert len(warnings) == 1 and "Redis unavailable" in warnings[0].getMessage()
    finally:
        await limiter.aclose()
        server.close()


async def _until(condition, timeout: float = 10.0) -> None:
    """Let the loop run until `condition()` holds (a poll, not a guess at how long it takes)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never held"
        await asyncio.sleep(0)


async def test_a_busy_process_does_not_mistake_a_healthy_redis_for_a_dead_one():
    # CPU-bound work (a password hash, say) holding the event loop past the deadline while Redis's
    # reply waits in the socket: that is not an outage, and must not make limits per-process.
    limiter = Limiter(RedisBackend(redis_url(), key_prefix=unique_prefix(), timeout=0.1))
    client, prefix = limiter.primary.client, limiter.primary.prefix
    try:
        await limiter.primary.ping()
        pending = asyncio.create_task(limiter.hit(P, "u:1"))
        with redis.Redis.from_url(
            redis_url()
        ) as watcher:  # Redis has run the check, its reply is on its way...
            await _until(lambda: bool(watcher.keys(f"{prefix}*")))
        time.sleep(0.5)  # ...and the loop is busy elsewhere for five deadlines
        decision = await pending
        assert decision.allowed and not limiter.degraded
        (key,) = await redis_keys(client, prefix)
        assert await client.zcard(key) == 1  # it was Redis that counted it
    finally:
        await client.delete(*await redis_keys(client, prefix) or ["-"])
        await limiter.aclose()


def _start_redis(port: int, tmp_path) -> subprocess.Popen[bytes]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed, needed to kill and restart a Redis of our own")
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            import redis

            redis.Redis(port=port, socket_timeout=0.5).ping()
            return proc
        except Exception:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)


async def test_redis_killed_mid_run_and_restarted(tmp_path, database_url, caplog):
    redis_url()
    port = free_port()
    redis_proc = _start_redis(port, tmp_path)
    EXECUTOR_CACHE.clear()
    settings = test_settings(
        database_url, redis_url=f"redis://127.0.0.1:{port}/0", rate_limits="register=4/3600s"
    )
    app = create_app(settings, schema="generate")
    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app, client=("192.0.2.77", 1234))
            async with httpx.AsyncClient(
                transport=transport, base_url="http://testserver"
            ) as client:

                async def register(i: int) -> int:
                    r = await client.post(
                        "/api/v1/auth/register",
                        json={"username": f"kill_{i}", "password": PASSWORD, "path": "leaving"},
                    )
                    return r.status_code

                assert (await client.get("/readyz")).json()["checks"]["rate_limiter"] == "ok"
                before = [await register(i) for i in range(2)]
                redis_proc.kill()
                redis_proc.wait()
                # Readiness tells the truth before any request has met the outage...
                assert (await client.get("/readyz")).json()["checks"]["rate_limiter"] == "degraded"
                during = [await register(i) for i in range(2, 10)]
                ready = await client.get("/readyz")
                assert ready.status_code == 200 and ready.json()["status"] == "degraded"
                assert ready.json()["checks"]["rate_limiter"] == "degraded"
                assert set(before) == {201} and set(during) <= {201, 429} and 429 in during

                redis_proc = _start_redis(port, tmp_path)
                deadline = time.monotonic() + 10
                while (await client.get("/readyz")).json()["checks"]["rate_limiter"] != "ok":
                    assert time.monotonic() < deadline, "did not return to Redis by itself"
                    await asyncio.sleep(0.2)
                # The restarted Redis is empty, so shared limits start over: admitted, and counted
                # there (its script cache was empty too: the script reloads by itself), with a TTL.
                assert await register(99) == 201
                import redis.asyncio

                fresh = redis.asyncio.Redis(port=port)
                keys = [k async for k in fresh.scan_iter(match=f"{settings.redis_prefix}rl:*")]
                assert len(keys) == 1 and 0 < await fresh.pttl(keys[0]) <= 3_600_000
                assert await fresh.zcard(keys[0]) == 1
                await fresh.aclose()
                r = await client.post(
                    "/api/v1/auth/register",
                    json={"username": "x", "password": PASSWORD, "path": "leaving"},
                )
                assert r.status_code in (422, 429)
    finally:
        redis_proc.kill()
        redis_proc.wait()
    messages = [r.getMessage() for r in caplog.records if r.name == "crossroads.ratelimit"]
    assert any("unavailable" in m for m in messages) and any("back" in m for m in messages)
