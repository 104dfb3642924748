"""The directory as guests, members and moderators use it: browse, filter, curate, URL rules."""

from __future__ import annotations

from datetime import timedelta

from forum.runtime import now
from tests.resources.conftest import create_resource, resource_body


async def _titles(client, **params):
    r = await client.get("/api/v1/resources", params=params)
    assert r.status_code == 200, r.text
    return [item["title"] for item in r.json()["items"]]


async def test_guest_finds_a_retreat_for_staying_and_a_mediator_for_leaving(client, members):
    mod = members["moderator"]
    await create_resource(
        client, mod, title="Marriage rescue retreat", kind="retreat", paths=["staying"]
    )
    await create_resource(
        client,
        mod,
        title="Separation mediation clinic",
        kind="mediator",
        paths=["leaving"],
        url="https://mediation.example.org/",
        format="online",
        location="",
    )
    await create_resource(
        client,
        mod,
        title="Co-parenting workshop",
        kind="workshop",
        paths=["staying", "leaving"],
        format="hybrid",
        location="Riverton",
    )

    # No Authorization header at all: a guest.
    assert await _titles(client, kind="retreat", path="staying") == ["Marriage rescue retreat"]
    assert await _titles(client, kind="mediator", path="leaving") == ["Separation mediation clinic"]
    # A path shows its own resources first, then those for both paths; never the other path's.
    assert await _titles(client, path="staying", kind="workshop") == ["Co-parenting workshop"]
    staying = await _titles(client, path="staying")
    assert staying.index("Marriage rescue retreat") < staying.index("Co-parenting workshop")
    assert "Separation mediation clinic" not in staying
    leaving = await _titles(client, path="leaving")
    # Crisis lines first (they serve both paths), then the path's own resources.
    from forum.resources.actions import DEFAULT_HOTLINES

    hotlines = [h["title"] for h in DEFAULT_HOTLINES]
    assert leaving[: len(hotlines)] == hotlines
    assert (
        leaving[len(hotlines)] == "Separation mediation clinic"
        and "Marriage rescue retreat" not in leaving
    )

    item = (await client.get("/api/v1/resources", params={"kind": "mediator"})).json()["items"][0]
    assert item["paths"] == ["leaving"] and item["domain"] == "mediation.example.org"
    assert set(item) >= {
        "id",
        "title",
        "url",
        "description",
        "kind",
        "paths",
        "format",
        "location",
        "starts_on",
        "ends_on",
        "last_checked_at",
    }

    # The page, as a guest, in a few clicks: the filter form is a plain GET form.
    page = await client.get("/resources", params={"kind": "retreat", "path": "staying"})
    assert page.status_code == 200
    assert "Marriage rescue retreat" in page.text and "Separation mediation clinic" not in page.text
    assert 'href="https://example.org/retreat" rel="noopener noreferrer"' in page.text
    assert "example.org" in page.text  # the domain is shown beside the link


async def test_format_and_location_filters(client, members):
    mod = members["moderator"]
    await create_resource(
        client,
        mod,
        title="Riverton group",
        kind="support-group",
        format="in-person",
        location="Riverton, Eastshire",
    )
    await create_resource(
        client, mod, title="Online circle", kind="support-group", format="online", location=""
    )
    await create_resource(
        client,
        mod,
        title="Hybrid evening",
        kind="support-group",
        format="hybrid",
        location="Lakeside",
    )

    groups = {"kind": "support-group"}
    assert await _titles(client, format="online", **groups) == ["Hybrid evening", "Online circle"]
    assert await _titles(client, format="in-person", **groups) == [
        "Hybrid evening",
        "Riverton group",
    ]
    assert await _titles(client, format="hybrid", **groups) == ["Hybrid evening"]
    assert await _titles(client, location="riverton") == ["Riverton group"]
    assert await _titles(client, q="circle") == ["Online circle"]

    r = await client.get("/api/v1/resources", params={"kind": "spa-day"})
    assert r.status_code == 422 and "kind" in r.json()["error"]["fields"]


async def test_ended_events_drop_out_of_the_default_view(client, members):
    mod = members["moderator"]
    today = now().date()
    await create_resource(
        client,
        mod,
        title="Past workshop",
        kind="workshop",
        starts_on=str(today - timedelta(days=10)),
        ends_on=str(today - timedelta(days=9)),
    )
    await create_resource(
        client,
        mod,
        title="Ends today",
        kind="workshop",
        starts_on=str(today - timedelta(days=2)),
        ends_on=str(today),
    )
    await create_resource(
        client, mod, title="One-day past", kind="workshop", starts_on=str(today - timedelta(days=1))
    )
    await create_resource(
        client,
        mod,
        title="Upcoming workshop",
        kind="workshop",
        starts_on=str(today + timedelta(days=30)),
    )

    assert await _titles(client, kind="workshop") == ["Ends today", "Upcoming workshop"]
    everything = (
        await client.get("/api/v1/resources", params={"kind": "workshop", "ended": "true"})
    ).json()["items"]
    assert {i["title"]: i["ended"] for i in everything} == {
        "Ends today": False,
        "One-day past": True,
        "Past workshop": True,
        "Upcoming workshop": False,
    }
    page = await client.get("/resources", params={"kind": "workshop"})
    assert "Upcoming workshop" in page.text and "Past workshop" not in page.text


async def test_pages_through_the_directory_with_a_cursor(client, members):
    mod = members["moderator"]
    for i in range(5):
        await create_resource(
            client, mod, title=f"Leaving group {i}", kind="support-group", paths=["leaving"]
        )
        await create_resource(
            client,
            mod,
            title=f"Shared group {i}",
            kind="support-group",
            paths=["staying", "leaving"],
        )
    seen, cursor = [], None
    while True:
        params = {"path": "leaving", "kind": "support-group", "limit": 3} | (
            {"cursor": cursor} if cursor else {}
        )
        body = (await client.get("/api/v1/resources", params=params)).json()
        seen += [i["title"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [f"Leaving group {i}" for i in range(5)] + [
        f"Shared group {i}" for i in range(5)
    ]


async def test_only_moderators_create_edit_and_archive(client, members):
    member, mod = members["staying"], members["moderator"]
    r = await client.post("/api/v1/resources", headers=member.auth, json=resource_body())
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = await client.post("/api/v1/resources", json=resource_body())
    assert r.status_code == 401

    created = await create_resource(client, mod)
    r = await client.patch(
        f"/api/v1/resources/{created['id']}", headers=member.auth, json={"title": "Mine now"}
    )
    assert r.status_code == 403
    r = await client.patch(
        f"/api/v1/resources/{created['id']}",
        headers=mod.auth,
        json={"title": "Renamed retreat", "paths": "both", "cost_note": "Sliding scale"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["resource"]["title"] == "Renamed retreat" and r.json()["resource"]["paths"] == [
        "staying",
        "leaving",
    ]
    assert r.json()["resource"]["cost_note"] == "Sliding scale"

    assert (
        await client.post(f"/api/v1/resources/{created['id']}/archive", headers=member.auth)
    ).status_code == 403
    r = await client.post(f"/api/v1/resources/{created['id']}/archive", headers=mod.auth)
    assert r.status_code == 200 and r.json()["resource"]["state"] == "archived"
    assert "Renamed retreat" not in await _titles(client)
    assert (await client.get(f"/api/v1/resources/{created['id']}")).status_code == 404
    assert (
        await client.get(f"/api/v1/resources/{created['id']}", headers=mod.auth)
    ).status_code == 200
    # Archived ones are for moderators' eyes only.
    assert (
        await client.get("/api/v1/resources", params={"state": "archived"}, headers=member.auth)
    ).status_code == 403
    archived = (
        await client.get("/api/v1/resources", params={"state": "archived"}, headers=mod.auth)
    ).json()["items"]
    assert [i["title"] for i in archived] == ["Renamed retreat"]


async def test_links_must_be_http_or_https(client, members):
    mod = members["moderator"]
    for bad in [
        "javascript:alert(1)",
        "ftp://example.org/file",
        "data:text/html,hi",
        "mailto:a@example.org",
        "example.org/no-scheme",
        "https://",
        "https://user:pw@example.org/",
        "https://exa mple.org/",
    ]:
        r = await client.post("/api/v1/resources", headers=mod.auth, json=resource_body(url=bad))
        assert r.status_code == 422, bad
        assert r.json()["error"]["fields"]["url"], bad
    r = await client.post(
        "/api/v1/resources", headers=mod.auth, json=resource_body(url="javascript:alert(1)")
    )
    assert r.json()["error"]["fields"]["url"] == "Only http:// and https:// links can be listed."
    created = await create_resource(client, mod, url="HTTP://Example.org/Path?q=1")
    r = await client.patch(
        f"/api/v1/resources/{created['id']}", headers=mod.auth, json={"url": "javascript:void(0)"}
    )
    assert r.status_code == 422


async def test_other_fields_are_checked_together(client, members):
    r = await client.post(
        "/api/v1/resources",
        headers=members["moderator"].auth,
        json={
            "title": "",
            "url": "https://example.org",
            "description": "x",
            "kind": "spa",
            "paths": ["sideways"],
            "format": "by-post",
            "starts_on": "2030-05-02",
            "ends_on": "soon",
            "country": "Narnia",
        },
    )
    assert r.status_code == 422
    assert set(r.json()["error"]["fields"]) == {
        "title",
        "kind",
        "paths",
        "format",
        "ends_on",
        "country",
    }
    r = await client.post(
        "/api/v1/resources",
        headers=members["moderator"].auth,
        json=resource_body(starts_on="2030-05-02", ends_on="2030-05-01"),
    )
    assert r.status_code == 422 and "ends_on" in r.json()["error"]["fields"]


async def test_moderator_adds_edits_and_archives_in_pages(browser, members):
    await browser.sign_in(members["moderator"].username)
    page = await browser.get("/resources")
    assert 'href="/resources/new"' in page.text
    r = await browser.submit(
        "/resources/new",
        None,
        {
            "title": "Valley mediation",
            "url": "ftp://example.org",
            "description": "Mediators for separating couples.",
            "kind": "mediator",
            "paths": "leaving",
            "format": "online",
        },
    )
    assert r.status_code == 422
    assert (
        "Only http:// and https:// links can be listed." in r.text and "Valley mediation" in r.text
    )  # kept

    r = await browser.submit(
        "/resources/new",
        None,
        {
            "title": "Valley mediation",
            "url": "https://mediation.example.org/",
            "description": "Mediators.",
            "kind": "mediator",
            "paths": "leaving",
            "format": "online",
            "starts_on": "",
            "ends_on": "",
        },
    )
    assert r.status_code == 303, r.text
    target = r.headers["location"]
    resource_id = target.split("/")[2].split("?")[0]
    r = await browser.submit(
        f"/resources/{resource_id}/edit",
        None,
        {
            "title": "Valley family mediation",
            "url": "https://mediation.example.org/",
            "description": "Mediators.",
            "kind": "mediator",
            "paths": "leaving",
            "format": "hybrid",
            "location": "Valley",
            "state": "active",
        },
    )
    assert r.status_code == 303
    shown = await browser.get(f"/resources/{resource_id}")
    assert "Valley family mediation" in shown.text and "Hybrid" in shown.text
    r = await browser.submit(f"/resources/{resource_id}", f"/resources/{resource_id}/archive", {})
    assert r.status_code == 303
    assert "Valley family mediation" not in (await browser.get("/resources?kind=mediator")).text


async def test_members_cannot_reach_the_moderator_pages(browser, members):
    await browser.sign_in(members["leaving"].username)
    assert (await browser.get("/resources/new")).status_code == 403
    page = await browser.get("/resources")
    assert 'href="/resources/new"' not in page.text and 'href="/resources/suggest"' in page.text


async def test_guest_pages_need_no_account(client, members):
    created = await create_resource(
        client, members["moderator"], title="Guest-visible group", kind="support-group"
    )
    listing = await client.get("/resources")
    assert listing.status_code == 200 and "Guest-visible group" in listing.text
    assert "/login?next=/resources/suggest" in listing.text
    detail = await client.get(f"/resources/{created['id']}")
    assert detail.status_code == 200 and 'rel="noopener noreferrer"' in detail.text
    suggest = await client.get("/resources/suggest")
    assert suggest.status_code == 303 and suggest.headers["location"].startswith("/login")
