"""The database's faults as members meet them: a PostgreSQL of the test's own, stopped and
started again (503 with Retry-After, typed text kept, recovery by itself), and a real
deadlock whose losing request is run again instead of answering 500."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from tortoise.backends.base.executor import EXECUTOR_CACHE

from forum.app import create_app
from forum.middleware import DatabaseFaultMiddleware
from tests.conftest import Browser, csrf_from, make_member, test_settings
from tests.pgcluster import OwnPostgres
from tests.services import postgres_url


@pytest.fixture(scope="module")
def own_pg():
    pg = OwnPostgres()
    pg.start()
    yield pg
    pg.close()


@pytest_asyncio.fixture
async def pg_app(own_pg):
    EXECUTOR_CACHE.clear()
    app = create_app(test_settings(own_pg.url), schema="generate")
    async with LifespanManager(app) as manager:
        yield manager.app


async def _until(check, bound: float = 20.0):
    deadline = time.monotonic() + bound
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.05)


async def test_postgres_down_is_503_with_retry_after_and_the_form_keeps_the_text(own_pg, pg_app):
    transport = httpx.ASGITransport(app=pg_app, client=("203.0.113.9", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        member = await make_member("while_down", "undecided")
        r = await client.post(
            "/api/v1/spaces/common-ground/threads",
            headers=member.auth,
            json={"title": "Still here", "body": "Hello."},
        )
        assert r.status_code == 201, r.text
        tid = r.json()["thread"]["id"]
        browser = Browser(client)
        await browser.sign_in("while_down")
        token = csrf_from((await client.get(f"/t/{tid}")).text)

        await asyncio.to_thread(own_pg.stop)
        api = await client.get("/api/v1/spaces", headers=member.auth)
        assert api.status_code == 503, api.text
        assert api.headers["retry-after"].isdigit()
        assert api.json()["error"]["code"] == "unavailable"
        write = await client.post(
            f"/api/v1/threads/{tid}/posts", headers=member.auth, json={"body": "lost?"}
        )
        assert write.status_code == 503 and write.json()["error"]["code"] == "unavailable"
        typed = "I typed this carefully & it <matters> to me."
        form = await client.post(f"/t/{tid}/reply", data={"csrf_token": token, "body": typed})
        assert form.status_code == 503 and "retry-after" in form.headers
        assert (
            "I typed this carefully &amp; it &lt;matters&gt; to me." in form.text
        )  # kept, escaped
        assert f'action="/t/{tid}/reply"' in form.text and 'name="csrf_token"' in form.text
        page = await client.get(f"/t/{tid}")
        assert page.status_code == 503

        await asyncio.to_thread(own_pg.start)

        async def back():
            return (await client.get("/api/v1/spaces", headers=member.auth)).status_code == 200

        assert await _until(back), "the app did not recover by itself"
        again = await client.post(f"/t/{tid}/reply", data={"csrf_token": token, "body": typed})
        assert again.status_code == 303, again.text
        thread = (await client.get(f"/api/v1/threads/{tid}", headers=member.auth)).json()
        assert thread["thread"]["reply_count"] == 1


async def test_a_request_that_lost_a_real_deadlock_runs_again_instead_of_500():
    """Two connections lock two rows in opposite orders: PostgreSQL kills one with 40P01. The
    request that got it is run again (same body) and answers normally."""
    import asyncpg

    base = postgres_url().rsplit("/", 1)[0].replace("postgres://", "postgresql://", 1)
    name = f"crossroads_deadlock_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(base + "/postgres")
    await admin.execute(f'CREATE DATABASE "{name}"')
    calls: list[bytes] = []
    try:
        setup = await asyncpg.connect(f"{base}/{name}")
        await setup.execute(
            "CREATE TABLE t (id int primary key, n int); INSERT INTO t VALUES (1, 0), (2, 0)"
        )
        await setup.close()

        async def deadlock_once() -> None:
            a, b = await asyncpg.connect(f"{base}/{name}"), await asyncpg.connect(f"{base}/{name}")
            try:
                ta, tb = a.transaction(), b.transaction()
                await ta.start()
                await tb.start()
                await a.execute("UPDATE t SET n = n + 1 WHERE id = 1")
                await b.execute("UPDATE t SET n = n + 1 WHERE id = 2")
                results = await asyncio.gather(
                    a.execute("UPDATE t SET n = n + 1 WHERE id = 2"),
                    b.execute("UPDATE t SET n = n + 1 WHERE id = 1"),
                    return_exceptions=True,
                )
                for tx in (ta, tb):
                    await tx.rollback()
                lost = [r for r in results if isinstance(r, BaseException)]
                assert lost, "no deadlock happened"
                raise lost[0]
            finally:
                await a.close()
                await b.close()

        async def inner(scope, receive, send):
            message = await receive()
            calls.append(message["body"])
            if len(calls) == 1:
                await deadlock_once()
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"text/plain")],
                }
            )
            await send({"type": "http.response.body", "body": message["body"]})

        # The skins' own retry (forum.db.retrying): the loser runs again inside the request.
        from forum import db

        attempts: list[int] = []

        async def handler() -> str:
            attempts.append(1)
            if len(attempts) == 1:
                await deadlock_once()
            return "answered"

        assert await db.retrying(handler) == "answered" and len(attempts) == 2

        transport = httpx.ASGITransport(app=DatabaseFaultMiddleware(inner))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            r = await client.post("/anything", content=b"the same body")
        assert r.status_code == 200 and r.text == "the same body"
        assert calls == [b"the same body", b"the same body"]
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def test_outside_the_skins_an_unreachable_database_is_a_calm_503_keeping_the_text():
    """DatabaseFaultMiddleware, the net under everything the two skins do not serve: 503 with
    Retry-After, the contract's shape for /api/, and for a form a page with Quick exit and the
    typed text back in a form (no password, no spent one-time token)."""

    async def inner(scope, receive, send):
        await receive()
        raise ConnectionRefusedError(111, "Connect call failed")

    transport = httpx.ASGITransport(app=DatabaseFaultMiddleware(inner))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        api = await client.post("/api/v1/anything", json={"body": "x"})
        assert api.status_code == 503 and api.headers["retry-after"].isdigit()
        assert api.json()["error"]["code"] == "unavailable"
        page = await client.post(
            "/somewhere",
            data={
                "csrf_token": "c",
                "form_token": "spent",
                "password": "secret",
                "body": "Words <kept>.",
            },
        )
        assert page.status_code == 503 and page.headers["retry-after"].isdigit()
        assert "Words &lt;kept&gt;." in page.text and 'id="quick-exit"' in page.text
        assert "secret" not in page.text and "spent" not in page.text
