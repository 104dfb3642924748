"""AMA streams and Redis outages (issue 12), and blocked members in the live stream (issue 16).

- An event published while Redis is down reaches the streams another process serves within
  seconds of Redis returning (no later event needed): AMA events, the unread count, and a
  credential's end. Two app instances (this test's app and a `crossroads serve` process) share
  a redis-server of the test's own, which the test kills and restarts.
- A member who blocked someone never sees that member's questions in an AMA stream, nor the
  votes and answers on them, live or in replay.
"""

from __future__ import annotations

import time
from contextlib import AsyncExitStack

import httpx
import pytest

from tests.amas.conftest import schedule
from tests.amas.sse import EventReader
from tests.conftest import PASSWORD, test_settings
from tests.live import live_server
from tests.own_redis import own_redis  # noqa: F401 - the fixture


async def _open(
    stack: AsyncExitStack, http: httpx.AsyncClient, url: str, headers: dict[str, str]
) -> EventReader:
    response = await stack.enter_async_context(http.stream("GET", url, headers=headers))
    assert response.status_code == 200, await response.aread()
    return EventReader(response)


@pytest.fixture
def settings(database_url, own_redis):
    return test_settings(database_url, redis_url=own_redis.url, redis_prefix="outage:")


@pytest.mark.redis
@pytest.mark.backends("sqlite")
async def test_events_published_while_redis_was_down_reach_the_other_process(
    tmp_path, app, client, members, therapist, database_url, own_redis, capsys
):
    sam, lee = members["staying"], members["leaving"]
    ama = await schedule(client, members["moderator"], therapist)
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions",
            headers=sam.auth,
            json={"body": "Before the outage?"},
        )
    ).json()["question"]
    env = {
        "CROSSROADS_DATABASE_URL": database_url,
        "CROSSROADS_REDIS_URL": own_redis.url,
        "CROSSROADS_REDIS_PREFIX": "outage:",
        "CROSSROADS_SCHEMA": "generate",
    }
    with live_server(tmp_path, env) as other:
        async with (
            httpx.AsyncClient(base_url=other.url, timeout=30) as http,
            AsyncExitStack() as stack,
        ):
            token = (
                await http.post(
                    "/api/v1/auth/tokens", json={"username": lee.username, "password": PASSWORD}
                )
            ).json()["token"]
            ama_stream = await _open(
                stack,
                http,
                f"/api/v1/amas/{ama['id']}/events",
                {"Authorization": f"Bearer {token}"},
            )
            unread = await _open(stack, http, "/api/v1/me/notifications/events", sam.auth)
            assert (await unread.until("unread"))["data"] == {"unread_count": 0}
            # A second token of Lee's, whose stream must end when that token is revoked.
            doomed = (
                await http.post(
                    "/api/v1/auth/tokens", json={"username": lee.username, "password": PASSWORD}
                )
            ).json()["token"]
            ending = await _open(
                stack,
                http,
                "/api/v1/me/notifications/events",
                {"Authorization": f"Bearer {doomed}"},
            )
            await ending.until("unread")

            own_redis.kill()
            # Written through this process while Redis is away: an answer (an AMA event and a
            # notification for Sam), and the end of Lee's second token.
            r = await client.post(
                f"/api/v1/questions/{q['id']}/answers",
                headers=therapist.auth,
                json={"body": "During the outage."},
            )
            assert r.status_code == 201
            r = await client.delete(
                "/api/v1/auth/tokens/current", headers={"Authorization": f"Bearer {doomed}"}
            )
            assert r.status_code in (200, 204), r.text

            own_redis.start()
            back = time.monotonic()
            answer = await ama_stream.until("answer", timeout=15)
            assert answer["data"]["body_html"] == "<p>During the outage.</p>"
            seen_answer = time.monotonic() - back
            assert (await unread.until("unread", timeout=15))["data"] == {"unread_count": 1}
            seen_unread = time.monotonic() - back
            with pytest.raises(EOFError):  # the revoked token's stream ends
                await ending.until("unread", timeout=15)
            ended = time.monotonic() - back
            with capsys.disabled():
                print(
                    f"\nafter Redis returned: answer seen in {seen_answer:.2f} s, unread count in "
                    f"{seen_unread:.2f} s, revoked token's stream ended in {ended:.2f} s"
                )


async def test_a_blocked_members_questions_never_reach_the_blockers_stream(
    served, client, members, therapist, ama
):
    sam, lee, uma = members["staying"], members["leaving"], members["undecided"]
    assert (
        await client.put(f"/api/v1/me/blocks/{sam.username}", headers=lee.auth)
    ).status_code == 200
    start = (await client.get(f"/api/v1/amas/{ama['id']}", headers=lee.auth)).json()[
        "last_event_id"
    ]
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        lees = await _open(stack, http, f"/api/v1/amas/{ama['id']}/events", lee.auth)
        umas = await _open(stack, http, f"/api/v1/amas/{ama['id']}/events", uma.auth)
        hidden = (
            await client.post(
                f"/api/v1/amas/{ama['id']}/questions",
                headers=sam.auth,
                json={"body": "From someone Lee blocked"},
            )
        ).json()["question"]
        await client.post(f"/api/v1/questions/{hidden['id']}/votes", headers=uma.auth)
        await client.post(
            f"/api/v1/questions/{hidden['id']}/answers",
            headers=therapist.auth,
            json={"body": "An answer to it"},
        )
        shown = (
            await client.post(
                f"/api/v1/amas/{ama['id']}/questions",
                headers=uma.auth,
                json={"body": "From someone else"},
            )
        ).json()["question"]
        # Uma sees all of it; Lee's first event is Uma's question: nothing about Sam's came before.
        assert [(await umas.next())["event"] for _ in range(4)] == [
            "question",
            "votes",
            "answer",
            "question",
        ]
        first = await lees.next()
        assert first["event"] == "question" and first["data"]["id"] == shown["id"]
        # Replay (Last-Event-ID) leaves them out too.
        replay = await _open(
            stack,
            http,
            f"/api/v1/amas/{ama['id']}/events",
            {**lee.auth, "Last-Event-ID": str(start)},
        )
        event = await replay.next()
        assert event["event"] == "question" and event["data"]["id"] == shown["id"]


async def test_blocking_mid_stream_takes_effect_at_once(served, client, members, therapist, ama):
    sam, lee, uma = members["staying"], members["leaving"], members["undecided"]
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        lees = await _open(stack, http, f"/api/v1/amas/{ama['id']}/events", lee.auth)
        first = (
            await client.post(
                f"/api/v1/amas/{ama['id']}/questions",
                headers=sam.auth,
                json={"body": "Before the block"},
            )
        ).json()["question"]
        assert (await lees.next())["data"]["id"] == first["id"]
        assert (
            await client.put(f"/api/v1/me/blocks/{sam.username}", headers=lee.auth)
        ).status_code == 200
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions",
            headers=sam.auth,
            json={"body": "After the block"},
        )
        await client.post(f"/api/v1/questions/{first['id']}/votes", headers=uma.auth)
        shown = (
            await client.post(
                f"/api/v1/amas/{ama['id']}/questions",
                headers=uma.auth,
                json={"body": "Someone else's"},
            )
        ).json()["question"]
        event = await lees.next()  # not Sam's new question, nor the vote on Sam's first one
        assert event["event"] == "question" and event["data"]["id"] == shown["id"]


@pytest.mark.redis
@pytest.mark.backends("sqlite")
async def test_a_hung_redis_costs_questions_and_votes_one_short_wait(
    client, members, therapist, own_redis, capsys
):
    from forum import runtime

    sam, uma = members["staying"], members["undecided"]
    ama = await schedule(client, members["moderator"], therapist)
    circuit = runtime.get().limiter.circuit
    assert (
        runtime.get().bus.circuit is circuit
    )  # one circuit per process: the limiter's and the bus's
    healthy = []
    for i in range(3):  # the same pair with Redis well, for comparison (the first also warms up)
        started = time.perf_counter()
        warm = (
            await client.post(
                f"/api/v1/amas/{ama['id']}/questions",
                headers=sam.auth,
                json={"body": f"Asked while Redis is well, number {i}"},
            )
        ).json()["question"]
        await client.post(f"/api/v1/questions/{warm['id']}/votes", headers=uma.auth)
        healthy.append(time.perf_counter() - started)
    own_redis.hang()
    try:
        costs = []
        for i in range(5):
            started = time.perf_counter()
            r = await client.post(
                f"/api/v1/amas/{ama['id']}/questions",
                headers=sam.auth,
                json={"body": f"Asked while Redis hangs, number {i}"},
            )
            assert r.status_code == 201, r.text
            q = r.json()["question"]
            r = await client.post(f"/api/v1/questions/{q['id']}/votes", headers=uma.auth)
            assert r.status_code == 200, r.text
            costs.append(time.perf_counter() - started)
        assert circuit.open and circuit.hung and circuit.trips == 1
        ready = (await client.get("/readyz")).json()
        assert (
            ready["checks"]["rate_limiter"] == "degraded"
            and ready["checks"]["events"] == "degraded"
        )
        with capsys.disabled():
            print(
                "\nquestion + vote with Redis well: "
                + ", ".join(f"{c * 1000:.0f} ms" for c in healthy)
                + "; Redis hung: "
                + ", ".join(f"{c * 1000:.0f} ms" for c in costs)
            )
    finally:
        own_redis.resume()
