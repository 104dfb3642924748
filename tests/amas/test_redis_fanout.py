"""Across processes over a real Redis: an answer written through one app reaches a stream served by another."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import AsyncExitStack

import httpx
import pytest

from forum.events import RedisBus
from tests.amas.conftest import schedule
from tests.amas.sse import EventReader
from tests.conftest import PASSWORD, test_settings
from tests.live import live_server
from tests.services import redis_url

PREFIX = f"crossroads-test-{uuid.uuid4().hex[:8]}:"


@pytest.fixture
def settings(database_url):
    return test_settings(database_url, redis_url=redis_url(), redis_prefix=PREFIX)


async def test_two_buses_share_events_over_redis():
    url, prefix = redis_url(), f"crossroads-test-{uuid.uuid4().hex[:8]}:"
    one, two = RedisBus(url, prefix), RedisBus(url, prefix)
    try:
        async with two.subscribe("ama:1") as sub, two.subscribe("ama:2") as other:
            await one.publish("ama:1", {"id": 7, "kind": "answer", "data": {"x": 1}})
            assert await asyncio.wait_for(sub.get(), 5) == {
                "id": 7,
                "kind": "answer",
                "data": {"x": 1},
            }
            assert other.queue.empty()
        assert await one.status() == "ok"
    finally:
        await one.aclose()
        await two.aclose()


async def test_redis_down_is_degraded_not_fatal():
    bus = RedisBus("redis://127.0.0.1:1/0", "x:")
    try:
        async with bus.subscribe("c") as sub:
            await bus.publish("c", {"id": 1, "kind": "k", "data": {}})  # delivered locally
            assert await asyncio.wait_for(sub.get(), 5) == {"id": 1, "kind": "k", "data": {}}
        assert await bus.status() == "degraded"
    finally:
        await bus.aclose()


@pytest.mark.backends("sqlite")
async def test_answer_through_this_app_arrives_on_another_process(
    tmp_path, app, client, members, therapist, database_url
):
    assert (await client.get("/readyz")).json()["checks"]["events"] == "ok"
    ama = await schedule(client, members["moderator"], therapist)
    env = {
        "CROSSROADS_DATABASE_URL": database_url,
        "CROSSROADS_REDIS_URL": redis_url(),
        "CROSSROADS_REDIS_PREFIX": PREFIX,
        "CROSSROADS_SCHEMA": "generate",
    }
    with live_server(tmp_path, env) as other:
        async with (
            httpx.AsyncClient(base_url=other.url, timeout=20) as http,
            AsyncExitStack() as stack,
        ):
            token = (
                await http.post(
                    "/api/v1/auth/tokens",
                    json={"username": members["leaving"].username, "password": PASSWORD},
                )
            ).json()["token"]
            response = await stack.enter_async_context(
                http.stream(
                    "GET",
                    f"/api/v1/amas/{ama['id']}/events",
                    headers={"Authorization": f"Bearer {token}"},
                )
            )
            assert response.status_code == 200
            reader = EventReader(response)
            q = (
                await client.post(
                    f"/api/v1/amas/{ama['id']}/questions",
                    headers=members["staying"].auth,
                    json={"body": "Across processes?"},
                )
            ).json()["question"]
            assert (await reader.until("question", timeout=15))["data"]["id"] == q["id"]
            await client.post(
                f"/api/v1/questions/{q['id']}/answers",
                headers=therapist.auth,
                json={"body": "Yes."},
            )
            event = await reader.until("answer", timeout=15)
            assert event["data"]["body_html"] == "<p>Yes.</p>"


@pytest.mark.backends("sqlite")
async def test_the_stream_cap_counts_every_process(
    tmp_path, app, served, client, members, therapist, database_url
):
    from forum.amas.api import MAX_STREAMS_PER_MEMBER

    ama = await schedule(client, members["moderator"], therapist)
    env = {
        "CROSSROADS_DATABASE_URL": database_url,
        "CROSSROADS_REDIS_URL": redis_url(),
        "CROSSROADS_REDIS_PREFIX": PREFIX,
        "CROSSROADS_SCHEMA": "generate",
    }
    url = f"/api/v1/amas/{ama['id']}/events"
    lee = members["leaving"]
    with live_server(tmp_path, env) as other:
        async with (
            httpx.AsyncClient(base_url=served, timeout=20) as here,
            httpx.AsyncClient(base_url=other.url, timeout=20) as there,
            AsyncExitStack() as stack,
        ):
            opened = []
            for i in range(MAX_STREAMS_PER_MEMBER):
                http = here if i % 2 else there
                opened.append(
                    await stack.enter_async_context(http.stream("GET", url, headers=lee.auth))
                )
                assert opened[-1].status_code == 200
            for http in (here, there):
                r = await http.get(url, headers=lee.auth)
                assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
            async with there.stream("GET", url, headers=members["staying"].auth) as r:
                assert r.status_code == 200  # another member is not affected
            await opened[
                1
            ].aclose()  # a stream on this process ends: the other process may open one

            async def reopen() -> None:
                while True:
                    async with there.stream("GET", url, headers=lee.auth) as r:
                        if r.status_code == 200:
                            return
                    await asyncio.sleep(0.05)

            await asyncio.wait_for(reopen(), 10)
