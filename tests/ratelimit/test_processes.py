"""Two OS processes on one Redis enforce one limit exactly; a naive limiter in the same harness does not.

This drives the limiter directly (150 concurrent checks per process); test_two_apps.py does the
same through two running app processes and HTTP.
"""

from __future__ import annotations

import multiprocessing

import pytest

from tests.ratelimit.conftest import unique_prefix
from tests.ratelimit.harness import worker
from tests.services import redis_url

pytestmark = pytest.mark.redis

LIMIT, PER_PROCESS, PROCESSES = 20, 150, 2


def admitted(kind: str, url: str) -> int:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    prefix = unique_prefix()
    procs = [
        ctx.Process(target=worker, args=(kind, url, prefix, LIMIT, PER_PROCESS, start, results))
        for _ in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    start.set()
    counts = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    _cleanup(url, prefix)
    return sum(counts)


def _cleanup(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def test_two_processes_admit_exactly_the_limit_every_run():
    url = redis_url()
    runs = [admitted("shared", url) for _ in range(3)]
    assert runs == [LIMIT] * 3


def test_the_harness_catches_a_naive_limiter():
    # Same processes, same load, read-then-increment: it must over-admit, or the test above proves nothing.
    assert admitted("naive", redis_url()) > LIMIT
