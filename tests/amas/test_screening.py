"""AMA questions go through the same screens as posts: crisis lines at once, moderators see it first."""

from __future__ import annotations

from tests.moderation.conftest import queue

CRISIS = "Some nights I just want to die. How do I get through the weekends without the kids?"
PRIVATE = "My husband is on 07700 900123, should I call him about the kids or text?"


def _item_for(items: list[dict], question_id: int) -> dict | None:
    return next(
        (i for i in items if i["subject"] == {"type": "ama_question", "id": question_id}), None
    )


async def test_a_crisis_question_shows_crisis_lines_and_goes_to_the_top_of_thequeue(
    client, members, ama
):
    sam, mod = members["staying"], members["moderator"]
    # Something less urgent is already waiting.
    waiting = await client.post(
        f"/api/v1/amas/{ama['id']}/questions",
        headers=members["leaving"].auth,
        json={"body": PRIVATE},
    )
    assert waiting.status_code == 201 and waiting.json()["question"]["status"] == "pending"
    r = await client.post(
        f"/api/v1/amas/{ama['id']}/questions", headers=sam.auth, json={"body": CRISIS}
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["crisis_resources"], "the asker sees crisis lines in the same response"
    question = body["question"]
    items = await queue(client, mod)
    item = _item_for(items, question["id"])
    assert item is not None, items
    assert [i["id"] for i in items] == [
        item["id"],
        _item_for(items, waiting.json()["question"]["id"])["id"],
    ]


async def test_a_crisis_question_asked_on_the_page_shows_crisis_lines(
    client, browser, members, ama
):
    await browser.sign_in(members["staying"].username)
    url = f"/amas/{ama['id']}"
    r = await browser.submit(url, f"{url}/questions", {"body": CRISIS})
    assert r.status_code == 303 and r.headers["location"].startswith("/support?"), r.text[:500]
    r = await browser.get(r.headers["location"])
    assert (
        r.status_code == 200 and "If you need someone now" in r.text and 'href="tel:988"' in r.text
    )
    assert "Your question is up" in r.text and "Back to the AMA" in r.text


async def test_a_question_with_personal_details_waits_for_a_moderator(client, members, ama):
    lee, sam, mod = members["leaving"], members["staying"], members["moderator"]
    r = await client.post(
        f"/api/v1/amas/{ama['id']}/questions", headers=lee.auth, json={"body": PRIVATE}
    )
    assert r.status_code == 201, r.text
    question = r.json()["question"]
    assert question["status"] == "pending" and "phone number" in question["status_reason"]
    mine = (await client.get(f"/api/v1/amas/{ama['id']}", headers=lee.auth)).json()["questions"][
        "items"
    ]
    assert [q["id"] for q in mine] == [question["id"]]
    theirs = (await client.get(f"/api/v1/amas/{ama['id']}", headers=sam.auth)).json()["questions"][
        "items"
    ]
    assert theirs == []
    assert (
        await client.post(f"/api/v1/questions/{question['id']}/votes", headers=sam.auth)
    ).status_code == 404

    item = _item_for(await queue(client, mod), question["id"])
    assert item is not None
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "approve", "note": "Fine: it is the member's own spouse."},
    )
    assert r.status_code == 200, r.text
    theirs = (await client.get(f"/api/v1/amas/{ama['id']}", headers=sam.auth)).json()["questions"][
        "items"
    ]
    assert [q["id"] for q in theirs] == [question["id"]] and theirs[0]["status"] == "published"
    from forum.amas import queries

    logged = await queries.events_after(ama["id"], 0)
    assert [e["kind"] for e in logged] == ["question"], (
        "watchers hear of it only once it is published"
    )
