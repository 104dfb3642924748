"""Following threads, unread state, reply and mention notifications, and the live unread count."""

from __future__ import annotations

import re
from contextlib import AsyncExitStack

import httpx

from tests.amas.conftest import served  # noqa: F401  (a real server for the event stream)
from tests.amas.sse import EventReader
from tests.conftest import make_member


async def _thread(
    client, member, slug="common-ground", title="Where do I start?", body="First post."
):
    r = await client.post(
        f"/api/v1/spaces/{slug}/threads", headers=member.auth, json={"title": title, "body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()["thread"]


async def _reply(client, member, thread_id, body="Same here."):
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()["post"]


async def _notices(client, member, **params):
    r = await client.get("/api/v1/me/notifications", headers=member.auth, params=params)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_starting_and_replying_follow_and_replies_notify_followers(client, members):
    author, replier, other = members["staying"], members["undecided"], members["leaving"]
    thread = await _thread(client, author)
    state = (await client.get(f"/api/v1/threads/{thread['id']}", headers=author.auth)).json()[
        "thread"
    ]
    assert state["following"] is True and state["unread_count"] == 0

    await _reply(client, replier, thread["id"])
    assert (await client.get(f"/api/v1/threads/{thread['id']}", headers=replier.auth)).json()[
        "thread"
    ]["following"]
    items = await _notices(client, author)
    assert [(n["kind"], n["text"], n["url"]) for n in items] == [
        ("reply", "A new reply in “Where do I start?”", f"/t/{thread['id']}?unread=1")
    ]
    assert items[0]["read_at"] is None
    assert await _notices(client, replier) == []  # nobody hears of their own post
    assert await _notices(client, other) == []  # not following

    # A second reply raises the same notice instead of adding one; the replier hears of the author's answer.
    await _reply(client, other, thread["id"], "From the other side, hello.")
    items = await _notices(client, author)
    assert (
        len(items) == 1
        and items[0]["text"] == "2 new replies in “Where do I start?”"
        and items[0]["count"] == 2
    )
    assert [n["kind"] for n in await _notices(client, replier)] == ["reply"]


async def test_unread_count_first_unread_and_mark_read(client, members):
    author, replier = members["staying"], members["undecided"]
    thread = await _thread(client, author)
    first = await _reply(client, replier, thread["id"], "One.")
    await _reply(client, replier, thread["id"], "Two.")
    got = (await client.get(f"/api/v1/threads/{thread['id']}", headers=author.auth)).json()[
        "thread"
    ]
    assert got["unread_count"] == 2 and got["first_unread_post_id"] == first["id"]
    listing = (
        await client.get("/api/v1/spaces/common-ground/threads", headers=author.auth)
    ).json()["items"][0]
    assert (
        listing["unread_count"] == 2
        and listing["excerpt"] == "First post."
        and listing["last_poster"] == replier.username
    )

    r = await client.post(
        f"/api/v1/threads/{thread['id']}/read", headers=author.auth, json={"post_id": first["id"]}
    )
    assert r.status_code == 200 and r.json() == {"unread_count": 1}
    # Reading the thread reads its reply notice too.
    assert await _notices(client, author, unread="true") == []
    # Never backwards.
    r = await client.post(
        f"/api/v1/threads/{thread['id']}/read", headers=author.auth, json={"post_id": 0}
    )
    assert r.json() == {"unread_count": 1}
    r = await client.post(
        f"/api/v1/threads/{thread['id']}/read", headers=author.auth, json={"post_id": "x"}
    )
    assert r.status_code == 422 and "post_id" in r.json()["error"]["fields"]
    # Someone who cannot read the thread gets the same 404 as for a missing one.
    staying_only = await _thread(client, author, slug="staying")
    r = await client.post(
        f"/api/v1/threads/{staying_only['id']}/read",
        headers=members["leaving"].auth,
        json={"post_id": 1},
    )
    assert r.status_code == 404
    r = await client.put(
        f"/api/v1/threads/{staying_only['id']}/follow", headers=members["leaving"].auth
    )
    assert r.status_code == 404


async def test_follow_unfollow_and_mute(client, members):
    author, reader = members["undecided"], members["leaving"]
    thread = await _thread(client, author)
    r = await client.put(f"/api/v1/threads/{thread['id']}/follow", headers=reader.auth)
    assert r.status_code == 200 and r.json() == {"following": True, "muted": False}
    await _reply(client, author, thread["id"], "An update.")
    assert [n["kind"] for n in await _notices(client, reader)] == ["reply"]

    r = await client.delete(f"/api/v1/threads/{thread['id']}/follow", headers=reader.auth)
    assert r.json() == {"following": False, "muted": False}
    await client.post("/api/v1/me/notifications/read", headers=reader.auth, json={})
    await _reply(client, author, thread["id"], "Another update.")
    assert await _notices(client, reader, unread="true") == []

    # Muted: replying does not re-follow, and neither replies nor mentions notify.
    r = await client.put(f"/api/v1/threads/{thread['id']}/mute", headers=reader.auth)
    assert r.json() == {"following": False, "muted": True}
    await _reply(client, reader, thread["id"], "A word from me.")
    await _reply(client, author, thread["id"], f"Thanks @{reader.username}!")
    assert await _notices(client, reader, unread="true") == []
    assert (await client.get(f"/api/v1/threads/{thread['id']}", headers=reader.auth)).json()[
        "thread"
    ]["muted"] is True


async def test_mentions_notify_only_members_who_can_read_the_space(client, members):
    staying, leaving, undecided = members["staying"], members["leaving"], members["undecided"]
    shared = await _thread(client, staying, title="Holidays")
    post = await _reply(
        client,
        staying,
        shared["id"],
        f"@{leaving.username} and @{undecided.username.upper()}, any ideas? `@{members['moderator'].username}`",
    )
    assert [(n["kind"], n["text"], n["url"]) for n in await _notices(client, leaving)] == [
        ("mention", f"{staying.username} mentioned you in “Holidays”", f"/p/{post['id']}")
    ]
    assert [n["kind"] for n in await _notices(client, undecided)] == ["mention"]
    assert await _notices(client, members["moderator"]) == []  # inside code: not a mention

    # In the staying space, naming a leaving member notifies no one and changes nothing the author sees.
    private = await _thread(client, staying, slug="staying", title="Private")
    r1 = await client.post(
        f"/api/v1/threads/{private['id']}/posts",
        headers=staying.auth,
        json={"body": f"@{leaving.username} hi"},
    )
    r2 = await client.post(
        f"/api/v1/threads/{private['id']}/posts",
        headers=staying.auth,
        json={"body": "@nobody_by_that_name hi"},
    )
    assert r1.status_code == r2.status_code == 201
    assert r1.json().keys() == r2.json().keys()
    assert len(await _notices(client, leaving)) == 1


async def test_a_notice_never_names_what_its_reader_can_no_longer_read(client, members, app):
    from forum.accounts.models import User

    staying = members["staying"]
    friend = await make_member("friend_staying", "staying")
    thread = await _thread(client, staying, slug="staying", title="My husband's plans")
    await _reply(client, friend, thread["id"], "I hear you.")
    await _reply(client, staying, thread["id"], f"Thank you @{friend.username}")
    texts = [n["text"] for n in await _notices(client, friend)]
    assert any("My husband's plans" in t for t in texts)
    # The friend moves to the leaving path: the notices stay, the title is no longer named.
    await User.filter(id=friend.id).update(path="leaving")
    items = await _notices(client, friend)
    assert items and all("husband" not in n["text"] and n["url"] is None for n in items)


async def test_unanswered_filter(client, members):
    m = members["undecided"]
    lonely = await _thread(client, m, title="Nobody answered yet")
    answered = await _thread(client, m, title="Has an answer")
    await _reply(client, members["staying"], answered["id"])
    items = (
        await client.get(
            "/api/v1/spaces/common-ground/threads", headers=m.auth, params={"unanswered": "true"}
        )
    ).json()["items"]
    assert [t["id"] for t in items] == [lonely["id"]]
    r = await client.get(
        "/api/v1/spaces/common-ground/threads", headers=m.auth, params={"unanswered": "maybe"}
    )
    assert r.status_code == 422


async def test_mark_some_and_all_notifications_read(client, members):
    author = members["undecided"]
    a = await _thread(client, author, title="A")
    b = await _thread(client, author, title="B")
    await _reply(client, members["staying"], a["id"])
    await _reply(client, members["leaving"], b["id"])
    items = await _notices(client, author)
    assert len(items) == 2
    r = await client.post(
        "/api/v1/me/notifications/read", headers=author.auth, json={"ids": [items[0]["id"], 999999]}
    )
    assert r.status_code == 200 and r.json() == {"unread_count": 1}
    r = await client.post("/api/v1/me/notifications/read", headers=author.auth, json={"ids": "all"})
    assert r.status_code == 422
    r = await client.post("/api/v1/me/notifications/read", headers=author.auth)
    assert r.json() == {"unread_count": 0}
    # Someone else's ids are not theirs to mark.
    other = members["staying"]
    await _reply(client, author, a["id"], "and back")
    theirs = await _notices(client, other, unread="true")
    await client.post(
        "/api/v1/me/notifications/read", headers=author.auth, json={"ids": [theirs[0]["id"]]}
    )
    assert len(await _notices(client, other, unread="true")) == 1


async def test_thread_page_marks_new_posts_and_follow_buttons(client, browser, members):
    author = members["staying"]
    await browser.sign_in(author.username)
    thread = await _thread(client, author)
    page = (await browser.get(f"/t/{thread['id']}")).text
    assert "New since your last visit" not in page and 'value="unfollow"' in page
    reply = await _reply(client, members["undecided"], thread["id"], "Welcome.")
    listing = (await browser.get("/s/common-ground")).text
    assert "1 new" in listing and f"/t/{thread['id']}?unread=1" in listing
    assert "1" in re.search(r'id="unread-count"[^>]*>(\d+)', listing).group(1)
    jump = await browser.get(f"/t/{thread['id']}?unread=1")
    assert jump.status_code == 303 and jump.headers["location"].endswith("#new")
    page = (await browser.get(jump.headers["location"])).text
    marker, post = page.index("New since your last visit"), page.index(f'id="post-{reply["id"]}"')
    assert marker < post
    # This very page read the reply notice: its own header already counts it read (the count is
    # read after the page moves the read mark, never with the session before it).
    assert re.search(r'id="unread-count" hidden', page)
    # Seen now: the marker is gone, and so are the unread notice and the count.
    page = (await browser.get(f"/t/{thread['id']}")).text
    assert "New since your last visit" not in page
    assert re.search(r'id="unread-count" hidden', page)

    form = await browser.submit(
        f"/t/{thread['id']}", f"/t/{thread['id']}/follow", {"choice": "mute"}
    )
    assert form.status_code == 303
    assert 'value="unmute"' in (await browser.get(f"/t/{thread['id']}")).text
    # Unanswered filter page.
    assert (
        "Every thread here has an answer"
        in (await browser.get("/s/common-ground?filter=unanswered")).text
    )


async def test_notifications_page_lists_and_marks_read(client, browser, members):
    author = members["staying"]
    await browser.sign_in(author.username)
    thread = await _thread(client, author, title="Sleep")
    await _reply(client, members["undecided"], thread["id"])
    page = (await browser.get("/notifications")).text
    assert "A new reply in “Sleep”" in page
    r = await browser.submit("/notifications", "/notifications", {})
    assert r.status_code == 303
    assert "Mark all read" not in (await browser.get("/notifications")).text


async def test_unread_count_arrives_live(served, client, members):  # noqa: F811
    author, replier = members["staying"], members["undecided"]
    thread = await _thread(client, author)
    async with AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=served, timeout=10))
        response = await stack.enter_async_context(
            http.stream("GET", "/api/v1/me/notifications/events", headers=author.auth)
        )
        assert response.status_code == 200 and response.headers["content-type"].startswith(
            "text/event-stream"
        )
        reader = EventReader(response)
        assert (await reader.until("unread"))["data"] == {"unread_count": 0}
        await _reply(client, replier, thread["id"])
        assert (await reader.until("unread"))["data"] == {"unread_count": 1}
        await client.post("/api/v1/me/notifications/read", headers=author.auth)
        assert (await reader.until("unread"))["data"] == {"unread_count": 0}
        assert (await http.get("/api/v1/me/notifications/events")).status_code == 401


async def test_new_badges_mean_new_since_the_members_last_visit(client, browser, members):
    """A brand-new member's first look at a space shows no wall of "New" (issue 16); a thread started
    after they were last in the space, and not opened yet, is "New"."""
    import re as _re

    author = members["staying"]
    ids = []
    for title in ("Older one", "Older two", "Older three"):
        r = await client.post(
            "/api/v1/spaces/common-ground/threads",
            headers=author.auth,
            json={"title": title, "body": "Hello."},
        )
        ids.append(r.json()["thread"]["id"])
    newcomer = await make_member("brand_new_here", "undecided")
    await browser.sign_in(newcomer.username)

    def badged(html: str) -> list[str]:
        items = _re.findall(r'<li class="thread-item[^"]*">(.*?)</li>', html, _re.S)
        return [
            _re.search(r'class="title"[^>]*>([^<]*)<', i).group(1)
            for i in items
            if "badge-new" in i
        ]

    first = await browser.get("/s/common-ground")
    assert first.status_code == 200 and "Older one" in first.text
    assert badged(first.text) == []  # was: every thread badged "New"
    await browser.get(f"/t/{ids[0]}")  # the member is in the space now
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=author.auth,
        json={"title": "Fresh start", "body": "Hi."},
    )
    assert r.status_code == 201
    assert badged((await browser.get("/s/common-ground")).text) == ["Fresh start"]
    # A reply to the thread they opened is counted as before.
    await client.post(
        f"/api/v1/threads/{ids[0]}/posts", headers=author.auth, json={"body": "More."}
    )
    assert sorted(badged((await browser.get("/s/common-ground")).text)) == [
        "Fresh start",
        "Older one",
    ]
