"""Resources beside a space's threads; crisis responses drawn from the directory's hotlines."""

from __future__ import annotations

from forum import crisis
from forum.resources.actions import DEFAULT_HOTLINES, ensure_default_hotlines
from forum.resources.models import Resource
from tests.resources.conftest import create_resource


async def _aside(browser, slug: str) -> str:
    page = await browser.get(f"/s/{slug}")
    assert page.status_code == 200
    if 'class="space-resources"' not in page.text:
        return ""
    return page.text.split('class="space-resources"', 1)[1].split("</aside>", 1)[0]


async def test_each_space_shows_the_resources_for_its_path(client, browser, browser2, members):
    mod = members["moderator"]
    await create_resource(client, mod, title="Staying retreat", kind="retreat", paths=["staying"])
    await create_resource(
        client,
        mod,
        title="Leaving mediator",
        kind="mediator",
        paths=["leaving"],
        url="https://mediation.example.org/",
    )
    await create_resource(client, mod, title="Shared counselor", kind="counselor", paths="both")

    await browser.sign_in(members["staying"].username)
    staying = await _aside(browser, "staying")
    assert (
        "Staying retreat" in staying
        and "Shared counselor" in staying
        and "Leaving mediator" not in staying
    )
    assert staying.index("Staying retreat") < staying.index("Shared counselor")
    assert 'href="https://example.org/retreat" rel="noopener noreferrer"' in staying
    assert "Retreat · example.org" in staying
    assert "988" not in staying  # hotlines have their own place, not the path's aside

    await browser2.sign_in(members["leaving"].username)
    leaving = await _aside(browser2, "leaving")
    assert (
        "Leaving mediator" in leaving
        and "mediation.example.org" in leaving
        and "Staying retreat" not in leaving
    )

    common = await _aside(browser2, "common-ground")
    assert (
        "Shared counselor" in common
        and "Leaving mediator" not in common
        and "Staying retreat" not in common
    )


async def test_default_hotlines_exist_once_and_keep_moderators_edits(app):
    rows = await Resource.filter(kind="hotline").order_by("position")
    assert [r.title for r in rows] == [h["title"] for h in DEFAULT_HOTLINES]
    await Resource.filter(key="hotline:us-988").update(description="Call or text 988.")
    assert await ensure_default_hotlines() == 0
    assert await Resource.filter(kind="hotline").count() == len(DEFAULT_HOTLINES)
    assert (await Resource.get(key="hotline:us-988")).description == "Call or text 988."


async def test_crisis_responses_draw_on_the_directory(client, members):
    mod = members["moderator"]
    lines = await crisis.crisis_resources()
    assert [line["title"] for line in lines][:-1] == [h["title"] for h in DEFAULT_HOTLINES]
    assert lines[-1]["title"] == "Emergency services" and lines[-1]["url"] is None

    # Edited in one place: the directory.
    samaritans = await Resource.get(key="hotline:uk-ie-samaritans")
    r = await client.patch(
        f"/api/v1/resources/{samaritans.id}",
        headers=mod.auth,
        json={"description": "Call 116 123 (free), or email jo@samaritans.org."},
    )
    assert r.status_code == 200
    await create_resource(
        client,
        mod,
        title="Example Crisis Text Line (fictional)",
        kind="hotline",
        paths="both",
        url="https://crisis.example.org/",
        country="IE",
        description="Text HELLO to 00000.",
    )
    lines = await crisis.crisis_resources()
    by_title = {line["title"]: line for line in lines}
    assert by_title["Samaritans (UK and Ireland)"]["description"].startswith("Call 116 123 (free)")
    assert by_title["Example Crisis Text Line (fictional)"]["country"] == "IE"

    # Archived lines are gone from crisis responses.
    ndvh = await Resource.get(key="hotline:us-ndvh")
    await client.post(f"/api/v1/resources/{ndvh.id}/archive", headers=mod.auth)
    assert "National Domestic Violence Hotline (US)" not in [
        line["title"] for line in await crisis.crisis_resources()
    ]

    # Per country: that country's lines first.
    gb = (await client.get("/api/v1/resources/crisis-lines", params={"country": "gb"})).json()[
        "items"
    ]
    assert (
        gb[0]["title"] == "Samaritans (UK and Ireland)" and gb[-1]["title"] == "Emergency services"
    )
    ie = (await client.get("/api/v1/resources/crisis-lines", params={"country": "IE"})).json()[
        "items"
    ]
    assert ie[0]["title"] == "Example Crisis Text Line (fictional)"
    hotlines = (
        await client.get("/api/v1/resources", params={"kind": "hotline", "country": "US"})
    ).json()["items"]
    assert [h["title"] for h in hotlines] == [
        "988 Suicide & Crisis Lifeline (US)",
        "Find A Helpline (international directory)",
    ]


async def test_with_every_hotline_archived_the_built_in_set_still_answers(client, members):
    for row in await Resource.filter(kind="hotline"):
        await client.post(f"/api/v1/resources/{row.id}/archive", headers=members["moderator"].auth)
    assert await crisis.crisis_resources() == crisis.DEFAULT_LINES
    items = (await client.get("/api/v1/resources/crisis-lines")).json()["items"]
    assert items == crisis.DEFAULT_LINES


async def test_openapi_documents_the_resource_endpoints(client):
    doc = (await client.get("/api/v1/openapi.json")).json()
    assert {"get", "post"} <= set(doc["paths"]["/resources"])
    assert "post" in doc["paths"]["/resources/suggestions"]
    assert {"get", "patch"} <= set(doc["paths"]["/resources/{id}"])
    assert "Resource" in doc["components"]["schemas"]
