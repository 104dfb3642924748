"""Tortoise configuration and the one transaction helper every action uses."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import random
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any, TypeVar

import asyncpg.connection
from tortoise import Tortoise, fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.queryset import QuerySet
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
# Feature packages outside `forum` (moderation) declare their model modules in their plugin
# (forum.plugins.Plugin.models); the app's registry passes them here as `extra_models`.
# Indexes Tortoise's model options cannot express (a descending column) are declared by the
# plugin too (`Contributions.raw_indexes`): each is created by a RunSQL migration, and by
# `prepare_database` after generate_schemas (tests).


class PooledConnection(asyncpg.connection.Connection):
    """An asyncpg connection that the pool hands back without a reset statement.

    asyncpg resets every connection returned to its pool with one more statement
    (``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL``). Tortoise takes a
    pooled connection for every statement outside a transaction, so a thread page's ten
    statements cost ten more round trips. Crossroads never changes session state that would
    leak to the next user of the connection: no ``SET`` outside ``SET LOCAL``, no ``LISTEN``,
    no advisory locks, no cursors left open (keep it so). An open transaction is still rolled
    back on release, as asyncpg always does.
    """

    def get_reset_query(self) -> str:
        return ""


_SQLITE_PARAMETER = re.compile(r"\$(\d+)")


def nullable_text(**kwargs: Any) -> fields.Field[str | None]:
    """``fields.TextField(null=True, **kwargs)``, typed as what it holds: Tortoise types every
    TextField as ``str``, a nullable one too (its CharField and DatetimeField know ``null``)."""
    field: fields.Field[Any] = fields.TextField(null=True, **kwargs)
    return field


async def fetch(sql: str, *values: Any) -> list[dict[str, Any]]:
    """Rows of one hand-written, parameterised statement, as dicts keyed by column name.

    For the hot reads where building the statement through Tortoise's query builder costs more
    than running it (pypika copies and formats the query on every call: about 0.3-0.5 ms of
    worker CPU a statement, docs/benchmarks.md). Write `sql` once for both databases with
    PostgreSQL's numbered placeholders (``$1``, ``$2``, ...; a value may be used twice); on SQLite
    they become ``?1``, ``?2``, which bind the same way. Never put a value into `sql` itself.

    Goes through Tortoise's connection for the current task, so it joins the surrounding
    `transaction()` and is counted by `counting_queries`. Values come back as each driver
    gives them: build model instances with `instance()`, which converts them like the ORM.
    """
    client = Tortoise.get_connection("default")
    if client.capabilities.dialect == "sqlite":
        sql = _SQLITE_PARAMETER.sub(r"?\1", sql)
    return await client.execute_query_dict(sql, list(values))


def columns(model: Any, alias: str, prefix: str = "") -> str:
    """The select list of every column of `model`'s table: ``alias.col AS prefixcol, ...``
    (for `fetch` statements that read whole rows of several tables; `instance` reads them back)."""
    return ", ".join(f'{alias}."{c}" AS "{prefix}{c}"' for c in model._meta.db_fields)


def instance(model: Any, row: dict[str, Any], prefix: str = "") -> Any:
    """A model instance from the ``prefix``-named columns of a `fetch` row (see `columns`), its
    values converted as the ORM converts them (SQLite's text dates, JSON, enums)."""
    if prefix:
        row = {c: row[prefix + c] for c in model._meta.db_fields}
    return model._init_from_db(**row)


def values(model: Any, row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{column: value} for those of `model`'s columns the row carries as ``prefix + column``,
    converted as the ORM's ``.values()`` converts them (a `fetch` that reads a few columns)."""
    meta = model._meta
    out: dict[str, Any] = {}
    for column, _name, _field in meta.db_native_fields:
        if (key := prefix + column) in row:
            out[column] = row[key]
    for column, _name, field in meta.db_default_fields:
        if (key := prefix + column) in row:
            value = row[key]
            out[column] = None if value is None else field.field_type(value)
    for column, _name, field in meta.db_complex_fields:
        if (key := prefix + column) in row:
            out[column] = field.to_python_value(row[key])
    return out


def connection_config(database_url: str) -> str | dict[str, Any]:
    """Tortoise's connection entry for a URL: PostgreSQL gets `PooledConnection`; others the URL."""
    if not database_url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        return database_url
    from tortoise.backends.base.config_generator import expand_db_url

    config = expand_db_url(database_url)
    if config.get("engine") == "tortoise.backends.asyncpg":
        config["credentials"]["connection_class"] = PooledConnection
    return config


def tortoise_config(database_url: str, extra_models: Sequence[str] = ()) -> dict[str, Any]:
    """Tortoise's config: the forum's models and `extra_models` (the plugins'), one app label."""
    models = [*FORUM_MODELS, *extra_models]
    return {
        "connections": {"default": connection_config(database_url)},
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
    logger.propagate = (
        False  # statements carry values (post bodies): never pass them to other handlers
    )
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
        assert ctx.apps is not None, "the CLI context loads the apps before it is entered"
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    return [
        f"{w.app_label}: {op.describe() if hasattr(op, 'describe') else op!r}"
        for w in writers
        for op in w.operations
    ]


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
            from forum.idempotency import mark_committed

            await mark_committed()  # an Idempotency-Key's create is durable with this mark
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
    """Whether `exc` means the database cannot be reached (down, restarting, refusing connections,
    a dropped connection, too many clients), as opposed to a bug or a constraint: the request may
    succeed later, so the skins answer 503 `unavailable` with Retry-After, never 500."""
    from tortoise.exceptions import DBConnectionError

    try:
        import asyncpg

        pg_errors: tuple[type[BaseException], ...] = (
            asyncpg.PostgresConnectionError,
            asyncpg.InterfaceError,
            asyncpg.CannotConnectNowError,
            asyncpg.AdminShutdownError,
            asyncpg.CrashShutdownError,
        )
    except ImportError:  # pragma: no cover - asyncpg is a dependency
        pg_errors = ()
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 5:  # Tortoise wraps the driver's error
        if isinstance(current, (DBConnectionError, ConnectionError, TimeoutError, *pg_errors)):
            return True
        if isinstance(current, OSError) and current.errno is not None:
            return True
        sqlstate = getattr(current, "sqlstate", None) or ""
        if (
            sqlstate.startswith(("08", "57P")) or sqlstate == "53300"
        ):  # connection, shutdown, too many
            return True
        text = str(current)
        if (
            "connection is closed" in text
            or "connection was closed" in text
            or "pool is closed" in text
        ):
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False


# --------------------------------------------------------------------------- one lock order
#
# Every write that touches more than one of these takes its row locks in this order, and rows of
# one table in ascending id order (docs/architecture.md, "One lock order"):
#
#     users -> threads -> posts -> AMAs -> AMA questions -> queue items
#
# A transaction that waits only ever waits for something later in the order, so two writes
# cannot wait for each other. Foreign-key checks (FOR KEY SHARE on the referenced row) can
# still cross it; `retrying()` below re-runs the rare loser.
LOCK_ORDER = ("users", "threads", "posts", "amas", "ama_questions", "moderation_items")


M = TypeVar("M", bound=Model)
T = TypeVar("T")


async def lock(model: type[M], *ids: int | None) -> dict[int, M]:
    """Lock rows of `model` for this transaction and return them fresh, {id: row}.

    Call inside `transaction()`, tables in LOCK_ORDER. PostgreSQL: SELECT ... FOR NO KEY
    UPDATE in id order (it does not block inserts that reference the row). SQLite: a
    transaction already holds the database for itself (Tortoise's per-connection lock and
    BEGIN), so the read is simply fresh. `None` ids are skipped.
    """
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    query = model.filter(id__in=wanted).order_by("id")
    if dialect() == "postgres":
        query = query.select_for_update(no_key=True)
    return {row.pk: row for row in await query}


async def column_values(query: QuerySet[Any], field: str) -> list[Any]:
    """One column of `query`'s rows, in the query's order: ``values_list(field, flat=True)``.

    Tortoise types every ``values_list`` as a list of tuples, though with ``flat=True`` it is
    the values themselves; this says so in one place, and callers say what the column holds
    (``set[int]``, ``list[str]``)."""
    values: list[Any] = await query.values_list(field, flat=True)
    return values


def transient(exc: BaseException) -> bool:
    """True for a transaction that lost a race and is safe to run again from the start:
    a PostgreSQL deadlock (40P01) or serialization failure (40001), SQLite's "database is
    locked" (another process held the write lock too long)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        sqlstate = getattr(current, "sqlstate", None)
        if sqlstate in ("40P01", "40001"):
            return True
        name = type(current).__name__
        if name in ("DeadlockDetectedError", "SerializationError"):
            return True
        if "database is locked" in str(current) and name in (
            "OperationalError",
            "TransactionManagementError",
        ):
            return True
        current = current.__cause__ or current.__context__
    return False


RETRIES = 3  # a transaction that lost a deadlock or serialization race runs at most four times


async def retrying(run: Callable[[], Awaitable[T]]) -> T:
    """`await run()`, run again from the start (up to RETRIES more times, after a short random
    pause that lets the winner commit) when it lost a deadlock or serialization race
    (`transient`). The skins wrap each handler in this, inside the request's crisis watch; a
    loser of every attempt re-raises (the skins then answer 503, never 500).

    A rerun repeats what the handler did outside its transaction (a rate-limit hit counts
    twice); everything inside the transaction was rolled back, `on_commit` callbacks included.
    """
    attempt = 0
    while True:
        try:
            return await run()
        except Exception as exc:
            if attempt >= RETRIES or not transient(exc):
                raise
            attempt += 1
            await asyncio.sleep(random.uniform(0.005, 0.03) * attempt)


def dialect() -> str:
    return Tortoise.get_connection("default").capabilities.dialect
