"""The queue beyond posts: AMA questions the screens hold or flag, and any kind registered through forum.review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from tortoise.backends.base.executor import EXECUTOR_CACHE

from forum import review
from forum.accounts.models import Notification
from forum.app import create_app, default_plugins
from forum.db import transaction
from forum.errors import ValidationError
from forum.plugins import Contributions, Plugin
from moderation.models import ModLogEntry, QueueItem
from tests.conftest import make_member, notice_texts
from tests.moderation.conftest import queue


def _iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat()


async def _live_ama(client: Any, mod: Any) -> dict[str, Any]:
    host = await make_member("dr_host", "undecided", roles=["therapist"], credential="LMFT, Oregon")
    r = await client.post(
        "/api/v1/amas",
        headers=mod.auth,
        json={
            "title": "Co-parenting after",
            "description": "Questions welcome.",
            "space": "common-ground",
            "starts_at": _iso(timedelta(minutes=-5)),
            "ends_at": _iso(timedelta(hours=1)),
            "host_id": host.id,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["ama"]


async def _ask(client: Any, member: Any, ama_id: int, body: str) -> dict[str, Any]:
    r = await client.post(
        f"/api/v1/amas/{ama_id}/questions", headers=member.auth, json={"body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()


async def _item_for(client: Any, mod: Any, subject_type: str, subject_id: int) -> dict[str, Any]:
    found = [
        i
        for i in await queue(client, mod)
        if i["subject"] == {"type": subject_type, "id": subject_id}
    ]
    assert len(found) == 1, found
    return found[0]


async def test_held_ama_question_waits_for_a_moderator_then_is_published(
    client, members, mod, browser
):
    ama = await _live_ama(client, mod)
    asker, other = members["staying"], members["leaving"]
    held = (
        await _ask(
            client,
            asker,
            ama["id"],
            "My ex keeps calling 503-555-0199 late at night, what do I do?",
        )
    )["question"]
    assert held["status"] == "pending"
    listed = (await client.get(f"/api/v1/amas/{ama['id']}", headers=other.auth)).json()[
        "questions"
    ]["items"]
    assert held["id"] not in [q["id"] for q in listed]

    item = await _item_for(client, mod, "ama_question", held["id"])
    assert (
        item["kind"] == "held_question"
        and item["priority"] == 80
        and "personal data" in item["reasons"]
    )
    assert item["title"] == "Question to the AMA “Co-parenting after”"
    await browser.sign_in(mod.username)
    page = await browser.get(f"/moderation/items/{item['id']}")
    assert (
        page.status_code == 200
        and "503-555-0199" in page.text
        and "Publish the question" in page.text
    )

    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "approve", "note": "A general number; fine."},
    )
    assert r.status_code == 200 and r.json()["changed"] is True
    listed = (await client.get(f"/api/v1/amas/{ama['id']}", headers=other.auth)).json()[
        "questions"
    ]["items"]
    assert held["id"] in [q["id"] for q in listed]
    assert any("was approved" in t for t in await notice_texts(asker.id))
    assert (
        await ModLogEntry.filter(
            item_id=item["id"], action="approve", subject_type="ama_question"
        ).count()
        == 1
    )


async def test_crisis_question_is_published_on_top_of_the_queue_and_can_be_removed(
    client, members, mod
):
    ama = await _live_ama(client, mod)
    asker, other = members["undecided"], members["staying"]
    asked = await _ask(
        client, asker, ama["id"], "Honestly I don't want to be alive anymore. How do people cope?"
    )
    assert asked["question"]["status"] == "published" and asked["crisis_resources"]
    item = (await queue(client, mod))[0]
    assert item["subject"] == {"type": "ama_question", "id": asked["question"]["id"]}
    assert item["kind"] == "flagged_question" and item["crisis"] is True and item["priority"] == 100

    url = f"/api/v1/moderation/queue/{item['id']}/resolve"
    assert (
        await client.post(url, headers=mod.auth, json={"action": "remove"})
    ).status_code == 422  # reason needed
    r = await client.post(
        url,
        headers=mod.auth,
        json={"action": "remove", "note": "We've reached out to you privately instead."},
    )
    assert r.status_code == 200
    listed = (await client.get(f"/api/v1/amas/{ama['id']}", headers=other.auth)).json()[
        "questions"
    ]["items"]
    assert asked["question"]["id"] not in [q["id"] for q in listed]
    from forum.amas.models import AmaEvent  # open pages are told to take it down

    removed = await AmaEvent.filter(ama_id=ama["id"], kind="question_removed").values_list(
        "data", flat=True
    )
    assert removed == [{"id": asked["question"]["id"]}]
    notice = await notice_texts(asker.id, kind="moderation")
    assert any("reached out to you privately" in m for m in notice)
    public = (await client.get("/api/v1/transparency-log", headers=other.auth)).json()["items"]
    assert public[0]["action"] == "removed" and public[0]["subject_type"] == "AMA question"


async def test_members_report_an_ama_question_and_hear_what_happened(client, members, mod, browser):
    ama = await _live_ama(client, mod)
    asker, sam, lee = members["undecided"], members["staying"], members["leaving"]
    question = (
        await _ask(
            client, asker, ama["id"], "Ask her where she was on Friday, she will know who I mean."
        )
    )["question"]
    assert question["status"] == "published"
    reports = f"/api/v1/questions/{question['id']}/reports"

    r = await client.post(
        reports, headers=sam.auth, json={"reason": "harassment", "note": "Aimed at someone here."}
    )
    assert r.status_code == 201, r.text
    again = await client.post(reports, headers=sam.auth, json={"reason": "harassment"})
    assert (
        again.status_code == 201 and again.json()["report"]["id"] == r.json()["report"]["id"]
    )  # counts once
    own = await client.post(reports, headers=asker.auth, json={"reason": "spam"})
    assert own.status_code == 403 and "withdraw" in own.json()["error"]["message"]
    bad = await client.post(reports, headers=lee.auth, json={"reason": "rude"})
    assert bad.status_code == 422 and "reason" in bad.json()["error"]["fields"]

    # In the browser: the question has a Report link; a form sent without a reason comes back as typed.
    await browser.sign_in(lee.username)
    page = await browser.get(f"/amas/{ama['id']}")
    link = f"/amas/questions/{question['id']}/report"
    assert f'href="{link}"' in page.text
    form = await browser.get(link)
    assert (
        form.status_code == 200
        and "Report a question" in form.text
        and "where she was on Friday" in form.text
    )
    missing = await browser.submit(link, None, {"note": "She is my sister; this is about her."})
    assert missing.status_code == 422 and "She is my sister; this is about her." in missing.text
    sent = await browser.submit(
        link, None, {"reason": "privacy", "note": "She is my sister; this is about her."}
    )
    assert sent.status_code == 201 and "Back to the AMA" in sent.text

    item = await _item_for(client, mod, "ama_question", question["id"])
    assert item["kind"] == "flagged_question"
    assert {"reported: harassment", "reported: privacy"} <= set(item["reasons"])
    detail = (await client.get(f"/api/v1/moderation/queue/{item['id']}", headers=mod.auth)).json()[
        "item"
    ]
    assert len(detail["reports"]) == 2

    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "reject", "note": "Questions about a named person are not allowed."},
    )
    assert r.status_code == 200, r.text
    from forum.amas.models import AmaQuestion

    taken_down = await AmaQuestion.get(id=question["id"])
    assert taken_down.status == "removed" and "named person" in taken_down.status_reason
    listed = (await client.get(f"/api/v1/amas/{ama['id']}", headers=sam.auth)).json()["questions"][
        "items"
    ]
    assert question["id"] not in [q["id"] for q in listed]
    for reporter in (sam, lee):
        told = await notice_texts(reporter.id, kind="report")
        assert told == [
            "Thank you for your report. A moderator has looked at it. The question has been removed."
        ]
    mine = (await client.get("/api/v1/me/reports", headers=sam.auth)).json()["items"]
    assert (
        mine[0]["subject"] == "ama_question"
        and mine[0]["removed"] is True
        and mine[0]["handled_at"]
    )
    assert "the question was removed" in (await browser.get("/me/reports")).text


async def test_a_question_in_a_side_space_cannot_be_reported_from_the_other_side(
    client, members, mod
):
    host = await make_member("dr_side", "undecided", roles=["therapist"], credential="LCSW, Ohio")
    r = await client.post(
        "/api/v1/amas",
        headers=mod.auth,
        json={
            "title": "Staying, one year on",
            "description": "For people who stayed.",
            "space": "staying",
            "starts_at": _iso(timedelta(minutes=-5)),
            "ends_at": _iso(timedelta(hours=1)),
            "host_id": host.id,
        },
    )
    assert r.status_code == 201, r.text
    question = (
        await _ask(client, members["staying"], r.json()["ama"]["id"], "How did trust come back?")
    )["question"]
    reports = f"/api/v1/questions/{question['id']}/reports"
    hidden = await client.post(reports, headers=members["leaving"].auth, json={"reason": "spam"})
    assert hidden.status_code == 404  # the other side's space does not exist for them
    assert (
        await client.post(reports, headers=members["undecided"].auth, json={"reason": "spam"})
    ).status_code == 404
    assert not await QueueItem.filter(
        subject_type="ama_question", subject_id=question["id"]
    ).exists()


@pytest.fixture
def audit_kind() -> list[dict[str, Any]]:
    """What the audit kind's decisions were given (the kind is in this module's app, below)."""
    return []


@pytest_asyncio.fixture
async def app(settings, audit_kind):
    """The default app plus a plugin declaring one more review kind, as another feature would."""
    EXECUTOR_CACHE.clear()
    plugin = Plugin(
        "audit", contribute=lambda: Contributions(review_kinds=(_audit_kind(audit_kind),))
    )
    async with LifespanManager(
        create_app(settings, plugins=[*default_plugins(), plugin], schema="generate")
    ) as m:
        yield m.app


def _audit_kind(calls: list[dict[str, Any]]) -> review.Kind:
    """A kind another feature might declare: decisions record what they were given, or refuse bad edits."""

    async def describe(subject_id: int) -> review.Subject | None:
        return review.Subject(
            title=f"Audit request {subject_id}",
            summary="Please check this listing.",
            url="/resources",
            fields={"title": "Old name", "city": "Leeds"},
            editable=("title",),
        )

    async def accept(
        subject_id: int, moderator: Any, reason: str, data: dict[str, Any]
    ) -> str | None:
        # A write inside the decision's transaction: it must vanish if the decision fails.
        await Notification.create(
            user_id=moderator.id, kind="audit", message=f"accepted {subject_id}"
        )
        if data.get("title") == "":
            raise ValidationError("A title is needed.", fields={"title": "A title is needed."})
        calls.append(
            {
                "subject_id": subject_id,
                "moderator": moderator.username,
                "reason": reason,
                "data": data,
            }
        )
        return f"Your listing was accepted as “{data.get('title')}”."

    async def decline(
        subject_id: int, moderator: Any, reason: str, data: dict[str, Any]
    ) -> str | None:
        return None

    return review.Kind(
        name="audit_test",
        label="Audit request",
        subject_type="audit_test",
        decisions=(
            review.Decision("accept", "Accept with edits", accept),
            review.Decision("decline", "Decline", decline, needs_reason=True),
        ),
        describe=describe,
        priority=15,
    )


async def test_registered_kinds_are_shown_and_decided_in_one_transaction(
    client, members, mod, browser, audit_kind
):
    author = members["leaving"]
    async with transaction():
        await review.submit(
            "audit_test", 7, reasons=["listing check"], author=await _user(author.id)
        )
        await review.submit(
            "audit_test", 7, reasons=["second look"]
        )  # folds into the same open item
    item = await _item_for(client, mod, "audit_test", 7)
    assert item["title"] == "Audit request 7" and item["reasons"] == [
        "listing check",
        "second look",
    ]
    assert item["priority"] == 15 and item["kind_label"] == "Audit request"

    detail = (await client.get(f"/api/v1/moderation/queue/{item['id']}", headers=mod.auth)).json()[
        "item"
    ]
    assert detail["fields"] == {"title": "Old name", "city": "Leeds"} and detail["editable"] == [
        "title"
    ]
    # The subject has an author: the queue offers its take-down joined with a sanction too.
    assert [d["name"] for d in detail["decisions"]] == [
        "accept",
        "decline",
        "silence",
        "suspend",
        "escalate",
    ]
    await browser.sign_in(mod.username)
    page = await browser.get(f"/moderation/items/{item['id']}")
    assert "Accept with edits" in page.text and "Leeds" in page.text and 'name="title"' in page.text

    url = f"/api/v1/moderation/queue/{item['id']}/resolve"
    bad = await client.post(
        url, headers=mod.auth, json={"action": "accept", "note": "", "title": ""}
    )
    assert bad.status_code == 422 and bad.json()["error"]["fields"] == {
        "title": "A title is needed."
    }
    # The refused decision left nothing behind: no write from the handler, no log entry, still open.
    assert not await Notification.filter(kind="audit").exists()
    assert not await ModLogEntry.filter(item_id=item["id"]).exists()
    assert (await QueueItem.get(id=item["id"])).status == "open"
    # Through the page form: the moderator's edit reaches the handler.
    done = await browser.submit(
        f"/moderation/items/{item['id']}",
        f"/moderation/items/{item['id']}/resolve",
        {"action": "accept", "note": "Checked the register.", "title": "New name"},
    )
    assert done.status_code == 303
    assert audit_kind == [
        {
            "subject_id": 7,
            "moderator": mod.username,
            "reason": "Checked the register.",
            "data": {"title": "New name"},
        }
    ]
    assert "Your listing was accepted as “New name”." in await notice_texts(author.id)
    assert await ModLogEntry.filter(item_id=item["id"], action="accept").count() == 1
    again = await client.post(url, headers=mod.auth, json={"action": "accept", "title": "Other"})
    assert again.status_code == 200 and again.json()["changed"] is False and len(audit_kind) == 1


async def _user(user_id: int) -> Any:
    from forum.accounts.models import User

    return await User.get(id=user_id)


async def test_a_new_reviewable_thing_is_one_registration_and_its_author_can_be_sanctioned(
    client, members, mod, audit_kind
):
    """The audit kind above is the plugin's only moderation code: the queue lists it, decides
    it, logs it in words, and -- its subject having an author -- offers a sanction with its
    take-down decision, which runs the kind's handler and then silences the author."""
    from forum.accounts.models import User

    author = members["leaving"]
    async with transaction():
        await review.submit(
            "audit_test", 8, reasons=["listing check"], author=await _user(author.id)
        )
        await review.submit("audit_test", 9, reasons=["no author known"])
    item = await _item_for(client, mod, "audit_test", 8)
    detail = (await client.get(f"/api/v1/moderation/queue/{item['id']}", headers=mod.auth)).json()[
        "item"
    ]
    offered = {d["name"]: d for d in detail["decisions"]}
    assert offered["silence"]["label"] == "Decline and silence the author"
    assert offered["silence"]["needs_reason"] and offered["silence"]["needs_until"]
    assert offered["suspend"]["label"] == "Decline and suspend the author"
    # Without an author there is nobody to sanction.
    anonymous = await _item_for(client, mod, "audit_test", 9)
    names = [
        d["name"]
        for d in (
            await client.get(f"/api/v1/moderation/queue/{anonymous['id']}", headers=mod.auth)
        ).json()["item"]["decisions"]
    ]
    assert names == ["accept", "decline", "escalate"]

    url = f"/api/v1/moderation/queue/{item['id']}/resolve"
    done = await client.post(
        url, headers=mod.auth, json={"action": "silence", "note": "Spam listings.", "days": 2}
    )
    assert done.status_code == 200, done.text
    assert (await User.get(id=author.id)).silenced_until is not None
    actions = (
        await ModLogEntry.filter(item_id=item["id"])
        .order_by("id")
        .values_list("action", "subject_type")
    )
    assert sorted(actions) == [("silence", "audit_test"), ("silence", "user")]
    public = (await client.get("/api/v1/transparency-log", headers=mod.auth)).json()["items"]
    assert {(e["action"], e["subject_type"]) for e in public[:2]} == {
        ("rejected", "audit test"),
        ("member silenced", "member"),
    }
    again = await client.post(
        url, headers=mod.auth, json={"action": "silence", "note": "Spam listings.", "days": 2}
    )
    assert again.status_code == 200 and again.json()["changed"] is False
