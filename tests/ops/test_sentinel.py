"""CROSSROADS_REDIS_URL=redis+sentinel://…: a real redis-server and a real Sentinel, on ports of their own.

The test starts a master, a replica and one sentinel (`redis-server --sentinel`), never
touching the machine's Redis. Rate limits and live events go through the master the
sentinel names; when the master is killed and the sentinel promotes the replica, the
app follows it.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from forum.events import build_bus
from forum.ratelimit import Policy, Window, build_limiter
from forum.redisconn import RedisUrlError, parse_sentinel_url
from forum.settings import Settings, SettingsError
from tests.live import free_port
from tests.services import redis_url

SERVICE = "crossroads-test"


def _redis_ping(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, socket_timeout=0.5).ping())
    except Exception:  # noqa: BLE001 - not up yet
        return False


def _wait(condition, what: str, bound: float = 30.0) -> None:
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {bound}s")
        time.sleep(0.05)


class Cluster:
    def __init__(self, tmp: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed (needed to start a Sentinel of our own)")
        self.binary, self.tmp = binary, tmp
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.master, self.replica, self.sentinel = free_port(), free_port(), free_port()

    def _redis(self, name: str, port: int, *extra: str) -> None:
        self.procs[name] = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
                *extra,
            ],
            stdout=subprocess.DEVNULL,
        )
        _wait(lambda: _redis_ping(port), f"redis on {port}")

    def start(self) -> None:
        self._redis("master", self.master)
        self._redis("replica", self.replica, "--replicaof", "127.0.0.1", str(self.master))
        conf = self.tmp / "sentinel.conf"
        conf.write_text(
            f"port {self.sentinel}\nbind 127.0.0.1\ndir {self.tmp}\n"
            f"sentinel monitor {SERVICE} 127.0.0.1 {self.master} 1\n"
            f"sentinel down-after-milliseconds {SERVICE} 1000\n"
            f"sentinel failover-timeout {SERVICE} 5000\n"
        )
        self.procs["sentinel"] = subprocess.Popen(
            [self.binary, str(conf), "--sentinel"], stdout=subprocess.DEVNULL
        )
        _wait(lambda: _redis_ping(self.sentinel), "sentinel up")
        _wait(lambda: self.master_port() == self.master, "sentinel knows the master")

    def master_port(self) -> int | None:
        import redis

        try:
            reply = redis.Redis(port=self.sentinel, socket_timeout=0.5).execute_command(
                "SENTINEL", "get-master-addr-by-name", SERVICE
            )
        except Exception:  # noqa: BLE001
            return None
        return int(reply[1]) if reply else None

    def kill(self, name: str) -> None:
        self.procs[name].kill()
        self.procs[name].wait()

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.fixture
def cluster(tmp_path):
    redis_url()  # the Redis tests' switch: skip (or fail under CI) like the others
    c = Cluster(tmp_path)
    try:
        c.start()
        yield c
    finally:
        c.stop()


def test_sentinel_urls_are_parsed_and_bad_ones_stop_start_up():
    spec = parse_sentinel_url(
        "redis+sentinel://:pw@10.0.0.1:26379,10.0.0.2:26380,[::1]:26381/mymaster/2"
    )
    assert spec.hosts == [("10.0.0.1", 26379), ("10.0.0.2", 26380), ("::1", 26381)]
    assert (spec.service_name, spec.db, spec.password) == ("mymaster", 2, "pw")
    assert parse_sentinel_url("redis+sentinel://s1:26379/mymaster").db == 0
    for bad in (
        "redis+sentinel://s1:26379/",
        "redis+sentinel:///mymaster/0",
        "redis+sentinel://s1:x/m/0",
        "redis+sentinel://s1:26379/m/zero",
    ):
        with pytest.raises(RedisUrlError):
            parse_sentinel_url(bad)
    with pytest.raises(SettingsError, match="CROSSROADS_REDIS_URL"):
        Settings.from_env(
            {
                "CROSSROADS_REDIS_URL": "redis+sentinel://s1:26379/",
                "CROSSROADS_SECRET_KEY": "s" * 40,
            }
        )
    with pytest.raises(SettingsError, match="CROSSROADS_REDIS_URL"):
        Settings.from_env({"CROSSROADS_REDIS_URL": "http://s1/", "CROSSROADS_SECRET_KEY": "s" * 40})


async def test_limits_and_events_go_through_the_sentinels_master_and_follow_a_failover(cluster):
    import redis.asyncio as redis

    url = f"redis+sentinel://127.0.0.1:{cluster.sentinel}/{SERVICE}/0"
    prefix = f"crossroads-test:{uuid.uuid4().hex[:8]}:"
    policy = Policy(name="post_create", key="member", windows=(Window(3, 60),))
    limiter = build_limiter(url, prefix)
    bus_a, bus_b = build_bus(url, prefix), build_bus(url, prefix)
    try:
        decisions = [await limiter.hit(policy, "u:1") for _ in range(4)]
        assert [d.allowed for d in decisions] == [True, True, True, False]
        assert await limiter.status() == "ok" and limiter.backend == "redis"
        master = redis.Redis(port=cluster.master)
        assert await master.keys(f"{prefix}*"), "the limits were not kept on the sentinel's master"
        await master.aclose()

        # Live events: published by one process's bus, heard by another's, through the master.
        async with bus_b.subscribe("ama:1") as sub:
            await bus_a.publish("ama:1", {"id": 1, "kind": "question"})
            event = await sub.get(timeout=10)
            assert event is not None and event["id"] == 1

        # Failover: the master dies, the sentinel promotes the replica, the limiter follows.
        cluster.kill("master")
        await asyncio.to_thread(
            _wait, lambda: cluster.master_port() == cluster.replica, "failover", 60
        )

        async def on_new_master() -> bool:
            await limiter.hit(policy, "u:2")
            return limiter.backend == "redis"

        async with asyncio.timeout(30):
            while not await on_new_master():
                await asyncio.sleep(
                    0.2
                )  # the circuit breaker's own retry interval decides the pace
        replica = redis.Redis(port=cluster.replica)
        assert await replica.keys(f"{prefix}*u:2*"), (
            "the limiter did not write to the promoted replica"
        )
        await replica.aclose()
        assert await limiter.status() == "ok"
    finally:
        await limiter.aclose()
        await bus_a.aclose()
        await bus_b.aclose()
