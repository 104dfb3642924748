"""Resource directory numbers: filtered listing latency and check-links throughput.

    .venv/bin/python bench/resources_bench.py [--database-url URL] [--resources 2000] [--links 300]

Lists run through the real app (httpx over ASGI) on a fresh database; the link check
runs against an HTTP server on 127.0.0.1 started here (one slow path answers after
50 ms, like a real site), never the internet.
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
from forum.settings import Settings  # noqa: E402

KINDS = ["workshop", "retreat", "program", "support-group", "practice", "counselor", "mediator",
         "financial-adviser", "attorney"]  # fmt: skip


async def _serve(delay: float) -> tuple[asyncio.base_events.Server, int]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        await asyncio.sleep(delay)  # a site's response time, not test timing
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    return server, server.sockets[0].getsockname()[1]


async def main(args: argparse.Namespace) -> None:
    from forum.resources.models import Audience, Resource, State

    url = args.database_url or f"sqlite://{tempfile.mkdtemp()}/bench.db"
    settings = Settings(
        database_url=url,
        redis_url=None,
        secret_key="bench-" + "x" * 32,
        env="development",
        rate_limits="",
        new_member_review=0,
    )
    app = create_app(settings, schema="generate")
    async with LifespanManager(app) as manager:
        await Resource.filter(key__isnull=False).update(state=State.ARCHIVED)
        audiences = [Audience.STAYING, Audience.LEAVING, Audience.BOTH]
        await Resource.bulk_create(
            [
                Resource(
                    title=f"Resource {i:05d}",
                    url=f"https://example.org/r/{i}",
                    description="Bench entry.",
                    kind=KINDS[i % len(KINDS)],
                    audience=audiences[i % 3],
                    location=f"Town {i % 50}",
                )
                for i in range(args.resources)
            ]
        )
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            cases = {
                "all, first page": {},
                "kind+path": {"kind": "retreat", "path": "staying"},
                "path, page 3": {"path": "leaving", "limit": 25},
                "location text": {"location": "town 7"},
                "directory page (HTML)": None,
            }
            print(f"{args.resources} resources on {url.split(':', 1)[0]}")
            for name, params in cases.items():
                times, queries = [], 0
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    with counting_queries() as counter:
                        if params is None:
                            r = await client.get("/resources", params={"path": "staying"})
                        elif name.startswith("path, page 3"):
                            cursor = None
                            for _ in range(3):
                                p = dict(params) | ({"cursor": cursor} if cursor else {})
                                r = await client.get("/api/v1/resources", params=p)
                                cursor = r.json()["next_cursor"]
                        else:
                            r = await client.get("/api/v1/resources", params=params)
                    times.append((time.perf_counter() - start) * 1000)
                    queries = counter.count
                    assert r.status_code == 200
                print(
                    f"  {name:<24} median {statistics.median(times):6.1f} ms  p95 "
                    f"{sorted(times)[int(len(times) * 0.95) - 1]:6.1f} ms  {queries} SQL"
                )

        from forum.resources.linkcheck import check_links

        server, port = await _serve(0.05)
        await Resource.filter(state=State.ACTIVE).update(state=State.ARCHIVED)
        await Resource.bulk_create(
            [
                Resource(
                    title=f"Link {i}",
                    url=f"http://127.0.0.1:{port}/{i}",
                    description="x",
                    kind="practice",
                )
                for i in range(args.links)
            ]
        )
        print(f"check-links: {args.links} links, each answering after 50 ms")
        for concurrency in (1, 8, 32):
            await Resource.filter(state=State.ACTIVE).update(last_checked_at=None)
            start = time.perf_counter()
            report = await check_links(concurrency=concurrency, timeout=5, trust_env=False)
            took = time.perf_counter() - start
            print(
                f"  concurrency {concurrency:>2}: {took:6.2f} s  ({report.checked / took:6.1f} links/s, "
                f"{report.ok} ok)"
            )
        server.close()
        await server.wait_closed()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--resources", type=int, default=2000)
    parser.add_argument("--links", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=30)
    asyncio.run(main(parser.parse_args()))
