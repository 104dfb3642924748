"""The screens as members meet them: crisis lines, held personal data, blocked words, the draft preview."""

from __future__ import annotations

from forum.threads.models import Post
from tests.conftest import csrf_from
from tests.moderation.conftest import item_for_post, queue, reply, start_thread

CRISIS = [
    "I want to die. I can't do this anymore.",
    "Some nights I think everyone would be better off without me.",
    "He said he'd kill himself if I leave.",
    "I started cutting myself again last week.",
    "He hit me last night in front of the kids.",
    "I've been saving up my pills, just in case.",
    "She threatened to kill me if I take the children.",
    "I don't see the point in going on anymore.",
    "I'm scared to go home, he gets violent when he drinks.",
    "I keep thinking about ending it all.",
    "He choked me during the argument on Sunday.",
    # round 2 (issue 10): once a known miss
    "I wrote goodbye letters to my kids last night.",
]
NOT_CRISIS = [
    "This commute is killing me.",
    "I nearly died of embarrassment at the school gate.",
    "Career suicide, my sister calls it, leaving that job.",
    "I'd kill for a full night's sleep.",
    "The kids' bedtime routine is murder at the moment.",
    "My lawyer says we'll hit the deadline for the filing.",
    "We watched a film about a bank heist and I laughed till I cried.",
    "I'm dying to know how the mediation went for you.",
    "My phone battery died halfway through the call with the counselor.",
    "Cutting back on hours at work to be with the kids.",
    "That joke absolutely slayed at dinner.",
    "I could strangle the printer some days.",
]


async def test_crisis_posts_show_resources_and_top_the_queue_while_ordinary_ones_pass(
    client, members, mod
):
    member = members["undecided"]
    thread = await start_thread(client, member)
    crisis_posts, calm_posts = [], []
    for text in CRISIS:
        r = await reply(client, member, thread["thread"]["id"], text)
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["crisis_resources"], text
        # Decision: published at once (never swallowed), and queued first.
        assert body["post"]["status"] == "published"
        crisis_posts.append(body["post"]["id"])
    for text in NOT_CRISIS:
        r = await reply(client, member, thread["thread"]["id"], text)
        assert r.status_code == 201
        assert "crisis_resources" not in r.json(), text
        calm_posts.append(r.json()["post"]["id"])
    items = await queue(client, mod)
    assert [i["subject"]["id"] for i in items] == crisis_posts
    assert all(i["priority"] == 100 and i["crisis"] for i in items)
    assert all(i["reasons"][0].startswith("crisis:") for i in items)


async def test_crisis_page_is_reached_by_redirect_with_tap_to_call_lines(browser, members):
    await browser.sign_in(members["staying"].username)
    r = await browser.submit(
        "/s/staying/new", None, {"title": "Tonight", "body": "I don't want to be alive anymore."}
    )
    # POST -> 303 -> GET: Back never asks to resend the form; a reload only reloads the page.
    assert r.status_code == 303 and r.headers["location"].startswith("/support?")
    page = await browser.get(r.headers["location"])
    assert page.status_code == 200 and "Your post is up" in page.text
    assert (
        'href="tel:988"' in page.text
        and 'href="sms:988"' in page.text
        and 'href="tel:+18007997233"' in page.text
    )
    again = await browser.get(r.headers["location"])  # a reload
    assert (
        again.status_code == 200
        and await Post.filter(body_md="I don't want to be alive anymore.").count() == 1
    )


async def test_personal_data_is_held_and_the_author_is_told_why(client, members, mod, browser):
    author, other = members["staying"], members["leaving"]
    thread = await start_thread(client, author, "Hello all.")
    r = await reply(
        client, author, thread["thread"]["id"], "Call me on 07700 900123 if you want to talk."
    )
    assert r.status_code == 201
    post = r.json()["post"]
    assert post["status"] == "pending"
    assert "spouse" in post["status_reason"] and "phone number" in post["status_reason"]
    # The author sees it, with the reason, in their posts (API and page).
    mine = (await client.get("/api/v1/me/posts", headers=author.auth)).json()["items"]
    assert mine[0]["status"] == "pending"
    await browser.sign_in(author.username)
    page = await browser.get("/me/posts")
    assert "Awaiting review" in page.text and "spouse" in page.text
    # Another member does not; the moderator does, with reason "personal data".
    others = (
        await client.get(
            f"/api/v1/threads/{thread['thread']['id']}", headers=members["undecided"].auth
        )
    ).json()
    assert [p["id"] for p in others["posts"]["items"]] == [thread["post"]["id"]]
    assert (await client.get(f"/api/v1/posts/{post['id']}", headers=other.auth)).status_code == 404
    item = await item_for_post(client, mod, post["id"])
    assert (
        item["kind"] == "held_post"
        and "personal data" in item["reasons"]
        and item["priority"] == 80
    )


PERSONAL = [
    "Email me at jo.bloggs@example.com.",
    "We live at 42 Elm Street, Springfield.",
    "My number is (503) 555-0199.",
    "Our postcode is SW1A 1AA, near the park.",
    "You can reach me on +44 7700 900456.",
    "He works at 1600 Pennsylvania Avenue NW.",
]
NOT_PERSONAL = [
    "We married in 2009 and have two kids, 7 and 10.",
    "We married in 2009 and separated in 2021.",
    "I read 3 chapters of the book, about 40 pages.",
    "The hearing is on 12/03 at 9:30.",
    "We spent £2,500 on the mediator so far.",
    "Chapter 11 of that book helped me.",
    "Room 101 at the community centre hosts the group.",
]


async def test_personal_data_phrasings_are_held_and_ordinary_numbers_are_not(client, members, mod):
    member = members["staying"]
    tid = (await start_thread(client, member, space="staying"))["thread"]["id"]
    held = []
    for text in PERSONAL:
        post = (await reply(client, member, tid, text)).json()["post"]
        assert post["status"] == "pending", text
        held.append(post["id"])
    for text in NOT_PERSONAL:
        post = (await reply(client, member, tid, text)).json()["post"]
        assert post["status"] == "published", text
    items = await queue(client, mod)  # only the held ones: ordinary numbers are not queued
    assert sorted(i["subject"]["id"] for i in items) == sorted(held)
    assert all("personal data" in i["reasons"] and i["priority"] == 80 for i in items)


async def test_watched_words_block_hold_and_flag(client, members, mod, browser):
    author = members["staying"]
    for pattern, action in (("scumbag", "block"), ("lawyer up", "hold"), ("narc*", "flag")):
        r = await client.post(
            "/api/v1/moderation/watched-words",
            headers=mod.auth,
            json={"pattern": pattern, "action": action},
        )
        assert r.status_code == 201, r.text
    thread = await start_thread(client, author)
    tid = thread["thread"]["id"]
    blocked = await reply(client, author, tid, "He is a total SCUMB4G.")
    assert blocked.status_code == 422
    assert "scumb4g" in blocked.json()["error"]["fields"]["body"].lower()
    held = await reply(client, author, tid, "Time to lawyer-up, I think.")
    assert held.json()["post"]["status"] == "pending"
    flagged = await reply(client, author, tid, "Is she a narcissist or just hurting?")
    assert flagged.json()["post"]["status"] == "published"
    kinds = {i["subject"]["id"]: i["kind"] for i in await queue(client, mod)}
    assert kinds == {
        held.json()["post"]["id"]: "held_post",
        flagged.json()["post"]["id"]: "flagged_post",
    }
    # Ordinary words around them pass ("classy", not "narc" at a word start inside "monarch").
    fine = await reply(client, author, tid, "A monarch butterfly landed on the car.")
    assert fine.json()["post"]["status"] == "published"
    # In the page, a blocked post comes back with its text kept in the form.
    await browser.sign_in(author.username)
    page = await browser.get(f"/t/{tid}")
    r = await browser.client.post(
        f"/t/{tid}/reply", data={"csrf_token": csrf_from(page.text), "body": "What a scumbag move."}
    )
    assert r.status_code == 422
    assert "What a scumbag move.</textarea>" in r.text
    assert not await Post.filter(body_md__contains="scumbag move").exists()


async def test_watched_words_are_managed_in_the_page(browser, members, client):
    await browser.sign_in(members["moderator"].username)
    r = await browser.submit("/moderation/words", None, {"pattern": "idiot", "action": "flag"})
    assert r.status_code == 303
    page = await browser.get("/moderation/words")
    assert "idiot" in page.text
    words = (
        await client.get("/api/v1/moderation/watched-words", headers=members["moderator"].auth)
    ).json()["items"]
    assert [(w["pattern"], w["action"]) for w in words] == [("idiot", "flag")]
    again = await browser.submit("/moderation/words", None, {"pattern": "idiot", "action": "flag"})
    assert again.status_code == 409 and "already on the list" in again.text
    r = await browser.submit(
        "/moderation/words", f"/moderation/words/{words[0]['id']}", {"op": "delete"}
    )
    assert r.status_code == 303
    assert (
        await client.get("/api/v1/moderation/watched-words", headers=members["moderator"].auth)
    ).json()["items"] == []


async def test_draft_screen_shows_resources_before_posting(client, members, browser):
    r = await client.post(
        "/api/v1/drafts/screen",
        headers=members["staying"].auth,
        json={"body": "I want to end it all."},
    )
    assert r.status_code == 200
    assert r.json()["crisis"] and r.json()["crisis_resources"] and r.json()["notes"]
    calm = await client.post(
        "/api/v1/drafts/screen",
        headers=members["staying"].auth,
        json={"body": "This commute is killing me."},
    )
    assert calm.json() == {
        "action": "publish",
        "notes": [],
        "crisis": False,
        "crisis_resources": [],
    }
    privacy = await client.post(
        "/api/v1/drafts/screen",
        headers=members["staying"].auth,
        json={"body": "Mail me at jo@example.com"},
    )
    assert privacy.json()["action"] == "hold" and "spouse" in privacy.json()["notes"][0]
    titled = await client.post(
        "/api/v1/drafts/screen",
        headers=members["staying"].auth,
        json={"title": "I want to kill myself", "body": "That's all."},
    )
    assert titled.json()["crisis"] is True
    # The form's preview (site.js) posts the cookie form with its CSRF token.
    await browser.sign_in(members["staying"].username)
    page = await browser.get("/s/staying/new")
    r = await browser.client.post(
        "/drafts/screen", data={"csrf_token": csrf_from(page.text), "body": "I want to die"}
    )
    assert r.status_code == 200 and r.json()["crisis_resources"]
    assert (
        await browser.client.post("/drafts/screen", data={"body": "I want to die"})
    ).status_code == 403
