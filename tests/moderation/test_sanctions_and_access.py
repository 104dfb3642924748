"""Sanctions in both skins, lifting on time and by hand; logs; 403 for non-moderators everywhere; the page flow."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.accounts.models import User
from forum.runtime import now
from tests.conftest import PASSWORD, csrf_from, make_member
from tests.moderation.conftest import item_for_post, reply, start_thread


async def test_silence_stops_posting_at_once_in_both_skins_and_lifts(client, members, mod, browser):
    member = members["staying"]
    tid = (await start_thread(client, member, space="staying"))["thread"]["id"]
    r = await client.post(
        f"/api/v1/moderation/users/{member.id}/silences",
        headers=mod.auth,
        json={"reason": "Cool off after the argument.", "days": 2},
    )
    assert r.status_code == 201, r.text
    refused = await reply(client, member, tid, "But listen!")
    assert (
        refused.status_code == 403
        and "Cool off after the argument." in refused.json()["error"]["message"]
    )
    # Reading still works.
    assert (await client.get(f"/api/v1/threads/{tid}", headers=member.auth)).status_code == 200
    await browser.sign_in(member.username)
    page = await browser.get(f"/t/{tid}")
    r = await browser.client.post(
        f"/t/{tid}/reply", data={"csrf_token": csrf_from(page.text), "body": "Hello?"}
    )
    assert r.status_code == 403 and "Cool off" in r.text
    # Lifted by a moderator.
    assert (
        await client.delete(f"/api/v1/moderation/users/{member.id}/silences", headers=mod.auth)
    ).status_code == 200
    assert (await reply(client, member, tid, "Thanks.")).status_code == 201
    # Lifted on time: the end passes, nothing else needed.
    await client.post(
        f"/api/v1/moderation/users/{member.id}/silences",
        headers=mod.auth,
        json={"reason": "Again.", "days": 1},
    )
    assert (await reply(client, member, tid, "x")).status_code == 403
    await User.filter(id=member.id).update(silenced_until=now() - timedelta(seconds=1))
    assert (await reply(client, member, tid, "Back again.")).status_code == 201


async def test_suspension_ends_sessions_and_tokens_and_shows_the_reason(
    client, members, mod, browser
):
    member = members["leaving"]
    await browser.sign_in(member.username)
    assert (await browser.get("/me/posts")).status_code == 200
    until = (now() + timedelta(days=3)).isoformat()
    r = await client.post(
        f"/api/v1/moderation/users/{member.id}/suspensions",
        headers=mod.auth,
        json={"until": until, "reason": "Repeated personal attacks."},
    )
    assert r.status_code == 201, r.text
    assert (await client.get("/api/v1/me", headers=member.auth)).status_code == 401
    assert (await browser.get("/me/posts")).status_code == 303  # the session ended: back to sign-in
    login = await browser.submit(
        "/login", None, {"username": member.username, "password": PASSWORD}
    )
    assert login.status_code == 403 and "Repeated personal attacks." in login.text
    token = await client.post(
        "/api/v1/auth/tokens", json={"username": member.username, "password": PASSWORD}
    )
    assert token.status_code == 403
    assert (
        await client.delete(f"/api/v1/moderation/users/{member.id}/suspensions", headers=mod.auth)
    ).status_code == 200
    await browser.sign_in(member.username)
    assert (
        await client.post(
            "/api/v1/auth/tokens", json={"username": member.username, "password": PASSWORD}
        )
    ).status_code == 201


async def test_sanction_input_is_checked(client, members, mod):
    url = f"/api/v1/moderation/users/{members['staying'].id}/suspensions"
    r = await client.post(url, headers=mod.auth, json={"until": "yesterday", "reason": ""})
    assert r.status_code == 422 and set(r.json()["error"]["fields"]) == {"until", "reason"}
    past = (now() - timedelta(days=1)).isoformat()
    assert (
        await client.post(url, headers=mod.auth, json={"until": past, "reason": "x"})
    ).status_code == 422
    assert (
        await client.post(
            f"/api/v1/moderation/users/{mod.id}/suspensions",
            headers=mod.auth,
            json={"reason": "me"},
        )
    ).status_code == 403
    assert (
        await client.post(
            "/api/v1/moderation/users/999999/suspensions", headers=mod.auth, json={"reason": "x"}
        )
    ).status_code == 404


async def test_report_decision_removes_and_silences(client, members, mod):
    author, reporter = members["undecided"], members["staying"]
    tid = (await start_thread(client, author))["thread"]["id"]
    pid = (await reply(client, author, tid, "You are all pathetic.")).json()["post"]["id"]
    await client.post(
        f"/api/v1/posts/{pid}/reports",
        headers=reporter.auth,
        json={"reason": "harassment", "note": ""},
    )
    item = await item_for_post(client, mod, pid)
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "silence", "note": "Attacking other members.", "days": 1},
    )
    assert r.status_code == 200, r.text
    assert (await reply(client, author, tid, "Hm.")).status_code == 403
    log = (await client.get("/api/v1/moderation/log", headers=mod.auth)).json()["items"]
    assert [(e["action"], e["subject"]["type"]) for e in log[:2]] == [
        ("silence", "post"),
        ("silence", "user"),
    ]
    assert all(e["moderator"] == "mo_moderator" for e in log[:2])
    public = (await client.get("/api/v1/transparency-log", headers=reporter.auth)).json()["items"]
    assert [(e["action"], e["subject_type"], e["category"]) for e in public[:2]] == [
        ("removed", "post", "harassment"),
        ("member silenced", "member", "conduct"),
    ]
    text = str(public)
    assert "mo_moderator" not in text and "pathetic" not in text and "Attacking" not in text


MOD_API = [
    ("GET", "/api/v1/moderation/queue"),
    ("GET", "/api/v1/moderation/queue/counts"),
    ("GET", "/api/v1/moderation/queue/1"),
    ("POST", "/api/v1/moderation/queue/1/claim"),
    ("DELETE", "/api/v1/moderation/queue/1/claim"),
    ("POST", "/api/v1/moderation/queue/1/resolve"),
    ("POST", "/api/v1/moderation/queue/1/flag-wrong"),
    ("GET", "/api/v1/moderation/users/1"),
    ("POST", "/api/v1/moderation/users/1/suspensions"),
    ("DELETE", "/api/v1/moderation/users/1/suspensions"),
    ("POST", "/api/v1/moderation/users/1/silences"),
    ("DELETE", "/api/v1/moderation/users/1/silences"),
    ("GET", "/api/v1/moderation/log"),
    ("GET", "/api/v1/moderation/watched-words"),
    ("POST", "/api/v1/moderation/watched-words"),
    ("PATCH", "/api/v1/moderation/watched-words/1"),
    ("DELETE", "/api/v1/moderation/watched-words/1"),
]
MOD_PAGES = [
    "/moderation",
    "/moderation/items/1",
    "/moderation/log",
    "/moderation/words",
    "/moderation/members/1",
]
MOD_FORMS = [
    "/moderation/items/1/claim",
    "/moderation/items/1/resolve",
    "/moderation/items/1/wrong",
    "/moderation/words",
    "/moderation/words/1",
    "/moderation/members/1/sanctions",
]


@pytest.mark.parametrize("who", ["staying", "leaving", "undecided"])
async def test_non_moderators_get_403_everywhere(client, members, browser, who):
    member = members[who]
    for method, url in MOD_API:
        r = await client.request(
            method,
            url,
            headers=member.auth,
            json={"action": "approve", "reason": "x", "pattern": "x"},
        )
        assert r.status_code == 403, (method, url, r.status_code)
        assert r.json()["error"]["code"] == "forbidden"
    await browser.sign_in(member.username)
    for url in MOD_PAGES:
        assert (await browser.get(url)).status_code == 403, url
    token = csrf_from((await browser.get("/")).text)
    for url in MOD_FORMS:
        r = await browser.client.post(
            url, data={"csrf_token": token, "action": "approve", "pattern": "x", "reason": "x"}
        )
        assert r.status_code == 403, url
    # Signed out: the API says 401.
    assert (await client.get("/api/v1/moderation/queue")).status_code == 401
    assert (await client.get("/api/v1/transparency-log")).status_code == 401


async def test_moderator_approves_a_held_post_through_the_pages(
    client, members, mod, browser, browser2
):
    author = members["staying"]
    tid = (await start_thread(client, author, space="staying"))["thread"]["id"]
    pid = (await reply(client, author, tid, "Write to me: sam.smith@example.com")).json()["post"][
        "id"
    ]
    await browser.sign_in(mod.username)
    queue_page = await browser.get("/moderation")
    assert (
        queue_page.status_code == 200
        and "Held post" in queue_page.text
        and "oldest waiting" in queue_page.text
    )
    item = await item_for_post(client, mod, pid)
    item_url = f"/moderation/items/{item['id']}"
    page = await browser.get(item_url)
    assert (
        "sam.smith@example.com" in page.text
        and "personal data" in page.text
        and "Joined" in page.text
    )
    claimed = await browser.submit(item_url, f"{item_url}/claim", {})
    assert claimed.status_code == 303
    assert "Release my claim" in (await browser.get(item_url)).text
    missing = await browser.submit(
        item_url, f"{item_url}/resolve", {"action": "reject", "note": ""}
    )
    assert missing.status_code == 422 and "Write a reason" in missing.text
    done = await browser.submit(
        item_url, f"{item_url}/resolve", {"action": "approve", "note": "It's their work address."}
    )
    assert done.status_code == 303
    assert "Moderation" in (await browser.get("/moderation?done=decided")).text
    assert "It&#39;s their work address." in (await browser.get("/moderation/log")).text
    # The post is visible to others on its side now (never to the other side); the author was told.
    neighbour = await make_member("staying_neighbour", "staying")
    shown = await client.get(f"/api/v1/posts/{pid}", headers=neighbour.auth)
    assert shown.status_code == 200 and shown.json()["post"]["status"] == "published"
    assert (
        await client.get(f"/api/v1/posts/{pid}", headers=members["leaving"].auth)
    ).status_code == 404
    await browser2.sign_in(author.username)
    assert "approved" in (await browser2.get("/notifications")).text
    assert "Awaiting review" not in (await browser2.get(f"/t/{tid}")).text
    transparency = await browser2.get("/transparency")
    assert (
        transparency.status_code == 200
        and "approved" in transparency.text
        and "mo_moderator" not in transparency.text
    )


async def test_moderation_nav_link_only_for_moderators(browser, browser2, members):
    await browser.sign_in(members["moderator"].username)
    assert 'href="/moderation"' in (await browser.get("/")).text
    await browser2.sign_in(members["staying"].username)
    assert 'href="/moderation"' not in (await browser2.get("/")).text


async def test_openapi_lists_moderation_endpoints(client):
    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    for path in (
        "/moderation/queue",
        "/moderation/queue/{id}/claim",
        "/moderation/queue/{id}/resolve",
        "/moderation/users/{id}/suspensions",
        "/moderation/log",
        "/posts/{id}/reports",
        "/drafts/screen",
    ):
        assert path in paths, path


async def test_the_403_lists_cover_every_moderation_endpoint_and_page(client):
    """So that a new moderation endpoint or page cannot slip past the 403 test above."""
    import re

    from moderation.web import routes

    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    documented = {
        (method.upper(), "/api/v1" + path.replace("{id}", "1"))
        for path, ops in paths.items()
        if path.startswith("/moderation")
        for method in ops
    }
    assert documented == set(MOD_API)
    pages, forms = set(), set()
    for route in routes:
        if route.path.startswith("/moderation"):
            url = re.sub(r"\{\w+\}", "1", route.path)
            if "GET" in route.methods:
                pages.add(url)
            if "POST" in route.methods:
                forms.add(url)
    assert pages == set(MOD_PAGES) and forms == set(MOD_FORMS)
