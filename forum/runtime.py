"""The services one running app shares: settings, the rate limiter, the event bus.

The app factory installs one Runtime in its lifespan; actions reach it through
`get()`. Tests build a fresh app (and so a fresh Runtime) per test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from forum.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    limiter: Any = None
    policies: dict[str, Any] = field(default_factory=dict)
    bus: Any = None
    # Background tasks plugins start (moderation's crisis-spool drain); cancelled at shutdown.
    tasks: list[Any] = field(default_factory=list)
    metrics: Any = None  # forum.metrics.Metrics


_current: Runtime | None = None


def install(runtime: Runtime | None) -> None:
    global _current
    _current = runtime


def get() -> Runtime:
    if _current is None:
        raise RuntimeError("no Crossroads runtime is installed (create_app() lifespan not running)")
    return _current


def now() -> datetime:
    return datetime.now(UTC)
