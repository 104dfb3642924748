"""An edit refused as stale (409, post.version) with crisis language: lines and a moderator anyway."""

from __future__ import annotations

from tests.conftest import csrf_from
from tests.safety.conftest import CRISIS, assert_lines, crisis_items


async def _post(client, member):
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=member.auth,
        json={"title": "Update", "body": "First post."},
    )
    post = r.json()["post"]
    r = await client.patch(
        f"/api/v1/posts/{post['id']}",
        headers=member.auth,
        json={"body": "Second text.", "version": post["version"]},
    )
    assert r.status_code == 200, r.text
    return post  # with the version that is now stale


async def test_api_stale_edit_with_crisis_text_gets_lines_and_a_moderator(client, members):
    member, mod = members["undecided"], members["moderator"]
    post = await _post(client, member)
    r = await client.patch(
        f"/api/v1/posts/{post['id']}",
        headers=member.auth,
        json={"body": CRISIS, "version": post["version"]},
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert_lines(r.json()["error"]["crisis_resources"])
    items = await crisis_items(client, mod)
    assert len(items) == 1 and CRISIS in items[0]["summary"] and "an edit" in items[0]["summary"]


async def test_html_stale_edit_with_crisis_text_gets_lines_and_a_moderator(
    client, browser, members
):
    member, mod = members["undecided"], members["moderator"]
    await browser.sign_in(member.username)
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=member.auth,
        json={"title": "Update", "body": "First post."},
    )
    post_id = r.json()["post"]["id"]
    form = await browser.get(f"/p/{post_id}/edit")  # the form carries version 1
    assert (
        await client.patch(
            f"/api/v1/posts/{post_id}",
            headers=member.auth,
            json={"body": "Changed elsewhere.", "version": 1},
        )
    ).status_code == 200
    r = await browser.client.post(
        f"/p/{post_id}/edit",
        data={"csrf_token": csrf_from(form.text), "version": "1", "body": CRISIS},
    )
    assert r.status_code == 409 and 'href="tel:988"' in r.text
    items = await crisis_items(client, mod)
    assert len(items) == 1 and CRISIS in items[0]["summary"]
