"""Notifications name only what their reader may read at the time they are shown (issue 11)."""

from __future__ import annotations

from datetime import timedelta

from forum.accounts.models import Notification
from forum.runtime import now
from tests.conftest import make_member
from tests.moderation.conftest import item_for_post, reply, start_thread

TITLE = "Finding out about the flat she rents"


async def _notifications(client, member):
    r = await client.get("/api/v1/me/notifications", headers=member.auth)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def _held_then_approved(client, author, mod):
    """A reply in the staying space is held (it has a phone number) and then approved."""
    opener = await make_member("opener_staying", "staying")
    tid = (await start_thread(client, opener, "Day three.", space="staying", title=TITLE))[
        "thread"
    ]["id"]
    post = (await reply(client, author, tid, "Call me on 555-867-5309 if it helps.")).json()["post"]
    assert post["status"] == "pending"
    item = await item_for_post(client, mod, post["id"])
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "approve", "note": "A work number."},
    )
    assert r.status_code == 200
    return tid, post["id"]


async def test_a_notice_stops_naming_the_other_sides_thread_after_a_path_change(
    client, members, browser
):
    author, mod = members["staying"], members["moderator"]
    tid, pid = await _held_then_approved(client, author, mod)
    [notice] = await _notifications(client, author)
    assert TITLE in notice["text"] and notice["url"] == f"/t/{tid}#post-{pid}"
    assert notice["kind"] == "moderation" and notice["read_at"] is None
    await browser.sign_in(author.username)
    assert TITLE in (await browser.get("/notifications")).text

    await Notification.filter(user_id=author.id).update(created_at=now() - timedelta(days=1))
    r = await client.patch("/api/v1/me", headers=author.auth, json={"path": "leaving"})
    assert r.status_code == 200, r.text

    [notice] = await _notifications(client, author)
    assert TITLE not in notice["text"] and notice["url"] is None
    assert TITLE not in notice["message"] and notice["link"] is None
    page = (await browser.get("/notifications")).text
    assert TITLE not in page and f"/t/{tid}" not in page
    export = (await client.get("/api/v1/me/export", headers=author.auth)).json()
    assert TITLE not in str(export["notifications"])


async def test_an_answer_notice_names_the_ama_only_while_its_reader_can_read_it(client, members):
    from tests.amas.conftest import schedule

    asker, mod = members["staying"], members["moderator"]
    host = await make_member("dr_tess", "undecided", roles=["therapist"], credential="LMFT")
    ama = await schedule(
        client, mod, host, space="staying", title="When your partner has already left"
    )
    q = await client.post(
        f"/api/v1/amas/{ama['id']}/questions", headers=asker.auth, json={"body": "How do I sleep?"}
    )
    assert q.status_code == 201, q.text
    a = await client.post(
        f"/api/v1/questions/{q.json()['question']['id']}/answers",
        headers=host.auth,
        json={"body": "Routine helps."},
    )
    assert a.status_code == 201, a.text
    [notice] = [n for n in await _notifications(client, asker) if n["kind"] == "ama_answer"]
    assert ama["title"] in notice["text"] and host.username in notice["text"] and notice["url"]
    r = await client.patch("/api/v1/me", headers=asker.auth, json={"path": "leaving"})
    assert r.status_code == 200, r.text
    [notice] = [n for n in await _notifications(client, asker) if n["kind"] == "ama_answer"]
    assert ama["title"] not in notice["text"] and notice["url"] is None


async def test_templates_fill_in_user_text_without_interpreting_it(client, members):
    from forum.accounts.notifications import notify

    member = members["undecided"]
    await notify(
        member.id,
        "sanction",
        "You can read but not post. Reason: {reason}",
        reason="{title} {0} {x.y}",
    )
    [notice] = await _notifications(client, member)
    assert notice["text"] == "You can read but not post. Reason: {title} {0} {x.y}"


async def test_unread_filter(client, members):
    from forum.accounts.notifications import notify

    member = members["undecided"]
    await notify(member.id, "report", "Thank you for your report.")
    assert len(await _notifications(client, member)) == 1
    r = await client.get("/api/v1/me/notifications?unread=true", headers=member.auth)
    assert len(r.json()["items"]) == 1
    await Notification.filter(user_id=member.id).update(read_at=now())
    r = await client.get("/api/v1/me/notifications?unread=true", headers=member.auth)
    assert r.json()["items"] == []
