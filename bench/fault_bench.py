"""Mixed load on a real two-worker server while Redis is killed and restarted and PostgreSQL is
restarted (issue 12, "Done when").

Everything runs against a PostgreSQL cluster and a redis-server of the bench's own (free ports,
temporary directories; the machine's services are never touched), and `crossroads serve
--workers 2` as a subprocess on a free port; the load goes over TCP. Phases:

  baseline        both up
  redis-killed    redis-server SIGKILLed at the start of the phase
  redis-back      redis-server started again (same port)
  pg-restart      PostgreSQL stopped at the start, started again halfway through
  after           both up

Load per phase: members reply (each reply with an Idempotency-Key, resent with the same key
after a 503, a 5xx or a lost answer, as a careful client would) and read the thread. After the
load, a fresh member tries LIMIT+5 `thread_create` requests against a limit of LIMIT per
minute, spread over both workers. Printed per phase: requests, 5xx (503 excluded), 503s,
lost answers (no HTTP answer at all), acknowledged writes, acknowledged writes found in the
database afterwards, duplicates (one key, more than one post), and rate-limit exactness
(admitted of LIMIT+5; exact = LIMIT).

    .venv/bin/python -m bench.fault_bench [--seconds 6] [--concurrency 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.pgcluster import OwnPostgres, free_port  # noqa: E402

LIMIT = 10
PASSWORD = "correct horse battery"
POLICIES = (
    "register",
    "login",
    "thread_create",
    "post_create",
    "report",
    "ama_question",
    "vote",
    "react",
    "preview",
    "draft_save",
    "search",
    "reauth",
    "draft_screen",
)


def _wait_port(port: int, bound: float = 20.0) -> None:
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


class OwnRedis:
    """A redis-server of the bench's own: `start()` (same port every time), `kill()` (SIGKILL)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="crossroads-redis-")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_port(self.port)

    def kill(self) -> None:
        if self.proc:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    """`crossroads serve --workers N` on a free port, as a subprocess (its own process group)."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(
            prefix="crossroads-fault-bench-", suffix=".log", delete=False
        )
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "forum.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_port(self.port, 60)

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
        print(f"(server log: {self.log.name})")


class Phase:
    def __init__(self, name: str) -> None:
        self.name = name
        self.statuses: Counter[int] = Counter()
        self.acked: list[str] = []  # the keys (= bodies) of acknowledged replies
        self.admitted = -1
        self.back_at: float | None = None  # when the service came back (pg_ctl start returned)
        self.first_ok: float | None = None  # the first acknowledged write after that


async def _member(client: httpx.AsyncClient, name: str) -> dict[str, str]:
    r = await client.post(
        "/api/v1/auth/register", json={"username": name, "password": PASSWORD, "path": "undecided"}
    )
    assert r.status_code == 201, r.text
    r = await client.post("/api/v1/auth/tokens", json={"username": name, "password": PASSWORD})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each phase")
    parser.add_argument(
        "--concurrency", type=int, default=8, help="members writing and reading at once"
    )
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    opts = parser.parse_args()

    pg, redis = OwnPostgres(), OwnRedis()
    pg.start()
    redis.start()
    limits = ";".join(
        f"{name}={LIMIT if name == 'thread_create' else 100000}/60s" for name in POLICIES
    )
    env = {
        **os.environ,
        "CROSSROADS_DATABASE_URL": pg.url,
        "CROSSROADS_REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "CROSSROADS_RATE_LIMITS": limits,
        "CROSSROADS_NEW_MEMBER_REVIEW": "0",
        "CROSSROADS_SECRET_KEY": "fault-bench-" + "x" * 32,
        "CROSSROADS_ENV": "development",
        "CROSSROADS_SPOOL_DIR": tempfile.mkdtemp(prefix="crossroads-spool-"),
        "PYTHONUNBUFFERED": "1",
    }
    server: Server | None = None
    phases: list[Phase] = []
    try:
        server = Server(env, opts.workers)
        limits_ = httpx.Limits(
            max_connections=opts.concurrency * 2, max_keepalive_connections=opts.concurrency * 2
        )
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{server.port}", timeout=30, limits=limits_
        ) as client:
            writers = [await _member(client, f"writer_{i}") for i in range(opts.concurrency)]
            r = await client.post(
                "/api/v1/spaces/common-ground/threads",
                headers=writers[0],
                json={"title": "Fault bench", "body": "Start."},
            )
            assert r.status_code == 201, r.text
            tid = r.json()["thread"]["id"]

            async def send(
                phase: Phase, method: str, url: str, **kw: object
            ) -> httpx.Response | None:
                try:
                    resp = await client.request(method, url, **kw)  # type: ignore[arg-type]
                except httpx.HTTPError:
                    phase.statuses[0] += 1  # no answer at all (closed connection, timeout)
                    return None
                phase.statuses[resp.status_code] += 1
                return resp

            async def worker(phase: Phase, auth: dict[str, str], stop: float, n: list[int]) -> None:
                while time.monotonic() < stop:
                    n[0] += 1
                    if n[0] % 3:
                        key = uuid.uuid4().hex
                        for _ in range(50):  # resend with the same key until answered
                            resp = await send(
                                phase,
                                "POST",
                                f"/api/v1/threads/{tid}/posts",
                                json={"body": key},
                                headers={**auth, "Idempotency-Key": key},
                            )
                            if resp is not None and resp.status_code == 201:
                                phase.acked.append(key)
                                if phase.back_at is not None and phase.first_ok is None:
                                    phase.first_ok = time.monotonic()
                                break
                            if (
                                resp is not None
                                and resp.status_code < 500
                                and resp.status_code != 409
                            ):
                                break  # a refusal (not a fault): nothing to resend
                            await asyncio.sleep(0.2)
                    else:
                        await send(phase, "GET", f"/api/v1/threads/{tid}", headers=auth)

            async def exactness(phase: Phase) -> None:
                try:
                    fresh = await _member(client, f"rl_{uuid.uuid4().hex[:8]}")
                except (AssertionError, httpx.HTTPError):
                    return  # no database: cannot make a member
                answers = await asyncio.gather(
                    *(
                        send(
                            phase,
                            "POST",
                            "/api/v1/spaces/common-ground/threads",
                            headers=fresh,
                            json={"title": "Limit probe", "body": f"Counting {i}."},
                        )
                        for i in range(LIMIT + 5)
                    )
                )
                phase.admitted = sum(1 for a in answers if a is not None and a.status_code == 201)

            async def run(name: str, before=None, halfway=None) -> None:  # type: ignore[no-untyped-def]
                phase = Phase(name)
                phases.append(phase)
                if before:
                    await asyncio.to_thread(before)
                stop = time.monotonic() + opts.seconds
                n = [0]
                tasks = [asyncio.create_task(worker(phase, w, stop, n)) for w in writers]
                if halfway:
                    await asyncio.sleep(opts.seconds / 2)
                    await asyncio.to_thread(halfway)
                    phase.back_at = time.monotonic()
                await asyncio.gather(*tasks)
                await exactness(phase)

            await run("baseline")
            await run("redis-killed", before=redis.kill)
            await run("redis-back", before=redis.start)
            await run("pg-restart", before=pg.stop, halfway=pg.start)
            await run("after")

        import asyncpg

        conn = await asyncpg.connect(pg.url.replace("postgres://", "postgresql://", 1))
        try:
            rows = await conn.fetch(
                "SELECT body_md, COUNT(*) AS n FROM posts WHERE thread_id = $1 GROUP BY body_md",
                tid,
            )
        finally:
            await conn.close()
        stored = {r["body_md"]: r["n"] for r in rows}
        print(
            f"fault bench: {opts.workers} workers, {opts.concurrency} members, {opts.seconds:g} s a phase, "
            f"thread_create limit {LIMIT}/60s"
        )
        print(
            f"{'phase':14} {'requests':>8} {'5xx':>5} {'503':>5} {'no answer':>9} {'acked':>6} {'found':>6} "
            f"{'dupes':>6} {'rate limit':>11}"
        )
        for phase in phases:
            found = sum(1 for key in phase.acked if stored.get(key, 0) >= 1)
            dupes = sum(max(0, stored.get(key, 0) - 1) for key in phase.acked)
            total = sum(phase.statuses.values())
            five = sum(v for k, v in phase.statuses.items() if k >= 500 and k != 503)
            exact = "n/a" if phase.admitted < 0 else f"{phase.admitted}/{LIMIT}"
            print(
                f"{phase.name:14} {total:8} {five:5} {phase.statuses[503]:5} {phase.statuses[0]:9} "
                f"{len(phase.acked):6} {found:6} {dupes:6} {exact:>11}"
            )
        for phase in phases:
            if phase.back_at is not None and phase.first_ok is not None:
                print(
                    f"{phase.name}: first acknowledged write {phase.first_ok - phase.back_at:.2f} s after "
                    "the server was back (clients resend every 0.2 s)"
                )
        # A write resent after a lost answer must not exist twice anywhere in the thread.
        extra = sum(n - 1 for body, n in stored.items() if n > 1 and len(body) == 32)
        print(f"posts stored twice for one key (all phases, acknowledged or not): {extra}")
    finally:
        if server is not None:
            server.close()
        redis.close()
        pg.close()


if __name__ == "__main__":
    asyncio.run(main())
