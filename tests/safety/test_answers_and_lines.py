"""AMA answers go through the screens' verdicts; crisis lines come first, by the member's country."""

from __future__ import annotations

from tests.amas.conftest import ama, therapist  # noqa: F401 - fixtures
from tests.safety.conftest import CRISIS, assert_lines


async def _ask(client, member, ama_id, body="How do we tell the kids?"):
    r = await client.post(
        f"/api/v1/amas/{ama_id}/questions", headers=member.auth, json={"body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()["question"]["id"]


async def _answer_items(client, mod):
    r = await client.get(
        "/api/v1/moderation/queue", headers=mod.auth, params={"kind": "ama_answer"}
    )
    return r.json()["items"]


async def test_a_therapists_crisis_answer_is_published_and_queued_at_crisis_priority(
    client, members, ama, therapist
):
    question_id = await _ask(client, members["staying"], ama["id"])
    r = await client.post(
        f"/api/v1/questions/{question_id}/answers",
        headers=therapist.auth,
        json={"body": f"Some people tell me: {CRISIS} Please call a line."},
    )
    assert r.status_code == 201, r.text
    assert_lines(r.json()["crisis_resources"])
    items = await _answer_items(client, members["moderator"])
    assert len(items) == 1 and items[0]["crisis"] and items[0]["priority"] == 100
    assert items[0]["author"] == therapist.username


async def test_a_therapists_answer_with_a_phone_and_email_gets_a_queue_item(
    client, members, ama, therapist
):
    question_id = await _ask(client, members["staying"], ama["id"])
    r = await client.post(
        f"/api/v1/questions/{question_id}/answers",
        headers=therapist.auth,
        json={"body": "Call me on 415-555-0132 or write to tess@example.com."},
    )
    assert r.status_code == 201, r.text
    items = await _answer_items(client, members["moderator"])
    assert len(items) == 1 and not items[0]["crisis"] and "personal data" in items[0]["reasons"]
    # A moderator can take it down; the host is told why.
    r = await client.post(
        f"/api/v1/moderation/queue/{items[0]['id']}/resolve",
        headers=members["moderator"].auth,
        json={"action": "remove", "note": "No contact details in answers, please."},
    )
    assert r.status_code == 200, r.text
    page = (await client.get(f"/api/v1/amas/{ama['id']}", headers=members["staying"].auth)).text
    assert "415-555-0132" not in page


async def test_crisis_lines_for_a_country_come_first(client):
    gb = (await client.get("/api/v1/resources/crisis-lines", params={"country": "GB"})).json()[
        "items"
    ]
    assert gb[0]["name"].startswith("Samaritans") and gb[-1]["name"] == "Emergency services"
    assert gb[-1]["phone"] == "999"
    us = (
        await client.get(
            "/api/v1/resources/crisis-lines", headers={"Accept-Language": "en-US,en;q=0.8"}
        )
    ).json()["items"]
    assert us[0]["phone"] == "988" and us[-1]["phone"] == "911"
    ie = (
        await client.get(
            "/api/v1/resources/crisis-lines", headers={"Accept-Language": "fr;q=1, en-IE;q=0.5"}
        )
    ).json()["items"]
    assert ie[0]["name"].startswith("Samaritans"), (
        "the region of the preferred language that has one"
    )


async def test_the_directory_lists_crisis_lines_first(client, browser):
    listing = (await client.get("/api/v1/resources", headers={"Accept-Language": "en-GB"})).json()[
        "items"
    ]
    kinds = [item["kind"] for item in listing]
    n = kinds.count("hotline")
    assert n >= 3 and kinds[:n] == ["hotline"] * n, kinds
    assert listing[0]["title"].startswith("Samaritans")
    page = await browser.get("/resources")
    assert page.text.index("988 Suicide") < page.text.index("Crisis hotline") + 2000


async def test_a_member_sets_their_country_and_sees_its_lines_first_everywhere(
    client, browser, members, mod
):
    member = members["undecided"]
    r = await client.patch("/api/v1/me", headers=member.auth, json={"country": "gb"})
    assert r.status_code == 200 and r.json()["user"]["country"] == "GB", r.text
    lines = (await client.get("/api/v1/resources/crisis-lines", headers=member.auth)).json()[
        "items"
    ]
    assert lines[0]["name"].startswith("Samaritans")
    refused = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers={**member.auth, "Accept-Language": "en-US"},
        json={"title": "x" * 400, "body": CRISIS},
    )
    assert refused.json()["error"]["crisis_resources"][0]["name"].startswith("Samaritans")
    bad = await client.patch("/api/v1/me", headers=member.auth, json={"country": "Narnia"})
    assert bad.status_code == 422 and "country" in bad.json()["error"]["fields"]
    # The account page sets it too, and the crisis page follows it.
    await browser.sign_in(member.username)
    r = await browser.submit("/account", None, {"form": "country", "country": "US"})
    assert r.status_code in (200, 303), r.text
    page = await browser.get("/support?next=/&noun=post")
    assert page.text.index("tel:988") < page.text.index("tel:911")
    assert "tel:116123" not in page.text, "only lines that serve the member's country (or anywhere)"
