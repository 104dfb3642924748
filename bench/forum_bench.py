"""Core forum under load: thread pages, the first and last page of a 20,000-post thread, lists, replies.

    python -m bench.forum_bench [--database sqlite|postgres|both] [--threads 10000] [--long 20000]
                                [--duration 5] [--concurrency 16]

Seeds a fresh database (SQLite in a temp dir; PostgreSQL as a new database on
postgres://postgres@127.0.0.1:5432, dropped afterwards), starts `crossroads
serve` as its own process on loopback, drives it from a separate load process,
and prints requests/second and latency per scenario, then the SQL statements
each page costs (counted in-process). Prints numbers; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
PG_BASE = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "bench password, long enough"


# --------------------------------------------------------------------------- seeding


async def seed(database_url: str, threads: int, long_posts: int) -> dict[str, Any]:
    from tortoise import Tortoise
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from forum import db, runtime
    from forum.accounts import actions
    from forum.accounts.models import User
    from forum.app import default_plugins, prepare_database
    from forum.ratelimit import DEFAULT_POLICIES, build_limiter, build_policies
    from forum.settings import Settings
    from forum.spaces.models import Space
    from forum.text import RENDER_VERSION, render_markdown
    from forum.threads.models import Post, PostStatus, Thread

    EXECUTOR_CACHE.clear()
    settings = Settings(database_url=database_url, secret_key="bench-" + "x" * 40, new_member_review=0)
    models = [m for p in default_plugins() for m in p.models]
    await prepare_database(settings, models, schema="generate")
    runtime.install(runtime.Runtime(settings=settings, limiter=build_limiter(None),
                                    policies=build_policies(";".join(f"{n}=1000000/60s" for n in DEFAULT_POLICIES)),
                                    bus=None))
    users = [await actions.register(f"bench_{i}", PASSWORD, "staying" if i % 2 else "undecided") for i in range(20)]
    token = (await actions.create_token(users[0])).value
    spaces = {s.slug: s for s in await Space.all()}
    md = "Some days are *harder* than others.\n\n- one thing\n- another\n\n> a quote from earlier"
    html = render_markdown(md)
    start = datetime.now(UTC) - timedelta(days=60)
    t0 = time.perf_counter()

    batch: list[Thread] = []
    for i in range(threads):
        slug = "common-ground" if i % 3 else "staying"
        batch.append(Thread(space_id=spaces[slug].id, author_id=users[i % 20].id, title=f"Thread {i}",
                            status=PostStatus.PUBLISHED, created_at=start + timedelta(seconds=i * 30),
                            last_post_at=start + timedelta(seconds=i * 30), reply_count=0))
    await Thread.bulk_create(batch, batch_size=1000)
    ids = [t["id"] for t in await Thread.all().order_by("id").values("id")]
    await Post.bulk_create([
        Post(thread_id=tid, author_id=users[n % 20].id, is_first=True, body_md=md, body_html=html,
             render_version=RENDER_VERSION, status=PostStatus.PUBLISHED, created_at=start + timedelta(seconds=n * 30))
        for n, tid in enumerate(ids)
    ], batch_size=1000)

    async def long_thread(title: str, posts: int) -> int:
        when = datetime.now(UTC) - timedelta(days=1)
        thread = await Thread.create(space_id=spaces["common-ground"].id, author_id=users[1].id, title=title,
                                     status=PostStatus.PUBLISHED, last_post_at=when, reply_count=posts - 1)
        await Post.bulk_create([
            Post(thread_id=thread.id, author_id=users[k % 20].id, is_first=k == 0, body_md=md, body_html=html,
                 render_version=RENDER_VERSION, status=PostStatus.PUBLISHED,
                 created_at=when - timedelta(seconds=posts - k))
            for k in range(posts)
        ], batch_size=1000)
        return thread.id

    long_id = await long_thread("A very long thread", long_posts)
    page_id = await long_thread("A thread of sixty posts", 60)
    await User.filter(id__in=[u.id for u in users]).update(published_posts=100)
    seeded = time.perf_counter() - t0
    await Tortoise.close_connections()
    runtime.install(None)
    return {"token": token, "long": long_id, "page": page_id, "seconds": seeded}


# --------------------------------------------------------------------------- load (separate process)


SCENARIOS = [
    ("thread page, 50 posts (HTML)", "GET", "/t/{page}", "cookie"),
    ("thread page, 50 posts (API)", "GET", "/api/v1/threads/{page}?limit=50", "token"),
    ("long thread, first page (HTML)", "GET", "/t/{long}", "cookie"),
    ("long thread, last page (HTML)", "GET", "/t/{long}?last=1", "cookie"),
    ("long thread, first page (API)", "GET", "/api/v1/threads/{long}?limit=50", "token"),
    ("long thread, last page (API)", "GET", "/api/v1/threads/{long}?limit=50&last=1", "token"),
    ("space thread list (HTML)", "GET", "/s/common-ground", "cookie"),
    ("space thread list (API)", "GET", "/api/v1/spaces/common-ground/threads", "token"),
    ("create a reply (API)", "POST", "/api/v1/threads/{page}/posts", "token"),
]


async def _sign_in(client: httpx.AsyncClient) -> None:
    import re

    page = await client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = await client.post("/login", data={"csrf_token": csrf, "username": "bench_0", "password": PASSWORD})
    assert r.status_code == 303, r.status_code


async def load(url: str, info: dict[str, Any], duration: float, concurrency: int) -> list[dict[str, Any]]:
    results = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        await _sign_in(client)
        for name, method, path, auth in SCENARIOS:
            target = path.format(**info)
            headers = {"Authorization": f"Bearer {info['token']}"} if auth == "token" else {}
            latencies: list[float] = []
            errors = 0
            deadline = time.perf_counter() + duration

            async def worker() -> None:
                nonlocal errors
                while time.perf_counter() < deadline:
                    t0 = time.perf_counter()
                    if method == "GET":
                        r = await client.get(target, headers=headers)
                    else:
                        r = await client.post(target, headers=headers, json={"body": "Thank you for this."})
                    latencies.append((time.perf_counter() - t0) * 1000)
                    if r.status_code >= 400:
                        errors += 1

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            elapsed = time.perf_counter() - started
            s = sorted(latencies)
            results.append({"scenario": name, "rps": len(s) / elapsed, "p50": statistics.median(s),
                            "p99": s[max(0, int(len(s) * 0.99) - 1)], "requests": len(s), "errors": errors})
    return results


# --------------------------------------------------------------------------- query counts (in-process)


async def query_counts(database_url: str, info: dict[str, Any]) -> list[tuple[str, int, float]]:
    from asgi_lifespan import LifespanManager
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from forum.app import create_app
    from forum.db import counting_queries
    from forum.ratelimit import DEFAULT_POLICIES
    from forum.settings import Settings

    EXECUTOR_CACHE.clear()
    settings = Settings(database_url=database_url, secret_key="bench-" + "x" * 40, new_member_review=0,
                        rate_limits=";".join(f"{n}=1000000/60s" for n in DEFAULT_POLICIES))
    app = create_app(settings, schema="none")
    out = []
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await _sign_in(client)
            for name, method, path, auth in SCENARIOS:
                if method != "GET":
                    continue
                headers = {"Authorization": f"Bearer {info['token']}"} if auth == "token" else {}
                target = path.format(**info)
                await client.get(target, headers=headers)
                with counting_queries() as counter:
                    r = await client.get(target, headers=headers)
                assert r.status_code == 200, (target, r.status_code)
                times = []
                for _ in range(20):
                    t0 = time.perf_counter()
                    await client.get(target, headers=headers)
                    times.append((time.perf_counter() - t0) * 1000)
                out.append((name, counter.count, statistics.median(times)))
    return out


# --------------------------------------------------------------------------- orchestration


def _serve(database_url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    from forum.ratelimit import DEFAULT_POLICIES

    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSROADS_")}
    env.update(CROSSROADS_DATABASE_URL=database_url, CROSSROADS_SECRET_KEY="bench-" + "x" * 40,
               CROSSROADS_SCHEMA="none", CROSSROADS_NEW_MEMBER_REVIEW="0",
               CROSSROADS_RATE_LIMITS=";".join(f"{n}=1000000/60s" for n in DEFAULT_POLICIES))
    out = open(log, "wb")
    return subprocess.Popen([sys.executable, "-m", "forum.cli", "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def run_one(kind: str, args: argparse.Namespace) -> None:
    import socket

    import asyncpg

    tmp = Path(tempfile.mkdtemp(prefix="crossroads-bench-"))
    pg_name = f"crossroads_bench_{uuid.uuid4().hex[:8]}"
    if kind == "sqlite":
        url = f"sqlite://{tmp / 'bench.sqlite3'}"
    else:
        async def create() -> None:
            conn = await asyncpg.connect(f"{PG_BASE}/postgres")
            await conn.execute(f'CREATE DATABASE "{pg_name}"')
            await conn.close()
        asyncio.run(create())
        url = f"{PG_BASE}/{pg_name}"
    server = None
    try:
        print(f"\n=== {kind}: seeding {args.threads:,} threads and a {args.long:,}-post thread …", flush=True)
        info = asyncio.run(seed(url, args.threads, args.long))
        print(f"seeded in {info['seconds']:.1f} s", flush=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = _serve(url, port, tmp / "server.log")
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp / "server.log").read_text())
            time.sleep(0.2)
        loader = subprocess.run(
            [sys.executable, "-m", "bench.forum_bench", "--load", base, "--info", json.dumps(info),
             "--duration", str(args.duration), "--concurrency", str(args.concurrency)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
        results = json.loads(loader.stdout)
        print(f"\nLoad from a separate process, concurrency {args.concurrency}, {args.duration:g} s per scenario "
              f"(one server process, {kind})")
        print(f"{'scenario':<34}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for r in results:
            print(f"{r['scenario']:<34}{r['rps']:>8.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8}")
        server.terminate()
        server.wait(timeout=10)
        server = None
        counts = asyncio.run(query_counts(url, info))
        print("\nSQL statements per page, and in-process time (median of 20 requests)")
        print(f"{'page':<34}{'queries':>8}{'ms':>8}")
        for name, count, ms in counts:
            print(f"{name:<34}{count:>8}{ms:>8.1f}")
    finally:
        if server is not None:
            server.kill()
        if kind == "postgres":
            async def drop() -> None:
                conn = await asyncpg.connect(f"{PG_BASE}/postgres")
                await conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
                await conn.close()
            asyncio.run(drop())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--long", type=int, default=20_000)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--load", help=argparse.SUPPRESS)  # internal: run as the load process
    parser.add_argument("--info", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        print(json.dumps(asyncio.run(load(args.load, json.loads(args.info), args.duration, args.concurrency))))
        return
    for kind in (["sqlite", "postgres"] if args.database == "both" else [args.database]):
        run_one(kind, args)


if __name__ == "__main__":
    main()
