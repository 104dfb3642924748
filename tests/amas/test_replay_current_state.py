"""Replay with Last-Event-ID serves each subject's current state, never its history (issue 11)."""

from __future__ import annotations

from contextlib import AsyncExitStack

import httpx

from forum.amas.models import AmaEvent
from tests.amas.sse import EventReader
from tests.conftest import PASSWORD, make_member

SECRET = "I found the Lakeside hotel receipts in his coat"
SECRET2 = "She told me about the Brookfield flat last night"


async def _replay_all(served: str, member, ama_id: int, client) -> list[dict]:
    """Every event of the AMA from the beginning, as a reconnecting client gets them."""
    last = (await client.get(f"/api/v1/amas/{ama_id}", headers=member.auth)).json()["last_event_id"]
    got: list[dict] = []
    async with httpx.AsyncClient(base_url=served, timeout=20) as http, AsyncExitStack() as stack:
        response = await stack.enter_async_context(
            http.stream(
                "GET",
                f"/api/v1/amas/{ama_id}/events",
                headers={**member.auth, "Last-Event-ID": "0"},
            )
        )
        assert response.status_code == 200
        reader = EventReader(response)
        while not got or got[-1]["id"] < last:
            got.append(await reader.next())
    return got


async def _ask(client, member, ama_id: int, body: str) -> dict:
    r = await client.post(
        f"/api/v1/amas/{ama_id}/questions", headers=member.auth, json={"body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()["question"]


async def test_withdrawn_and_removed_questions_replay_as_removed(served, client, members, ama):
    sam, lee, mod = members["staying"], members["leaving"], members["moderator"]
    withdrawn = await _ask(client, sam, ama["id"], SECRET)
    await client.post(f"/api/v1/questions/{withdrawn['id']}/votes", headers=lee.auth)
    assert (
        await client.delete(f"/api/v1/questions/{withdrawn['id']}", headers=sam.auth)
    ).status_code in (200, 204)
    removed = await _ask(client, lee, ama["id"], SECRET2)
    assert (
        await client.delete(f"/api/v1/questions/{removed['id']}", headers=mod.auth)
    ).status_code in (200, 204)
    kept = await _ask(client, lee, ama["id"], "How long does the fog last?")

    replay = await _replay_all(served, members["undecided"], ama["id"], client)
    text = str(replay)
    assert "Lakeside" not in text and "Brookfield" not in text and sam.username not in text
    kinds = {(e["event"], e["data"].get("id")) for e in replay}
    assert ("question", withdrawn["id"]) not in kinds and ("question", removed["id"]) not in kinds
    assert ("question_removed", withdrawn["id"]) in kinds and (
        "votes",
        withdrawn["id"],
    ) not in kinds
    assert ("question", kept["id"]) in kinds
    # The log itself never held the text.
    assert "Lakeside" not in str(
        await AmaEvent.filter(ama_id=ama["id"]).values_list("data", flat=True)
    )


async def test_an_erased_member_replays_as_a_former_member(served, client, members, therapist, ama):
    asker = await make_member("soon_gone", "staying")
    q = await _ask(client, asker, ama["id"], SECRET)
    r = await client.post(
        f"/api/v1/questions/{q['id']}/answers",
        headers=therapist.auth,
        json={"body": "Talk it through."},
    )
    assert r.status_code == 201
    gone = await client.request(
        "DELETE", "/api/v1/me", headers=asker.auth, json={"password": PASSWORD}
    )
    assert gone.status_code == 204, gone.text
    replay = await _replay_all(served, members["leaving"], ama["id"], client)
    text = str(replay)
    assert "Lakeside" not in text and "soon_gone" not in text
    # The host's answer stays in its place.
    assert any(
        e["event"] == "answer" and "Talk it through." in e["data"]["body_html"] for e in replay
    )


async def test_a_moderators_removal_through_the_queue_replays_as_removed(
    served, client, members, ama
):
    from tests.moderation.conftest import queue

    sam, mod = members["staying"], members["moderator"]
    q = await _ask(client, sam, ama["id"], SECRET)
    r = await client.post(
        f"/api/v1/questions/{q['id']}/reports",
        headers=members["leaving"].auth,
        json={"reason": "privacy", "note": "Names her husband."},
    )
    assert r.status_code == 201, r.text
    [item] = [
        i
        for i in await queue(client, mod)
        if i["subject"] == {"type": "ama_question", "id": q["id"]}
    ]
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "remove", "note": "Names a third party."},
    )
    assert r.status_code == 200, r.text
    replay = await _replay_all(served, members["undecided"], ama["id"], client)
    assert "Lakeside" not in str(replay) and sam.username not in str(replay)


async def test_event_rows_from_before_the_id_only_log_lose_their_text(client, members, ama):
    """Migration 0015: rows written when the log kept whole payloads keep only their ids."""
    import importlib

    from tortoise import Tortoise

    event_scrub = importlib.import_module("forum.migrations.0015_scrub_ama_event_text")

    kept = await _ask(client, members["staying"], ama["id"], "How long does the fog last?")
    now_rows = await AmaEvent.filter(ama_id=ama["id"]).order_by("seq").values("seq", "data")
    seq = max(r["seq"] for r in now_rows)
    old = {
        "id": kept["id"] + 1000,
        "ama_id": ama["id"],
        "body_html": f"<p>{SECRET}</p>",
        "author": {"username": members["leaving"].username, "badges": []},
        "votes": 3,
    }
    await AmaEvent.create(ama_id=ama["id"], seq=seq + 1, kind="question", data=old)
    await AmaEvent.create(
        ama_id=ama["id"],
        seq=seq + 2,
        kind="answer",
        data={"id": 7, "question_id": old["id"], "body_html": f"<p>{SECRET2}</p>"},
    )

    assert await event_scrub.scrub(Tortoise.get_connection("default")) == 2
    rows = await AmaEvent.filter(ama_id=ama["id"]).order_by("seq").values("seq", "data")
    stored = str(rows)
    assert (
        "Lakeside" not in stored
        and "Brookfield" not in stored
        and members["leaving"].username not in stored
    )
    assert rows[-2]["data"] == {"id": old["id"], "ama_id": ama["id"]}
    assert rows[-1]["data"] == {"id": 7, "question_id": old["id"]}
    assert [r["data"] for r in rows[:-2]] == [r["data"] for r in now_rows]  # id-only rows untouched
    assert await event_scrub.scrub(Tortoise.get_connection("default")) == 0  # idempotent
