"""How packages beside `forum` (moderation) plug into the app without forum importing them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.routing import BaseRoute

from forum.settings import Settings


@dataclass
class Plugin:
    name: str
    models: list[str] = field(default_factory=list)
    # HTML routes (API endpoints register themselves on import of `api_modules`).
    routes: Callable[[], list[BaseRoute]] = lambda: []
    api_modules: list[str] = field(default_factory=list)
    # Called in the lifespan, after the database is up: register screeners, hooks...
    startup: Callable[[Settings], Awaitable[None]] | None = None
    shutdown: Callable[[], Awaitable[None]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
