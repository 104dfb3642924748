"""What is removed stays gone: never-published posts leave no trace, authors erase their words,
an opening post takes its title with it, and the export is whole and works from the page (issue 11)."""

from __future__ import annotations

from forum.threads.models import Post, PostRevision, Thread
from tests.conftest import make_member
from tests.moderation.conftest import item_for_post, reply, start_thread

HELD = "Call me on 555-867-5309, my wife Dana Whitcombe must not know."


async def _held_reply(client, author, opener, space="common-ground"):
    tid = (await start_thread(client, opener, "Week two.", space=space, title="Sleeping again"))[
        "thread"
    ]["id"]
    post = (await reply(client, author, tid, HELD)).json()["post"]
    assert post["status"] == "pending"
    return tid, post["id"]


async def _thread_text(client, member, tid) -> str:
    r = await client.get(f"/api/v1/threads/{tid}", headers=member.auth)
    assert r.status_code == 200, r.text
    return r.text


async def _resolve(client, mod, pid, action, note):
    item = await item_for_post(client, mod, pid)
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": action, "note": note},
    )
    assert r.status_code == 200, r.text


async def test_a_rejected_held_post_leaves_no_placeholder_for_readers(client, members, browser):
    author, reader, mod = members["undecided"], members["staying"], members["moderator"]
    tid, pid = await _held_reply(client, author, reader)
    await _resolve(client, mod, pid, "reject", "Names a third party.")
    api = await client.get(f"/api/v1/threads/{tid}", headers=reader.auth)
    assert [p["id"] for p in api.json()["posts"]["items"] if p["id"] == pid] == []
    await browser.sign_in(reader.username)
    page = (await browser.get(f"/t/{tid}")).text
    assert "removed by a moderator" not in page and author.username not in page
    assert (await client.get(f"/api/v1/posts/{pid}", headers=reader.auth)).status_code == 404
    # Its author still sees it, with the moderator's reason.
    mine = (await client.get(f"/api/v1/posts/{pid}", headers=author.auth)).json()["post"]
    assert mine["status"] == "removed" and "Names a third party." in mine["status_reason"]


async def test_an_author_erases_a_held_post_and_readers_see_nothing(client, members, browser):
    author, reader = members["undecided"], members["staying"]
    tid, pid = await _held_reply(client, author, reader)
    assert (await client.delete(f"/api/v1/posts/{pid}", headers=author.auth)).status_code == 204
    row = await Post.get(id=pid)
    assert row.body_md == "" and "Whitcombe" not in row.body_html
    assert "deleted by its author" not in (await _thread_text(client, reader, tid))
    assert author.username not in (await _thread_text(client, reader, tid))
    # The moderators' view of the queue item no longer carries the text.
    mod = members["moderator"]
    item = await item_for_post(client, mod, pid)
    if item is not None:
        r = await client.get(f"/api/v1/moderation/queue/{item['id']}", headers=mod.auth)
        assert "Whitcombe" not in r.text


async def test_an_author_erases_a_rejected_post_and_the_decision_stays(client, members):
    author, mod = members["undecided"], members["moderator"]
    _, pid = await _held_reply(client, author, members["staying"])
    await _resolve(client, mod, pid, "reject", "Personal details.")
    r = await client.delete(f"/api/v1/posts/{pid}", headers=author.auth)
    assert r.status_code == 204, r.text  # was 403 "removed and can no longer be changed"
    row = await Post.get(id=pid)
    assert row.body_md == "" and "Whitcombe" not in row.body_html and row.status == "removed"
    log = (await client.get("/api/v1/moderation/log", headers=mod.auth)).json()["items"]
    assert any(e["reason"] and "Personal details." in e["reason"] for e in log)
    assert "Whitcombe" not in str(log)


async def test_an_author_erases_a_post_left_on_the_other_side_after_changing_path(
    client, members, browser
):
    author = await make_member("moving_on", "staying")
    tid = (await start_thread(client, author, "Still here.", space="staying", title="Day one"))[
        "thread"
    ]["id"]
    pid = (await reply(client, author, tid, "My sister in Harrowgate says wait.")).json()["post"][
        "id"
    ]
    await client.patch(
        f"/api/v1/posts/{pid}", headers=author.auth, json={"body": "My sister says wait."}
    )
    assert (
        await client.patch("/api/v1/me", headers=author.auth, json={"path": "leaving"})
    ).status_code == 200
    assert (
        await client.get(f"/api/v1/threads/{tid}", headers=author.auth)
    ).status_code == 404  # still private
    assert (await client.delete(f"/api/v1/posts/{pid}", headers=author.auth)).status_code == 204
    assert (await Post.get(id=pid)).body_md == ""
    assert not await PostRevision.filter(post_id=pid).exists()
    # And through the pages: "Your posts" offers Delete without naming the other side's thread.
    first = (await client.get("/api/v1/me/posts", headers=author.auth)).json()["items"]
    opening = next(p for p in first if p["is_first"])
    await browser.sign_in(author.username)
    mine = (await browser.get("/me/posts")).text
    assert "Day one" not in mine and f"/p/{opening['id']}/delete" in mine
    page = await browser.submit(f"/p/{opening['id']}/delete", None, {})
    assert page.status_code == 303 and page.headers["location"] == "/me/posts"
    assert (await Post.get(id=opening["id"])).body_md == ""


async def test_deleting_the_opening_post_takes_the_title_and_name_down(client, members, browser):
    author, other = members["undecided"], members["staying"]
    title = "Leaving Marcus after the Brighton weekend"
    started = await start_thread(client, author, "Where do I start.", title=title)
    tid, first = started["thread"]["id"], started["post"]["id"]
    await reply(client, other, tid, "Take it slowly.")
    lonely = await start_thread(client, author, "Nobody answered.", title="Alone with Marcus")
    assert (await client.delete(f"/api/v1/posts/{first}", headers=author.auth)).status_code == 204
    assert (
        await client.delete(f"/api/v1/posts/{lonely['post']['id']}", headers=author.auth)
    ).status_code == 204

    listed = (await client.get("/api/v1/spaces/common-ground/threads", headers=other.auth)).json()[
        "items"
    ]
    assert "Marcus" not in str(listed)
    [kept] = [t for t in listed if t["id"] == tid]
    assert kept["author"] is None and kept["title"]
    assert lonely["thread"]["id"] not in [t["id"] for t in listed]
    assert (
        await client.get(f"/api/v1/threads/{lonely['thread']['id']}", headers=other.auth)
    ).status_code == 404
    thread = (await client.get(f"/api/v1/threads/{tid}", headers=other.auth)).json()["thread"]
    assert thread["author"] is None and "Marcus" not in thread["title"]
    await browser.sign_in(other.username)
    page = (await browser.get("/s/common-ground")).text
    assert "Marcus" not in page and f"by {author.username}" not in page
    assert "Marcus" not in (await Thread.get(id=tid)).title


async def test_a_moderator_removing_an_opening_post_takes_the_title_down(client, members):
    author, mod = members["undecided"], members["moderator"]
    started = await start_thread(client, author, "Hello.", title="Jo Whitcombe's new address")
    assert (
        await client.delete(f"/api/v1/posts/{started['post']['id']}", headers=mod.auth)
    ).status_code == 204
    listed = (
        await client.get("/api/v1/spaces/common-ground/threads", headers=members["staying"].auth)
    ).json()
    assert "Whitcombe" not in str(listed)


async def test_deleting_the_account_takes_drafts_follows_reactions_and_blocks_with_it(
    client, members
):
    """Drafts and report notes hold the member's words: they (and what the member followed, muted,
    reacted and blocked) go with the account, not only its posts."""
    from forum.blocks.models import Block
    from forum.drafts.models import Draft
    from forum.following.models import ThreadFollow, ThreadRead
    from forum.reactions.models import Reaction
    from tests.conftest import PASSWORD

    leaver, other = members["undecided"], members["staying"]
    opened = await start_thread(
        client, other, "Anyone else?", space="common-ground", title="Nights"
    )
    tid, pid = opened["thread"]["id"], opened["post"]["id"]
    for method, url, body in (
        ("PUT", f"/api/v1/drafts/thread-{tid}", {"body": "My husband Tom reads my phone at night"}),
        ("PUT", f"/api/v1/threads/{tid}/follow", None),
        ("PUT", f"/api/v1/posts/{pid}/reactions/been-there", None),
        ("PUT", f"/api/v1/me/blocks/{members['leaving'].username}", None),
        ("POST", f"/api/v1/threads/{tid}/read", {"post_id": pid}),
    ):
        r = await client.request(method, url, headers=leaver.auth, json=body)
        assert r.status_code == 200, (url, r.text)
    r = await client.post(
        f"/api/v1/posts/{pid}/reports",
        headers=leaver.auth,
        json={"reason": "other", "note": "Tom is my husband, he posts as this"},
    )
    assert r.status_code == 201, r.text
    r = await client.request(
        "DELETE", "/api/v1/me", headers=leaver.auth, json={"password": PASSWORD}
    )
    assert r.status_code == 204, r.text
    assert not await Draft.filter(user_id=leaver.id).exists(), (
        "an unposted draft outlived the account"
    )
    from moderation.models import PostReport

    assert [r.note for r in await PostReport.filter(reporter_id=leaver.id)] == [""], (
        "a report note outlived the account"
    )
    assert not await ThreadFollow.filter(user_id=leaver.id).exists()
    assert not await ThreadRead.filter(user_id=leaver.id).exists()
    assert not await Reaction.filter(user_id=leaver.id).exists()
    assert not await Block.filter(blocker_id=leaver.id).exists()
    post = (await client.get(f"/api/v1/posts/{pid}", headers=other.auth)).json()["post"]
    assert post["reactions"].get("been-there", 0) == 0
