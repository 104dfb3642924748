"""App factories that uvicorn runs in separate OS processes for tests/ratelimit/test_two_apps.py.

`shared` is the app exactly as `crossroads serve` builds it. `naive` is the same app
whose limiter talks to Redis through the read-then-write `NaiveBackend`: the
negative control that the two-process test must catch over-admitting.
"""

from __future__ import annotations

from starlette.applications import Starlette

from forum import runtime
from forum.app import create_app, default_plugins
from forum.plugins import Plugin
from forum.settings import Settings
from tests.ratelimit.harness import NaiveBackend


def shared() -> Starlette:
    return create_app(Settings.from_env(), schema="generate")


def naive() -> Starlette:
    async def swap(settings: Settings) -> None:
        limiter = runtime.get().limiter
        assert limiter.primary is not None and settings.redis_url
        await limiter.primary.aclose()
        limiter.primary = NaiveBackend(settings.redis_url, key_prefix=settings.redis_prefix)

    plugins = [*default_plugins(), Plugin("naive-limiter", startup=swap)]
    return create_app(Settings.from_env(), plugins=plugins, schema="generate")
