"""Therapist verification (review decisions, queue end to end, revoke) and the AMA pages without JavaScript."""

from __future__ import annotations

import re

from forum import review
from forum.accounts.models import User
from forum.amas import actions
from forum.amas.models import TherapistApplication
from tests.conftest import notice_texts
from tests.moderation.conftest import queue

APPLICATION = {
    "credential_type": "LMFT",
    "jurisdiction": "California",
    "licence_number": "LMFT 12345",
    "practice_url": "https://example.org/practice",
}


async def _apply(client, member):
    r = await client.post("/api/v1/therapists/applications", headers=member.auth, json=APPLICATION)
    assert r.status_code == 201, r.text
    return r.json()["application"]


async def test_application_checks_fields(client, members):
    r = await client.post(
        "/api/v1/therapists/applications",
        headers=members["staying"].auth,
        json={
            **APPLICATION,
            "credential_type": "wizard",
            "practice_url": "javascript:alert(1)",
            "jurisdiction": "",
        },
    )
    assert r.status_code == 422
    assert {"credential_type", "practice_url", "jurisdiction"} <= set(r.json()["error"]["fields"])


async def test_approve_gives_role_and_badge_reject_keeps_member(client, members):
    sam, lee, mod = members["staying"], members["leaving"], members["moderator"]
    assert review.kinds()[actions.VERIFICATION_KIND].subject_type == "therapist_application"
    a = await _apply(client, sam)
    again = await client.post("/api/v1/therapists/applications", headers=sam.auth, json=APPLICATION)
    assert again.status_code == 409
    moderator = await User.get(id=mod.id)
    decisions = {d.name: d for d in review.kinds()[actions.VERIFICATION_KIND].decisions}
    message = await decisions["approve"].handler(a["id"], moderator, "", {})
    assert "verified therapist" in message
    user = await User.get(id=sam.id)
    assert user.has_role("therapist") and user.badges == ["therapist: LMFT, California"]
    assert (
        await decisions["approve"].handler(a["id"], moderator, "", {}) is None
    )  # twice is harmless

    b = await _apply(client, lee)
    message = await decisions["reject"].handler(
        b["id"], moderator, "We could not find the licence.", {}
    )
    assert "could not find the licence" in message
    assert not (await User.get(id=lee.id)).has_role("therapist")
    mine = (await client.get("/api/v1/therapists/applications", headers=lee.auth)).json()["items"]
    assert mine[0]["status"] == "rejected"


async def test_moderator_revokes_and_host_can_no_longer_be_scheduled(client, members, therapist):
    mod = members["moderator"]
    listed = (await client.get("/api/v1/therapists", headers=mod.auth)).json()["items"]
    assert [t["username"] for t in listed] == [
        therapist.username
    ]  # not the moderator, not the members
    assert (
        await client.post(
            f"/api/v1/therapists/{therapist.id}/revoke",
            headers=members["staying"].auth,
            json={"reason": "x"},
        )
    ).status_code == 403
    r = await client.post(
        f"/api/v1/therapists/{therapist.id}/revoke",
        headers=mod.auth,
        json={"reason": "Licence lapsed."},
    )
    assert r.status_code == 200 and "therapist" not in r.json()["user"]["roles"]
    assert (await client.get("/api/v1/therapists", headers=mod.auth)).json()["items"] == []
    assert any("Licence lapsed" in t for t in await notice_texts(therapist.id))
    r = await client.post(
        "/api/v1/amas",
        headers=mod.auth,
        json={
            "title": "T",
            "description": "D",
            "space": "common-ground",
            "starts_at": "2099-01-01T10:00",
            "ends_at": "2099-01-01T11:00",
            "host_id": therapist.id,
        },
    )
    assert r.status_code == 422


async def test_verification_through_the_moderation_queue(client, members):
    sam, mod = members["undecided"], members["moderator"]
    a = await _apply(client, sam)
    items = await queue(client, mod)
    item = next(i for i in items if i["kind"] == actions.VERIFICATION_KIND)
    assert item["subject"]["id"] == a["id"]
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "approve", "note": "Checked the state register."},
    )
    assert r.status_code == 200, r.text
    assert (await User.get(id=sam.id)).has_role("therapist")
    assert (await TherapistApplication.get(id=a["id"])).status == "approved"


async def test_pages_without_javascript(client, browser, browser2, members, therapist):
    mod = members["moderator"]
    # The moderator schedules through the form.
    await browser.sign_in(mod.username)
    r = await browser.submit(
        "/amas/new",
        None,
        {
            "title": "",
            "description": "D",
            "space": "common-ground",
            "starts_at": "2020-01-01T10:00",
            "ends_at": "2020-01-01T09:00",
            "host_id": str(members["staying"].id),
        },
    )
    assert r.status_code == 422 and "not a verified therapist" in r.text
    r = await browser.submit(
        "/amas/new",
        None,
        {
            "title": "Telling the kids",
            "description": "Ask away",
            "space": "common-ground",
            "starts_at": "2020-01-01T10:00",
            "ends_at": "2099-01-01T10:00",
            "host_id": str(therapist.id),
        },
    )
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    # A member asks, sees the notice, votes.
    await browser2.sign_in(members["leaving"].username)
    page = await browser2.get(url)
    assert (
        "not therapy or individual clinical advice" in page.text
        and 'src="/static/js/ama.js"' in page.text
    )
    r = await browser2.submit(url, f"{url}/questions", {"body": ""})
    assert r.status_code == 422 and 'class="error"' in r.text
    r = await browser2.submit(url, f"{url}/questions", {"body": "How do I *start*?"})
    assert r.status_code == 303
    page = await browser2.get(url)
    assert "<em>start</em>" in page.text
    qid = int(re.search(r'id="q-(\d+)"', page.text).group(1))
    r = await browser2.submit(url, f"/amas/questions/{qid}/vote", {"back": url})
    assert r.status_code == 303
    assert "Remove my vote" in (await browser2.get(url)).text
    # Only the host's page has answer forms; the host answers.
    r = await browser2.submit(url, f"/amas/questions/{qid}/answer", {"body": "No"})
    assert r.status_code == 403
    browser.client.cookies.clear()
    await browser.sign_in(therapist.username)
    r = await browser.submit(
        url, f"/amas/questions/{qid}/answer", {"body": "Gently, **together**."}
    )
    assert r.status_code == 303
    page = await browser2.get(url + "?answered=true")
    assert "<strong>together</strong>" in page.text and "therapist: LMFT, California" in page.text
    # The list.
    listing = await browser2.get("/amas")
    assert "Telling the kids" in listing.text


async def test_verification_page(browser, members):
    await browser.sign_in(members["staying"].username)
    r = await browser.submit("/amas/verify", None, {**APPLICATION, "practice_url": "ftp://x"})
    assert r.status_code == 422 and "http" in r.text and "LMFT 12345" in r.text
    r = await browser.submit("/amas/verify", None, APPLICATION)
    assert r.status_code == 303
    page = await browser.get("/amas/verify?sent=1")
    assert "waiting for a moderator" in page.text


async def test_deleting_an_account_erases_questions_answers_log_and_licence(
    client, members, therapist, ama
):
    from tests.conftest import PASSWORD

    sam, lee = members["staying"], members["leaving"]
    url = f"/api/v1/amas/{ama['id']}"
    answered = (
        await client.post(f"{url}/questions", headers=sam.auth, json={"body": "My secret worry"})
    ).json()["question"]
    unanswered = await client.post(
        f"{url}/questions", headers=sam.auth, json={"body": "Another private thing"}
    )
    assert unanswered.status_code == 201, unanswered.text
    await client.post(
        f"/api/v1/questions/{answered['id']}/answers",
        headers=therapist.auth,
        json={"body": "Kindly."},
    )
    await _apply(client, sam)
    r = await client.request("DELETE", "/api/v1/me", headers=sam.auth, json={"password": PASSWORD})
    assert r.status_code == 204, r.text

    items = (await client.get(url, headers=lee.auth)).json()["questions"]["items"]
    assert [q["id"] for q in items] == [answered["id"]], "the unanswered one is gone"
    assert (
        "secret" not in items[0]["body_html"] and items[0]["author"]["username"] == "former member"
    )
    assert items[0]["answers"][0]["body_html"] == "<p>Kindly.</p>", (
        "the host's answer keeps its place"
    )
    from forum.amas import queries

    log = str(await queries.events_after(ama["id"], 0))
    assert "secret" not in log and "Another private" not in log and sam.username not in log
    assert "question_removed" in log
    assert not await TherapistApplication.filter(user_id=sam.id).exists()


async def test_revoked_therapist_stops_answering_at_once(client, members, therapist):
    from tests.amas.conftest import schedule as _schedule

    mod, sam = members["moderator"], members["staying"]
    ama = await _schedule(client, mod, therapist)
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=sam.auth, json={"body": "How?"}
        )
    ).json()
    question_id = q["question"]["id"]
    r = await client.post(
        f"/api/v1/therapists/{therapist.id}/revoke", headers=mod.auth, json={"reason": "Lapsed."}
    )
    assert r.status_code == 200
    r = await client.post(
        f"/api/v1/questions/{question_id}/answers", headers=therapist.auth, json={"body": "Like so"}
    )
    assert r.status_code == 403
    got = (await client.get(f"/api/v1/questions/{question_id}", headers=sam.auth)).json()[
        "question"
    ]
    assert got.get("answers", []) == []


async def test_a_question_in_an_ama_you_cannot_see_answers_like_a_missing_one(
    client, members, therapist
):
    from tests.amas.conftest import schedule as _schedule

    mod, sam, lee = members["moderator"], members["staying"], members["leaving"]
    ama = await _schedule(client, mod, therapist, space="staying")
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=sam.auth, json={"body": "Mine"}
        )
    ).json()
    hidden = await client.get(f"/api/v1/questions/{q['question']['id']}", headers=lee.auth)
    missing = await client.get("/api/v1/questions/999999", headers=lee.auth)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    for path in (
        f"/api/v1/questions/{q['question']['id']}/votes",
        "/api/v1/questions/999999/votes",
    ):
        r = await client.post(path, headers=lee.auth)
        assert r.status_code == 404 and r.json()["error"]["message"] == "No such question."
