"""Idempotency-Key on API creates and the one-time token in page forms: a repeat, even at the
same moment, creates one thing and gets the first answer."""

from __future__ import annotations

import asyncio
import re

from forum.threads.models import Post
from tests.conftest import Browser, csrf_from


async def _thread(client, member):
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=member.auth,
        json={"title": "Keys", "body": "First."},
    )
    assert r.status_code == 201, r.text
    return r.json()["thread"]["id"]


async def test_a_repeated_create_returns_the_first_answer_and_creates_nothing(client, members):
    m = members["undecided"]
    tid = await _thread(client, m)
    headers = {**m.auth, "Idempotency-Key": "reply-1"}
    first = await client.post(
        f"/api/v1/threads/{tid}/posts", headers=headers, json={"body": "Only once."}
    )
    again = await client.post(
        f"/api/v1/threads/{tid}/posts", headers=headers, json={"body": "Only once."}
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert await Post.filter(thread_id=tid, body_md="Only once.").count() == 1
    other = await client.post(
        f"/api/v1/threads/{tid}/posts", headers=headers, json={"body": "Something else."}
    )
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    # Keys are per member: another member's same key is theirs.
    u = members["staying"]
    theirs = await client.post(
        f"/api/v1/threads/{tid}/posts",
        headers={**u.auth, "Idempotency-Key": "reply-1"},
        json={"body": "Only once."},
    )
    assert theirs.status_code == 201 and theirs.json()["post"]["id"] != first.json()["post"]["id"]


async def test_concurrent_duplicates_create_one_thing(client, members):
    m = members["undecided"]
    tid = await _thread(client, m)
    for trial in range(4):
        headers = {**m.auth, "Idempotency-Key": f"storm-{trial}"}
        answers = await asyncio.gather(
            *(
                client.post(
                    f"/api/v1/threads/{tid}/posts", headers=headers, json={"body": f"Twin {trial}."}
                )
                for _ in range(5)
            )
        )
        assert [a.status_code for a in answers] == [201] * 5, [a.text for a in answers]
        assert len({a.json()["post"]["id"] for a in answers}) == 1
        assert await Post.filter(thread_id=tid, body_md=f"Twin {trial}.").count() == 1
    thread = (await client.get(f"/api/v1/threads/{tid}", headers=m.auth)).json()["thread"]
    assert thread["reply_count"] == 4


async def test_a_malformed_key_is_400(client, members):
    m = members["undecided"]
    tid = await _thread(client, m)
    for bad in ["", "a" * 256, "with space", "caf\u00e9"]:
        r = await client.post(
            f"/api/v1/threads/{tid}/posts",
            headers={**m.auth, "Idempotency-Key": bad.encode("utf-8")},
            json={"body": "x"},
        )
        assert r.status_code == 400, (bad, r.text)
    assert await Post.filter(thread_id=tid).count() == 1


async def test_openapi_documents_the_header_on_every_create(client):
    doc = (await client.get("/api/v1/openapi.json")).json()
    creates = [
        (path, op)
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        if method == "post" and "201" in op["responses"] and op.get("security") == [{"bearer": []}]
    ]
    assert len(creates) >= 10
    for path, op in creates:
        assert any(
            p["name"] == "Idempotency-Key" and p["in"] == "header" for p in op.get("parameters", [])
        ), path
        assert "Retry-After" in op["responses"]["503"]["headers"], path


async def test_a_kept_answer_quotes_nothing_once_its_post_is_erased(client, members):
    """The answer kept for a repeat quoted the post: after the author deletes it, a repeat of the
    create still creates nothing and the words are nowhere in the answer."""
    m = members["undecided"]
    headers = {**m.auth, "Idempotency-Key": "opening-1"}
    payload = {"title": "A title I regret", "body": "Words I regret writing."}
    first = await client.post("/api/v1/spaces/common-ground/threads", headers=headers, json=payload)
    assert first.status_code == 201, first.text
    post_id = first.json()["post"]["id"]
    assert (await client.delete(f"/api/v1/posts/{post_id}", headers=m.auth)).status_code == 204
    again = await client.post("/api/v1/spaces/common-ground/threads", headers=headers, json=payload)
    assert again.status_code == 201 and again.json()["post"]["id"] == post_id
    assert "regret" not in again.text
    assert await Post.filter(author_id=m.id).count() == 1


async def test_a_form_sent_twice_at_once_or_again_after_back_creates_one_post(app, client, members):
    m = members["undecided"]
    tid = await _thread(client, m)
    browser = Browser(client)
    await browser.sign_in(m.username)
    page = (await client.get(f"/t/{tid}")).text
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {"csrf_token": csrf_from(page), "form_token": token, "body": "Sent with a shaky hand."}
    answers = await asyncio.gather(*(client.post(f"/t/{tid}/reply", data=data) for _ in range(3)))
    assert [a.status_code for a in answers] == [303, 303, 303]
    assert len({a.headers["location"] for a in answers}) == 1
    back = await client.post(f"/t/{tid}/reply", data=data)  # Back, then send again
    assert back.status_code == 303 and back.headers["location"] == answers[0].headers["location"]
    assert await Post.filter(thread_id=tid, body_md="Sent with a shaky hand.").count() == 1


async def test_the_new_thread_form_sent_twice_makes_one_thread_and_a_refusal_can_be_corrected(
    client, members
):
    """The new-thread form: a double submit makes one thread; a refused submission (title
    missing) releases the token, so the corrected form with the same token is carried out."""
    from forum.threads.models import Thread

    m = members["undecided"]
    browser = Browser(client)
    await browser.sign_in(m.username)
    page = (await client.get("/s/common-ground/new")).text
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    base = {"csrf_token": csrf_from(page), "form_token": token, "body": "Two clicks, one thread."}
    refused = await client.post("/s/common-ground/new", data={**base, "title": ""})
    assert refused.status_code == 422 and "Two clicks, one thread." in refused.text
    data = {**base, "title": "Shaky hands"}
    answers = await asyncio.gather(
        *(client.post("/s/common-ground/new", data=data) for _ in range(3))
    )
    assert [a.status_code for a in answers] == [303, 303, 303], [a.text[:200] for a in answers]
    assert len({a.headers["location"] for a in answers}) == 1
    assert await Thread.filter(title="Shaky hands").count() == 1
