"""Tortoise configuration and the one transaction helper every action uses."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

APP_LABEL = "crossroads"
FORUM_MODELS = [
    "forum.accounts.models",
    "forum.spaces.models",
    "forum.threads.models",
    "forum.following.models",
    "forum.reactions.models",
    "forum.blocks.models",
    "forum.drafts.models",
]
# Feature packages outside `forum` (moderation) add their model modules here at import
# time of the app factory; forum itself never imports them.
EXTRA_MODELS: list[str] = []


def tortoise_config(database_url: str, extra_models: list[str] | None = None) -> dict[str, Any]:
    models = [*FORUM_MODELS, *(extra_models if extra_models is not None else EXTRA_MODELS)]
    return {
        "connections": {"default": database_url},
        "apps": {
            APP_LABEL: {
                "models": models,
                "default_connection": "default",
                "migrations": "forum.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


class _QueryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def counting_queries() -> Iterator[_QueryCounter]:
    """Count SQL statements sent while the block runs (tests and benchmarks; `.count`)."""
    logger = logging.getLogger("tortoise.db_client")
    counter, level, propagate = _QueryCounter(), logger.level, logger.propagate
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # statements carry values (post bodies): never pass them to other handlers
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
        logger.propagate = propagate


async def pending_model_changes(database_url: str, extra_models: list[str]) -> list[str]:
    """Operations `makemigrations` would write: model changes with no migration yet."""
    from tortoise.cli.cli import tortoise_cli_context
    from tortoise.migrations.autodetector import MigrationAutodetector

    config = tortoise_config(database_url, extra_models)
    async with tortoise_cli_context(config) as ctx:
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    return [f"{w.app_label}: {op.describe() if hasattr(op, 'describe') else op!r}" for w in writers for op in w.operations]


_after_commit: contextvars.ContextVar[list[Callable[[], Awaitable[None]]] | None] = (
    contextvars.ContextVar("crossroads_after_commit", default=None)
)


@asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """One write, all or nothing; callbacks from `on_commit` run only once it commits.

    Nested calls join the outer transaction, so an action can call another.
    """
    pending = _after_commit.get()
    if pending is not None:
        async with in_transaction() as conn:
            yield conn
        return
    callbacks: list[Callable[[], Awaitable[None]]] = []
    token = _after_commit.set(callbacks)
    try:
        async with in_transaction() as conn:
            yield conn
    finally:
        _after_commit.reset(token)
    for callback in callbacks:
        await callback()


def on_commit(callback: Callable[[], Awaitable[None]]) -> None:
    """Run `callback` after the surrounding transaction commits (at once if there is none)."""
    pending = _after_commit.get()
    if pending is None:
        raise RuntimeError("on_commit() outside transaction()")
    pending.append(callback)


def is_unavailable(exc: BaseException) -> bool:
    """Whether `exc` means the database cannot be reached (down, restarting, refusing connections),
    as opposed to a bug or a constraint: the skins answer 503 for these."""
    from tortoise.exceptions import DBConnectionError

    try:
        import asyncpg
        pg_errors: tuple[type[BaseException], ...] = (
            asyncpg.PostgresConnectionError, asyncpg.InterfaceError, asyncpg.CannotConnectNowError,
            asyncpg.AdminShutdownError, asyncpg.CrashShutdownError,
        )
    except ImportError:  # pragma: no cover - asyncpg is a dependency
        pg_errors = ()
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 5:  # Tortoise wraps the driver's error
        if isinstance(current, (DBConnectionError, ConnectionError, *pg_errors)):
            return True
        if isinstance(current, OSError) and current.errno is not None:
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False


def dialect() -> str:
    return Tortoise.get_connection("default").capabilities.dialect
