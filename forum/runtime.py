"""The services one running app shares: settings, the rate limiter, the event bus, its registry.

`forum.startup.started` builds one Runtime per started app (the server's lifespan, a CLI
command, a bench) and enters it; actions reach it through `get()`:

- inside a request, the runtime of the app serving it (`RequestContextMiddleware` enters
  `app.state.runtime`), so two apps in one process never see each other's;
- inside the start-up routine and every task it starts, the runtime it entered;
- elsewhere (a test calling an action directly beside a running app), the most recently
  started runtime that is still running.

`use(rt)` runs a block with another runtime (e.g. `seed` without rate limits) without
touching anyone else's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from forum.settings import Settings

if TYPE_CHECKING:
    from forum.metrics import Metrics
    from forum.ratelimit import Limiter, Policy
    from forum.registry import Registry


@dataclass
class Runtime:
    settings: Settings
    limiter: Limiter | None = None
    policies: dict[str, Policy] = field(default_factory=dict)
    bus: Any = None
    # Background tasks plugins start (moderation's crisis-spool drain); cancelled at shutdown.
    tasks: list[Any] = field(default_factory=list)
    metrics: Metrics | None = None
    registry: Registry | None = None  # what the app's plugins declared


_entered: ContextVar[Runtime | None] = ContextVar("crossroads_runtime", default=None)
# Runtimes started and not yet stopped, oldest first: only for code outside any app's context.
_running: list[Runtime] = []


def enter(runtime: Runtime) -> Token[Runtime | None]:
    """Make `runtime` current in this context (and the tasks it starts); undo with `leave`."""
    return _entered.set(runtime)


def leave(token: Token[Runtime | None]) -> None:
    _entered.reset(token)


def started(runtime: Runtime) -> None:
    """The start-up routine's mark: `runtime` runs (see the module docstring's last case)."""
    _running.append(runtime)


def stopped(runtime: Runtime) -> None:
    if runtime in _running:
        _running.remove(runtime)


@contextmanager
def use(runtime: Runtime) -> Iterator[Runtime]:
    """Run a block (and the tasks it starts) with `runtime`; the previous one comes back after."""
    token = _entered.set(runtime)
    try:
        yield runtime
    finally:
        _entered.reset(token)


def current() -> Runtime | None:
    """The runtime in force here, or None when no app is running (never raises)."""
    rt = _entered.get()
    if rt is not None:
        return rt
    return _running[-1] if _running else None


def get() -> Runtime:
    rt = current()
    if rt is None:
        raise RuntimeError(
            "no Crossroads runtime is running (create_app() lifespan or forum.startup.started)"
        )
    return rt


def registry() -> Registry:
    """The registry of the app in force (forum.registry.Registry); raises like `get()`, and
    RuntimeError for a runtime started without one."""
    found = get().registry
    if found is None:
        raise RuntimeError("this Crossroads runtime was started without a registry")
    return found


def now() -> datetime:
    return datetime.now(UTC)
