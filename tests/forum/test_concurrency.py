"""Racing real requests over the real app (asyncio.gather through ASGI), on SQLite and PostgreSQL.

Each test asserts what a member would notice: no 500, an acknowledged text is in the post or
its history, a deleted text is nowhere, counters match the rows.
"""

from __future__ import annotations

import asyncio
import random

from forum.check import find_drift
from forum.threads.models import Post, PostRevision
from tests.conftest import PASSWORD, csrf_from, make_member

TRIALS = 6


async def _thread(client, member, body="First post."):
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=member.auth,
        json={"title": "A thread", "body": body},
    )
    assert r.status_code == 201, r.text
    return r.json()


async def _reply(client, member, thread_id, body):
    return await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": body}
    )


async def _texts(post_id: int) -> tuple[str, list[str]]:
    post = await Post.get(id=post_id)
    history = await PostRevision.filter(post_id=post_id).values_list("body_md", flat=True)
    return post.body_md, list(history)


async def test_post_carries_a_version_and_a_stale_one_is_409_changing_nothing(client, members):
    m = members["undecided"]
    post = (await _thread(client, m))["post"]
    assert post["version"] == 1
    r = await client.patch(
        f"/api/v1/posts/{post['id']}", headers=m.auth, json={"body": "Second text.", "version": 1}
    )
    assert r.status_code == 200, r.text
    assert r.json()["post"]["version"] == 2
    stale = await client.patch(
        f"/api/v1/posts/{post['id']}", headers=m.auth, json={"body": "Third text.", "version": 1}
    )
    assert stale.status_code == 409, stale.text
    assert stale.json()["error"]["code"] == "conflict"
    body, history = await _texts(post["id"])
    assert body == "Second text." and history == ["First post."]
    bad = await client.patch(
        f"/api/v1/posts/{post['id']}", headers=m.auth, json={"body": "x", "version": "two"}
    )
    assert bad.status_code == 422 and "version" in bad.json()["error"]["fields"]


async def test_two_edits_at_once_one_wins_and_the_other_is_refused_or_kept(client, members):
    author, moderator = members["undecided"], members["moderator"]
    for trial in range(TRIALS):
        post = (await _thread(client, author, body=f"Original {trial}."))["post"]
        with_version = trial % 2 == 0  # half the trials as old clients that send no version
        edits = [
            (author, f"Author's text {trial}."),
            (moderator, f"Moderator's redaction {trial}."),
        ]

        async def edit(who, text):
            payload = {"body": text, **({"version": post["version"]} if with_version else {})}
            return await client.patch(f"/api/v1/posts/{post['id']}", headers=who.auth, json=payload)

        answers = await asyncio.gather(*(edit(w, t) for w, t in edits))
        assert sorted(a.status_code for a in answers) in ([200, 200], [200, 409]), [
            a.text for a in answers
        ]
        body, history = await _texts(post["id"])
        for answer, (_, text) in zip(answers, edits, strict=True):
            if answer.status_code == 200:
                assert text == body or text in history, (trial, text, body, history)
            else:
                assert answer.json()["error"]["code"] == "conflict"
                assert text != body and text not in history
        assert f"Original {trial}." in history


async def test_edit_and_delete_at_once_leave_no_text_once_the_delete_is_acknowledged(
    client, members
):
    author = members["undecided"]
    for trial in range(TRIALS):
        post = (await _thread(client, author, body=f"Words I regret {trial}."))["post"]
        reply = await _reply(client, author, post["thread_id"], f"A reply I regret {trial}.")
        target = reply.json()["post"]
        edit = client.patch(
            f"/api/v1/posts/{target['id']}",
            headers=author.auth,
            json={"body": f"Edited regret {trial}.", "version": target["version"]},
        )
        delete = client.delete(f"/api/v1/posts/{target['id']}", headers=author.auth)
        pair = [edit, delete] if trial % 2 else [delete, edit]
        answers = await asyncio.gather(*pair)
        assert all(a.status_code < 500 for a in answers), [a.text for a in answers]
        deleted = next(a for a in answers if a.request.method == "DELETE")
        assert deleted.status_code == 204, deleted.text
        body, history = await _texts(target["id"])
        assert body == "" and history == [], (trial, body, history)
        export = (await client.get("/api/v1/me/export", headers=author.auth)).text
        assert f"regret {trial}." not in export.replace(f"Words I regret {trial}.", "")


async def test_account_deletion_with_replies_in_flight_leaves_nothing_readable(client, members):
    other = members["staying"]
    for trial in range(TRIALS):
        leaver = await make_member(f"leaver_{trial}", "undecided")
        thread = await _thread(client, other, body=f"Anyone there {trial}?")
        tid = thread["thread"]["id"]
        await _reply(client, leaver, tid, f"Before {trial}.")
        replies = [_reply(client, leaver, tid, f"In flight {trial}.{i}") for i in range(4)]
        deletion = client.request(
            "DELETE", "/api/v1/me", headers=leaver.auth, json={"password": PASSWORD}
        )
        order = [*replies[: trial % 4], deletion, *replies[trial % 4 :]]
        answers = await asyncio.gather(*order)
        assert all(a.status_code < 500 for a in answers), [a.text for a in answers]
        assert next(a for a in answers if a.request.method == "DELETE").status_code == 204
        rows = await Post.filter(author_id=leaver.id).values("body_md", "status")
        assert all(r["body_md"] == "" and r["status"] == "removed" for r in rows), rows
        page = (await client.get(f"/api/v1/threads/{tid}", headers=other.auth)).text
        assert f"In flight {trial}" not in page and f"Before {trial}" not in page
    assert await find_drift() == []


async def test_counters_move_once_when_the_same_post_is_deleted_and_removed_at_once(
    client, members
):
    author, moderator = members["undecided"], members["moderator"]
    thread = await _thread(client, author)
    tid = thread["thread"]["id"]
    for trial in range(TRIALS):
        target = (await _reply(client, author, tid, f"Reply {trial}.")).json()["post"]
        second = moderator if trial % 2 else author
        answers = await asyncio.gather(
            client.delete(f"/api/v1/posts/{target['id']}", headers=author.auth),
            client.delete(f"/api/v1/posts/{target['id']}", headers=second.auth),
        )
        assert all(a.status_code in (204, 403, 404) for a in answers), [a.text for a in answers]
    state = (await client.get(f"/api/v1/threads/{tid}", headers=author.auth)).json()
    assert state["thread"]["reply_count"] == 0
    assert await find_drift() == []


async def test_a_storm_of_racing_writes_leaves_every_counter_equal_to_its_rows(client, members):
    writers = [await make_member(f"storm_{i}", "undecided") for i in range(4)]
    moderator = members["moderator"]
    threads = [(await _thread(client, writers[i % 4]))["thread"]["id"] for i in range(3)]
    rng = random.Random(12)
    posts: list[tuple[int, object]] = []

    async def step(i: int):
        who = writers[i % 4]
        roll = rng.random()
        if roll < 0.5 or not posts:
            r = await _reply(client, who, rng.choice(threads), f"storm reply {i}")
            if r.status_code == 201:
                posts.append((r.json()["post"]["id"], who))
            return r
        post_id, author = rng.choice(posts)
        if roll < 0.7:
            return await client.delete(f"/api/v1/posts/{post_id}", headers=author.auth)
        if roll < 0.85:
            return await client.delete(f"/api/v1/posts/{post_id}", headers=moderator.auth)
        return await client.patch(
            f"/api/v1/posts/{post_id}", headers=author.auth, json={"body": f"edit {i}"}
        )

    for wave in range(6):
        answers = await asyncio.gather(*(step(wave * 12 + i) for i in range(12)))
        assert all(a.status_code < 500 for a in answers), [
            a.text for a in answers if a.status_code >= 500
        ]
    assert await find_drift() == []


async def test_two_edit_forms_the_second_save_is_409_with_its_text_kept(
    client, members, browser, browser2
):
    """Two tabs (or a member and a moderator) open the edit page of the same post; the first save
    wins, the second answers 409 with the person's own text still in the form, the post as it
    reads now, and the new version in the hidden field, so saving again is a conscious choice."""
    author = members["undecided"]
    post = (await _thread(client, author, body="The words before."))["post"]
    await browser.sign_in("uma_undecided")
    await browser2.sign_in("mo_moderator")
    first = await browser.get(f"/p/{post['id']}/edit")
    second = await browser2.get(f"/p/{post['id']}/edit")
    assert 'name="version" value="1"' in first.text and 'name="version" value="1"' in second.text
    saved = await browser.client.post(
        f"/p/{post['id']}/edit",
        data={
            "csrf_token": csrf_from(first.text),
            "version": "1",
            "body": "The author's new words.",
        },
    )
    assert saved.status_code == 303, saved.text
    late = await browser2.client.post(
        f"/p/{post['id']}/edit",
        data={
            "csrf_token": csrf_from(second.text),
            "version": "1",
            "body": "A moderator's <careful> redaction.",
        },
    )
    assert late.status_code == 409, late.text
    assert (
        "A moderator&#39;s &lt;careful&gt; redaction." in late.text
    )  # their text, kept in the form
    assert (
        "<p>The author" in late.text and "new words.</p>" in late.text
    )  # the post as it reads now
    assert 'name="version" value="2"' in late.text
    body, history = await _texts(post["id"])
    assert body == "The author's new words." and history == ["The words before."]
    again = await browser2.client.post(
        f"/p/{post['id']}/edit",
        data={
            "csrf_token": csrf_from(late.text),
            "version": "2",
            "body": "A moderator's <careful> redaction.",
        },
    )
    assert again.status_code == 303, again.text
    body, history = await _texts(post["id"])
    assert body == "A moderator's <careful> redaction." and history == [
        "The words before.",
        "The author's new words.",
    ]


async def test_check_finds_and_repairs_every_kind_of_counter_drift(client, members):
    """`find_drift` recomputes reply_count, last_post_at and published_posts from the rows;
    `repair` sets them right (both databases)."""
    from datetime import timedelta

    from forum.accounts.models import User
    from forum.check import repair
    from forum.threads.models import Thread

    author = members["undecided"]
    thread = await _thread(client, author)
    tid = thread["thread"]["id"]
    assert (await _reply(client, author, tid, "A reply.")).status_code == 201
    assert await find_drift() == []
    stored = await Thread.get(id=tid)
    await Thread.filter(id=tid).update(
        reply_count=5, last_post_at=stored.last_post_at - timedelta(days=3)
    )
    await User.filter(id=author.id).update(published_posts=9)
    kinds = sorted(d.kind for d in await find_drift())
    assert kinds == ["thread.last_post_at", "thread.reply_count", "user.published_posts"], kinds
    assert await repair(await find_drift()) == 3
    assert await find_drift() == []
    assert (await Thread.get(id=tid)).reply_count == 1 and (
        await User.get(id=author.id)
    ).published_posts == 2


async def test_replies_racing_a_decision_on_the_same_members_held_post_never_500(client, members):
    """A member replies while a moderator approves, rejects or removes that member's held post
    (and, in some trials, while the member deletes their account): every answer is a real one,
    and every counter still matches its rows (once a 500 in 11 of 20 trials on PostgreSQL)."""
    from tests.moderation.conftest import item_for_post

    moderator, other = members["moderator"], members["staying"]
    thread = await _thread(client, other, body="Anyone around tonight?")
    tid = thread["thread"]["id"]
    for trial in range(TRIALS):
        author = await make_member(f"held_{trial}", "undecided")
        held = (
            await _reply(client, author, tid, f"Text me on 555-867-53{trial:02d} {trial}.")
        ).json()["post"]
        assert held["status"] == "pending", held
        item = await item_for_post(client, moderator, held["id"])
        action = ("approve", "reject", "remove")[trial % 3]
        decide = client.post(
            f"/api/v1/moderation/queue/{item['id']}/resolve",
            headers=moderator.auth,
            json={"action": action, "note": "Decided."},
        )
        racing = [_reply(client, author, tid, f"Meanwhile {trial}.{i}") for i in range(3)]
        if trial % 2:
            racing.append(
                client.request(
                    "DELETE", "/api/v1/me", headers=author.auth, json={"password": PASSWORD}
                )
            )
        answers = await asyncio.gather(decide, *racing)
        assert all(a.status_code < 500 for a in answers), [(a.status_code, a.text) for a in answers]
        assert answers[0].status_code in (200, 409), answers[0].text
    assert await find_drift() == []
