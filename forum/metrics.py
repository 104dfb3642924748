"""Prometheus metrics (`GET /metrics`) and the same figures for `crossroads status`.

What is measured (names as exported):

- ``crossroads_request_duration_seconds{route,method}``: histogram of request
  latency per route **name** (event streams are left out: they last minutes).
- ``crossroads_requests_total{route,method,status}``.
- ``crossroads_ratelimit_refusals_total{policy}``: requests a rate limit refused.
- ``crossroads_open_event_streams``: live event streams (summed over processes).
- ``crossroads_redis_circuit_open{component}``: 1 while a process runs on its
  in-process fallback because Redis failed (`rate_limiter`, `events`); the
  highest over processes.
- ``crossroads_db_pool_connections{state}``: database connections per state
  (`in_use`, `idle`, `max`), summed over processes.
- ``crossroads_queue_open_items{kind,priority}`` and
  ``crossroads_queue_oldest_age_seconds{kind,priority}``: the moderation queue,
  read from the database at scrape time (so every process reports the same).
  Priority 100 is crisis.

Several worker processes: `crossroads serve` points ``PROMETHEUS_MULTIPROC_DIR``
at an empty directory before any worker starts; prometheus-client then keeps
each process's values in files there and `/metrics` (in whichever worker
answers) adds them up. Values are updated by each process as it serves
requests (the circuit and pool figures as of that process's last request).

Access: `/metrics` answers only a client whose address is in
``CROSSROADS_METRICS_ALLOW`` or that sends ``Authorization: Bearer
$CROSSROADS_METRICS_TOKEN``; anyone else gets the site's ordinary 404 page.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

log = logging.getLogger("crossroads.metrics")

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class Figure:
    """One scrape-time value: a gauge `name` with `labels`."""

    name: str
    help: str
    labels: dict[str, str]
    value: float


# A plugin declares these (`Contributions.figures`): an async callable returning a list of Figure.
FigureSource = Callable[[], Awaitable[list[Figure]]]


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


class Metrics:
    """The metrics of one app (one registry per app, so tests do not share counts)."""

    def __init__(self, sources: list[FigureSource] | None = None) -> None:
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry(auto_describe=True)
        self.sources = list(sources or [])
        reg = self.registry
        self.request_seconds = Histogram(
            "crossroads_request_duration_seconds",
            "Request latency per route name.",
            ["route", "method"],
            buckets=BUCKETS,
            registry=reg,
        )
        self.requests = Counter(
            "crossroads_requests",
            "Requests per route name and status.",
            ["route", "method", "status"],
            registry=reg,
        )
        self.refusals = Counter(
            "crossroads_ratelimit_refusals",
            "Requests refused by a rate limit, per policy.",
            ["policy"],
            registry=reg,
        )
        self.open_streams = Gauge(
            "crossroads_open_event_streams",
            "Open live event streams.",
            registry=reg,
            multiprocess_mode="livesum",
        )
        self.circuit_open = Gauge(
            "crossroads_redis_circuit_open",
            "1 while Redis failed and the in-process fallback is used.",
            ["component"],
            registry=reg,
            multiprocess_mode="livemax",
        )
        self.db_pool = Gauge(
            "crossroads_db_pool_connections",
            "Database connections per state.",
            ["state"],
            registry=reg,
            multiprocess_mode="livesum",
        )

    # --- called by the request log middleware, the throttle and the stream layer --------------

    def request_done(
        self, route: str, method: str, status: int, seconds: float, streamed: bool = False
    ) -> None:
        self.requests.labels(route, method, str(status)).inc()
        if not streamed:
            self.request_seconds.labels(route, method).observe(seconds)
        self._sample_process()

    def refused(self, policy: str) -> None:
        self.refusals.labels(policy).inc()

    def _sample_process(self) -> None:
        """This process's circuit and pool state, as of now (cheap: attributes only)."""
        from forum import runtime

        try:
            rt = runtime.get()
        except RuntimeError:
            return
        self.circuit_open.labels("rate_limiter").set(
            1 if getattr(rt.limiter, "degraded", False) else 0
        )
        circuit = getattr(rt.bus, "circuit", None)
        bus_ok = getattr(rt.bus, "_healthy", True) and not (circuit is not None and circuit.open)
        self.circuit_open.labels("events").set(0 if bus_ok else 1)
        for state, value in pool_figures().items():
            self.db_pool.labels(state).set(value)

    # --- exposition ----------------------------------------------------------------------------

    async def figures(self) -> list[Figure]:
        out: list[Figure] = []
        for source in self.sources:
            try:
                out.extend(await source())
            except Exception:  # noqa: BLE001 - one failing source must not hide the others
                log.exception("a metrics source failed")
        return out

    async def render(self) -> bytes:
        """The Prometheus text exposition: this app's (or every process's) values + scrape-time figures."""
        from prometheus_client import CollectorRegistry, generate_latest
        from prometheus_client.multiprocess import MultiProcessCollector

        self._sample_process()
        figures = await self.figures()
        if multiprocess():
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
        else:
            registry = self.registry
        registry_view = _WithFigures(registry, figures)
        return generate_latest(registry_view)


class _WithFigures:
    """A registry-like object: the registry's metrics, then scrape-time gauges."""

    def __init__(self, registry: Any, figures: list[Figure]) -> None:
        self.registry = registry
        self.figures = figures

    def collect(self) -> Any:
        from prometheus_client.core import GaugeMetricFamily

        yield from self.registry.collect()
        families: dict[str, GaugeMetricFamily] = {}
        for fig in self.figures:
            family = families.get(fig.name)
            if family is None:
                family = families[fig.name] = GaugeMetricFamily(
                    fig.name, fig.help, labels=list(fig.labels)
                )
            family.add_metric(list(fig.labels.values()), fig.value)
        yield from families.values()


def pool_figures() -> dict[str, int]:
    """Connections of the default database client: in_use, idle, max (SQLite: one connection)."""
    from tortoise import Tortoise

    try:
        client = Tortoise.get_connection("default")
    except Exception:  # noqa: BLE001 - not initialised
        return {}
    pool = getattr(client, "_pool", None)
    if pool is not None and hasattr(pool, "get_size"):
        size, idle = pool.get_size(), pool.get_idle_size()
        return {"in_use": size - idle, "idle": idle, "max": pool.get_max_size()}
    return (
        {"in_use": 0, "idle": 1, "max": 1}
        if getattr(client, "_connection", None) is not None
        else {}
    )


def allowed(request: Request, settings: Any) -> bool:
    """True when the client may read /metrics: a listed address, or the right bearer token."""
    token = settings.metrics_token
    if token:
        given = request.headers.get("authorization", "")
        if given.startswith("Bearer ") and hmac.compare_digest(
            given[7:].strip().encode(), token.encode()
        ):
            return True
    if settings.metrics_allow:
        # The peer's own address: a forwarded one would let anyone behind the proxy in.
        client = request.scope.get("client")
        try:
            peer = ipaddress.ip_address(client[0]) if client else None
        except ValueError:
            peer = None
        if peer is not None and any(peer in net for net in settings.metrics_allow):
            return True
    return False


async def metrics_view(request: Request) -> Response:
    from forum import runtime

    rt = runtime.get()
    if rt.metrics is None or not allowed(request, rt.settings):
        from starlette.exceptions import HTTPException

        raise HTTPException(404)
    from prometheus_client import CONTENT_TYPE_LATEST

    body = await rt.metrics.render()
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def prepare_multiprocess_dir(path: str) -> None:
    """Make `path` an empty directory for this server's run (stale files would add old counts)."""
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        if name.endswith(".db"):
            os.unlink(os.path.join(path, name))


def mark_process_dead() -> None:
    """On worker exit: drop this process's live gauges from the sums."""
    if multiprocess():
        from prometheus_client import multiprocess as mp

        mp.mark_process_dead(os.getpid())


def parse_exposition(text: str) -> list[tuple[str, dict[str, str], float]]:
    """(name, labels, value) samples of a Prometheus text exposition (for `crossroads status`)."""
    from prometheus_client.parser import text_string_to_metric_families

    out = []
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out.append((sample.name, dict(sample.labels), float(sample.value)))
    return out


def format_status(
    samples: list[tuple[str, dict[str, str], float]], now: float | None = None
) -> str:
    """The terminal view of the figures `/metrics` exposes (see `crossroads status`)."""
    now = now or time.time()
    lines: list[str] = []

    def pick(name: str) -> list[tuple[dict[str, str], float]]:
        return [(labels, value) for n, labels, value in samples if n == name]

    queue = {(lb["kind"], int(lb["priority"])): v for lb, v in pick("crossroads_queue_open_items")}
    ages = {
        (lb["kind"], int(lb["priority"])): v
        for lb, v in pick("crossroads_queue_oldest_age_seconds")
    }
    lines.append("Moderation queue (open items, most urgent first)")
    if not queue:
        lines.append("  empty")
    for kind, priority in sorted(queue, key=lambda k: (-k[1], k[0])):
        label = " CRISIS" if priority >= 100 else ""
        lines.append(
            f"  {priority:>3} {kind:<22} {int(queue[kind, priority]):>6} open, "
            f"oldest {_age(ages.get((kind, priority), 0))}{label}"
        )
    lines.append("Live")
    streams = sum(v for _, v in pick("crossroads_open_event_streams"))
    lines.append(f"  open event streams     {int(streams)}")
    for labels, value in sorted(
        pick("crossroads_redis_circuit_open"), key=lambda x: x[0].get("component", "")
    ):
        state = "OPEN (Redis failed: in-process fallback)" if value else "closed"
        lines.append(f"  Redis circuit, {labels.get('component', '?') + ':':<13} {state}")
    pool = {lb["state"]: v for lb, v in pick("crossroads_db_pool_connections")}
    if pool:
        lines.append(
            f"  database connections   {int(pool.get('in_use', 0))} in use, "
            f"{int(pool.get('idle', 0))} idle, {int(pool.get('max', 0))} max"
        )
    refusals = pick("crossroads_ratelimit_refusals_total")
    lines.append("Rate-limit refusals (since start)")
    if not refusals:
        lines.append("  none")
    for labels, value in sorted(refusals, key=lambda x: -x[1]):
        lines.append(f"  {labels.get('policy', '?'):<22} {int(value)}")
    counts: dict[str, float] = {}
    for labels, value in pick("crossroads_request_duration_seconds_count"):
        counts[labels["route"]] = counts.get(labels["route"], 0) + value
    sums: dict[str, float] = {}
    for labels, value in pick("crossroads_request_duration_seconds_sum"):
        sums[labels["route"]] = sums.get(labels["route"], 0) + value
    lines.append("Requests (since start): route, count, mean latency")
    if not counts:
        lines.append("  none")
    for route in sorted(counts, key=lambda r: -counts[r])[:20]:
        mean = sums.get(route, 0) / counts[route] * 1000 if counts[route] else 0
        lines.append(f"  {route:<32} {int(counts[route]):>8} {mean:8.1f} ms")
    return "\n".join(lines)


def _age(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"
