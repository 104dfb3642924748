"""The live stream: events after commit, replay with Last-Event-ID, heartbeats, caps, shutdown, access."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import httpx
import pytest

from forum import events
from forum.amas import api as ama_api
from tests.amas.sse import EventReader


async def _open(
    stack: AsyncExitStack, http: httpx.AsyncClient, url: str, headers: dict[str, str]
) -> EventReader:
    response = await stack.enter_async_context(http.stream("GET", url, headers=headers))
    assert response.status_code == 200, await response.aread()
    assert response.headers["content-type"].startswith("text/event-stream")
    return EventReader(response)


async def test_question_vote_and_answer_arrive_live(served, client, members, therapist, ama):
    sam, lee = members["staying"], members["leaving"]
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        reader = await _open(stack, http, f"/api/v1/amas/{ama['id']}/events", lee.auth)
        q = (
            await client.post(
                f"/api/v1/amas/{ama['id']}/questions",
                headers=sam.auth,
                json={"body": "How do I tell *the kids*?"},
            )
        ).json()["question"]
        event = await reader.until("question")
        assert event["data"]["id"] == q["id"] and "<em>the kids</em>" in event["data"]["body_html"]
        await client.post(f"/api/v1/questions/{q['id']}/votes", headers=lee.auth)
        event = await reader.until("votes")
        assert event["data"] == {"id": q["id"], "vote_count": 1}
        await client.post(
            f"/api/v1/questions/{q['id']}/answers",
            headers=therapist.auth,
            json={"body": "Together."},
        )
        event = await reader.until("answer")
        assert (
            event["data"]["question_id"] == q["id"]
            and event["data"]["body_html"] == "<p>Together.</p>"
        )
        assert event["data"]["author"]["badges"] == ["therapist: LMFT, California"]


async def test_last_event_id_replays_what_was_missed(served, client, members, therapist, ama):
    sam, lee = members["staying"], members["leaving"]
    start = (await client.get(f"/api/v1/amas/{ama['id']}", headers=lee.auth)).json()[
        "last_event_id"
    ]
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=sam.auth, json={"body": "One"}
        )
    ).json()["question"]
    await client.post(
        f"/api/v1/questions/{q['id']}/answers",
        headers=therapist.auth,
        json={"body": "Missed answer"},
    )
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        reader = await _open(
            stack,
            http,
            f"/api/v1/amas/{ama['id']}/events",
            {**lee.auth, "Last-Event-ID": str(start)},
        )
        first, second = await reader.next(), await reader.next()
        assert [first["event"], second["event"]] == ["question", "answer"]
        assert second["data"]["body_html"] == "<p>Missed answer</p>" and second["id"] > first["id"]
        # Reconnect after the first: only the second again.
        reader2 = await _open(
            stack,
            http,
            f"/api/v1/amas/{ama['id']}/events",
            {**lee.auth, "Last-Event-ID": str(first["id"])},
        )
        assert (await reader2.next())["id"] == second["id"]
        # And what happens next still arrives live on the replayed stream.
        await client.post(
            f"/api/v1/questions/{q['id']}/answers",
            headers=therapist.auth,
            json={"body": "Live one"},
        )
        assert (await reader.until("answer"))["data"]["body_html"] == "<p>Live one</p>"


async def test_nothing_is_published_for_a_refused_write(served, client, members, therapist, ama):
    lee = members["leaving"]
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        reader = await _open(stack, http, f"/api/v1/amas/{ama['id']}/events", lee.auth)
        bad = await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=lee.auth, json={"body": ""}
        )
        assert bad.status_code == 422
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=lee.auth, json={"body": "Good one"}
        )
        assert "Good one" in (await reader.next())["data"]["body_html"]


async def test_heartbeat_keeps_idle_streams_alive(served, members, ama, monkeypatch):
    monkeypatch.setattr(ama_api, "HEARTBEAT_SECONDS", 0.05)
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        response = await stack.enter_async_context(
            http.stream("GET", f"/api/v1/amas/{ama['id']}/events", headers=members["leaving"].auth)
        )
        lines = response.aiter_lines()

        async def heartbeat() -> None:
            async for line in lines:
                if line == ": heartbeat":
                    return

        await asyncio.wait_for(heartbeat(), 10)


async def test_stream_cap_per_member_and_access(served, members, therapist, client, monkeypatch):
    from tests.amas.conftest import schedule

    monkeypatch.setattr(ama_api, "MAX_STREAMS_PER_MEMBER", 2)
    side = await schedule(client, members["moderator"], therapist, space="leaving")
    lee = members["leaving"]
    url = f"/api/v1/amas/{side['id']}/events"
    async with httpx.AsyncClient(base_url=served, timeout=20) as http:
        assert (await http.get(url)).status_code == 401
        assert (
            await http.get(url, headers=members["staying"].auth)
        ).status_code == 404  # the other side
        async with AsyncExitStack() as stack:
            await _open(stack, http, url, lee.auth)
            await _open(stack, http, url, lee.auth)
            third = await http.get(url, headers=lee.auth)
            assert third.status_code == 429 and third.json()["error"]["code"] == "rate_limited"
            await _open(stack, http, url, members["moderator"].auth)  # others are not affected

        # Closed streams free their slots.
        async def reopen() -> None:
            while True:
                async with http.stream("GET", url, headers=lee.auth) as r:
                    if r.status_code == 200:
                        return
                await asyncio.sleep(0.02)

        await asyncio.wait_for(reopen(), 10)


async def test_session_cookie_also_opens_the_stream(served, browser, members, ama):
    await browser.sign_in(members["leaving"].username)
    cookies = dict(browser.client.cookies)
    async with (
        httpx.AsyncClient(base_url=served, timeout=20, cookies=cookies) as http,
        AsyncExitStack() as stack,
    ):
        await _open(stack, http, f"/api/v1/amas/{ama['id']}/events", {})


async def test_shutdown_ends_open_streams(served, members, ama, app):
    from forum import runtime

    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        reader = await _open(
            stack, http, f"/api/v1/amas/{ama['id']}/events", members["leaving"].auth
        )
        runtime.get().bus.close_streams()
        with pytest.raises(EOFError):
            await reader.next(timeout=10)


async def test_a_slow_subscriber_is_cut_off_without_stalling_others():
    bus = events.MemoryBus()
    async with bus.subscribe("c") as slow, bus.subscribe("c") as fast:
        for i in range(events.QUEUE_SIZE + 5):
            await bus.publish("c", {"id": i})
            assert await fast.get(1) == {"id": i}  # the reader keeping up gets every event at once
        assert slow.overflowed and slow.ended
    await bus.aclose()


async def test_aclose_wakes_waiting_subscribers():
    bus = events.MemoryBus()
    async with bus.subscribe("c") as sub:
        waiter = asyncio.create_task(sub.get(None))
        await asyncio.sleep(0)
        await bus.aclose()
        assert await asyncio.wait_for(waiter, 5) is None and sub.ended


async def test_an_event_that_was_never_published_is_filled_in_from_the_log(
    served, client, members, ama
):
    """A process can die between its commit and its publish: the next event brings the missing one along."""
    from tortoise.expressions import F

    from forum.amas.models import Ama, AmaEvent
    from forum.db import transaction

    lee = members["leaving"]
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions",
            headers=lee.auth,
            json={"body": "Lost and found?"},
        )
    ).json()["question"]
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        reader = await _open(stack, http, f"/api/v1/amas/{ama['id']}/events", lee.auth)
        async with transaction():  # committed and logged, but nobody publishes it
            await Ama.filter(id=ama["id"]).update(event_seq=F("event_seq") + 1)
            lost = (await Ama.filter(id=ama["id"]).values_list("event_seq", flat=True))[0]
            await AmaEvent.create(
                ama_id=ama["id"], seq=lost, kind="votes", data={"id": q["id"], "vote_count": 41}
            )
        await client.post(f"/api/v1/questions/{q['id']}/votes", headers=members["staying"].auth)
        first, second = await reader.next(), await reader.next()
        # The log keeps ids only: the filled-in event carries the question's current count (the
        # one vote cast), not whatever was written beside the lost sequence number.
        assert (first["id"], first["event"], first["data"]["vote_count"]) == (lost, "votes", 1)
        assert (second["id"], second["event"]) == (lost + 1, "votes")


async def test_a_last_event_id_from_the_future_means_from_now(served, client, members, ama):
    lee = members["leaving"]
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        reader = await _open(
            stack, http, f"/api/v1/amas/{ama['id']}/events", {**lee.auth, "Last-Event-ID": "999999"}
        )
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=lee.auth, json={"body": "Still heard?"}
        )
        assert "Still heard?" in (await reader.until("question"))["data"]["body_html"]


async def test_a_member_who_moves_to_the_other_side_stops_hearing_that_sides_ama(
    served, client, members, therapist, monkeypatch
):
    from forum.accounts.actions import change_path
    from forum.accounts.models import Path, User
    from tests.amas.conftest import schedule

    monkeypatch.setattr(ama_api, "ACCESS_RECHECK_SECONDS", 0.05)
    side = await schedule(client, members["moderator"], therapist, space="leaving")
    lee = members["leaving"]
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        reader = await _open(stack, http, f"/api/v1/amas/{side['id']}/events", lee.auth)
        await change_path(await User.get(id=lee.id), Path.STAYING)
        with pytest.raises(EOFError):
            await reader.next(timeout=10)
        assert (
            await http.get(f"/api/v1/amas/{side['id']}/events", headers=lee.auth)
        ).status_code == 404


@pytest.mark.backends("sqlite")
async def test_a_real_server_told_to_stop_ends_its_streams_and_exits(
    tmp_path, client, members, therapist, ama, database_url
):
    import signal
    import time

    from tests.conftest import PASSWORD
    from tests.live import live_server

    env = {"CROSSROADS_DATABASE_URL": database_url, "CROSSROADS_SCHEMA": "generate"}
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
            reader = await _open(
                stack,
                http,
                f"/api/v1/amas/{ama['id']}/events",
                {"Authorization": f"Bearer {token}"},
            )
            started = time.monotonic()
            other.process.send_signal(signal.SIGTERM)
            with pytest.raises(EOFError):  # the stream ends cleanly (final chunk), not cut off
                await reader.next(timeout=10)
            # uvicorn re-raises the signal it caught once it has shut down.
            assert await asyncio.to_thread(other.process.wait, 10) in (0, -signal.SIGTERM)
            assert time.monotonic() - started < 8
            assert "Finished server process" in other.log.read_text()
