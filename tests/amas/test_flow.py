"""The AMA flow through the API: schedule, ask, vote, answer, archive; who may do what."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from tests.amas.conftest import iso, schedule
from tests.conftest import make_member


async def test_whole_flow_through_the_api(client, members, therapist, ama):
    sam, lee = members["staying"], members["leaving"]
    assert ama["status"] == "live" and "not therapy or individual clinical advice" in ama["notice"]
    assert ama["host"]["badges"] == ["therapist: LMFT, California"]

    r = await client.post(
        f"/api/v1/amas/{ama['id']}/questions",
        headers=sam.auth,
        json={"body": "How do I tell the kids? <script>alert(1)</script>"},
    )
    assert r.status_code == 201, r.text
    q1 = r.json()["question"]
    assert "<script" not in q1["body_html"] and q1["vote_count"] == 0 and q1["answered"] is False
    q2 = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions",
            headers=lee.auth,
            json={"body": "Is discernment counselling worth it?"},
        )
    ).json()["question"]

    r = await client.post(f"/api/v1/questions/{q2['id']}/votes", headers=sam.auth)
    assert r.json()["question"]["vote_count"] == 1 and r.json()["question"]["voted_by_me"] is True
    r = await client.post(
        f"/api/v1/questions/{q2['id']}/votes", headers=sam.auth
    )  # twice: still one
    assert r.status_code == 200 and r.json()["question"]["vote_count"] == 1

    top = (await client.get(f"/api/v1/amas/{ama['id']}", headers=sam.auth)).json()["questions"][
        "items"
    ]
    assert [q["id"] for q in top] == [q2["id"], q1["id"]]
    new = (await client.get(f"/api/v1/amas/{ama['id']}?sort=new", headers=sam.auth)).json()[
        "questions"
    ]["items"]
    assert [q["id"] for q in new] == [q2["id"], q1["id"]]

    r = await client.post(
        f"/api/v1/questions/{q1['id']}/answers",
        headers=therapist.auth,
        json={"body": "Together, *simply*, and more than once."},
    )
    assert r.status_code == 201, r.text
    assert r.json()["answer"]["author"]["badges"] == ["therapist: LMFT, California"]
    await client.post(
        f"/api/v1/questions/{q1['id']}/answers",
        headers=therapist.auth,
        json={"body": "A follow-up."},
    )

    answered = (
        await client.get(f"/api/v1/amas/{ama['id']}?answered=true", headers=lee.auth)
    ).json()
    assert [q["id"] for q in answered["questions"]["items"]] == [q1["id"]]
    assert [a["body_html"] for a in answered["questions"]["items"][0]["answers"]] == [
        "<p>Together, <em>simply</em>, and more than once.</p>",
        "<p>A follow-up.</p>",
    ]
    unanswered = (
        await client.get(f"/api/v1/amas/{ama['id']}?answered=false", headers=lee.auth)
    ).json()
    assert [q["id"] for q in unanswered["questions"]["items"]] == [q2["id"]]

    r = await client.delete(f"/api/v1/questions/{q2['id']}/votes", headers=sam.auth)
    assert r.json()["question"]["vote_count"] == 0 and r.json()["question"]["voted_by_me"] is False
    listed = (await client.get("/api/v1/amas", headers=lee.auth)).json()
    assert [a["id"] for a in listed["live"]] == [ama["id"]]


async def test_only_the_host_answers(client, members, therapist, ama):
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions",
            headers=members["staying"].auth,
            json={"body": "A question"},
        )
    ).json()["question"]
    other = await make_member("dr_other", roles=["therapist"], credential="LPC, Texas")
    for who in (members["staying"], members["moderator"], other):
        r = await client.post(
            f"/api/v1/questions/{q['id']}/answers", headers=who.auth, json={"body": "Me too"}
        )
        assert r.status_code == 403, r.text
        assert r.json()["error"]["code"] == "forbidden"


async def test_host_must_be_a_verified_therapist(client, members):
    mod = members["moderator"]
    body = {
        "title": "T",
        "description": "D",
        "space": "common-ground",
        "starts_at": iso(timedelta(hours=1)),
        "ends_at": iso(timedelta(hours=2)),
        "host_id": members["staying"].id,
    }
    r = await client.post("/api/v1/amas", headers=mod.auth, json=body)
    assert r.status_code == 422 and "host_id" in r.json()["error"]["fields"]
    r = await client.post("/api/v1/amas", headers=members["staying"].auth, json=body)
    assert r.status_code == 403
    r = await client.post(
        "/api/v1/amas", headers=mod.auth, json={**body, "ends_at": "soon", "space": "nowhere"}
    )
    assert r.status_code == 422 and {"ends_at", "space", "host_id"} <= set(
        r.json()["error"]["fields"]
    )


async def test_side_space_ama_is_only_for_that_side(client, members, therapist):
    ama = await schedule(
        client, members["moderator"], therapist, space="leaving", title="Leaving well"
    )
    assert (
        await client.get(f"/api/v1/amas/{ama['id']}", headers=members["leaving"].auth)
    ).status_code == 200
    for who in ("staying", "undecided"):
        r = await client.get(f"/api/v1/amas/{ama['id']}", headers=members[who].auth)
        assert r.status_code == 404
        assert (
            await client.post(
                f"/api/v1/amas/{ama['id']}/questions",
                headers=members[who].auth,
                json={"body": "hi"},
            )
        ).status_code == 404
        assert ama["id"] not in [
            a["id"]
            for a in (await client.get("/api/v1/amas", headers=members[who].auth)).json()["items"]
        ]
    # The host (a therapist on neither side) sees and answers their own AMA, and nothing else of that space.
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions",
            headers=members["leaving"].auth,
            json={"body": "How do I leave kindly?"},
        )
    ).json()["question"]
    assert ama["id"] in [
        a["id"] for a in (await client.get("/api/v1/amas", headers=therapist.auth)).json()["items"]
    ]
    assert (
        await client.get(f"/api/v1/amas/{ama['id']}", headers=therapist.auth)
    ).status_code == 200
    r = await client.post(
        f"/api/v1/questions/{q['id']}/answers", headers=therapist.auth, json={"body": "Slowly."}
    )
    assert r.status_code == 201, r.text
    assert (
        await client.get("/api/v1/spaces/leaving/threads", headers=therapist.auth)
    ).status_code == 404


async def test_after_the_end_no_questions_or_votes_but_the_host_may_answer(
    client, members, therapist
):
    ama = await schedule(
        client,
        members["moderator"],
        therapist,
        starts=timedelta(hours=-2),
        ends=timedelta(seconds=2),
    )
    sam = members["staying"]
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=sam.auth, json={"body": "Last one"}
        )
    ).json()["question"]
    from datetime import UTC, datetime

    from forum.amas.models import Ama

    await Ama.filter(id=ama["id"]).update(ends_at=datetime.now(UTC) - timedelta(minutes=1))
    r = await client.post(
        f"/api/v1/amas/{ama['id']}/questions", headers=sam.auth, json={"body": "Too late"}
    )
    assert r.status_code == 422 and "ended" in r.json()["error"]["message"]
    assert (
        await client.post(f"/api/v1/questions/{q['id']}/votes", headers=members["leaving"].auth)
    ).status_code == 409
    r = await client.post(
        f"/api/v1/questions/{q['id']}/answers", headers=therapist.auth, json={"body": "Still here"}
    )
    assert r.status_code == 201
    past = (await client.get("/api/v1/amas", headers=sam.auth)).json()["past"]
    assert [a["id"] for a in past] == [ama["id"]]
    await Ama.filter(id=ama["id"]).update(ends_at=datetime.now(UTC) - timedelta(hours=25))
    r = await client.post(
        f"/api/v1/questions/{q['id']}/answers", headers=therapist.auth, json={"body": "Too late"}
    )
    assert r.status_code == 422


async def test_withdraw_own_unanswered_question_only(client, members, therapist, ama):
    sam, lee = members["staying"], members["leaving"]
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=sam.auth, json={"body": "Mine"}
        )
    ).json()["question"]
    assert (
        await client.delete(f"/api/v1/questions/{q['id']}", headers=lee.auth)
    ).status_code == 403
    assert (
        await client.delete(f"/api/v1/questions/{q['id']}", headers=sam.auth)
    ).status_code == 204
    assert (await client.get(f"/api/v1/amas/{ama['id']}", headers=lee.auth)).json()["questions"][
        "items"
    ] == []
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=sam.auth, json={"body": "Again"}
        )
    ).json()["question"]
    await client.post(
        f"/api/v1/questions/{q['id']}/answers", headers=therapist.auth, json={"body": "Answered"}
    )
    r = await client.delete(f"/api/v1/questions/{q['id']}", headers=sam.auth)
    assert r.status_code == 409


async def test_bad_question_bodies_are_422(client, members, ama):
    for body in ({"body": ""}, {"body": 5}, {"body": "x" * 6000}, {}):
        r = await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=members["staying"].auth, json=body
        )
        assert r.status_code == 422 and "body" in r.json()["error"]["fields"], r.text


@pytest.mark.backends("postgres")
async def test_concurrent_votes_on_postgres(client, members, ama):
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions",
            headers=members["staying"].auth,
            json={"body": "Popular"},
        )
    ).json()["question"]
    voters = [await make_member(f"voter{i}") for i in range(12)]
    url = f"/api/v1/questions/{q['id']}/votes"
    # Every voter at once, and each one twice at the same instant.
    results = await asyncio.gather(
        *(client.post(url, headers=v.auth) for v in voters for _ in range(2))
    )
    assert all(r.status_code == 200 for r in results), [
        r.text for r in results if r.status_code != 200
    ]
    final = (
        await client.get(f"/api/v1/questions/{q['id']}", headers=members["leaving"].auth)
    ).json()["question"]
    assert final["vote_count"] == 12
    from forum.amas.models import AmaEvent, AmaVote

    assert await AmaVote.filter(question_id=q["id"]).count() == 12
    # The live log numbers events densely in commit order, one per vote; it keeps ids only (replay
    # reads the question's current count), so no stale count can be served again.
    logged = (
        await AmaEvent.filter(ama_id=ama["id"], kind="votes").order_by("seq").values("seq", "data")
    )
    assert len(logged) == 12 and all(e["data"] == {"id": q["id"]} for e in logged), logged
    seqs = await AmaEvent.filter(ama_id=ama["id"]).order_by("seq").values_list("seq", flat=True)
    assert seqs == list(range(1, len(seqs) + 1))


async def test_openapi_lists_the_ama_endpoints(client):
    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    for path in (
        "/amas",
        "/amas/{id}",
        "/amas/{id}/questions",
        "/questions/{id}/votes",
        "/questions/{id}/answers",
        "/amas/{id}/events",
        "/therapists/applications",
        "/therapists/{id}/revoke",
    ):
        assert path in paths, path


async def test_past_amas_are_an_archive_in_pages(client, browser, members, therapist):
    from datetime import UTC, datetime

    from forum.amas.models import Ama

    mod, sam = members["moderator"], members["staying"]
    live = await schedule(client, mod, therapist, title="Live one")
    soon = await schedule(
        client,
        mod,
        therapist,
        title="Soon",
        starts=timedelta(days=2),
        ends=timedelta(days=2, hours=1),
    )
    past = []
    for days in (3, 2, 1):
        ama = await schedule(client, mod, therapist, title=f"{days} days ago")
        await Ama.filter(id=ama["id"]).update(
            starts_at=datetime.now(UTC) - timedelta(days=days, hours=1),
            ends_at=datetime.now(UTC) - timedelta(days=days),
        )
        past.append(ama["id"])
    first = (await client.get("/api/v1/amas", headers=sam.auth, params={"limit": 2})).json()
    assert [a["id"] for a in first["live"]] == [live["id"]] and [
        a["id"] for a in first["upcoming"]
    ] == [soon["id"]]
    assert [a["id"] for a in first["past"]] == [past[2], past[1]] and first["next_cursor"]
    assert [a["id"] for a in first["items"]] == [live["id"], soon["id"], past[2], past[1]]
    second = (
        await client.get(
            "/api/v1/amas", headers=sam.auth, params={"limit": 2, "cursor": first["next_cursor"]}
        )
    ).json()
    assert [a["id"] for a in second["items"]] == [past[0]] and second["next_cursor"] is None
    assert (
        await client.get("/api/v1/amas", headers=sam.auth, params={"cursor": "nonsense"})
    ).status_code == 400
    # The archive stays readable.
    assert (await client.get(f"/api/v1/amas/{past[0]}", headers=sam.auth)).json()["ama"][
        "status"
    ] == "past"
    await browser.sign_in(sam.username)
    page = await browser.get("/amas")
    assert "Live one" in page.text and "Soon" in page.text and "1 days ago" in page.text
    older = await browser.get(f"/amas?cursor={first['next_cursor']}")
    assert (
        older.status_code == 200 and "Older past AMAs" in older.text and "3 days ago" in older.text
    )
    assert "Live one" not in older.text
