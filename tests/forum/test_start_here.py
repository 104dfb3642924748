"""A pinned "Start here" thread per space, set by moderators; each space's identity on its page."""

from __future__ import annotations


async def _thread(client, member, slug="common-ground", title="Welcome: how this space works"):
    r = await client.post(
        f"/api/v1/spaces/{slug}/threads",
        headers=member.auth,
        json={"title": title, "body": "Read me first."},
    )
    assert r.status_code == 201, r.text
    return r.json()["thread"]


async def test_moderators_pin_start_here_and_members_see_it(client, browser, members):
    mod, member = members["moderator"], members["undecided"]
    welcome = await _thread(client, mod)
    r = await client.put(
        "/api/v1/spaces/common-ground/start-here",
        headers=member.auth,
        json={"thread_id": welcome["id"]},
    )
    assert r.status_code == 403
    r = await client.put(
        "/api/v1/spaces/common-ground/start-here",
        headers=mod.auth,
        json={"thread_id": welcome["id"]},
    )
    assert r.status_code == 200 and r.json()["start_here"] == {
        "id": welcome["id"],
        "title": welcome["title"],
    }
    other = await _thread(client, mod, slug="staying", title="Staying welcome")
    r = await client.put(
        "/api/v1/spaces/common-ground/start-here", headers=mod.auth, json={"thread_id": other["id"]}
    )
    assert r.status_code == 404  # a thread of another space
    spaces = {
        s["slug"]: s
        for s in (await client.get("/api/v1/spaces", headers=member.auth)).json()["items"]
    }
    assert spaces["common-ground"]["start_here"] == {"id": welcome["id"], "title": welcome["title"]}

    await browser.sign_in(member.username)
    page = (await browser.get("/s/common-ground")).text
    assert (
        "Start here" in page
        and f'href="/t/{welcome["id"]}"' in page
        and 'class="space-banner space-common-ground"' in page
    )

    browser.client.cookies.clear()
    await browser.sign_in(mod.username)
    page = (await browser.get(f"/t/{welcome['id']}")).text
    assert "Unpin from “Start here” in Common ground" in page
    r = await browser.submit(
        f"/t/{welcome['id']}", "/s/common-ground/start-here", {"thread_id": ""}
    )
    assert r.status_code == 303
    spaces = (await client.get("/api/v1/spaces", headers=member.auth)).json()["items"]
    assert [s["start_here"] for s in spaces] == [None] * len(spaces)
