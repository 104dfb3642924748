"""Crossroads's thread page against a bare Starlette app, in one run (issue 15, part 1).

    python -m bench.page_bench [--rounds 3] [--duration 8] [--connections 32] [--threads 2000]
                               [--replies 150] [--skip-workers]

What it does, on PostgreSQL (postgres://postgres@127.0.0.1:5432, a fresh database dropped
afterwards, also on failure or Ctrl-C):

1. seeds the forum (`bench.forum_bench.seed`: members, --threads threads, a long thread) and
   adds the page under test: a thread of 25 published posts of about 1.5 KB of HTML each, in
   common ground, and an AMA with 25 questions;
2. starts Crossroads (`crossroads serve`, one worker, every security header, the request log
   as configured by default, rate limits roomy) and the bare baseline (`bench.baseline_app`:
   Starlette + asyncpg + Jinja2, one query, one template, uvicorn, one worker) on the same
   database;
3. signs a reader in through the /login form and runs **wrk** (32 connections by default,
   loopback) against each app's page of that thread, in interleaved rounds (bare, Crossroads,
   Crossroads, bare, ...), printing per round and as medians: requests/second, p50/p99 latency
   and **CPU ms per request**, the app's (the server process and its children, from
   /proc/<pid>/stat) and PostgreSQL's (the backends serving that app, found through
   `pg_stat_activity`), and the ratios against the baseline (goals: >= 0.70x the baseline's
   req/s, <= 1.4x its CPU per request);
4. prints the largest resident set (RSS) of the Crossroads worker under load (goal < 150 MB),
   two workers against one on the same page (goal >= 1.8x; on a 2-core machine that also runs
   wrk and PostgreSQL the ceiling is well below that, so read it with the load line),
   the SQL statements per page (thread page, space list, AMA page), and the CPU ms per reply
   created through the API (goal <= 10 ms for a 1.5 KB post with screens, Markdown and
   sanitising, app + database).

Needs wrk (Debian: `apt-get install wrk`). Prints numbers; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench import forum_bench as fb

ROOT = fb.ROOT
TICK = os.sysconf("SC_CLK_TCK")
BASELINE_APP_NAME = "bare-baseline"
POSTS_ON_PAGE = 25


# --------------------------------------------------------------------------- content


def post_markdown(n: int) -> str:
    """About 1.5 KB of HTML once rendered: three paragraphs, emphasis, a list, a quote."""
    para = (
        "Some days are harder than others, and it helps to say so here. We talked again last night "
        "about whether to try counselling one more time, and it went better than I expected: he "
        "listened, I didn't raise my voice, and we agreed to sleep on it. "
    )
    return (
        f"Post {n}. {para}\n\n*What helped this week:*\n\n- a walk before the kids woke up\n"
        f"- writing things down before saying them\n- **not** checking his phone\n\n"
        f"> {para.strip()}\n\n{para}\n\n{para}\n\nThank you all for reading, truly. It means more than I can say."
    )


async def add_page_content(url: str) -> dict[str, Any]:
    """Add the 25-post thread and the 25-question AMA; return their ids and the HTML size."""
    from forum.accounts.models import User
    from forum.amas.models import Ama, AmaQuestion
    from forum.app import default_plugins
    from forum.registry import build_registry
    from forum.settings import Settings
    from forum.spaces.models import Space
    from forum.startup import started
    from forum.text import RENDER_VERSION, render_markdown
    from forum.threads.models import Post, PostStatus, Thread

    settings = Settings(
        database_url=url, secret_key=fb.SECRET, new_member_review=0, rate_limits=fb.roomy_limits()
    )
    app_up = started(settings, build_registry(default_plugins()), schema="none")  # forum.startup
    await app_up.__aenter__()
    try:
        users = await User.filter(username__startswith="bench_").order_by("id")
        space = await Space.get(slug="common-ground")
        now = datetime.now(UTC) - timedelta(hours=3)
        thread = await Thread.create(
            space_id=space.id,
            author_id=users[1].id,
            title="The page under test",
            status=PostStatus.PUBLISHED,
            created_at=now,
            last_post_at=now + timedelta(minutes=POSTS_ON_PAGE - 1),
            reply_count=POSTS_ON_PAGE - 1,
        )
        sizes = []
        for k in range(POSTS_ON_PAGE):
            md = post_markdown(k)
            html = render_markdown(md)
            sizes.append(len(html.encode()))
            await Post.create(
                thread_id=thread.id,
                author_id=users[(k + 1) % len(users)].id,
                is_first=k == 0,
                body_md=md,
                body_html=html,
                render_version=RENDER_VERSION,
                status=PostStatus.PUBLISHED,
                created_at=now + timedelta(minutes=k),
                published_at=now + timedelta(minutes=k),
            )
        for u in users:
            await User.filter(id=u.id).update(
                published_posts=await Post.filter(
                    author_id=u.id, status=PostStatus.PUBLISHED
                ).count()
            )
        host = users[2]
        await User.filter(id=host.id).update(roles=["therapist"])
        desc = "Ask me about deciding together when you want different things."
        ama = await Ama.create(
            title="Deciding together",
            description=desc,
            description_html=f"<p>{desc}</p>",
            host_id=host.id,
            space_id=space.id,
            starts_at=now,
            ends_at=now + timedelta(days=1),
            created_by_id=host.id,
        )
        for k in range(POSTS_ON_PAGE):
            q = f"Question {k}: how do we talk about the future without it turning into a fight?"
            await AmaQuestion.create(
                ama_id=ama.id,
                author_id=users[(k + 3) % len(users)].id,
                body_md=q,
                body_html=f"<p>{q}</p>",
                vote_count=k % 7,
            )
        return {"thread": thread.id, "ama": ama.id, "post_bytes": statistics.median(sizes)}
    finally:
        await app_up.__aexit__(None, None, None)


async def analyze(url: str) -> None:
    """ANALYZE the bench database after the bulk load, as autovacuum would soon do."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


# --------------------------------------------------------------------------- /proc


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds user+system) of a live process, or None."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def tree(root: int) -> list[int]:
    """The process and all its descendants (the offload pool's workers included)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (st := _stat(int(entry.name))) is not None:
            parents.setdefault(st[0], []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, []))
    return out


def cpu_of(pids: list[int]) -> dict[int, float]:
    return {pid: st[1] for pid in pids if (st := _stat(pid)) is not None}


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def _backends(db: str) -> dict[str, list[int]]:
    """PostgreSQL backend pids serving the bench database, by application (baseline or Crossroads)."""
    import asyncpg

    conn = await asyncpg.connect(f"{fb.PG_BASE}/postgres")
    try:
        rows = await conn.fetch(
            "SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1", db
        )
    finally:
        await conn.close()
    out: dict[str, list[int]] = {"bare": [], "crossroads": []}
    for r in rows:
        out["bare" if r["application_name"] == BASELINE_APP_NAME else "crossroads"].append(r["pid"])
    return out


class Meter:
    """CPU seconds spent by an app's process tree and its PostgreSQL backends between two readings."""

    def __init__(self, app_pid: int, db: str, which: str) -> None:
        self.app_pid, self.db, self.which = app_pid, db, which

    def read(self) -> tuple[dict[int, float], dict[int, float]]:
        backends = asyncio.run(_backends(self.db))[self.which]
        return cpu_of(tree(self.app_pid)), cpu_of(backends)

    @staticmethod
    def spent(before: dict[int, float], after: dict[int, float]) -> float:
        return sum(v - before.get(pid, 0.0) for pid, v in after.items())


# --------------------------------------------------------------------------- wrk


def wrk(url: str, seconds: float, connections: int, cookie: str | None) -> dict[str, float]:
    """One wrk run; requests/second, p50/p99 in ms, requests, non-2xx responses."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        return float(m[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m[2]]

    requests = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),  # type: ignore[index]
        "p50": ms("50%"),
        "p99": ms("99%"),
        "requests": requests,
        "bad": int(bad[1]) if bad else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


def measured(
    url: str,
    meter: Meter,
    seconds: float,
    connections: int,
    cookie: str | None,
    rss_pid: int | None = None,
) -> dict[str, float]:
    """wrk against one app with its CPU (app + database) per request and, optionally, peak RSS."""
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while rss_pid and not done.wait(0.25):
            peak[0] = max(peak[0], sum(rss_mb(p) for p in [rss_pid]))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    app0, db0 = meter.read()
    result = wrk(url, seconds, connections, cookie)
    app1, db1 = meter.read()
    done.set()
    sampler.join()
    n = max(result["requests"], 1)
    result["app_ms"] = Meter.spent(app0, app1) * 1000 / n
    result["db_ms"] = Meter.spent(db0, db1) * 1000 / n
    result["cpu_ms"] = result["app_ms"] + result["db_ms"]
    result["rss_mb"] = peak[0]
    return result


# --------------------------------------------------------------------------- servers


def start_baseline(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BASELINE_DATABASE_URL": f"{url}?application_name={BASELINE_APP_NAME}",
        "PYTHONUNBUFFERED": "1",
    }
    with open(log, "wb") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.baseline_app:app",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def start_crossroads(url: str, port: int, log: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    """`crossroads serve` as a deployment runs it: CROSSROADS_ENV=production (no template reloading,
    Secure cookies), roomy rate limits; two or more workers share the machine's Redis."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSROADS_")}
    env.update(
        CROSSROADS_DATABASE_URL=url,
        CROSSROADS_SECRET_KEY=fb.SECRET,
        CROSSROADS_SCHEMA="none",
        CROSSROADS_NEW_MEMBER_REVIEW="0",
        CROSSROADS_RATE_LIMITS=fb.roomy_limits(),
        CROSSROADS_ENV="production",
        PYTHONUNBUFFERED="1",
    )
    if workers > 1:
        env["CROSSROADS_REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    with open(log, "wb") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "forum.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _cookies(response: httpx.Response, jar: dict[str, str]) -> None:
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def session_cookie(base: str) -> str:
    """Sign bench_0 in through the /login form; the Cookie header to send. Cookies are carried by
    hand: in production they are Secure, and a client keeps Secure cookies off plain http."""
    jar: dict[str, str] = {}
    with httpx.Client(base_url=base, timeout=10) as client:
        page = client.get("/login")
        _cookies(page, jar)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if found is None:
            raise RuntimeError(f"no CSRF token on /login (HTTP {page.status_code})")
        r = client.post(
            "/login",
            data={"csrf_token": found.group(1), "username": "bench_0", "password": fb.PASSWORD},
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())},
        )
        if r.status_code != 303:
            raise RuntimeError(f"sign-in failed: HTTP {r.status_code}")
        _cookies(r, jar)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def page_check(url: str, cookie: str | None) -> int:
    """Fetch the page once: its size in bytes; fails unless it shows the 25 posts."""
    r = httpx.get(url, headers={"Cookie": cookie} if cookie else {}, timeout=10)
    posts = len(re.findall(r'<article class="post\b', r.text))
    if r.status_code != 200 or posts != POSTS_ON_PAGE:
        raise RuntimeError(f"{url}: HTTP {r.status_code}, {posts} posts on the page")
    return len(r.content)


def profile(
    pid: int, url: str, seconds: float, connections: int, cookie: str | None, top: int = 25
) -> str:
    """Sample the server with py-spy while wrk loads it; the top frames by own and total share.

    py-spy is a development tool (`pip install py-spy`), not a dependency: without it this says so.
    Frames are `function (file:line)`; the share is of samples where the server was on the CPU."""
    import collections
    import shutil

    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        return "(py-spy is not installed: pip install py-spy)"
    raw = Path(tempfile.mkstemp(suffix=".txt")[1])
    rec = subprocess.Popen(
        [
            spy,
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(int(seconds)),
            "--rate",
            "250",
            "--format",
            "raw",
            "--nonblocking",
            "--output",
            str(raw),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wrk(url, seconds, connections, cookie)
    rec.wait(timeout=seconds + 30)
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [
            f.split(" (")[0] + " (" + f.split(" (")[-1].split("/")[-1]
            for f in stack.split(";")
            if f
        ]
        if not frames or "select" in frames[-1] or "epoll" in frames[-1]:
            continue  # waiting, not working
        n = int(count)
        samples += n
        own[frames[-1]] += n
        for f in set(frames):
            total[f] += n
    raw.unlink()
    if not samples:
        return "(no samples)"
    interesting = [
        (f, n)
        for f, n in total.most_common()
        if not any(
            k in f
            for k in (
                "asyncio",
                "runners.py",
                "events.py",
                "base_events",
                "<module>",
                "uvicorn",
                "_run",
            )
        )
    ]
    lines = [f"  own  {n / samples:6.1%}  {f}" for f, n in own.most_common(top)]
    lines += [f"  total {n / samples:6.1%}  {f}" for f, n in interesting[:top]]
    return f"{samples} samples on the CPU\n" + "\n".join(lines)


# --------------------------------------------------------------------------- in process


async def statements(url: str, info: dict[str, Any]) -> list[tuple[str, int, int]]:
    """SQL statements per page (thread page, space list, AMA page), signed in, in process."""
    from asgi_lifespan import LifespanManager
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from forum.app import create_app
    from forum.db import counting_queries
    from forum.settings import Settings

    EXECUTOR_CACHE.clear()
    settings = Settings(
        database_url=url, secret_key=fb.SECRET, new_member_review=0, rate_limits=fb.roomy_limits()
    )
    app = create_app(settings, schema="none")
    out = []
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await fb.sign_in(client)
            for name, path in (
                ("thread page, 25 posts", f"/t/{info['thread']}"),
                ("space thread list", "/s/common-ground"),
                ("AMA page, 25 questions", f"/amas/{info['ama']}"),
            ):
                await client.get(path)
                with counting_queries() as counter:
                    r = await client.get(path)
                out.append((name, r.status_code, counter.count))
    return out


def replies(base: str, token: str, thread_id: int, count: int, meter: Meter) -> dict[str, float]:
    """Create `count` replies of ~1.5 KB through the API, one after another; CPU ms per reply."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        r = client.post(
            f"/api/v1/threads/{thread_id}/posts", json={"body": post_markdown(-1)}
        )  # warm the pool
        if r.status_code != 201:
            raise RuntimeError(f"reply: HTTP {r.status_code} {r.text[:300]}")
        app0, db0 = meter.read()
        t0 = time.perf_counter()
        for k in range(count):
            r = client.post(
                f"/api/v1/threads/{thread_id}/posts", json={"body": post_markdown(1000 + k)}
            )
            if r.status_code != 201:
                raise RuntimeError(f"reply: HTTP {r.status_code} {r.text[:300]}")
        wall = time.perf_counter() - t0
        app1, db1 = meter.read()
    main0, main1 = (
        {meter.app_pid: app0.get(meter.app_pid, 0.0)},
        {meter.app_pid: app1.get(meter.app_pid, 0.0)},
    )
    return {
        "app_ms": Meter.spent(app0, app1) * 1000 / count,
        "db_ms": Meter.spent(db0, db1) * 1000 / count,
        "main_ms": Meter.spent(main0, main1) * 1000 / count,
        "wall_ms": wall * 1000 / count,
    }


# --------------------------------------------------------------------------- orchestration


def med(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def run(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="crossroads-page-bench-"))
    db = f"crossroads_bench_{uuid.uuid4().hex[:12]}"
    url = f"{fb.PG_BASE}/{db}"
    procs: list[subprocess.Popen[bytes]] = []
    asyncio.run(fb._pg(f'CREATE DATABASE "{db}"'))
    try:
        print(f"machine: {fb.machine()}", flush=True)
        seeded = asyncio.run(fb.seed(url, args.threads, 102))
        info = asyncio.run(add_page_content(url))
        print(
            f"seeded {seeded['threads']:,} threads, {seeded['posts']:,} posts; the page: {POSTS_ON_PAGE} posts "
            f"of {info['post_bytes']:,.0f} bytes of HTML each (median)",
            flush=True,
        )
        asyncio.run(analyze(url))

        cr_port, bare_port = fb.free_port(), fb.free_port()
        cr_log, bare_log = tmp / "crossroads.log", tmp / "bare.log"
        cr = start_crossroads(url, cr_port, cr_log)
        procs.append(cr)
        bare = start_baseline(url, bare_port, bare_log)
        procs.append(bare)
        cr_base, bare_base = f"http://127.0.0.1:{cr_port}", f"http://127.0.0.1:{bare_port}"
        fb.wait_up(cr_base, cr, cr_log)
        fb.wait_up(bare_base, bare, bare_log)
        cookie = session_cookie(cr_base)
        cr_url, bare_url = f"{cr_base}/t/{info['thread']}", f"{bare_base}/t/{info['thread']}"
        cr_bytes, bare_bytes = page_check(cr_url, cookie), page_check(bare_url, None)
        print(
            f"page weight: Crossroads {cr_bytes:,} bytes (signed in), baseline {bare_bytes:,} bytes",
            flush=True,
        )
        meters = {
            "bare": Meter(bare.pid, db, "bare"),
            "crossroads": Meter(cr.pid, db, "crossroads"),
        }
        targets = {"bare": (bare_url, None), "crossroads": (cr_url, cookie)}
        for u, c in targets.values():  # warm both: pools, template caches
            wrk(u, 2, args.connections, c)

        results: dict[str, list[dict[str, float]]] = {"bare": [], "crossroads": []}
        print(
            f"\nwrk, {args.connections} connections, {args.duration:g} s a run, loopback, one worker each; "
            f"rounds interleaved",
            flush=True,
        )
        print(
            f"{'round':<7}{'app':<12}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}"
            f"{'app':>8}{'db':>8}{'non-2xx':>9}"
        )
        for rnd in range(args.rounds):
            order = ["bare", "crossroads"] if rnd % 2 == 0 else ["crossroads", "bare"]
            for name in order:
                u, c = targets[name]
                r = measured(
                    u,
                    meters[name],
                    args.duration,
                    args.connections,
                    c,
                    rss_pid=cr.pid if name == "crossroads" else None,
                )
                results[name].append(r)
                print(
                    f"{rnd + 1:<7}{name:<12}{r['rps']:>8.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['cpu_ms']:>12.2f}"
                    f"{r['app_ms']:>8.2f}{r['db_ms']:>8.2f}{r['bad'] + r['socket_errors']:>9}",
                    flush=True,
                )

        b, c_ = results["bare"], results["crossroads"]
        print("\nmedians over the rounds")
        for name, rows in results.items():
            print(
                f"  {name:<11} {med(rows, 'rps'):>7.0f} req/s  p50 {med(rows, 'p50'):.1f} ms  "
                f"p99 {med(rows, 'p99'):.1f} ms  CPU {med(rows, 'cpu_ms'):.2f} ms/req "
                f"(app {med(rows, 'app_ms'):.2f}, PostgreSQL {med(rows, 'db_ms'):.2f})"
            )
        rps_ratio = med(c_, "rps") / med(b, "rps")
        cpu_ratio = med(c_, "cpu_ms") / med(b, "cpu_ms")
        print(
            f"  Crossroads / baseline: req/s {rps_ratio:.2f}x (goal >= 0.70x), "
            f"CPU per request {cpu_ratio:.2f}x (goal <= 1.4x)"
        )
        print(
            f"  Crossroads worker RSS under load: {max(r['rss_mb'] for r in c_):.0f} MB (goal < 150 MB)"
        )

        if args.profile:
            print("\nprofile of the Crossroads worker under the same load (py-spy)")
            print(profile(cr.pid, cr_url, args.duration, args.connections, cookie), flush=True)

        stmts = asyncio.run(statements(url, info))
        print("\nSQL statements per page, signed in (in process)")
        for name, status, count in stmts:
            print(f"  {name:<26} HTTP {status}  {count} statements")

        rep = replies(cr_base, seeded["token"], seeded["page"], args.replies, meters["crossroads"])
        print(
            f"\nreplies through the API ({args.replies}, ~1.5 KB Markdown, one after another): "
            f"CPU {rep['app_ms'] + rep['db_ms']:.2f} ms per reply (app {rep['app_ms']:.2f}: worker "
            f"{rep['main_ms']:.2f} + offload pool {rep['app_ms'] - rep['main_ms']:.2f}; PostgreSQL "
            f"{rep['db_ms']:.2f}; goal <= 10), {rep['wall_ms']:.1f} ms wall each"
        )

        fb.stop(bare)
        if not args.skip_workers:
            two_port = fb.free_port()
            two_log = tmp / "two.log"
            two = start_crossroads(url, two_port, two_log, workers=2)
            procs.append(two)
            two_base = f"http://127.0.0.1:{two_port}"
            fb.wait_up(two_base, two, two_log)
            two_cookie = session_cookie(two_base)
            two_url = f"{two_base}/t/{info['thread']}"
            page_check(two_url, two_cookie)
            wrk(two_url, 2, args.connections, two_cookie)
            ones, twos = [], []
            for _ in range(args.rounds):
                ones.append(wrk(cr_url, args.duration, args.connections, cookie)["rps"])
                twos.append(wrk(two_url, args.duration, args.connections, two_cookie)["rps"])
            print(
                f"\ntwo workers against one (thread page, interleaved): {statistics.median(twos):.0f} vs "
                f"{statistics.median(ones):.0f} req/s = {statistics.median(twos) / statistics.median(ones):.2f}x "
                f"(goal >= 1.8x; {os.cpu_count()} cores shared with wrk and PostgreSQL)"
            )
        print(f"\nmachine after the run: {fb.machine()}", flush=True)
    finally:
        for p in procs:
            fb.stop(p)
        try:
            asyncio.run(fb._pg(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        except Exception as exc:  # noqa: BLE001 - report, keep cleaning up
            print(f"could not drop database {db}: {exc}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2000, help="threads seeded besides the page")
    parser.add_argument("--replies", type=int, default=150, help="replies created through the API")
    parser.add_argument("--skip-workers", action="store_true", help="skip the two-workers run")
    parser.add_argument(
        "--profile", action="store_true", help="sample the Crossroads worker with py-spy"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run(args)


if __name__ == "__main__":
    main()
