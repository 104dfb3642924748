"""Blocking: the blocked member's words leave everything the blocker reads; nobody is told; undone easily."""

from __future__ import annotations


async def _thread(client, member, title="Hello", body="First post.", slug="common-ground"):
    r = await client.post(
        f"/api/v1/spaces/{slug}/threads", headers=member.auth, json={"title": title, "body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_blocked_members_words_leave_lists_threads_search_and_notices(client, members):
    me, them, other = members["staying"], members["leaving"], members["undecided"]
    mine = (await _thread(client, me, title="My thread"))["thread"]
    theirs = (await _thread(client, them, title="Their thread", body="unicorn words"))["thread"]
    r = await client.put(f"/api/v1/me/blocks/{them.username.upper()}", headers=me.auth)
    assert r.status_code == 200 and r.json() == {"blocked": True}
    assert [
        b["username"]
        for b in (await client.get("/api/v1/me/blocks", headers=me.auth)).json()["items"]
    ] == [them.username]

    await client.post(
        f"/api/v1/threads/{mine['id']}/posts",
        headers=them.auth,
        json={"body": f"unicorn reply @{me.username}"},
    )
    await client.post(
        f"/api/v1/threads/{mine['id']}/posts", headers=other.auth, json={"body": "A kind reply."}
    )
    thread = (await client.get(f"/api/v1/threads/{mine['id']}", headers=me.auth)).json()
    assert [p["author"]["username"] for p in thread["posts"]["items"]] == [
        me.username,
        other.username,
    ]
    assert thread["thread"]["unread_count"] == 1
    titles = [
        t["title"]
        for t in (await client.get("/api/v1/spaces/common-ground/threads", headers=me.auth)).json()[
            "items"
        ]
    ]
    assert "Their thread" not in titles and "My thread" in titles
    hits = (await client.get("/api/v1/search", headers=me.auth, params={"q": "unicorn"})).json()[
        "items"
    ]
    assert hits == []
    texts = [
        n["text"]
        for n in (await client.get("/api/v1/me/notifications", headers=me.auth)).json()["items"]
    ]
    assert texts == [
        "A new reply in “My thread”"
    ]  # the other member's reply; no mention from the blocked one
    # Their reactions do not count for me.
    post_id = thread["posts"]["items"][0]["id"]
    await client.put(f"/api/v1/posts/{post_id}/reactions/strength", headers=them.auth)
    assert (await client.get(f"/api/v1/posts/{post_id}", headers=me.auth)).json()["post"][
        "reactions"
    ]["strength"] == 0

    # They are not told: their view is unchanged.
    assert (await client.get(f"/api/v1/threads/{mine['id']}", headers=them.auth)).status_code == 200
    assert [
        t["title"]
        for t in (
            await client.get("/api/v1/spaces/common-ground/threads", headers=them.auth)
        ).json()["items"]
    ][:2] == ["My thread", "Their thread"]

    # Undone as easily.
    assert (await client.delete(f"/api/v1/me/blocks/{them.username}", headers=me.auth)).json() == {
        "blocked": False
    }
    assert (
        len(
            (await client.get(f"/api/v1/threads/{mine['id']}", headers=me.auth)).json()["posts"][
                "items"
            ]
        )
        == 3
    )
    assert (await client.get("/api/v1/search", headers=me.auth, params={"q": "unicorn"})).json()[
        "items"
    ]
    assert theirs


async def test_block_errors(client, members):
    me = members["staying"]
    assert (
        await client.put(f"/api/v1/me/blocks/{me.username}", headers=me.auth)
    ).status_code == 422
    assert (await client.put("/api/v1/me/blocks/nobody_here", headers=me.auth)).status_code == 404
    assert (await client.put(f"/api/v1/me/blocks/{members['leaving'].username}")).status_code == 401


async def test_a_moderator_can_be_blocked_as_a_writer_but_still_moderates(client, members):
    me, mod = members["undecided"], members["moderator"]
    post = (await _thread(client, me, title="Mine"))["post"]
    assert (
        await client.put(f"/api/v1/me/blocks/{mod.username}", headers=me.auth)
    ).status_code == 200
    r = await client.delete(f"/api/v1/posts/{post['id']}", headers=mod.auth)
    assert r.status_code == 204
    got = (await client.get(f"/api/v1/posts/{post['id']}", headers=me.auth)).json()["post"]
    assert got["status"] == "removed"


async def test_block_from_a_post_and_unblock_on_the_page(client, browser, members):
    me, them = members["staying"], members["undecided"]
    thread = (await _thread(client, them, title="Their words"))["thread"]
    await browser.sign_in(me.username)
    page = (await browser.get(f"/t/{thread['id']}")).text
    assert f'href="/members/{them.username}/block?back=/t/{thread["id"]}"' in page
    confirm = (await browser.get(f"/members/{them.username}/block?back=/t/{thread['id']}")).text
    assert "What it cannot do" in confirm
    r = await browser.submit(f"/members/{them.username}/block", None, {})
    assert r.status_code == 303 and r.headers["location"] == "/account/blocks?done=blocked"
    listing = (await browser.get("/account/blocks?done=blocked")).text
    assert f"Unblock {them.username}" in listing
    assert "Their words" not in (await browser.get("/s/common-ground")).text
    r = await browser.submit(
        "/account/blocks", None, {"username": them.username, "action": "unblock"}
    )
    assert r.status_code == 303
    assert "Their words" in (await browser.get("/s/common-ground")).text
    r = await browser.submit("/account/blocks", None, {"username": "nobody_here"})
    assert r.status_code == 422 and "No member by that name." in r.text
    assert "Blocking someone" in (await browser.get("/guidelines")).text


async def test_the_latest_poster_shown_in_lists_is_never_a_blocked_member(client, members):
    """A thread list's "latest from …" names the latest replier the reader has not blocked."""
    me, them, other = members["staying"], members["leaving"], members["undecided"]
    mine = (await _thread(client, me, title="Latest from whom"))["thread"]
    assert (
        await client.put(f"/api/v1/me/blocks/{them.username}", headers=me.auth)
    ).status_code == 200
    for who, body in (
        (other, "An early kind reply."),
        (them, "The latest reply, from someone I blocked."),
    ):
        r = await client.post(
            f"/api/v1/threads/{mine['id']}/posts", headers=who.auth, json={"body": body}
        )
        assert r.status_code == 201, r.text

    def latest(items):
        return next(t["last_poster"] for t in items if t["id"] == mine["id"])

    listed = (await client.get("/api/v1/spaces/common-ground/threads", headers=me.auth)).json()[
        "items"
    ]
    assert latest(listed) == other.username
    page = await client.get("/s/common-ground", headers=me.auth)
    assert them.username not in page.text
    # Everyone else still sees who replied last.
    listed = (await client.get("/api/v1/spaces/common-ground/threads", headers=other.auth)).json()[
        "items"
    ]
    assert latest(listed) == them.username
