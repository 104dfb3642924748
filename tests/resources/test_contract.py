"""The directory's contract (forum.resources.schemas): the pages and the API parse into the same
input models, so the same bad input gets the same per-field messages in both skins."""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from forum.resources.models import ResourceSuggestion
from tests.conftest import Member
from tests.resources.conftest import create_resource
from tests.safety.conftest import CRISIS, assert_lines, crisis_items

BAD = {
    "title": "",
    "url": "javascript:alert(1)",
    "description": "Fine.",
    "kind": "séance",
    "format": "telepathic",
    "starts_on": "2030-05-02",
    "ends_on": "2030-05-01",
}


def _shown(page: str, fields: dict[str, str]) -> None:
    for name, message in fields.items():
        assert str(escape(message)) in page, (name, message)


async def test_adding_a_resource_says_the_same_on_the_page_and_the_api(
    client: Any, browser: Any, members: dict[str, Member]
) -> None:
    mod = members["moderator"]
    r = await client.post("/api/v1/resources", headers=mod.auth, json=BAD)
    assert r.status_code == 422, r.text
    fields = r.json()["error"]["fields"]
    assert set(fields) == {"title", "url", "kind", "format", "paths", "ends_on"}
    assert fields["paths"] == "Choose the path(s) this serves: staying, leaving, or both."
    assert fields["ends_on"] == "The end date is before the start date."
    await browser.sign_in(mod.username)
    page = await browser.submit("/resources/new", None, BAD)
    assert page.status_code == 422
    _shown(page.text, fields)


async def test_editing_says_the_same_and_an_unticked_path_is_refused(
    client: Any, browser: Any, members: dict[str, Member]
) -> None:
    mod = members["moderator"]
    resource = await create_resource(client, mod)
    bad = {"title": "", "kind": "séance", "paths": []}
    r = await client.patch(f"/api/v1/resources/{resource['id']}", headers=mod.auth, json=bad)
    assert r.status_code == 422, r.text
    fields = r.json()["error"]["fields"]
    assert set(fields) == {"title", "kind", "paths"}
    await browser.sign_in(mod.username)
    form = {
        **{k: v for k, v in resource.items() if isinstance(v, str)},
        "title": "",
        "kind": "séance",
    }
    form.pop("paths", None)  # no box ticked
    page = await browser.submit(f"/resources/{resource['id']}/edit", None, form)
    assert page.status_code == 422
    _shown(page.text, fields)


async def test_a_refused_suggestion_says_the_same_and_its_crisis_text_is_screened(
    client: Any, browser: Any, members: dict[str, Member]
) -> None:
    member, mod = members["staying"], members["moderator"]
    bad = {**BAD, "title": "Help", "note": CRISIS}
    r = await client.post("/api/v1/resources/suggestions", headers=member.auth, json=bad)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert_lines(error["crisis_resources"])
    await browser.sign_in(members["leaving"].username)
    page = await browser.submit("/resources/suggest", None, bad)
    assert page.status_code == 422 and 'href="tel:988"' in page.text
    _shown(page.text, error["fields"])
    assert not await ResourceSuggestion.all().exists()
    authors = {item["author"] for item in await crisis_items(client, mod)}
    assert authors == {member.username, members["leaving"].username}
