"""Fixtures: a fresh app per test on SQLite, and again on PostgreSQL when configured.

Data is set up through the real actions (as a member would create it), and the app
is driven over HTTP with httpx; nothing is mocked.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from tortoise.backends.base.executor import EXECUTOR_CACHE

from forum.app import create_app
from forum.ratelimit import DEFAULT_POLICIES
from forum.settings import Settings
from tests.services import postgres_url

PASSWORD = "correct horse battery"


def _pg_admin_dsn(url: str) -> tuple[str, str]:
    """(asyncpg DSN of the server's maintenance db, URL prefix for new databases)."""
    base = url.rsplit("/", 1)[0]
    return base.replace("postgres://", "postgresql://", 1) + "/postgres", base


@pytest_asyncio.fixture
async def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> AsyncIterator[str]:
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield f"sqlite://{tmp_path / 'test.db'}"
        return
    import asyncpg

    admin, prefix = _pg_admin_dsn(postgres_url())
    name = f"crossroads_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield f"{prefix}/{name}"
    finally:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Every test that touches the database runs on SQLite and on PostgreSQL.
    if "database_url" in metafunc.fixturenames and not hasattr(metafunc.function, "sqlite_only"):
        backends = ["sqlite", "postgres"]
        marker = metafunc.definition.get_closest_marker("backends")
        if marker:
            backends = list(marker.args)
        metafunc.parametrize("database_url", backends, indirect=True)


# Tests exercise features, not limits: every policy roomy unless a test sets its own.
ROOMY_LIMITS = ";".join(f"{name}=1000/60s" for name in DEFAULT_POLICIES)


def test_settings(database_url: str, **overrides: Any) -> Settings:
    settings = Settings(
        database_url=database_url,
        redis_url=None,
        secret_key="test-secret-" + "x" * 32,
        env="development",
        rate_limits=ROOMY_LIMITS,
        new_member_review=0,
        # Each app its own crisis spool: a test never drains another's.
        spool_dir=tempfile.mkdtemp(prefix="crossroads-spool-"),
    )
    for key, value in overrides.items():
        setattr(settings, key, value)
    return settings


test_settings.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test, when imported


@pytest.fixture
def settings(database_url: str) -> Settings:
    return test_settings(database_url)


@pytest_asyncio.fixture
async def app(settings: Settings) -> AsyncIterator[Any]:
    EXECUTOR_CACHE.clear()
    application = create_app(settings, schema="generate")
    async with LifespanManager(application) as manager:
        yield manager.app


@pytest_asyncio.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@dataclass
class Member:
    id: int
    username: str
    path: str
    token: str | None = None

    @property
    def auth(self) -> dict[str, str]:
        assert self.token
        return {"Authorization": f"Bearer {self.token}"}


async def make_member(
    username: str,
    path: str = "undecided",
    *,
    roles: list[str] | None = None,
    credential: str | None = None,
) -> Member:
    """A member created through the real register action, with an API token."""
    from forum.accounts import actions
    from forum.accounts.schemas import Registration
    from forum.contracts import parse

    data = parse(Registration, {"username": username, "password": PASSWORD, "path": path})
    user = await actions.register(data, roles=roles, credential=credential)
    token = await actions.create_token(user)
    return Member(user.id, user.username, path, token.value)


@pytest_asyncio.fixture
async def members(app: Any) -> dict[str, Member]:
    """One member per path, and a moderator."""
    return {
        "staying": await make_member("sam_staying", "staying"),
        "leaving": await make_member("lee_leaving", "leaving"),
        "undecided": await make_member("uma_undecided", "undecided"),
        "moderator": await make_member("mo_moderator", "undecided", roles=["moderator"]),
    }


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Browser:
    """A cookie-carrying client that fills in forms like a person (CSRF included)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def get(self, url: str, **kw: Any) -> httpx.Response:
        return await self.client.get(url, **kw)

    async def submit(
        self, form_url: str, action: str | None, data: dict[str, str]
    ) -> httpx.Response:
        page = await self.client.get(form_url)
        assert page.status_code == 200, (form_url, page.status_code)
        return await self.client.post(
            action or form_url, data={"csrf_token": csrf_from(page.text), **data}
        )

    async def sign_in(self, username: str, password: str = PASSWORD) -> httpx.Response:
        response = await self.submit("/login", None, {"username": username, "password": password})
        assert response.status_code == 303, response.text
        return response


@pytest_asyncio.fixture
async def browser(app: Any) -> AsyncIterator[Browser]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.8", 40001))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield Browser(c)


@pytest_asyncio.fixture
async def browser2(app: Any) -> AsyncIterator[Browser]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 40002))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield Browser(c)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        f"PostgreSQL: {'yes' if os.environ.get('CROSSROADS_TEST_DATABASE_URL') else 'no (skipped)'}",
        f"Redis: {'yes' if os.environ.get('CROSSROADS_TEST_REDIS_URL') else 'no (skipped)'}",
    ]


async def notice_texts(user_id: int, **filters: Any) -> list[str]:
    """The member's notifications as they read them now (rendered at read time), oldest first."""
    from forum.accounts.models import Notification, User
    from forum.accounts.notifications import render_notifications

    user = await User.get(id=user_id)
    rows = await Notification.filter(user_id=user_id, **filters).order_by("id")
    return [n["text"] for n in await render_notifications(user, rows)]
