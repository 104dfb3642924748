"""AMA fan-out: N open event streams on one server process; time from an answer's commit to every arrival.

Runs `crossroads serve` (one process) on a fresh SQLite database, with
Redis pub/sub when CROSSROADS_BENCH_REDIS_URL is set, opens N streams from this process, has the host post
answers, and prints p50/p99/max of (arrival time - the answer's created_at, stamped inside the committing
transaction). Usage: python -m bench.ama_fanout_bench [--streams 500] [--answers 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.live import live_server, run_cli  # noqa: E402

PASSWORD = "a long passphrase here"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def run(streams: int, answers: int, tmp: Path) -> None:
    env = {"CROSSROADS_RATE_LIMITS": "register=100000/60s;vote=100000/60s"}
    redis = os.environ.get("CROSSROADS_BENCH_REDIS_URL")
    if redis:
        env |= {
            "CROSSROADS_REDIS_URL": redis,
            "CROSSROADS_REDIS_PREFIX": f"bench-{uuid.uuid4().hex[:8]}:",
        }
    members = max(1, streams // 5)  # at most 5 streams per member
    for name, role, extra in (
        ("bench_mod", "moderator", []),
        ("bench_host", "therapist", ["--credential", "LMFT"]),
    ):
        made = run_cli(
            tmp,
            "create-user",
            name,
            "--role",
            role,
            *extra,
            env=env | {"CROSSROADS_PASSWORD": PASSWORD},
        )
        if made.returncode:
            raise SystemExit(made.stderr)
    with live_server(tmp, env) as server:
        limits = httpx.Limits(max_connections=streams + 50, max_keepalive_connections=streams + 50)
        async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as http:

            async def signup(name: str, path: str = "undecided") -> dict[str, str]:
                r = await http.post(
                    "/api/v1/auth/register",
                    json={"username": name, "password": PASSWORD, "path": path},
                )
                assert r.status_code == 201, r.text
                return await sign_in(name)

            async def sign_in(name: str) -> dict[str, str]:
                r = await http.post(
                    "/api/v1/auth/tokens", json={"username": name, "password": PASSWORD}
                )
                return {"Authorization": f"Bearer {r.json()['token']}"}

            mod, host = await sign_in("bench_mod"), await sign_in("bench_host")
            now = datetime.now(UTC)
            ama = (
                await http.post(
                    "/api/v1/amas",
                    headers=mod,
                    json={
                        "title": "Bench",
                        "description": "d",
                        "space": "common-ground",
                        "starts_at": now.isoformat(),
                        "ends_at": (now + timedelta(hours=1)).isoformat(),
                        "host_id": "bench_host",
                    },
                )
            ).json()["ama"]
            question = (
                await http.post(
                    f"/api/v1/amas/{ama['id']}/questions",
                    headers=mod,
                    json={"body": "Bench question"},
                )
            ).json()["question"]
            tokens = [await signup(f"bench_m{i}") for i in range(members)]

            arrivals: dict[int, list[float]] = {}
            ready = 0
            all_ready = asyncio.Event()

            host_port = server.url.removeprefix("http://")

            async def watch(auth: dict[str, str]) -> None:
                # A bare socket reader, so the clients (500 in this one process) cost little next to the server.
                nonlocal ready
                host, port = host_port.split(":")
                reader, writer = await asyncio.open_connection(host, int(port))
                writer.write(
                    (
                        f"GET /api/v1/amas/{ama['id']}/events HTTP/1.1\r\nHost: {host_port}\r\n"
                        f"Authorization: {auth['Authorization']}\r\nAccept: text/event-stream\r\n\r\n"
                    ).encode()
                )
                head = await reader.readuntil(b"\r\n\r\n")
                assert head.startswith(b"HTTP/1.1 200"), head
                ready += 1
                if ready == streams:
                    all_ready.set()
                buffer, answer_next, seen = b"", False, 0
                try:
                    while seen < answers:
                        chunk = await reader.read(65536)
                        if not chunk:
                            raise EOFError("stream ended early")
                        at = time.time()
                        *lines, buffer = (buffer + chunk).split(b"\n")
                        for line in lines:
                            if line == b"event: answer":
                                answer_next = True
                            elif answer_next and line.startswith(b"data: "):
                                answer_next = False
                                arrivals.setdefault(json.loads(line[6:])["id"], []).append(at)
                                seen += 1
                finally:
                    writer.close()

            opened = time.perf_counter()
            tasks = [asyncio.create_task(watch(tokens[i % members])) for i in range(streams)]
            await asyncio.wait_for(all_ready.wait(), 120)
            print(
                f"{streams} streams open in {time.perf_counter() - opened:.2f}s "
                f"({members} members, {'Redis pub/sub' if redis else 'in-process bus'})"
            )

            committed: dict[int, float] = {}
            for _ in range(answers):
                r = await http.post(
                    f"/api/v1/questions/{question['id']}/answers",
                    headers=host,
                    json={"body": "An answer"},
                )
                body = r.json()["answer"]
                committed[body["id"]] = datetime.fromisoformat(
                    body["created_at"].replace("Z", "+00:00")
                ).timestamp()
                # Wait for this answer to reach everyone before the next one (one measurement at a time).
                while len(arrivals.get(body["id"], [])) < streams:
                    await asyncio.sleep(0.005)
            await asyncio.wait_for(asyncio.gather(*tasks), 60)

    per_answer_all = [(max(ts) - committed[a]) * 1000 for a, ts in arrivals.items()]
    every = [(t - committed[a]) * 1000 for a, ts in arrivals.items() for t in ts]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load:.1f} (server, clients and poster share them)"
    )
    print(f"answers: {answers}, deliveries: {len(every)} (= {answers} x {streams})")
    print(
        f"commit -> arrival, each subscriber: p50 {statistics.median(every):.1f} ms, "
        f"p99 {pct(every, 99):.1f} ms, max {max(every):.1f} ms"
    )
    print(
        f"commit -> arrival at the LAST of {streams} subscribers: p50 {statistics.median(per_answer_all):.1f} ms, "
        f"p99 {pct(per_answer_all, 99):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--answers", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(args.streams, args.answers, Path(tmp)))


if __name__ == "__main__":
    main()
