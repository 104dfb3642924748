"""Two app processes (uvicorn, each with its own database) on one Redis: one limit, exactly.

Concurrent registrations from one client address go to both processes at once; a
limit of N admits exactly N, round after round. The same processes built with the
naive read-then-write limiter (tests/ratelimit/apps.py) over-admit under the same
load, so this harness would catch a limiter that is not atomic.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import PASSWORD
from tests.live import ROOT, _env, free_port
from tests.ratelimit.conftest import unique_prefix
from tests.services import redis_url

pytestmark = pytest.mark.redis

LIMIT, PER_PROCESS = 10, 30


@contextmanager
def app_processes(
    tmp: Path, factory: str, prefix: str, count: int = 2, redis: str | None = None
) -> Iterator[list[str]]:
    """`count` uvicorn processes running tests.ratelimit.apps:<factory>, each with its own SQLite file,
    on `redis` (default: the test Redis)."""
    redis = redis or redis_url()
    env = {
        "CROSSROADS_REDIS_URL": redis,
        "CROSSROADS_REDIS_PREFIX": prefix,
        "CROSSROADS_RATE_LIMITS": f"register={LIMIT}/3600s",
        "CROSSROADS_TRUSTED_PROXIES": "127.0.0.1",  # each round comes "from" its own client address
    }
    with ExitStack() as stack:
        servers = []
        for i in range(count):
            home = tmp / f"{factory}-{i}"
            home.mkdir()
            port = free_port()
            log = stack.enter_context(open(home / "server.log", "wb"))
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    f"tests.ratelimit.apps:{factory}",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-proxy-headers",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=_env(home, env),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            stack.callback(_stop, proc)
            servers.append((f"http://127.0.0.1:{port}", proc, home / "server.log"))
        deadline = time.monotonic() + 60
        for url, proc, log_path in servers:
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"app exited with {proc.returncode}:\n{log_path.read_text()}"
                    )
                try:
                    if (
                        httpx.get(f"{url}/readyz", timeout=1).json()["checks"]["rate_limiter"]
                        == "ok"
                    ):
                        break
                except (httpx.HTTPError, ValueError, KeyError):
                    pass
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.1)
        yield [url for url, _, _ in servers]
    _cleanup(prefix, redis)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _cleanup(prefix: str, url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


async def burst(urls: list[str], client_address: str, tag: str) -> list[httpx.Response]:
    """PER_PROCESS registrations at each process, all in flight together, from one client address."""
    limits = httpx.Limits(max_connections=len(urls) * PER_PROCESS)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def register(i: int) -> httpx.Response:
            return await client.post(
                f"{urls[i % len(urls)]}/api/v1/auth/register",
                headers={"X-Forwarded-For": client_address},
                json={"username": f"{tag}_{i}", "password": PASSWORD, "path": "staying"},
            )

        return await asyncio.gather(*(register(i) for i in range(len(urls) * PER_PROCESS)))


async def test_two_app_processes_share_one_exact_limit(tmp_path):
    prefix = unique_prefix()
    with app_processes(tmp_path, "shared", prefix) as urls:
        for round_ in range(3):
            responses = await burst(urls, f"203.0.113.{round_ + 1}", f"round{round_}")
            codes = Counter(r.status_code for r in responses)
            assert codes == {201: LIMIT, 429: 2 * PER_PROCESS - LIMIT}, codes
            # Both processes answered, and admitted between them, not each its own N.
            by_process = Counter(
                (str(r.request.url).split("/api")[0], r.status_code) for r in responses
            )
            assert all(
                by_process[(url, 201)] + by_process[(url, 429)] == PER_PROCESS for url in urls
            )
            for r in responses:
                assert r.headers["RateLimit-Policy"] == f'"register";q={LIMIT};w=3600'
                if r.status_code == 429:
                    assert 1 <= int(r.headers["Retry-After"]) <= 3600
                    assert r.headers["RateLimit"].startswith('"register";r=0;t=')
        # What the limiter wrote in Redis: one log per client address, each with a TTL.
        import redis

        client = redis.Redis.from_url(redis_url())
        keys = sorted(client.scan_iter(match=f"{prefix}rl:*"))
        assert len(keys) == 3 and all(0 < client.pttl(k) <= 3_600_000 for k in keys)
        assert [client.zcard(k) for k in keys] == [LIMIT] * 3
        client.close()


async def test_the_same_harness_catches_a_naive_limiter(tmp_path):
    prefix = unique_prefix()
    with app_processes(tmp_path, "naive", prefix) as urls:
        admitted = []
        for round_ in range(3):
            responses = await burst(urls, f"198.51.100.{round_ + 1}", f"naive{round_}")
            admitted.append(sum(r.status_code == 201 for r in responses))
            if admitted[-1] > LIMIT:
                break
    assert max(admitted) > LIMIT, f"the naive limiter was never caught over-admitting: {admitted}"
