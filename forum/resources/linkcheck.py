"""Checking every listed resource's link: bounded concurrency, timeouts, HEAD then GET.

`check_links` is what `crossroads check-links` runs; tests call it against HTTP
servers they start themselves.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from forum.resources import actions
from forum.resources.models import Resource, State

USER_AGENT = "Crossroads-link-check/1 (+resource directory upkeep)"
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Outcome:
    resource_id: int
    url: str
    ok: bool
    status: (
        str  # "200", "404", "timeout", "connection failed: …"; redirects as "301 -> 200 https://…"
    )


@dataclass
class Report:
    checked: int = 0
    ok: int = 0
    failed: list[Outcome] = field(default_factory=list)
    newly_broken: int = 0
    restored: int = 0


async def probe(client: httpx.AsyncClient, url: str) -> tuple[bool, str]:
    """(ok, status) for one URL: HEAD first; GET when HEAD is refused or errors (not on a timeout)."""
    try:
        response = await client.head(url)
        if response.status_code < 400:
            return True, _describe(response)
    except httpx.TimeoutException:
        return False, "timeout"
    except httpx.TooManyRedirects:
        return False, "too many redirects"
    except httpx.HTTPError:
        pass  # some servers mishandle HEAD; GET decides
    try:
        async with client.stream("GET", url) as response:
            # Only the status matters: the body is never read.
            return response.status_code < 400, _describe(response)
    except httpx.TimeoutException:
        return False, "timeout"
    except httpx.TooManyRedirects:
        return False, "too many redirects"
    except httpx.HTTPError as exc:
        return False, f"connection failed: {type(exc).__name__}"


def _describe(response: httpx.Response) -> str:
    if not response.history:
        return str(response.status_code)
    first = response.history[0].status_code
    return f"{first} -> {response.status_code} {response.url}"


async def check_links(
    *,
    concurrency: int = 8,
    timeout: float = 10.0,
    progress: Callable[[str], Any] | None = None,
    include_broken: bool = True,
    trust_env: bool = True,
) -> Report:
    """Check active (and, by default, broken) resources; record each result as it arrives."""
    states = [State.ACTIVE, State.BROKEN] if include_broken else [State.ACTIVE]
    rows = await Resource.filter(state__in=states).order_by("id").values_list("id", "url", "state")
    report = Report()
    total = len(rows)
    if progress:
        progress(
            f"Checking {total} resource link(s), {concurrency} at a time, {timeout:g}s timeout."
        )
    if not rows:
        return report
    limit = asyncio.Semaphore(max(1, concurrency))
    done = 0
    width = len(str(total))

    async def one(client: httpx.AsyncClient, resource_id: int, url: str, state: str) -> None:
        nonlocal done
        async with limit:
            ok, status = await probe(client, url)
        await actions.record_check(resource_id, ok=ok, status=status)
        done += 1
        report.checked += 1
        if ok:
            report.ok += 1
            report.restored += int(state == State.BROKEN)
        else:
            report.failed.append(Outcome(resource_id, url, ok, status))
            report.newly_broken += int(state == State.ACTIVE)
        if progress:
            progress(f"[{done:>{width}}/{total}] {'ok  ' if ok else 'FAIL'} {status:<12} {url}")

    client_timeout = httpx.Timeout(timeout)
    async with httpx.AsyncClient(
        timeout=client_timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=max(1, concurrency)),
        trust_env=trust_env,  # HTTPS_PROXY and friends, as for any HTTP client
    ) as client:
        await asyncio.gather(*(one(client, rid, url, state) for rid, url, state in rows))
    if progress:
        progress(
            f"Done: {report.checked} checked, {report.ok} ok, {len(report.failed)} failed "
            f"({report.newly_broken} newly marked broken for moderators, {report.restored} working again)."
        )
    return report
