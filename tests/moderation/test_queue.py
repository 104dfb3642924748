"""The queue: priority order, reports folding (also concurrently), claims, idempotent decisions, counts."""

from __future__ import annotations

import asyncio

from forum.accounts.models import Notification, User
from moderation.models import ModLogEntry, PostReport, QueueItem
from tests.conftest import make_member, notice_texts
from tests.moderation.conftest import item_for_post, queue, reply, start_thread


async def _report(client, member, post_id, reason="spam", note=""):
    return await client.post(
        f"/api/v1/posts/{post_id}/reports",
        headers=member.auth,
        json={"reason": reason, "note": note},
    )


async def test_order_is_crisis_privacy_harassment_new_member_rest_then_oldest_first(
    client, members, mod
):
    author, reporter = members["undecided"], members["staying"]
    tid = (await start_thread(client, author))["thread"]["id"]
    posts = []
    for n in range(6):
        posts.append((await reply(client, author, tid, f"Reply number {n}.")).json()["post"]["id"])
    await _report(client, reporter, posts[0], "spam")
    await _report(client, reporter, posts[1], "other")
    await _report(client, reporter, posts[2], "harassment")
    await _report(client, reporter, posts[3], "privacy")
    await _report(client, reporter, posts[4], "crisis")
    newbie = await make_member("newbie", "staying")
    # A new member's held post (screen result) sits between harassment and the rest.
    from moderation.queue import open_item

    await open_item(
        "held_post", "post", posts[5], reasons=["new member"], priority=40, author_id=newbie.id
    )
    await _report(client, reporter, posts[5], "other")  # folds into the held post's item
    order = [(i["subject"]["id"], i["priority"]) for i in await queue(client, mod)]
    assert [p for p, _ in order] == [posts[4], posts[3], posts[2], posts[5], posts[0], posts[1]]
    assert [p for _, p in order] == sorted([p for _, p in order], reverse=True)
    # Within one priority, oldest first.
    await _report(client, reporter, posts[1], "crisis")
    first_two = [i["subject"]["id"] for i in await queue(client, mod)][:2]
    assert first_two == [posts[1], posts[4]]
    # Filters and counts.
    reports = await queue(client, mod, kind="report")
    assert len(reports) == 5
    counts = (await client.get("/api/v1/moderation/queue/counts", headers=mod.auth)).json()["items"]
    assert {c["kind"]: c["count"] for c in counts} == {"held_post": 1, "report": 5}
    assert all(c["oldest_age_seconds"] >= 0 for c in counts)
    assert await queue(client, mod, space="staying") == []


async def test_concurrent_reports_fold_into_one_item(client, mod):
    author = await make_member("author_a", "undecided")
    reporters = [await make_member(f"reporter_{n}", "undecided") for n in range(8)]
    pid = (await start_thread(client, author, "Something people will report."))["post"]["id"]
    results = await asyncio.gather(
        *(
            _report(client, r, pid, reason)
            for r, reason in zip(reporters, ["spam", "harassment"] * 4, strict=True)
        )
    )
    assert [r.status_code for r in results] == [201] * 8
    items = await QueueItem.filter(subject_type="post", subject_id=pid)
    assert len(items) == 1
    assert await PostReport.filter(item_id=items[0].id).count() == 8
    assert set(items[0].reasons) == {"reported: spam", "reported: harassment"}
    assert items[0].priority == 60
    # Reporting twice adds nothing.
    assert (await _report(client, reporters[0], pid)).status_code == 201
    assert await PostReport.filter(item_id=items[0].id).count() == 8


async def test_you_cannot_report_your_own_post_and_reasons_are_checked(client, members):
    author = members["staying"]
    pid = (await start_thread(client, author))["post"]["id"]
    assert (await _report(client, author, pid)).status_code == 403
    bad = await _report(client, members["undecided"], pid, "because")
    assert bad.status_code == 422 and "reason" in bad.json()["error"]["fields"]
    assert (await _report(client, members["undecided"], 999999)).status_code == 404


async def test_reporter_is_thanked_and_later_told_it_was_handled(client, members, mod, browser):
    author, reporter = members["undecided"], members["leaving"]
    pid = (await start_thread(client, author, "Buy followers cheap!"))["post"]["id"]
    await browser.sign_in(reporter.username)
    page = await browser.submit(f"/p/{pid}/report", None, {"reason": "spam", "note": "An advert."})
    assert page.status_code == 201 and "Thank you for your report" in page.text
    assert "waiting for a moderator" in (await browser.get("/me/reports")).text
    item = await item_for_post(client, mod, pid)
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "remove", "note": "Advertising."},
    )
    assert r.status_code == 200
    assert await Notification.filter(user_id=reporter.id, kind="report").exists()
    assert "the post was removed" in (await browser.get("/me/reports")).text
    post = (await client.get(f"/api/v1/posts/{pid}", headers=author.auth)).json()["post"]
    assert post["status"] == "removed" and "Advertising." in post["status_reason"]


async def test_claims_conflict_until_released_or_expired(client, members, mod):
    other_mod = await make_member("mo_two", roles=["moderator"])
    pid = (await start_thread(client, members["undecided"]))["post"]["id"]
    await _report(client, members["staying"], pid)
    item = await item_for_post(client, mod, pid)
    url = f"/api/v1/moderation/queue/{item['id']}"
    assert (await client.post(url + "/claim", headers=mod.auth)).status_code == 200
    assert (
        await client.post(url + "/claim", headers=mod.auth)
    ).status_code == 200  # renewing your own claim
    taken = await client.post(url + "/claim", headers=other_mod.auth)
    assert taken.status_code == 409 and "mo_moderator" in taken.json()["error"]["message"]
    assert (
        await client.post(url + "/resolve", headers=other_mod.auth, json={"action": "dismiss"})
    ).status_code == 409
    assert (await queue(client, other_mod))[0]["claimed_by"] == "mo_moderator"
    assert (await client.delete(url + "/claim", headers=other_mod.auth)).status_code == 409
    assert (await client.delete(url + "/claim", headers=mod.auth)).status_code == 200
    assert (await client.post(url + "/claim", headers=other_mod.auth)).status_code == 200
    # An expired claim no longer blocks anyone.
    from datetime import timedelta

    from forum.runtime import now

    await QueueItem.filter(id=item["id"]).update(claimed_until=now() - timedelta(seconds=1))
    assert (await client.post(url + "/claim", headers=mod.auth)).status_code == 200


async def test_concurrent_claims_exactly_one_wins(client, members):
    mods = [await make_member(f"mod_{n}", roles=["moderator"]) for n in range(6)]
    pid = (await start_thread(client, members["undecided"]))["post"]["id"]
    await _report(client, members["staying"], pid)
    item_id = (await QueueItem.get(subject_id=pid)).id
    results = await asyncio.gather(
        *(client.post(f"/api/v1/moderation/queue/{item_id}/claim", headers=m.auth) for m in mods)
    )
    assert sorted(r.status_code for r in results) == [200] + [409] * 5


async def test_deciding_twice_changes_nothing(client, members, mod):
    author = members["undecided"]
    tid = (await start_thread(client, author))["thread"]["id"]
    post = (await reply(client, author, tid, "My number is 555-867-5309, text me.")).json()["post"]
    assert post["status"] == "pending"
    item = await item_for_post(client, mod, post["id"])
    url = f"/api/v1/moderation/queue/{item['id']}/resolve"
    before = (await User.get(id=author.id)).published_posts
    first, second = await asyncio.gather(
        client.post(
            url, headers=mod.auth, json={"action": "approve", "note": "A work number, fine."}
        ),
        client.post(
            url, headers=mod.auth, json={"action": "approve", "note": "A work number, fine."}
        ),
    )
    assert {first.status_code, second.status_code} == {200}
    assert sorted([first.json()["changed"], second.json()["changed"]]) == [False, True]
    third = await client.post(url, headers=mod.auth, json={"action": "approve"})
    assert third.status_code == 200 and third.json()["changed"] is False
    assert (
        await client.post(url, headers=mod.auth, json={"action": "reject", "note": "No."})
    ).status_code == 409
    assert (await User.get(id=author.id)).published_posts == before + 1
    thread = (await client.get(f"/api/v1/threads/{tid}", headers=members["staying"].auth)).json()
    assert thread["thread"]["reply_count"] == 1
    assert await ModLogEntry.filter(item_id=item["id"], action="approve").count() == 1
    assert sum("approved" in t for t in await notice_texts(author.id)) == 1


async def test_escalated_items_are_for_admins(client, members, mod):
    admin = await make_member("ada_admin", roles=["admin"])
    pid = (await start_thread(client, members["undecided"], "Hmm."))["post"]["id"]
    await _report(client, members["staying"], pid, "harassment")
    item = await item_for_post(client, mod, pid)
    url = f"/api/v1/moderation/queue/{item['id']}/resolve"
    assert (
        await client.post(url, headers=mod.auth, json={"action": "escalate", "note": "Not sure."})
    ).status_code == 200
    assert [i["id"] for i in await queue(client, mod, status="escalated")] == [item["id"]]
    told = await notice_texts(admin.id, link=f"/moderation/items/{item['id']}")
    assert len(told) == 1 and "escalated" in told[0] and "Not sure." in told[0]
    assert (await client.post(url, headers=mod.auth, json={"action": "dismiss"})).status_code == 403
    claim = f"/api/v1/moderation/queue/{item['id']}/claim"
    assert (
        await client.post(claim, headers=mod.auth)
    ).status_code == 403  # no claim that would hold the admin off
    assert (await client.post(claim, headers=admin.auth)).status_code == 200
    assert (
        await client.post(url, headers=admin.auth, json={"action": "dismiss"})
    ).status_code == 200
    assert await queue(client, mod) == []
