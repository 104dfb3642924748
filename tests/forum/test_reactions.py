"""Reactions: one of each kind per member per post, counts, names for the author only, grouped notices, limits."""

from __future__ import annotations

from tests.conftest import make_member, test_settings


async def _post(client, member, slug="common-ground"):
    r = await client.post(
        f"/api/v1/spaces/{slug}/threads",
        headers=member.auth,
        json={"title": "A hard week", "body": "It was hard."},
    )
    assert r.status_code == 201, r.text
    return r.json()["post"]


async def test_react_counts_and_names_for_the_author_only(client, members):
    author, a, b = members["staying"], members["leaving"], members["undecided"]
    post = await _post(client, author)
    url = f"/api/v1/posts/{post['id']}/reactions"
    r = await client.put(f"{url}/strength", headers=a.auth)
    assert r.status_code == 200, r.text
    assert r.json()["post"]["reactions"] == {"strength": 1, "been-there": 0, "thank-you": 0}
    assert r.json()["post"]["my_reactions"] == ["strength"] and "reacted_by" not in r.json()["post"]
    assert (await client.put(f"{url}/strength", headers=a.auth)).json()["post"]["reactions"][
        "strength"
    ] == 1  # idempotent
    await client.put(f"{url}/strength", headers=b.auth)
    await client.put(f"{url}/been-there", headers=b.auth)

    seen_by_author = (await client.get(f"/api/v1/posts/{post['id']}", headers=author.auth)).json()[
        "post"
    ]
    assert seen_by_author["reactions"] == {"strength": 2, "been-there": 1, "thank-you": 0}
    assert seen_by_author["reacted_by"] == {
        "strength": [a.username, b.username],
        "been-there": [b.username],
        "thank-you": [],
    }
    thread = (await client.get(f"/api/v1/threads/{post['thread_id']}", headers=a.auth)).json()
    assert "reacted_by" not in thread["posts"]["items"][0]

    # One grouped notice, naming nobody.
    items = (await client.get("/api/v1/me/notifications", headers=author.auth)).json()["items"]
    assert [(n["kind"], n["text"]) for n in items] == [
        ("reaction", "3 reactions of support on your post in “A hard week”")
    ]

    r = await client.delete(f"{url}/strength", headers=a.auth)
    assert (
        r.status_code == 200
        and r.json()["post"]["reactions"]["strength"] == 1
        and r.json()["post"]["my_reactions"] == []
    )


async def test_bad_kind_own_post_and_unreadable_post(client, members):
    author = members["staying"]
    post = await _post(client, author)
    r = await client.put(
        f"/api/v1/posts/{post['id']}/reactions/hug", headers=members["leaving"].auth
    )
    assert r.status_code == 404
    r = await client.put(f"/api/v1/posts/{post['id']}/reactions/strength", headers=author.auth)
    assert (
        r.status_code == 422 and r.json()["error"]["message"] == "You can't react to your own post."
    )
    private = await _post(client, author, slug="staying")
    r = await client.put(
        f"/api/v1/posts/{private['id']}/reactions/strength", headers=members["leaving"].auth
    )
    missing = await client.put(
        "/api/v1/posts/999999/reactions/strength", headers=members["leaving"].auth
    )
    assert r.status_code == missing.status_code == 404 and r.json() == missing.json()
    assert (await client.put(f"/api/v1/posts/{post['id']}/reactions/strength")).status_code == 401


async def test_reactions_are_rate_limited(database_url):
    import httpx
    from asgi_lifespan import LifespanManager
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from forum.app import create_app

    EXECUTOR_CACHE.clear()
    settings = test_settings(database_url, rate_limits="react=2/60s")
    app = create_app(settings, schema="generate")
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            author, fan = await make_member("author_one"), await make_member("fan_one")
            post = await _post(client, author)
            codes = [
                (
                    await client.put(f"/api/v1/posts/{post['id']}/reactions/{k}", headers=fan.auth)
                ).status_code
                for k in ("strength", "been-there", "thank-you")
            ]
            assert codes == [200, 200, 429]
            # Repeating one already given changes nothing and spends nothing.
            assert (
                await client.put(f"/api/v1/posts/{post['id']}/reactions/strength", headers=fan.auth)
            ).status_code == 200


async def test_reaction_buttons_on_the_page(client, browser, members):
    author, fan = members["staying"], members["undecided"]
    post = await _post(client, author)
    await browser.sign_in(fan.username)
    page = (await browser.get(f"/t/{post['thread_id']}")).text
    assert 'value="strength"' in page and 'aria-pressed="false"' in page
    r = await browser.submit(
        f"/t/{post['thread_id']}",
        f"/p/{post['id']}/react",
        {"react": "been-there", "back": f"/t/{post['thread_id']}"},
    )
    assert (
        r.status_code == 303
        and r.headers["location"] == f"/t/{post['thread_id']}#post-{post['id']}"
    )
    page = (await browser.get(f"/t/{post['thread_id']}")).text
    assert 'value="undo:been-there"' in page and 'aria-pressed="true"' in page
    # An outside address is never a place to go back to.
    r = await browser.submit(
        f"/t/{post['thread_id']}",
        f"/p/{post['id']}/react",
        {"react": "undo:been-there", "back": "//evil.example/t/1"},
    )
    assert r.headers["location"] == f"/p/{post['id']}#post-{post['id']}"
    assert 'value="been-there"' in (await browser.get(f"/t/{post['thread_id']}")).text
