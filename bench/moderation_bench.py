"""Moderation numbers: the queue with many items, and reports and claims arriving at once.

    .venv/bin/python bench/moderation_bench.py [--database-url URL] [--open 2000] [--resolved 20000]

Runs the real app (httpx over ASGI) on a fresh database (give an empty one with
--database-url; the default is a temporary SQLite file). Prints the median and p95
time and the SQL statements per request for the queue (API and page), the counts
per kind, an item page; then the time for N members reporting one post at the same
moment (they must fold into one item) and M moderators claiming one item (exactly
one must win).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from asgi_lifespan import LifespanManager  # noqa: E402

from forum.app import create_app  # noqa: E402
from forum.db import counting_queries  # noqa: E402
from forum.ratelimit import DEFAULT_POLICIES  # noqa: E402
from forum.settings import Settings  # noqa: E402

PASSWORD = "a long bench passphrase"
PRIORITIES = [100, 80, 60, 40, 30, 20, 15, 10]
KINDS = [
    "flagged_post",
    "held_post",
    "report",
    "held_post",
    "held_post",
    "flagged_post",
    "report",
    "report",
]


async def _member(
    name: str, path: str = "staying", roles: list[str] | None = None
) -> dict[str, str]:
    from forum.accounts import actions

    user = await actions.register(name, PASSWORD, path, roles=roles)
    token = await actions.create_token(user)
    return {"Authorization": f"Bearer {token.value}"}


async def _timed(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], repeat: int
) -> tuple[list[float], int]:
    times, queries = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        with counting_queries() as counter:
            r = await client.get(url, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        queries = counter.count
        assert r.status_code == 200, (url, r.status_code, r.text[:200])
    return times, queries


def _line(name: str, times: list[float], queries: int) -> str:
    p95 = sorted(times)[max(int(len(times) * 0.95) - 1, 0)]
    return (
        f"  {name:<34} median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  {queries} SQL"
    )


async def main(args: argparse.Namespace) -> None:
    from moderation.models import ItemStatus, QueueItem

    url = args.database_url or f"sqlite://{tempfile.mkdtemp()}/bench.db"
    settings = Settings(
        database_url=url,
        redis_url=None,
        secret_key="bench-" + "x" * 32,
        env="development",
        rate_limits=";".join(
            f"{name}=100000/60s" for name in DEFAULT_POLICIES
        ),  # measure, not limit
        new_member_review=0,
    )
    app = create_app(settings, schema="generate")
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            author = await _member("bench_author")
            mod = await _member("bench_mod", roles=["moderator"])
            r = await client.post(
                "/api/v1/spaces/staying/threads",
                headers=author,
                json={"title": "Bench thread", "body": "The first post."},
            )
            thread_id = r.json()["thread"]["id"]
            post_ids = []
            for i in range(60):
                r = await client.post(
                    f"/api/v1/threads/{thread_id}/posts",
                    headers=author,
                    json={"body": f"Reply number {i}, an ordinary day."},
                )
                post_ids.append(r.json()["post"]["id"])

            # Queue items: the first 60 open ones point at real posts, the rest at ids far away.
            rows = []
            for i in range(args.open):
                subject = post_ids[i] if i < len(post_ids) else 10_000_000 + i
                rows.append(
                    QueueItem(
                        kind=KINDS[i % len(KINDS)],
                        subject_type="post",
                        subject_id=subject,
                        open_key=f"post:{subject}",
                        priority=PRIORITIES[i % len(PRIORITIES)],
                        reasons=["bench"],
                        space_slug="staying",
                        crisis=i % 8 == 0,
                    )
                )
            for i in range(args.resolved):
                rows.append(
                    QueueItem(
                        kind="report",
                        subject_type="post",
                        subject_id=20_000_000 + i,
                        open_key=None,
                        priority=PRIORITIES[i % len(PRIORITIES)],
                        reasons=["bench"],
                        status=ItemStatus.RESOLVED,
                        resolution="dismiss",
                    )
                )
            for start in range(0, len(rows), 2000):
                await QueueItem.bulk_create(rows[start : start + 2000])
            first = await QueueItem.filter(subject_id=post_ids[0]).first()
            assert first is not None

            print(
                f"{args.open} open + {args.resolved} resolved queue items on {url.split(':', 1)[0]}"
            )
            await _sign_in(client)  # pages use the cookie session; API calls send the bearer token
            for name, target in [
                ("API queue, first page (50)", "/api/v1/moderation/queue?limit=50"),
                ("API queue, kind=report", "/api/v1/moderation/queue?kind=report&limit=50"),
                ("API queue counts", "/api/v1/moderation/queue/counts"),
                ("queue page (HTML)", "/moderation"),
                ("item page (HTML)", f"/moderation/items/{first.id}"),
                ("API log (50)", "/api/v1/moderation/log?limit=50"),
            ]:
                headers = mod if target.startswith("/api/") else {}
                times, queries = await _timed(client, target, headers, args.repeat)
                print(_line(name, times, queries))

            # Concurrent reports on one post: one item, every report kept.
            reporters = [await _member(f"bench_rep_{n}", "staying") for n in range(args.reporters)]
            target_post = post_ids[-1]
            await QueueItem.filter(subject_id=target_post).update(
                open_key=None, status=ItemStatus.RESOLVED
            )
            start = time.perf_counter()
            results = await asyncio.gather(
                *(
                    client.post(
                        f"/api/v1/posts/{target_post}/reports",
                        headers=h,
                        json={"reason": "harassment", "note": ""},
                    )
                    for h in reporters
                )
            )
            took = (time.perf_counter() - start) * 1000
            assert all(r.status_code == 201 for r in results), {r.status_code for r in results}
            open_items = await QueueItem.filter(
                subject_id=target_post, open_key__isnull=False
            ).count()
            print(
                f"  {args.reporters} reports on one post at once:  {took:7.1f} ms total, "
                f"{open_items} open item (must be 1)"
            )

            mods = [
                await _member(f"bench_mod_{n}", "staying", roles=["moderator"])
                for n in range(args.claimers)
            ]
            item = await QueueItem.get(subject_id=target_post, open_key__isnull=False)
            start = time.perf_counter()
            results = await asyncio.gather(
                *(client.post(f"/api/v1/moderation/queue/{item.id}/claim", headers=h) for h in mods)
            )
            took = (time.perf_counter() - start) * 1000
            codes = sorted(r.status_code for r in results)
            print(
                f"  {args.claimers} moderators claim one item at once: {took:7.1f} ms total, "
                f"{codes.count(200)} won, {codes.count(409)} got 409 (must be 1 and {args.claimers - 1})"
            )


async def _sign_in(client: httpx.AsyncClient) -> None:
    """Sign the bench moderator in through the login form (the client keeps the session cookie)."""
    import re

    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, "no CSRF token on /login"
    r = await client.post(
        "/login", data={"csrf_token": token.group(1), "username": "bench_mod", "password": PASSWORD}
    )
    assert r.status_code in (200, 302, 303), r.status_code


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--open", type=int, default=2000)
    parser.add_argument("--resolved", type=int, default=20000)
    parser.add_argument("--reporters", type=int, default=40)
    parser.add_argument("--claimers", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=30)
    asyncio.run(main(parser.parse_args()))
