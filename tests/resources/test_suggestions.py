"""Members suggest resources; a suggestion is a moderation queue item whose approval creates the resource."""

from __future__ import annotations

import pytest

from forum import review
from forum.accounts.models import User
from forum.errors import ValidationError
from forum.resources.models import ResourceSuggestion

SUGGESTION = {
    "title": "Weekend retreat for couples",
    "url": "https://example.org/retreat",
    "description": "Helped us talk again.",
    "kind": "retreat",
    "paths": ["staying"],
}


async def _decide(
    kind: str, decision: str, subject_id: int, moderator_id: int, reason: str = "", data=None
):
    """What the moderation queue does when a moderator picks a decision."""
    handler = next(d for d in review.kinds()[kind].decisions if d.name == decision).handler
    return await handler(subject_id, await User.get(id=moderator_id), reason, data or {})


async def _titles(client):
    return [
        i["title"]
        for i in (await client.get("/api/v1/resources", params={"kind": "retreat"})).json()["items"]
    ]


async def test_member_cannot_create_but_can_suggest_and_it_is_queued(client, members, queue):
    member = members["staying"]
    r = await client.post("/api/v1/resources", headers=member.auth, json=SUGGESTION)
    assert r.status_code == 403

    r = await client.post(
        "/api/v1/resources/suggestions",
        headers=member.auth,
        json={**SUGGESTION, "note": "Went in May."},
    )
    assert r.status_code == 201, r.text
    suggestion = r.json()["suggestion"]
    assert suggestion["status"] == "pending" and suggestion["paths"] == ["staying"]
    assert await _titles(client) == []  # nothing is listed before a moderator decides
    assert await queue.items() == [
        {
            "kind": "resource_suggestion",
            "subject_id": suggestion["id"],
            "reasons": ["Retreat suggested by a member"],
            "priority": 10,
            "author_id": member.id,
            "note": "Went in May.",
        }
    ]

    subject = await review.kinds()["resource_suggestion"].describe(suggestion["id"])
    assert subject is not None and subject.author_id == member.id
    assert subject.fields["url"] == "https://example.org/retreat" and "url" in subject.editable

    mine = (await client.get("/api/v1/resources/suggestions", headers=member.auth)).json()["items"]
    assert [s["id"] for s in mine] == [suggestion["id"]]
    assert (
        await client.get("/api/v1/resources/suggestions", headers=members["leaving"].auth)
    ).json()["items"] == []


async def test_guests_cannot_suggest_and_suggestions_are_validated(client, members, queue):
    assert (await client.post("/api/v1/resources/suggestions", json=SUGGESTION)).status_code == 401
    r = await client.post(
        "/api/v1/resources/suggestions",
        headers=members["leaving"].auth,
        json={**SUGGESTION, "url": "javascript:alert(1)"},
    )
    assert r.status_code == 422 and r.json()["error"]["fields"]["url"]
    assert await queue.items() == [] and await ResourceSuggestion.all().count() == 0


async def test_approval_creates_the_resource_with_the_moderators_edits(client, members, queue):
    member, mod = members["staying"], members["moderator"]
    created = (
        await client.post("/api/v1/resources/suggestions", headers=member.auth, json=SUGGESTION)
    ).json()
    sid = created["suggestion"]["id"]

    message = await _decide(
        "resource_suggestion",
        "approve",
        sid,
        mod.id,
        data={
            "title": "Hope Valley marriage retreat",
            "paths": "staying,leaving",
            "cost_note": "Sliding scale",
        },
    )
    assert "Hope Valley marriage retreat" in message
    listed = (await client.get("/api/v1/resources", params={"kind": "retreat"})).json()["items"]
    assert [(i["title"], i["paths"], i["cost_note"], i["url"]) for i in listed] == [
        (
            "Hope Valley marriage retreat",
            ["staying", "leaving"],
            "Sliding scale",
            "https://example.org/retreat",
        )
    ]

    # Deciding twice is harmless: no second resource, no second message.
    assert await _decide("resource_suggestion", "approve", sid, mod.id) is None
    assert await _decide("resource_suggestion", "reject", sid, mod.id, "dup") is None
    assert len(await _titles(client)) == 1
    mine = (await client.get("/api/v1/resources/suggestions", headers=member.auth)).json()["items"]
    assert mine[0]["status"] == "approved" and mine[0]["resource_id"] == listed[0]["id"]


async def test_moderator_edits_are_validated_and_nothing_is_half_done(client, members, queue):
    sid = (
        await client.post(
            "/api/v1/resources/suggestions", headers=members["staying"].auth, json=SUGGESTION
        )
    ).json()["suggestion"]["id"]
    with pytest.raises(ValidationError) as caught:  # the queue shows this to the moderator
        await _decide(
            "resource_suggestion",
            "approve",
            sid,
            members["moderator"].id,
            data={"url": "file:///etc/passwd"},
        )
    assert caught.value.fields["url"]
    assert await _titles(client) == []
    assert (await ResourceSuggestion.get(id=sid)).status == "pending"


async def test_rejection_tells_the_member_why(client, members, queue):
    member = members["leaving"]
    sid = (
        await client.post(
            "/api/v1/resources/suggestions",
            headers=member.auth,
            json={**SUGGESTION, "paths": "leaving"},
        )
    ).json()["suggestion"]["id"]
    message = await _decide(
        "resource_suggestion", "reject", sid, members["moderator"].id, "We could not verify it."
    )
    assert "not added" in message and "We could not verify it." in message
    assert [d.name for d in review.kinds()["resource_suggestion"].decisions if d.needs_reason] == [
        "reject"
    ]
    mine = (await client.get("/api/v1/resources/suggestions", headers=member.auth)).json()["items"]
    assert mine[0]["status"] == "rejected" and mine[0]["reason"] == "We could not verify it."
    assert await _titles(client) == []


async def test_suggest_in_pages(browser, members, queue):
    await browser.sign_in(members["undecided"].username)
    r = await browser.submit(
        "/resources/suggest", None, {**SUGGESTION, "paths": "staying", "url": "ftp://example.org"}
    )
    assert (
        r.status_code == 422
        and "Only http:// and https://" in r.text
        and "Helped us talk again." in r.text
    )
    assert await queue.items() == []
    r = await browser.submit("/resources/suggest", None, {**SUGGESTION, "paths": "staying"})
    assert r.status_code == 303 and r.headers["location"] == "/resources/suggestions?sent=1"
    page = await browser.get(r.headers["location"])
    assert "Weekend retreat for couples" in page.text and "waiting for a moderator" in page.text
    assert [i["kind"] for i in await queue.items()] == ["resource_suggestion"]


async def test_suggestions_are_in_the_members_data_export(client, members, queue):
    member = members["staying"]
    await client.post("/api/v1/resources/suggestions", headers=member.auth, json=SUGGESTION)
    from forum.accounts.privacy import export_data

    data = await export_data(await User.get(id=member.id))
    assert [s["title"] for s in data["resource_suggestions"]] == ["Weekend retreat for couples"]


async def test_deleting_the_account_erases_the_note_and_who_suggested(client, members, queue):
    from tests.conftest import PASSWORD

    member, mod = members["staying"], members["moderator"]
    r = await client.post(
        "/api/v1/resources/suggestions",
        headers=member.auth,
        json={**SUGGESTION, "note": "My sister-in-law runs it; please keep that to yourselves."},
    )
    sid = r.json()["suggestion"]["id"]
    gone = await client.request(
        "DELETE", "/api/v1/me", headers=member.auth, json={"password": PASSWORD}
    )
    assert gone.status_code in (200, 204), gone.text
    left = await ResourceSuggestion.get(id=sid)
    assert (left.note, left.author_id, left.title) == ("", None, "Weekend retreat for couples")
    # The moderators can still decide the listing itself.
    subject = await review.kinds()["resource_suggestion"].describe(sid)
    assert subject is not None and "sister-in-law" not in str(subject.fields) + subject.summary
    assert (await _decide("resource_suggestion", "approve", sid, mod.id)) is not None
