"""Suggestion and broken link through the real moderation queue API."""

from __future__ import annotations

from tests.conftest import notice_texts
from tests.moderation.conftest import queue
from tests.resources.test_suggestions import SUGGESTION


async def test_approving_a_suggestion_in_the_queue_lists_it_and_tells_the_member(client, members):
    member, mod = members["staying"], members["moderator"]
    sid = (
        await client.post("/api/v1/resources/suggestions", headers=member.auth, json=SUGGESTION)
    ).json()["suggestion"]["id"]
    items = [i for i in await queue(client, mod) if i["kind"] == "resource_suggestion"]
    assert [i["subject"]["id"] for i in items] == [sid]
    r = await client.post(
        f"/api/v1/moderation/queue/{items[0]['id']}/resolve",
        headers=mod.auth,
        json={"action": "approve", "note": "Checked their site."},
    )
    assert r.status_code == 200, r.text
    listed = (await client.get("/api/v1/resources", params={"kind": "retreat"})).json()["items"]
    assert [i["title"] for i in listed] == [SUGGESTION["title"]]
    assert any(SUGGESTION["title"] in t for t in await notice_texts(member.id))


async def test_rejecting_a_suggestion_in_the_queue(client, members):
    member, mod = members["leaving"], members["moderator"]
    await client.post(
        "/api/v1/resources/suggestions",
        headers=member.auth,
        json={**SUGGESTION, "paths": "leaving"},
    )
    item = next(i for i in await queue(client, mod) if i["kind"] == "resource_suggestion")
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "reject", "note": "We could not verify it."},
    )
    assert r.status_code == 200, r.text
    assert (await client.get("/api/v1/resources", params={"kind": "retreat"})).json()["items"] == []
    mine = (await client.get("/api/v1/resources/suggestions", headers=member.auth)).json()["items"]
    assert mine[0]["status"] == "rejected"


async def test_the_queue_reads_suggestions_and_broken_links_in_one_query_each_not_one_per_item(
    client, members
):
    from forum.db import counting_queries
    from forum.resources.models import Resource, State

    mod = members["moderator"]

    async def statements() -> int:
        with counting_queries() as counter:
            r = await client.get(
                "/api/v1/moderation/queue", headers=mod.auth, params={"limit": 100}
            )
        assert r.status_code == 200, r.text
        return counter.count

    await client.post(
        "/api/v1/resources/suggestions", headers=members["staying"].auth, json=SUGGESTION
    )
    few = await statements()
    for name in ("leaving", "undecided"):
        for n in range(2):
            r = await client.post(
                "/api/v1/resources/suggestions",
                headers=members[name].auth,
                json={**SUGGESTION, "title": f"Idea {name} {n}"},
            )
            assert r.status_code == 201, r.text
    items = await queue(client, mod)
    assert len([i for i in items if i["kind"] == "resource_suggestion"]) == 5
    assert all(
        i["title"].startswith("Suggested resource: ")
        for i in items
        if i["kind"] == "resource_suggestion"
    )
    assert await statements() == few
    # A broken link is one more kind: one more query, however many there are.
    from forum import review

    for resource in await Resource.filter(key__isnull=False).limit(2):
        await Resource.filter(id=resource.id).update(state=State.BROKEN, last_status="404")
        await review.submit("broken_link", resource.id, reasons=["Link check failed: 404"])
    assert await statements() == few + 1
