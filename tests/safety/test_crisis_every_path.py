"""Crisis help on every path (issue 10, part 1): whatever refuses a submission, crisis text gets
`crisis_resources` in the response (inside `error` for a refusal) and reaches the moderators' queue
at crisis priority, even when nothing was stored for readers. Both skins, both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.accounts.models import Session
from forum.runtime import now
from forum.threads.models import Post, Thread
from tests.conftest import ROOMY_LIMITS, csrf_from, test_settings
from tests.safety.conftest import CRISIS, assert_lines, crisis_items


@pytest.fixture
def settings(database_url):
    # Two replies a minute: the third is refused (the "replied twice, edited once" member).
    return test_settings(database_url, rate_limits=ROOMY_LIMITS + ";post_create=2/60s")


async def _thread(client, member, space="common-ground"):
    r = await client.post(
        f"/api/v1/spaces/{space}/threads",
        headers=member.auth,
        json={"title": "Checking in", "body": "A calm first post."},
    )
    assert r.status_code == 201, r.text
    return r.json()["thread"]["id"]


async def _one_item_with(client, mod, text, *, kind, author):
    items = await crisis_items(client, mod)
    assert len(items) == 1, items
    item = items[0]
    assert item["priority"] == 100 and item["crisis"] and item["author"] == author
    assert text in item["summary"] and kind in item["summary"]
    return item


# --------------------------------------------------------------------------- 429


async def test_api_rate_limited_crisis_reply_gets_lines_and_reaches_the_queue(client, members, mod):
    member = members["undecided"]
    thread_id = await _thread(client, member)  # the thread's own limit is separate
    for text in ("First reply.", "Second reply."):
        assert (
            await client.post(
                f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": text}
            )
        ).status_code == 201
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": CRISIS}
    )
    assert r.status_code == 429 and r.headers["Retry-After"]
    assert_lines(r.json()["error"]["crisis_resources"])
    assert not await Post.filter(body_md=CRISIS).exists(), "nothing stored for readers"
    await _one_item_with(client, mod, CRISIS, kind="a reply", author=member.username)


async def test_html_rate_limited_crisis_reply_shows_lines_and_reaches_the_queue(
    client, browser, members, mod
):
    member = members["undecided"]
    thread_id = await _thread(client, member)
    await browser.sign_in(member.username)
    for text in ("First reply.", "Second reply."):
        assert (
            await browser.submit(f"/t/{thread_id}", f"/t/{thread_id}/reply", {"body": text})
        ).status_code == 303
    r = await browser.submit(f"/t/{thread_id}", f"/t/{thread_id}/reply", {"body": CRISIS})
    assert r.status_code == 429
    assert 'href="tel:988"' in r.text and "A moderator (a person) will read it" in r.text
    assert CRISIS.replace("'", "&#39;") in r.text, "the text is kept in the form"
    await _one_item_with(client, mod, CRISIS, kind="a reply", author=member.username)


# --------------------------------------------------------------------------- 403 silenced


async def _silence(client, mod, member):
    r = await client.post(
        f"/api/v1/moderation/users/{member.id}/silences",
        headers=mod.auth,
        json={"reason": "Cooling off.", "days": 1},
    )
    assert r.status_code in (200, 201), r.text


async def test_api_silenced_member_in_crisis_gets_lines_and_a_moderator(client, members, mod):
    member = members["staying"]
    thread_id = await _thread(client, member, "staying")
    await _silence(client, mod, member)
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": CRISIS}
    )
    assert r.status_code == 403
    assert_lines(r.json()["error"]["crisis_resources"])
    await _one_item_with(client, mod, CRISIS, kind="a reply", author=member.username)


async def test_html_silenced_member_in_crisis_gets_lines_and_a_moderator(
    client, browser, members, mod
):
    member = members["staying"]
    await browser.sign_in(member.username)
    await _silence(client, mod, member)
    page = await browser.get("/s/staying/new")
    r = await browser.client.post(
        "/s/staying/new",
        data={"csrf_token": csrf_from(page.text), "title": "Tonight", "body": CRISIS},
    )
    assert r.status_code == 403 and 'href="tel:988"' in r.text
    await _one_item_with(client, mod, CRISIS, kind="a new thread", author=member.username)


# --------------------------------------------------------------------------- 422 validation


async def test_api_too_long_title_with_crisis_body_is_refused_with_lines(client, members, mod):
    member = members["leaving"]
    r = await client.post(
        "/api/v1/spaces/leaving/threads",
        headers=member.auth,
        json={"title": "x" * 400, "body": CRISIS},
    )
    assert r.status_code == 422 and "title" in r.json()["error"]["fields"]
    assert_lines(r.json()["error"]["crisis_resources"])
    assert not await Thread.filter(author_id=member.id).exists()
    await _one_item_with(client, mod, CRISIS, kind="a new thread", author=member.username)


async def test_html_too_long_title_with_crisis_body_shows_the_form_again_with_lines(
    client, browser, members, mod
):
    member = members["leaving"]
    await browser.sign_in(member.username)
    r = await browser.submit("/s/leaving/new", None, {"title": "x" * 400, "body": CRISIS})
    assert r.status_code == 422 and 'href="tel:988"' in r.text and 'name="title"' in r.text
    await _one_item_with(client, mod, CRISIS, kind="a new thread", author=member.username)


# --------------------------------------------------------------------------- watched word (block)


async def _block(client, mod, word):
    r = await client.post(
        "/api/v1/moderation/watched-words",
        headers=mod.auth,
        json={"pattern": word, "action": "block"},
    )
    assert r.status_code == 201, r.text


async def test_api_blocked_word_with_crisis_text_gets_lines_and_a_moderator(client, members, mod):
    member = members["undecided"]
    thread_id = await _thread(client, member)
    await _block(client, mod, "loser")
    text = f"He calls me a loser every day. {CRISIS}"
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": text}
    )
    assert r.status_code == 422
    assert_lines(r.json()["error"]["crisis_resources"])
    await _one_item_with(client, mod, text, kind="a reply", author=member.username)


async def test_html_blocked_word_with_crisis_text_gets_lines_and_a_moderator(
    client, browser, members, mod
):
    member = members["undecided"]
    thread_id = await _thread(client, member)
    await _block(client, mod, "loser")
    await browser.sign_in(member.username)
    text = f"He calls me a loser every day. {CRISIS}"
    r = await browser.submit(f"/t/{thread_id}", f"/t/{thread_id}/reply", {"body": text})
    assert r.status_code == 422 and 'href="tel:988"' in r.text
    await _one_item_with(client, mod, text, kind="a reply", author=member.username)


# --------------------------------------------------------------------------- CSRF, expired session


async def test_html_csrf_failure_still_shows_lines_and_reaches_a_moderator(
    client, browser, members, mod
):
    member = members["staying"]
    await browser.sign_in(member.username)
    await browser.get("/s/staying/new")
    r = await browser.client.post(
        "/s/staying/new", data={"csrf_token": "forged", "title": "Tonight", "body": CRISIS}
    )
    assert r.status_code == 403 and "Please try again" in r.text and 'href="tel:988"' in r.text
    assert not await Thread.filter(author_id=member.id).exists()
    await _one_item_with(
        client, mod, CRISIS, kind="refused before it was read", author=member.username
    )


async def test_html_expired_session_still_shows_lines_and_reaches_a_moderator(
    client, browser, members, mod
):
    member = members["staying"]
    await browser.sign_in(member.username)
    page = await browser.get("/s/staying/new")
    await Session.filter(user_id=member.id).update(expires_at=now() - timedelta(minutes=1))
    r = await browser.client.post(
        "/s/staying/new",
        data={"csrf_token": csrf_from(page.text), "title": "Tonight", "body": CRISIS},
    )
    assert r.status_code == 401 and 'href="tel:988"' in r.text and "/login?next=" in r.text
    # The expired session still says whose words these were, for the moderator only.
    await _one_item_with(
        client, mod, CRISIS, kind="refused before it was read", author=member.username
    )


async def test_html_calm_csrf_failure_makes_no_crisis_item(client, browser, members, mod):
    await browser.sign_in(members["staying"].username)
    r = await browser.client.post(
        "/s/staying/new", data={"csrf_token": "forged", "title": "Hi", "body": "A calm day."}
    )
    assert r.status_code == 403 and "tel:" not in r.text
    assert await crisis_items(client, mod) == []


# --------------------------------------------------------------------------- 409


async def test_api_conflict_with_crisis_text_gets_lines_and_a_moderator(client, members, mod):
    member = members["undecided"]
    application = {
        "credential_type": "LMFT",
        "jurisdiction": "California",
        "licence_number": "12345",
        "practice_url": "https://example.org/practice",
    }
    assert (
        await client.post("/api/v1/therapists/applications", headers=member.auth, json=application)
    ).status_code == 201
    r = await client.post(
        "/api/v1/therapists/applications",
        headers=member.auth,
        json={**application, "jurisdiction": CRISIS[:80]},
    )
    assert r.status_code == 409
    assert_lines(r.json()["error"]["crisis_resources"])
    await _one_item_with(
        client, mod, CRISIS[:40], kind="verification application", author=member.username
    )


# --------------------------------------------------------------------------- accepted, nothing stored for readers


async def test_crisis_in_a_draft_screen_reaches_a_moderator_once_per_draft(client, members, mod):
    member = members["undecided"]
    for n in range(3):  # typing pauses
        r = await client.post(
            "/api/v1/drafts/screen", headers=member.auth, json={"body": CRISIS + " x" * n}
        )
        assert r.status_code == 200 and r.json()["crisis"]
        assert_lines(r.json()["crisis_resources"])
    item = await _one_item_with(client, mod, CRISIS, kind="a draft", author=member.username)
    assert item["summary"].count("a draft") == 1, "one draft, its latest words"


async def test_crisis_in_a_report_note_reaches_a_moderator(client, members, mod):
    author, reporter = members["undecided"], members["leaving"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=author.auth,
        json={"title": "Hello", "body": "Just checking in."},
    )
    post_id = r.json()["post"]["id"]
    r = await client.post(
        f"/api/v1/posts/{post_id}/reports",
        headers=reporter.auth,
        json={"reason": "other", "note": f"Reading this made me think {CRISIS}"},
    )
    assert r.status_code in (200, 201), r.text
    assert_lines(r.json()["crisis_resources"])
    await _one_item_with(client, mod, CRISIS, kind="a report note", author=reporter.username)


async def test_a_published_crisis_post_is_queued_once_with_its_post(client, members, mod):
    member = members["undecided"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=member.auth,
        json={"title": "Tonight", "body": CRISIS},
    )
    assert r.status_code == 201
    assert_lines(r.json()["crisis_resources"])
    assert await crisis_items(client, mod) == [], (
        "the stored post carries the crisis item, not a second one"
    )


async def test_html_conflict_with_crisis_text_gets_lines_and_a_moderator(
    client, browser, members, mod
):
    member = members["undecided"]
    application = {
        "credential_type": "LMFT",
        "jurisdiction": "California",
        "licence_number": "12345",
        "practice_url": "https://example.org/practice",
    }
    assert (
        await client.post("/api/v1/therapists/applications", headers=member.auth, json=application)
    ).status_code == 201
    await browser.sign_in(member.username)
    r = await browser.submit("/amas/verify", None, {**application, "jurisdiction": CRISIS[:80]})
    assert r.status_code == 409 and 'href="tel:988"' in r.text
    await _one_item_with(
        client, mod, CRISIS[:40], kind="verification application", author=member.username
    )


async def test_html_draft_screen_and_a_suggestion_reach_a_moderator(client, browser, members, mod):
    member = members["leaving"]
    await browser.sign_in(member.username)
    page = await browser.get("/s/leaving/new")
    r = await browser.client.post(
        "/drafts/screen", data={"csrf_token": csrf_from(page.text), "body": CRISIS}
    )
    assert r.status_code == 200 and r.json()["crisis"]
    assert_lines(r.json()["crisis_resources"])
    r = await client.post(
        "/api/v1/resources/suggestions",
        headers=member.auth,
        json={
            "title": "A group that helped",
            "url": "https://example.org/group",
            "kind": "support-group",
            "paths": ["leaving"],
            "description": "It helped",
            "note": CRISIS,
        },
    )
    assert r.status_code == 201, r.text
    assert_lines(r.json()["crisis_resources"])
    item = await _one_item_with(client, mod, CRISIS, kind="a draft", author=member.username)
    assert "a resource suggestion" in item["summary"], "both texts fold into the member's one item"
