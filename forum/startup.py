"""The one start-up routine: the server's lifespan, every CLI command and the benches use it.

    async with started(settings, registry, schema="migrate") as rt:
        ...  # the database is up, rt is the current runtime, the plugins have started

Order: database (migrations, a fresh schema for tests, or as it is), the rate limiter and the
event bus (one Redis circuit for both), the Runtime holding the app's registry, entered for
this task and the tasks it starts; each plugin's `startup(settings)`; for a server
(`serve=True`) each plugin's `serve(runtime)` (background work, signal handling). On the way
out: plugins' `shutdown`, the runtime's background tasks cancelled, bus and limiter closed,
the database connections closed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise

from forum import db, runtime
from forum.registry import Registry
from forum.settings import Settings

SCHEMAS = ("migrate", "generate", "none")


@asynccontextmanager
async def started(
    settings: Settings,
    registry: Registry,
    *,
    schema: str = "none",
    limits: bool = True,
    serve: bool = False,
    metrics: Any = None,
) -> AsyncIterator[runtime.Runtime]:
    """Bring one app's services up around a block and down after it.

    `schema`: "migrate" (run migrations and create default spaces), "generate" (a fresh schema,
    tests), "none" (already migrated: connect only). `limits=False`: no rate limiter (an
    operator's command is not a member's request; the bus still gets its own Redis circuit).
    `metrics`: the app's forum.metrics.Metrics, when it serves /metrics. Raises ValueError for
    an unknown `schema`; whatever the database raises on the way up."""
    if schema not in SCHEMAS:
        raise ValueError(f"schema must be one of {', '.join(SCHEMAS)}")
    from forum.events import build_bus
    from forum.metrics import mark_process_dead
    from forum.ratelimit import build_limiter, build_policies
    from forum.redisconn import cancel_tasks

    policies = build_policies(
        settings.rate_limits, registry.policies
    )  # a malformed override stops here
    models = list(registry.models)
    if schema == "none":
        await Tortoise.init(
            config=db.tortoise_config(settings.database_url, models), _enable_global_fallback=True
        )
    else:
        from forum.app import prepare_database

        await prepare_database(settings, models, schema=schema, raw_indexes=registry.raw_indexes)
    limiter = build_limiter(settings.redis_url, settings.redis_prefix) if limits else None
    # One circuit per process for Redis (forum.redisconn): what the limiter learns, the bus knows.
    bus = build_bus(
        settings.redis_url,
        settings.redis_prefix,
        **({"circuit": limiter.circuit} if limiter else {}),
    )
    rt = runtime.Runtime(
        settings=settings,
        limiter=limiter,
        policies=policies if limits else {},
        bus=bus,
        metrics=metrics,
        registry=registry,
    )
    token = runtime.enter(rt)
    runtime.started(rt)
    try:
        for plugin in registry.plugins:
            if plugin.startup:
                await plugin.startup(settings)
        if serve:
            for plugin in registry.plugins:
                if plugin.serve:
                    await plugin.serve(rt)
        yield rt
    finally:
        try:
            for plugin in registry.plugins:
                if plugin.shutdown:
                    await plugin.shutdown()
            await cancel_tasks(*rt.tasks)
            rt.tasks.clear()
            await bus.aclose()
            if limiter is not None:
                await limiter.aclose()
        finally:
            runtime.stopped(rt)
            runtime.leave(token)
            await Tortoise.close_connections()
            if serve:
                mark_process_dead()
