"""AMAs' contract (forum.amas.schemas): the page and the API parse into the same input model, so
the same bad input gets the same per-field messages in both skins."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from markupsafe import escape

from forum.amas.models import AmaQuestion
from tests.amas.conftest import iso
from tests.conftest import Member
from tests.safety.conftest import CRISIS, assert_lines, crisis_items


def _shown(page: str, fields: dict[str, str]) -> None:
    for name, message in fields.items():
        assert str(escape(message)) in page, (name, message)


async def test_verification_form_and_api_say_the_same(
    client: Any, browser: Any, members: dict[str, Member]
) -> None:
    bad = {
        "credential_type": "wizard",
        "jurisdiction": "",
        "licence_number": "x" * 61,
        "practice_url": "javascript:alert(1)",
    }
    r = await client.post(
        "/api/v1/therapists/applications", headers=members["staying"].auth, json=bad
    )
    assert r.status_code == 422, r.text
    fields = r.json()["error"]["fields"]
    assert set(fields) == set(bad)
    assert fields["jurisdiction"] == "Jurisdiction is required."
    await browser.sign_in(members["leaving"].username)
    page = await browser.submit("/amas/verify", None, bad)
    assert page.status_code == 422
    _shown(page.text, fields)
    assert 'value="JAVASCRIPT:ALERT(1)"' not in page.text  # the text is kept as it was sent
    assert 'value="javascript:alert(1)"' in page.text


async def test_scheduling_form_and_api_say_every_problem_at_once(
    client: Any, browser: Any, members: dict[str, Member]
) -> None:
    mod = members["moderator"]
    bad = {
        "title": "",
        "description": "D",
        "space": "nowhere",
        "starts_at": iso(timedelta(hours=2)),
        "ends_at": iso(timedelta(hours=1)),
        "host_id": str(members["staying"].id),
    }
    r = await client.post("/api/v1/amas", headers=mod.auth, json=bad)
    assert r.status_code == 422, r.text
    fields = r.json()["error"]["fields"]
    assert fields == {
        "title": "Title is required.",
        "space": "Choose common-ground or one side's space.",
        "ends_at": "The end must be after the start.",
        "host_id": "sam_staying is not a verified therapist, so they cannot host an AMA.",
    }
    await browser.sign_in(mod.username)
    page = await browser.submit("/amas/new", None, bad)
    assert page.status_code == 422
    _shown(page.text, fields)


async def test_question_form_and_api_say_the_same_and_screen_refused_crisis_text(
    client: Any, browser: Any, members: dict[str, Member], ama: dict[str, Any]
) -> None:
    member, mod = members["leaving"], members["moderator"]
    too_long = CRISIS + " " + "x" * 5000
    r = await client.post(
        f"/api/v1/amas/{ama['id']}/questions", headers=member.auth, json={"body": too_long}
    )
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert_lines(error["crisis_resources"])
    await browser.sign_in(members["staying"].username)
    url = f"/amas/{ama['id']}"
    page = await browser.submit(url, f"{url}/questions", {"body": too_long})
    assert page.status_code == 422 and 'href="tel:988"' in page.text
    _shown(page.text, error["fields"])
    assert not await AmaQuestion.filter(ama_id=ama["id"]).exists()
    authors = {item["author"] for item in await crisis_items(client, mod)}
    assert authors == {member.username, "sam_staying"}


async def test_a_space_longer_than_any_slug_is_no_space_in_both_skins(
    client: Any, browser: Any, members: dict[str, Member], therapist: Member
) -> None:
    """A slug longer than the column was looked up anyway and the database layer refused it: 500."""
    mod = members["moderator"]
    for space in ("x" * 41, "x" * 200_000):
        body = {
            "title": "Ask me",
            "description": "D",
            "space": space,
            "starts_at": iso(timedelta(hours=1)),
            "ends_at": iso(timedelta(hours=2)),
            "host_id": therapist.id,
        }
        r = await client.post("/api/v1/amas", headers=mod.auth, json=body)
        assert r.status_code == 422, r.text[:300]
        assert r.json()["error"]["fields"] == {"space": "Choose common-ground or one side's space."}
    await browser.sign_in(mod.username)
    page = await browser.submit("/amas/new", None, {**body, "space": "y" * 300})
    assert page.status_code == 422 and "Choose common-ground or one side" in page.text


async def test_a_text_field_sent_as_a_number_is_named_in_its_message(
    client: Any, members: dict[str, Member], ama: dict[str, Any]
) -> None:
    r = await client.post(
        f"/api/v1/amas/{ama['id']}/questions", headers=members["leaving"].auth, json={"body": 12}
    )
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert (
        error["fields"] == {"body": "Body must be text."}
        and error["message"] == "Body must be text."
    )
