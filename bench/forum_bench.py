"""Core forum under load: thread pages, the first, a middle and the last page of a
20,000-post thread, space thread lists, replies.

    python -m bench.forum_bench [--database sqlite|postgres|both] [--threads 10000] [--long 20000]
                                [--duration 5] [--concurrency 16]

For each database it

1. creates a fresh one (SQLite in a temp dir; PostgreSQL as a uniquely named
   database on postgres://postgres@127.0.0.1:5432, dropped afterwards, also on
   failure or Ctrl-C), brings the schema up with the committed migrations (or,
   if the models have changes without a migration yet, by generating the schema
   from the models, and says so), and seeds it with bulk inserts: members with
   API tokens, N threads spread over the three spaces with a few replies each,
   one thread of --long posts and one of 60; reply counts, last-post times and
   each member's published-post count are kept exact;
2. starts `crossroads serve` as its own process on loopback (rate limits set
   roomy for every policy) and drives it from a separate load process: one
   httpx.AsyncClient, --concurrency workers, --duration seconds per scenario;
   HTML pages with a session cookie from the /login form, API calls with a
   bearer token;
3. prints requests/second, p50/p99 latency and errors per scenario, then, in
   process (ASGI, no network), the SQL statements each page costs, its median
   time, and the database's own plan and time for the statement that reads the
   page's rows (first vs middle vs last page of the long thread, thread list).

Prints numbers; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
PG_BASE = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "bench password, long enough"
SECRET = "bench-secret-" + "x" * 40
MEMBERS = 24
INFO_ENV = "CROSSROADS_BENCH_INFO"
SIXTY = 60


def roomy_limits() -> str:
    from forum.ratelimit import DEFAULT_POLICIES

    return ";".join(f"{name}=1000000/60s" for name in DEFAULT_POLICIES)


def html_page_size() -> int:
    from forum.web.threads import POSTS_PER_PAGE

    return POSTS_PER_PAGE


# --------------------------------------------------------------------------- seeding


async def seed(database_url: str, threads: int, long_posts: int) -> dict[str, Any]:
    from tortoise import Tortoise
    from tortoise.backends.base.executor import EXECUTOR_CACHE
    from tortoise.functions import Count

    from forum import db, pagination
    from forum.accounts import actions
    from forum.accounts.models import User
    from forum.app import default_plugins
    from forum.registry import build_registry
    from forum.settings import Settings
    from forum.spaces.models import Space
    from forum.startup import started
    from forum.text import RENDER_VERSION, render_markdown
    from forum.threads.models import Post, PostStatus, Thread

    EXECUTOR_CACHE.clear()
    settings = Settings(
        database_url=database_url,
        secret_key=SECRET,
        new_member_review=0,
        rate_limits=roomy_limits(),
    )
    registry = build_registry(default_plugins())
    pending = await db.pending_model_changes(database_url, list(registry.models))
    schema = "generate" if pending else "migrate"
    t0 = time.perf_counter()
    # The app's own start-up routine (forum.startup), as `crossroads serve` runs it.
    app_up = started(settings, registry, schema=schema)
    await app_up.__aenter__()
    schema_seconds = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        paths = ["staying", "leaving", "undecided"]
        users = [
            await actions.register(f"bench_{i}", PASSWORD, paths[i % 3]) for i in range(MEMBERS)
        ]
        token = (await actions.create_token(users[0])).value  # bench_0: staying
        by_path = {p: [u for u in users if u.path == p] for p in paths}
        spaces = {s.slug: s for s in await Space.all()}
        md = (
            "Some days are *harder* than others, and that's okay to say here.\n\n"
            "- one thing that helped\n- another that didn't\n\n> a quote from earlier in the thread"
        )
        html = render_markdown(md)
        start = datetime.now(UTC) - timedelta(days=60)

        # N threads: a quarter in each side space, half in common ground; 0-4 replies each.
        plan = []
        for i in range(threads):
            slug = ("staying", "leaving", "common-ground", "common-ground")[i % 4]
            pool = by_path[slug] if slug != "common-ground" else users
            created = start + timedelta(seconds=i * 300)
            plan.append((slug, pool, created, i % 5))
        await Thread.bulk_create(
            [
                Thread(
                    space_id=spaces[slug].id,
                    author_id=pool[i % len(pool)].id,
                    title=f"Thread {i}: a day at a time",
                    status=PostStatus.PUBLISHED,
                    created_at=created,
                    last_post_at=created + timedelta(seconds=60 * replies),
                    reply_count=replies,
                )
                for i, (slug, pool, created, replies) in enumerate(plan)
            ],
            batch_size=1000,
        )
        ids = [t["id"] for t in await Thread.all().order_by("id").values("id")]
        posts = []
        for i, (tid, (_slug, pool, created, replies)) in enumerate(zip(ids, plan, strict=True)):
            for k in range(replies + 1):
                posts.append(
                    Post(
                        thread_id=tid,
                        author_id=pool[(i + k) % len(pool)].id,
                        is_first=k == 0,
                        body_md=md,
                        body_html=html,
                        render_version=RENDER_VERSION,
                        status=PostStatus.PUBLISHED,
                        created_at=created + timedelta(seconds=60 * k),
                    )
                )
        await Post.bulk_create(posts, batch_size=1000)
        short_posts = len(posts)
        del posts

        async def long_thread(title: str, count: int, opened: datetime) -> tuple[int, list[int]]:
            last = opened + timedelta(seconds=count - 1)
            thread = await Thread.create(
                space_id=spaces["common-ground"].id,
                author_id=users[1].id,
                title=title,
                status=PostStatus.PUBLISHED,
                created_at=opened,
                last_post_at=last,
                reply_count=count - 1,
            )
            await Post.bulk_create(
                [
                    Post(
                        thread_id=thread.id,
                        author_id=users[(k + 1) % len(users)].id,
                        is_first=k == 0,
                        body_md=md,
                        body_html=html,
                        render_version=RENDER_VERSION,
                        status=PostStatus.PUBLISHED,
                        created_at=opened + timedelta(seconds=k),
                    )
                    for k in range(count)
                ],
                batch_size=1000,
            )
            post_ids = (
                await Post.filter(thread_id=thread.id).order_by("id").values_list("id", flat=True)
            )
            return thread.id, list(post_ids)

        now = datetime.now(UTC)
        long_id, long_ids = await long_thread(
            f"A very long thread ({long_posts:,} posts)", long_posts, now - timedelta(days=2)
        )
        page_id, _ = await long_thread(
            f"A thread of {SIXTY} posts", SIXTY, now - timedelta(hours=1)
        )

        # Each member's published-post count, as the actions would have left it.
        counts = (
            await Post.filter(status=PostStatus.PUBLISHED)
            .annotate(n=Count("id"))
            .group_by("author_id")
            .values("author_id", "n")
        )
        for row in counts:
            await User.filter(id=row["author_id"]).update(published_posts=row["n"])
        if "postgres" in database_url:
            # What autovacuum does soon after a bulk load; without it the planner guesses blind.
            await Tortoise.get_connection("default").execute_script("ANALYZE")
        seeded = time.perf_counter() - t0
        middle = long_ids[
            len(long_ids) // 2 - 1
        ]  # the page after it starts halfway down the thread
        return {
            "token": token,
            "long": long_id,
            "page": page_id,
            "mid": quote(pagination.encode(middle)),
            "mid_id": middle,
            "seconds": seeded,
            "schema": schema,
            "schema_seconds": schema_seconds,
            "pending": pending,
            "posts": short_posts + long_posts + SIXTY,
            "threads": threads + 2,
        }
    finally:
        await app_up.__aexit__(None, None, None)


# --------------------------------------------------------------------------- scenarios


# (name, method, path, auth, what the response should hold)
def scenarios() -> list[tuple[str, str, str, str, int | None]]:
    n = html_page_size()
    return [
        (f"thread page, {n} posts (HTML)", "GET", "/t/{page}", "cookie", n),
        ("thread page, 50 posts (API)", "GET", "/api/v1/threads/{page}?limit=50", "token", 50),
        ("long thread, first page (HTML)", "GET", "/t/{long}", "cookie", n),
        ("long thread, middle page (HTML)", "GET", "/t/{long}?after={mid}", "cookie", n),
        ("long thread, last page (HTML)", "GET", "/t/{long}?last=1", "cookie", n),
        ("long thread, first page (API)", "GET", "/api/v1/threads/{long}?limit=50", "token", 50),
        (
            "long thread, middle page (API)",
            "GET",
            "/api/v1/threads/{long}?limit=50&cursor={mid}",
            "token",
            50,
        ),
        (
            "long thread, last page (API)",
            "GET",
            "/api/v1/threads/{long}?limit=50&last=1",
            "token",
            50,
        ),
        ("space thread list (HTML)", "GET", "/s/common-ground", "cookie", 25),
        ("space thread list (API)", "GET", "/api/v1/spaces/common-ground/threads", "token", 25),
        ("create a reply (API)", "POST", "/api/v1/threads/{page}/posts", "token", None),
    ]


REPLY = {"body": "Thank you for writing this. I read it twice."}


async def sign_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if found is None:
        raise RuntimeError(f"no CSRF token on /login (HTTP {page.status_code})")
    r = await client.post(
        "/login", data={"csrf_token": found.group(1), "username": "bench_0", "password": PASSWORD}
    )
    if r.status_code != 303:
        raise RuntimeError(f"sign-in failed: HTTP {r.status_code}")


def items_in(response: httpx.Response) -> int | None:
    """How many posts or threads a page shows, to check the page is what we think it is."""
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        if "posts" in body and isinstance(body["posts"], dict):
            return len(body["posts"]["items"])
        if "items" in body:
            return len(body["items"])
        return None
    text = response.text
    return text.count('class="post status-') or text.count('<a class="title" href="/t/')


async def _request(
    client: httpx.AsyncClient, method: str, target: str, headers: dict[str, str]
) -> httpx.Response:
    if method == "GET":
        return await client.get(target, headers=headers)
    return await client.post(target, headers=headers, json=REPLY)


def check(name: str, method: str, response: httpx.Response, expect: int | None) -> str:
    """One look at a scenario's response before timing it; raises if it is not the page we mean."""
    wanted = 201 if method == "POST" else 200
    if response.status_code != wanted:
        raise RuntimeError(f"{name}: HTTP {response.status_code}, expected {wanted}")
    if method == "POST":
        status = response.json()["post"]["status"]
        if status != "published":
            raise RuntimeError(f"{name}: the reply was {status}, not published")
        return "published"
    shown = items_in(response)
    if expect is not None and shown != expect:
        raise RuntimeError(f"{name}: {shown} items on the page, expected {expect}")
    return f"{shown} items"


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


# --------------------------------------------------------------------------- load (separate process)


async def load(
    url: str, info: dict[str, Any], duration: float, concurrency: int
) -> list[dict[str, Any]]:
    results = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        await sign_in(client)
        for name, method, path, auth, expect in scenarios():
            target = path.format(**info)
            headers = {"Authorization": f"Bearer {info['token']}"} if auth == "token" else {}
            shape = check(name, method, await _request(client, method, target, headers), expect)
            wanted = 201 if method == "POST" else 200
            latencies: list[float] = []
            errors = 0
            deadline = time.perf_counter() + duration

            async def worker() -> None:
                nonlocal errors
                while time.perf_counter() < deadline:
                    t0 = time.perf_counter()
                    try:
                        r = await _request(client, method, target, headers)
                        ok = r.status_code == wanted
                    except httpx.HTTPError:
                        ok = False
                    latencies.append((time.perf_counter() - t0) * 1000)
                    errors += not ok

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            elapsed = time.perf_counter() - started
            s = sorted(latencies)
            results.append(
                {
                    "scenario": name,
                    "rps": len(s) / elapsed,
                    "p50": percentile(s, 50),
                    "p99": percentile(s, 99),
                    "requests": len(s),
                    "errors": errors,
                    "shape": shape,
                }
            )
    return results


# --------------------------------------------------------------------------- in-process: statements, time, plans


class _Statements(logging.Handler):
    """Keeps the statements of one request in memory (never printed: they carry values)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[tuple[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if len(args) == 2 and isinstance(args[0], str):
            self.seen.append((args[0], args[1]))


async def explain(kind: str, sql: str, values: Any) -> str:
    """The database's plan for one statement, squeezed onto a line (PostgreSQL: with its run time)."""
    from tortoise import Tortoise

    conn = Tortoise.get_connection("default")
    params = list(values or [])
    if kind == "postgres":
        _, rows = await conn.execute_query(
            "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) " + sql, params
        )
        lines = [next(iter(dict(r).values())) for r in rows]
        nodes = []
        for n, ln in enumerate(lines):
            if n and "->" not in ln:
                continue  # details (keys, filters), not plan nodes
            node = re.split(r"\s+\(actual|\s+\(never", ln.strip().removeprefix("->").strip())[0]
            rows = re.search(r"rows=(\d+) loops=(\d+)", ln)
            nodes.append(f"{node} [{int(rows[1]) * int(rows[2])} rows]" if rows else node)
        total = next(
            (ln.split(":")[1].strip() for ln in lines if ln.startswith("Execution Time")), "?"
        )
        rows_read = sum(
            int(m) for m in re.findall(r"Rows Removed by Filter: (\d+)", "\n".join(lines))
        )
        return f"{total}; {' > '.join(nodes)}" + (
            f"; {rows_read} rows filtered out" if rows_read else ""
        )
    _, rows = await conn.execute_query("EXPLAIN QUERY PLAN " + sql, params)
    return "; ".join(dict(r)["detail"] for r in rows)


REPEAT = 50


async def time_read(path: str, info: dict[str, Any]) -> float:
    """Median time of the domain query that fetches the page's rows, called directly (as the app does)."""
    from forum import pagination
    from forum.accounts.models import User
    from forum.spaces.models import Space
    from forum.threads import queries
    from forum.threads.models import Thread

    viewer = await User.get(username="bench_0")
    if "/spaces/" in path or path.startswith("/s/"):
        space = await Space.get(slug="common-ground")

        async def read() -> Any:
            return await queries.list_threads(viewer, space)
    else:
        thread = await Thread.get(id=info["long"] if "{long}" in path else info["page"])
        limit = 50 if "limit=50" in path else html_page_size()
        after = pagination.encode(info["mid_id"]) if "{mid}" in path else None
        last = "last=1" in path

        async def read() -> Any:
            return await queries.list_posts(viewer, thread, after=after, last=last, limit=limit)

    await read()
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        await read()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


async def in_process(kind: str, database_url: str, info: dict[str, Any]) -> list[dict[str, Any]]:
    from asgi_lifespan import LifespanManager
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from forum.app import create_app
    from forum.db import counting_queries
    from forum.settings import Settings

    EXECUTOR_CACHE.clear()
    settings = Settings(
        database_url=database_url,
        secret_key=SECRET,
        new_member_review=0,
        rate_limits=roomy_limits(),
    )
    app = create_app(settings, schema="none")
    out = []
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await sign_in(client)
            for name, method, path, auth, expect in scenarios():
                headers = {"Authorization": f"Bearer {info['token']}"} if auth == "token" else {}
                target = path.format(**info)
                check(name, method, await _request(client, method, target, headers), expect)  # warm
                statements = _Statements()
                sql_log = logging.getLogger("tortoise.db_client")
                with counting_queries() as counter:
                    sql_log.addHandler(statements)
                    try:
                        r = await _request(client, method, target, headers)
                    finally:
                        sql_log.removeHandler(statements)
                check(name, method, r, expect)
                times = []
                for _ in range(REPEAT):
                    t0 = time.perf_counter()
                    await _request(client, method, target, headers)
                    times.append((time.perf_counter() - t0) * 1000)
                read_ms = await time_read(path, info) if method == "GET" else None
                plan = ""
                table = "posts" if "{page}" in path or "{long}" in path else "threads"
                # The ORM quotes table names; the hand-written hot reads (forum.db.fetch) do not,
                # and the thread page's posts are one WITH statement.
                reads = [
                    (q, v)
                    for q, v in statements.seen
                    if q.lstrip().upper().startswith(("SELECT", "WITH"))
                    and "ORDER BY" in q
                    and re.search(rf'\bFROM\s+"?{table}"?(\s|$)', q)
                ]
                if method == "GET" and reads:
                    plan = await explain(kind, *reads[0])
                out.append(
                    {
                        "page": name,
                        "statements": counter.count,
                        "ms": statistics.median(times),
                        "read_ms": read_ms,
                        "plan": plan,
                    }
                )
    return out


# --------------------------------------------------------------------------- orchestration


def serve(database_url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSROADS_")}
    env.update(
        CROSSROADS_DATABASE_URL=database_url,
        CROSSROADS_SECRET_KEY=SECRET,
        CROSSROADS_SCHEMA="none",
        CROSSROADS_NEW_MEMBER_REVIEW="0",
        CROSSROADS_RATE_LIMITS=roomy_limits(),
        PYTHONUNBUFFERED="1",
    )
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "forum.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_up(base: str, process: subprocess.Popen[Any], log: Path, seconds: float = 60) -> None:
    """Wait until `base`/healthz answers 200; RuntimeError with the log's tail if the process
    exits or `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{base} did not come up:\n" + log.read_text()[-3000:])
        time.sleep(0.2)


def stop(process: subprocess.Popen[Any] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _pg(statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(f"{PG_BASE}/postgres")
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def machine() -> str:
    cpu = ""
    try:
        cpu = next(
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores{' (' + cpu + ')' if cpu else ''}, Python {platform.python_version()}, "
        f"load average {load} (1/5/15 min)"
    )


def run_one(kind: str, args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="crossroads-bench-"))
    pg_name = f"crossroads_bench_{uuid.uuid4().hex[:12]}"
    server: subprocess.Popen[bytes] | None = None
    created = False
    try:
        if kind == "sqlite":
            url = f"sqlite://{tmp / 'bench.sqlite3'}"
        else:
            asyncio.run(_pg(f'CREATE DATABASE "{pg_name}"'))
            created = True
            url = f"{PG_BASE}/{pg_name}"
        print(f"\n=== {kind}: {args.threads:,} threads and a {args.long:,}-post thread", flush=True)
        print(f"machine: {machine()}", flush=True)
        info = asyncio.run(seed(url, args.threads, args.long))
        if info["pending"]:
            print(
                f"schema: GENERATED from the models ({len(info['pending'])} model changes have no migration yet)"
            )
        else:
            print(f"schema: committed migrations, {info['schema_seconds']:.1f} s")
        print(
            f"seeded {info['threads']:,} threads, {info['posts']:,} posts, {MEMBERS} members "
            f"in {info['seconds']:.1f} s",
            flush=True,
        )

        port = free_port()
        log = tmp / "server.log"
        server = serve(url, port, log)
        base = f"http://127.0.0.1:{port}"
        wait_up(base, server, log)
        cases = len(scenarios())
        loader = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.forum_bench",
                "--load",
                base,
                "--duration",
                str(args.duration),
                "--concurrency",
                str(args.concurrency),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=cases * (args.duration + 60) + 60,
            env={
                **os.environ,
                INFO_ENV: json.dumps(info),
            },  # not on the command line: it holds a token
        )
        if loader.returncode != 0:
            raise RuntimeError(f"the load process failed:\n{loader.stderr[-3000:]}")
        results = json.loads(loader.stdout)
        stop(server)
        server = None

        print(
            f"\nLoad from a separate process on loopback: {args.concurrency} concurrent clients, "
            f"{args.duration:g} s per scenario, one server process ({kind})"
        )
        print(
            f"{'scenario':<34}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'requests':>10}  check"
        )
        for r in results:
            print(
                f"{r['scenario']:<34}{r['rps']:>8.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8}"
                f"{r['requests']:>10}  {r['shape']}"
            )

        pages = asyncio.run(in_process(kind, url, info))
        print(
            f"\nIn process (ASGI, no network, {kind}): SQL statements per request; 'page ms' median of "
            f"{REPEAT} requests; 'rows ms' median of {REPEAT} calls of the domain query that reads the "
            f"page's rows; the database's plan for that statement with these values"
        )
        print(f"{'request':<34}{'SQL':>5}{'page ms':>9}{'rows ms':>9}  plan of the rows statement")
        for p in pages:
            read = f"{p['read_ms']:.2f}" if p["read_ms"] is not None else ""
            print(f"{p['page']:<34}{p['statements']:>5}{p['ms']:>9.1f}{read:>9}  {p['plan']}")
        by_name = {p["page"]: p for p in pages}
        for skin in ("HTML", "API"):
            first = by_name[f"long thread, first page ({skin})"]
            last = by_name[f"long thread, last page ({skin})"]
            verdict = "same" if first["statements"] == last["statements"] else "DIFFERENT"
            print(
                f"{args.long:,}-post thread ({skin}): first page {first['statements']} statements, "
                f"{first['ms']:.1f} ms (rows {first['read_ms']:.2f} ms); last page {last['statements']} statements, "
                f"{last['ms']:.1f} ms (rows {last['read_ms']:.2f} ms) -> {verdict} statement count"
            )
        print(f"machine after the run: {machine()}", flush=True)
    finally:
        stop(server)
        if created:
            try:
                asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
            except Exception as exc:  # noqa: BLE001 - report, keep cleaning up
                print(f"could not drop database {pg_name}: {exc}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--long", type=int, default=20_000)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load per scenario")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--load", help=argparse.SUPPRESS)  # internal: run as the load process
    args = parser.parse_args()
    if args.load:
        print(
            json.dumps(
                asyncio.run(
                    load(
                        args.load, json.loads(os.environ[INFO_ENV]), args.duration, args.concurrency
                    )
                )
            )
        )
        return
    if args.long < 2 * 50 + 2 or args.threads < 1:
        parser.error(
            "--long must be at least 102 (first, middle and last pages differ) and --threads at least 1"
        )
    # A plain `kill` should clean up like Ctrl-C does: stop the server, drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for kind in ["sqlite", "postgres"] if args.database == "both" else [args.database]:
        run_one(kind, args)


if __name__ == "__main__":
    main()
