"""The visibility matrix: each path x each space x read/list/post/edit, through both skins."""

from __future__ import annotations

import pytest

from tests.conftest import Browser, make_member

SPACES = ["staying", "leaving", "common-ground"]
# Who may enter which space (moderators see every space, to moderate it).
ALLOWED = {
    "staying": {"staying", "common-ground"},
    "leaving": {"leaving", "common-ground"},
    "undecided": {"common-ground"},
    "moderator": {"staying", "leaving", "common-ground"},
}


AUTHORS = {"staying": "staying", "leaving": "leaving", "common-ground": "undecided"}


@pytest.fixture
async def seeded(client, members):
    """One thread in each space, by a member allowed there."""
    authors = {slug: members[who] for slug, who in AUTHORS.items()}
    threads = {}
    for slug, author in authors.items():
        r = await client.post(
            f"/api/v1/spaces/{slug}/threads",
            headers=author.auth,
            json={"title": f"In {slug}", "body": "Hello."},
        )
        assert r.status_code == 201, r.text
        threads[slug] = r.json()
    return threads


@pytest.mark.parametrize("who", list(ALLOWED))
async def test_api_visibility_matrix(client, members, seeded, who):
    member = members[who]
    listed = {
        s["slug"] for s in (await client.get("/api/v1/spaces", headers=member.auth)).json()["items"]
    }
    assert listed == ALLOWED[who]
    for slug in SPACES:
        allowed = slug in ALLOWED[who]
        thread_id = seeded[slug]["thread"]["id"]
        post_id = seeded[slug]["post"]["id"]
        expect = 200 if allowed else 404
        assert (
            await client.get(f"/api/v1/spaces/{slug}/threads", headers=member.auth)
        ).status_code == expect
        assert (
            await client.get(f"/api/v1/threads/{thread_id}", headers=member.auth)
        ).status_code == expect
        assert (
            await client.get(f"/api/v1/posts/{post_id}", headers=member.auth)
        ).status_code == expect
        r = await client.post(
            f"/api/v1/spaces/{slug}/threads", headers=member.auth, json={"title": "t", "body": "b"}
        )
        assert r.status_code == (201 if allowed else 404)
        r = await client.post(
            f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": "reply"}
        )
        assert r.status_code == (201 if allowed else 404)
        # Editing someone else's post: forbidden if you can see it, invisible if you can't.
        r = await client.patch(
            f"/api/v1/posts/{post_id}", headers=member.auth, json={"body": "changed"}
        )
        if who == "moderator":
            assert r.status_code == 200
        else:
            is_author = seeded[slug]["post"]["author"]["username"] == member.username
            assert r.status_code == (200 if is_author else 403 if allowed else 404)


async def test_missing_and_forbidden_look_the_same(client, members, seeded):
    staying = members["staying"]
    hidden = await client.get(
        f"/api/v1/threads/{seeded['leaving']['thread']['id']}", headers=staying.auth
    )
    missing = await client.get("/api/v1/threads/999999", headers=staying.auth)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert (await client.get("/api/v1/spaces/leaving/threads", headers=staying.auth)).json() == (
        await client.get("/api/v1/spaces/no-such-space/threads", headers=staying.auth)
    ).json()


@pytest.mark.parametrize("who", list(ALLOWED))
async def test_pages_visibility_matrix(browser: Browser, members, seeded, who):
    await browser.sign_in(members[who].username)
    home = await browser.get("/")
    for slug in SPACES:
        allowed = slug in ALLOWED[who]
        thread_id = seeded[slug]["thread"]["id"]
        assert (f'href="/s/{slug}"' in home.text) == allowed
        assert (await browser.get(f"/s/{slug}")).status_code == (200 if allowed else 404)
        assert (await browser.get(f"/t/{thread_id}")).status_code == (200 if allowed else 404)
        assert (await browser.get(f"/s/{slug}/new")).status_code == (200 if allowed else 404)
        post_id = seeded[slug]["post"]["id"]
        edit = await browser.get(f"/p/{post_id}/edit")
        own = AUTHORS[slug] == who
        assert edit.status_code == (200 if who == "moderator" or own else 403 if allowed else 404)


async def test_guests_see_only_public_pages(client, seeded):
    for url in ["/", "/guidelines", "/login", "/register"]:
        assert (await client.get(url)).status_code == 200, url
    for slug in SPACES:
        r = await client.get(f"/s/{slug}")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        r = await client.get(f"/t/{seeded[slug]['thread']['id']}")
        assert r.status_code == 303
    spaces = (await client.get("/api/v1/spaces")).json()["items"]
    assert [s["slug"] for s in spaces] == ["common-ground"] and spaces[0]["can_read"] is False
    assert (await client.get("/api/v1/spaces/common-ground/threads")).status_code == 401


async def test_changing_path_moves_you_between_private_spaces(client, app, seeded):
    member = await make_member("switcher", "staying")
    thread_id = seeded["staying"]["thread"]["id"]
    assert (
        await client.get(f"/api/v1/threads/{thread_id}", headers=member.auth)
    ).status_code == 200
    await client.patch("/api/v1/me", headers=member.auth, json={"path": "leaving"})
    assert (
        await client.get(f"/api/v1/threads/{thread_id}", headers=member.auth)
    ).status_code == 404
    assert (
        await client.get(
            f"/api/v1/threads/{seeded['leaving']['thread']['id']}", headers=member.auth
        )
    ).status_code == 200
