"""A redis-server of the test's own, on a port of its own, that the test may kill, restart, stop
(SIGSTOP: hung, connections still accepted by the kernel) and continue: never the machine's Redis."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.live import free_port
from tests.services import redis_url


class OwnRedis:
    """`url`, `start()`, `kill()`, `restart()`, `hang()` (SIGSTOP), `resume()` (SIGCONT), `stop()`."""

    def __init__(self, directory: Path) -> None:
        redis_url()  # Redis tests are switched on (else skip, or fail under REQUIRE_SERVICES)
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail(
                "redis-server is not installed (needed to kill and restart a Redis of our own)"
            )
        self.port = free_port()
        self.dir = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None
        self.hung = False

    def start(self) -> OwnRedis:
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--enable-debug-command",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 10
        while True:
            try:
                with redis.Redis(port=self.port, socket_timeout=0.5) as client:
                    client.ping()
                return self
            except Exception:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.kill()
                    raise
                time.sleep(0.02)

    def kill(self) -> None:
        if self.proc is not None:
            if self.hung:
                self.resume()
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()

    def hang(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGSTOP)
        self.hung = True

    def resume(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGCONT)
        self.hung = False

    def stop(self) -> None:
        self.kill()


@pytest.fixture
def own_redis(tmp_path: Path):
    """A started `OwnRedis` for one test, stopped (and its process reaped) afterwards."""
    server = OwnRedis(tmp_path).start()
    try:
        yield server
    finally:
        server.stop()
