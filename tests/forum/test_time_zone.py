"""Times in the member's own zone: a setting (API and page), the browser's guess never overriding a choice."""

from __future__ import annotations

import re


async def test_times_show_in_the_members_zone(client, browser, members):
    m = members["undecided"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=m.auth,
        json={"title": "Clock", "body": "Tick."},
    )
    tid = r.json()["thread"]["id"]
    await browser.sign_in(m.username)
    assert re.search(r"\d\d:\d\d UTC</time>", (await browser.get(f"/t/{tid}")).text)
    # The browser's guess is taken while nothing is chosen...
    page = await browser.get("/account")
    assert "data-guess-time-zone" in page.text
    r = await browser.submit(
        "/account", None, {"form": "timezone", "auto": "1", "time_zone": "Asia/Tokyo"}
    )
    assert r.status_code == 303
    assert re.search(r"\d\d:\d\d JST</time>", (await browser.get(f"/t/{tid}")).text)
    assert "data-guess-time-zone" not in (await browser.get("/account")).text
    # ...a choice wins over later guesses.
    r = await client.patch("/api/v1/me", headers=m.auth, json={"time_zone": "America/Chicago"})
    assert r.status_code == 200 and r.json()["user"]["time_zone"] == "America/Chicago"
    await browser.submit(
        "/account", None, {"form": "timezone", "auto": "1", "time_zone": "Asia/Tokyo"}
    )
    assert re.search(r"\d\d:\d\d C[SD]T</time>", (await browser.get(f"/t/{tid}")).text)
    r = await client.patch("/api/v1/me", headers=m.auth, json={"time_zone": "Mars/Olympus"})
    assert r.status_code == 422 and "time_zone" in r.json()["error"]["fields"]
    r = await browser.submit("/account", None, {"form": "timezone", "time_zone": "Nowhere"})
    assert r.status_code == 422 and "Choose a time zone from the list" in r.text


async def test_names_that_are_no_places_time_are_refused(client, browser, members):
    """tzdata ships names that are no place's time: "Factory" showed every time as "-00"."""
    m = members["staying"]
    for bad in ("Factory", "localtime", "posixrules", "posix/Europe/London", "right/Asia/Tokyo"):
        r = await client.patch("/api/v1/me", headers=m.auth, json={"time_zone": bad})
        assert r.status_code == 422, (bad, r.text)
        assert "time_zone" in r.json()["error"]["fields"] and r.json()["error"]["code"]
    assert (await client.get("/api/v1/me", headers=m.auth)).json()["user"]["time_zone"] is None
    await browser.sign_in(m.username)
    for bad in ("Factory", "localtime", "right/Europe/Paris"):
        page = await browser.submit("/account", None, {"form": "timezone", "time_zone": bad})
        assert page.status_code == 422 and "Choose a time zone from the list" in page.text, bad
    page = await browser.get("/account")
    assert "posix/" not in page.text and "right/" not in page.text and ">Factory<" not in page.text
    r = await client.patch("/api/v1/me", headers=m.auth, json={"time_zone": "Europe/Lisbon"})
    assert r.status_code == 200 and r.json()["user"]["time_zone"] == "Europe/Lisbon"
    assert (
        await browser.submit("/account", None, {"form": "timezone", "time_zone": "UTC"})
    ).status_code == 303


async def test_a_zone_stored_before_the_check_shows_utc_not_dashes(client, browser, members):
    from forum.accounts.models import User

    m = members["leaving"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=m.auth,
        json={"title": "Clock two", "body": "Tock."},
    )
    tid = r.json()["thread"]["id"]
    await User.filter(id=m.id).update(time_zone="Factory")  # as an earlier version let it be saved
    await browser.sign_in(m.username)
    page = (await browser.get(f"/t/{tid}")).text
    assert re.search(r"\d\d:\d\d UTC</time>", page) and "-00</time>" not in page
