"""Which real services the tests may use.

A test that needs PostgreSQL, Redis or Chromium asks here. Unset means skip (with
the reason), unless CROSSROADS_TEST_REQUIRE_SERVICES=1, where it fails instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import AsyncIterator

import pytest

CHROMIUM = "/usr/bin/chromium"


def _require() -> bool:
    return os.environ.get("CROSSROADS_TEST_REQUIRE_SERVICES", "") == "1"


def _missing(reason: str) -> None:
    if _require():
        pytest.fail(f"{reason} (CROSSROADS_TEST_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def redis_url() -> str:
    url = os.environ.get("CROSSROADS_TEST_REDIS_URL", "")
    if not url:
        _missing("CROSSROADS_TEST_REDIS_URL is not set")
    return url


def postgres_url() -> str:
    url = os.environ.get("CROSSROADS_TEST_DATABASE_URL", "")
    if not url:
        _missing("CROSSROADS_TEST_DATABASE_URL is not set")
    return url


def chromium_path() -> str:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _missing(f"Chromium is not installed at {CHROMIUM}")
    return CHROMIUM


@contextlib.asynccontextmanager
async def fresh_postgres_database(prefix: str) -> AsyncIterator[str]:
    """A new, empty database on the test PostgreSQL (named `prefix`_<10 hex>); yields its URL and
    drops it afterwards, connections and all (WITH FORCE), whether the test passed or not."""
    import asyncpg

    base = postgres_url()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(base)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield base.rsplit("/", 1)[0] + f"/{name}"
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
