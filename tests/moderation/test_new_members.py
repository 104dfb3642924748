"""New members' first posts wait for a moderator; they see that clearly, and approval publishes them."""

from __future__ import annotations

import pytest

from forum.accounts.models import User
from tests.conftest import make_member, notice_texts, test_settings
from tests.moderation.conftest import item_for_post, queue, reply, start_thread


@pytest.fixture
def settings(database_url):
    return test_settings(database_url, new_member_review=1)


async def test_first_post_is_held_until_approved_then_the_next_is_not(client, mod):
    newbie = await make_member("new_person", "staying")
    old = await make_member("old_hand", "staying")
    await User.filter(id=old.id).update(published_posts=5)
    first = await start_thread(client, newbie, "Hi, I'm new here.", space="staying")
    assert first["post"]["status"] == "pending"
    assert "first posts are read by a moderator" in first["post"]["status_reason"]
    # Only the author and moderators see a held thread.
    assert (
        await client.get(f"/api/v1/threads/{first['thread']['id']}", headers=old.auth)
    ).status_code == 404
    item = await item_for_post(client, mod, first["post"]["id"])
    assert (
        item["kind"] == "held_post" and item["reasons"] == ["new member"] and item["priority"] == 40
    )
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "approve", "note": ""},
    )
    assert r.status_code == 200 and r.json()["changed"] is True
    seen = await client.get(f"/api/v1/threads/{first['thread']['id']}", headers=old.auth)
    assert seen.status_code == 200 and seen.json()["posts"]["items"][0]["status"] == "published"
    assert any("approved" in t for t in await notice_texts(newbie.id))
    second = await reply(client, newbie, first["thread"]["id"], "Thanks for letting me in.")
    assert second.json()["post"]["status"] == "published"
    # Established members and moderators are not held.
    assert (await start_thread(client, old, space="staying"))["post"]["status"] == "published"
    assert (await start_thread(client, mod))["post"]["status"] == "published"
    assert await queue(client, mod) == []


async def test_rejected_first_post_tells_the_author_why(client, mod, browser):
    newbie = await make_member("new_person2", "leaving")
    first = await start_thread(
        client, newbie, "Selling cheap watches, see my site.", space="leaving"
    )
    item = await item_for_post(client, mod, first["post"]["id"])
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "reject"},
    )
    assert r.status_code == 422 and "note" in r.json()["error"]["fields"]
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "reject", "note": "Advertising isn't allowed here."},
    )
    assert r.status_code == 200
    mine = (await client.get("/api/v1/me/posts", headers=newbie.auth)).json()["items"]
    assert (
        mine[0]["status"] == "removed"
        and "Advertising isn't allowed here." in mine[0]["status_reason"]
    )
    await browser.sign_in(newbie.username)
    assert "Advertising isn&#39;t allowed here." in (await browser.get("/notifications")).text
