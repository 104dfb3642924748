"""How `crossroads serve` runs uvicorn: logs, metrics directory, and limits for slow clients.

uvicorn (0.54) times out idle keep-alive connections, but not a connection that
never finishes its request: a client that opens a socket and sends half a
header holds a file descriptor for ever, and a few hundred of them exhaust a
worker's descriptors so that it serves nobody. `GuardedH11Protocol` adds:

- **request timeout** (``CROSSROADS_REQUEST_TIMEOUT``, 10 s): from the moment a
  connection opens or its previous response ends, the next request's head and
  whole body must arrive within this time, or the connection is closed;
- **connection cap per worker** (``CROSSROADS_MAX_CONNECTIONS``, 500, lowered at
  start to fit the open-file limit, see `connection_cap`): when a
  new connection would go over the cap, the connection that has waited longest
  without sending a complete request is closed to make room (idle keep-alive or
  slow clients go first, never a request being answered); uvicorn's own
  ``limit_concurrency`` (the same number) answers 503 when every connection is
  busy with a real request;
- idle keep-alive connections close after ``CROSSROADS_KEEPALIVE_TIMEOUT`` (5 s).

Open event streams are capped per process separately (``CROSSROADS_MAX_STREAMS``,
see `forum.streams.EventStreamResponse`).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from forum.settings import Settings


def _setting(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a request timeout and eviction of idle connections."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_timeout = _setting("CROSSROADS_REQUEST_TIMEOUT", 10.0)
        self._waiting_since: float | None = None  # waiting for a complete request since then
        self._deadline: asyncio.TimerHandle | None = None
        self._seen_cycle: Any = None

    # A connection is "waiting" from connection_made / the end of a response until a request's
    # body is complete. Only waiting connections are timed out or evicted.
    def _wait(self) -> None:
        self._waiting_since = time.monotonic()
        self._arm()

    def _arm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(self.request_timeout, self._expire)

    def _stop_waiting(self) -> None:
        self._waiting_since = None
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self._waiting_since is not None and not self.transport.is_closing():
            self._close()

    def _close(self) -> None:
        self._stop_waiting()
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True
        self.transport.close()
        # Stop counting against the cap now: the transport reports its loss (and uvicorn drops it
        # from `connections`) only on a later turn of the loop, and a request that arrives with its
        # connection in the meantime would be answered 503 for a place that is already free.
        self.connections.discard(self)

    # uvicorn's protocol is only ever given an asyncio.Transport (it annotates the base class).
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._wait()
        cap = self.limit_concurrency
        if cap is not None and len(self.connections) >= cap:
            waiting = [
                c
                for c in self.connections
                if isinstance(c, GuardedH11Protocol)
                and c is not self
                and c._waiting_since is not None
            ]
            if waiting:
                min(waiting, key=lambda c: c._waiting_since or 0.0)._close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        cycle = self.cycle
        if cycle is not None and cycle is not self._seen_cycle:
            self._seen_cycle = cycle  # a new request's head arrived
        if cycle is not None and self._seen_cycle is cycle and not cycle.more_body:
            self._stop_waiting()  # the whole request is here; the app's time is not the client's

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._wait()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)


def event_loop() -> str:
    """uvicorn's `loop` setting: uvloop when importable (a locked dependency), else asyncio's.

    uvloop cut the worker's CPU per thread page by about a tenth (`bench.page_bench`). httptools,
    the other half of uvicorn[standard], is not used: `GuardedH11Protocol`'s eviction of
    waiting connections relies on h11's order of callbacks, and under uvloop the httptools
    protocol answered 503 to a real client while slow sockets held the cap."""
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio"
    return "uvloop"


def metrics_dir(port: int) -> str:
    """Where this server's worker processes keep their metrics (`crossroads status` reads it)."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.path.join(
        tempfile.gettempdir(), f"crossroads-metrics-{os.getuid()}-{port}"
    )


BACKLOG = 128  # connections the kernel queues; asyncio accepts up to this many in one go
FD_RESERVE = 64  # descriptors kept for the database, Redis, files and the process itself


def connection_cap(settings: Settings) -> int:
    """CROSSROADS_MAX_CONNECTIONS, lowered to fit the process's file-descriptor limit.

    A burst of new connections is accepted (a descriptor each) before any of them can
    be turned away, so the cap plus one burst (`BACKLOG`) plus a reserve must fit under
    the limit, or the worker runs out of descriptors and serves nobody.
    """
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return settings.max_connections
    return max(8, min(settings.max_connections, soft - BACKLOG - FD_RESERVE))


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The uvicorn.run keyword arguments for logs and slow clients (see the module docstring)."""
    import logging

    from forum.requestlog import logging_config

    cap = connection_cap(settings)
    if cap < settings.max_connections:
        logging.getLogger("crossroads").warning(
            "CROSSROADS_MAX_CONNECTIONS=%d does not fit the open-file limit; using %d per worker "
            "(raise the limit, e.g. ulimit -n, to allow more)",
            settings.max_connections,
            cap,
        )
    return {
        "http": GuardedH11Protocol,
        "loop": event_loop(),
        "timeout_keep_alive": settings.keepalive_timeout,
        "limit_concurrency": cap,
        "backlog": BACKLOG,
        "access_log": False,
        "log_config": logging_config(settings),
        "proxy_headers": False,  # client addresses come from CROSSROADS_TRUSTED_PROXIES only
        "server_header": False,
        "timeout_graceful_shutdown": 10,
    }
