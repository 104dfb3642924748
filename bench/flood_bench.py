"""One member flooding the worst bodies we know: do /healthz and a thread page stay fast?

Runs `crossroads serve` (one worker process, plus its pool of render/screen worker processes) on a
fresh SQLite database. One member floods the draft screen and the reply endpoint with the worst
20 KB bodies we know (FLOOD_BODIES: quadratic-before-the-fix linkify, emphasis runs, a wide table,
the personal-data screen's worst case, code spans), as fast as the server answers, from
CONCURRENCY connections; meanwhile a second member times /healthz and a thread page (the HTML
page /t/{id}, signed in, 7 posts). Prints p50/p99/max for each, quiet and flooded, and what the
flood got (accepted / refused by the limit / refused as too complex).

--limits production (the default) keeps the built-in rate limits, so most of the flood is refused
(what a refusal costs is what is measured); --limits off lifts them (CROSSROADS_RATE_LIMITS with
huge allowances), so every flood request does its full work: the worst case for the pool.

The flooding client runs in a separate process at the lowest CPU priority (--client-priority low,
the default), standing in for a machine elsewhere: on a 2-core box its own CPU would otherwise be
taken from the server under test.

Usage: python -m bench.flood_bench [--seconds 20] [--concurrency 8] [--limits production|off]
                                   [--client-priority low|same]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.live import live_server  # noqa: E402

PASSWORD = "a long passphrase here"
FLOOD_BODIES = [
    ("http://a." * 2222)[:20_000],
    ("*a" * 10_000)[:20_000],
    ("|a" * 3000 + "\n" + "|-" * 3000 + "\n" + "|a" * 3000)[:20_000],
    ("a dot " * 3300 + "at x")[:20_000],
    ("`a" * 10_000)[:20_000],
]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(name: str, values: list[float]) -> str:
    return (
        f"{name}: n={len(values)} p50 {statistics.median(values):.1f} ms, p99 {pct(values, 99):.1f} ms, "
        f"max {max(values):.1f} ms"
    )


async def probe(
    http: httpx.AsyncClient, url: str, seconds: float, headers: dict[str, str]
) -> list[float]:
    out: list[float] = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        r = await http.get(url, headers=headers)
        out.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, (url, r.status_code)
        await asyncio.sleep(0.02)
    return out


async def flood(
    url: str, flooder: dict[str, str], thread_id: int, concurrency: int, seconds: float
) -> Counter[str]:
    """CONCURRENCY connections, each sending the next worst body as soon as the last is answered,
    alternating the draft screen and a reply; returns what came back."""
    outcomes: Counter[str] = Counter()
    end = time.perf_counter() + seconds

    async def one(i: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=120) as own:
            n = i
            while time.perf_counter() < end:
                body = FLOOD_BODIES[n % len(FLOOD_BODIES)]
                n += 1
                if n % 2:
                    r = await own.post(
                        "/api/v1/drafts/screen", headers=flooder, json={"body": body}
                    )
                    kind = "draft screen"
                else:
                    r = await own.post(
                        f"/api/v1/threads/{thread_id}/posts", headers=flooder, json={"body": body}
                    )
                    kind = "reply"
                code = r.json().get("error", {}).get("code", "ok") if r.status_code >= 400 else "ok"
                outcomes[f"{kind} {r.status_code} {code}"] += 1

    await asyncio.gather(*(one(i) for i in range(concurrency)))
    return outcomes


def flood_main(
    url: str,
    flooder: dict[str, str],
    thread_id: int,
    concurrency: int,
    seconds: float,
    nice_client: bool,
    results: Any,
) -> None:
    """The flooding client's process (see `run`)."""
    if nice_client:
        os.nice(19)
    results.put(asyncio.run(flood(url, flooder, thread_id, concurrency, seconds)))


def no_limits() -> str:
    from forum.ratelimit import DEFAULT_POLICIES

    return ";".join(f"{name}=1000000/60s" for name in DEFAULT_POLICIES)


async def sign_in(http: httpx.AsyncClient, username: str) -> None:
    """A browser's sign-in: the session cookie stays in `http`."""
    form = await http.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    r = await http.post(
        "/login", data={"csrf_token": token, "username": username, "password": PASSWORD}
    )
    assert r.status_code in (200, 303), r.status_code


async def run(seconds: float, concurrency: int, limits: str, nice_client: bool, tmp: Path) -> None:
    env = {"CROSSROADS_RATE_LIMITS": no_limits()} if limits == "off" else {}
    with live_server(tmp, env, args=("--workers", "1")) as server:
        async with (
            httpx.AsyncClient(base_url=server.url, timeout=120) as http,
            httpx.AsyncClient(base_url=server.url, timeout=120) as browser,
        ):

            async def signup(name: str) -> dict[str, str]:
                r = await http.post(
                    "/api/v1/auth/register",
                    json={"username": name, "password": PASSWORD, "path": "undecided"},
                )
                assert r.status_code == 201, r.text
                r = await http.post(
                    "/api/v1/auth/tokens", json={"username": name, "password": PASSWORD}
                )
                return {"Authorization": f"Bearer {r.json()['token']}"}

            reader, flooder = await signup("calm_reader"), await signup("flooder")
            r = await http.post(
                "/api/v1/spaces/common-ground/threads",
                headers=reader,
                json={"title": "A quiet thread", "body": "Hello. " * 200},
            )
            thread_id = r.json()["thread"]["id"]
            writer = await signup("kind_writer")
            for i in range(6):  # within a new member's reply limit (3 a minute each)
                r = await http.post(
                    f"/api/v1/threads/{thread_id}/posts",
                    headers=writer if i % 2 else reader,
                    json={
                        "body": f"Reply {i}: *small* steps, [a link](https://example.org/{i}). "
                        * 20
                    },
                )
                assert r.status_code == 201, r.text
            await sign_in(browser, "calm_reader")
            page = f"/t/{thread_id}"
            assert (await browser.get(page)).status_code == 200

            quiet_health = await probe(http, "/healthz", seconds / 2, {})
            quiet_page = await probe(browser, page, seconds / 2, {})

            # The flooding client runs in its own process at the lowest CPU priority: it stands in
            # for a machine elsewhere (on a 2-core box its own CPU would otherwise be taken from the
            # server, which measures the client, not the server). --client-priority same turns that off.
            context = multiprocessing.get_context("spawn")
            results = context.Queue()
            flood_process = context.Process(
                target=flood_main,
                args=(
                    server.url,
                    flooder,
                    thread_id,
                    concurrency,
                    seconds + 2,
                    nice_client,
                    results,
                ),
            )
            flood_process.start()
            await asyncio.sleep(1.5)
            busy_health, busy_page = await asyncio.gather(
                probe(http, "/healthz", seconds, {}), probe(browser, page, seconds, {})
            )
            outcomes = await asyncio.to_thread(results.get)
            await asyncio.to_thread(flood_process.join)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load:.1f} before the run ended; one server worker "
        f"(+ its render/screen pool), SQLite; {concurrency} flood connections "
        f"({'a separate low-priority process' if nice_client else 'same priority'}); rate limits {limits}"
    )
    print(
        "quiet:   " + summary("/healthz", quiet_health) + " | " + summary("thread page", quiet_page)
    )
    print(
        "flooded: " + summary("/healthz", busy_health) + " | " + summary("thread page", busy_page)
    )
    print(
        "goal: p99 under 100 ms while flooded -> "
        + ("met" if pct(busy_health, 99) < 100 and pct(busy_page, 99) < 100 else "NOT met")
    )
    print("what the flood got: " + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--limits", choices=["production", "off"], default="production")
    parser.add_argument(
        "--client-priority",
        choices=["low", "same"],
        default="low",
        help="the flooding client's CPU priority (low stands in for a machine elsewhere)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(
            run(
                args.seconds,
                args.concurrency,
                args.limits,
                args.client_priority == "low",
                Path(tmp),
            )
        )


if __name__ == "__main__":
    main()
