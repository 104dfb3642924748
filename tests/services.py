"""Which real services the tests may use.

A test that needs PostgreSQL, Redis or Chromium asks here. Unset means skip (with
the reason), unless CROSSROADS_TEST_REQUIRE_SERVICES=1, where it fails instead.
"""

from __future__ import annotations

import os
import shutil

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
