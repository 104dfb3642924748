"""Withdrawing an AMA question erases its text (issue 11; docs/privacy.md): the row, both
exports and stored Idempotency-Key answers no longer hold it; the export lists the question as
withdrawn without text. A moderator's removal keeps the text for the record. Both skins, both
databases."""

from __future__ import annotations

import json

from forum.accounts.models import IdempotencyKey
from forum.amas.models import AmaQuestion
from tests.conftest import csrf_from

SECRET = "SECRET my husband Jonathan Smythe jsmythe@example.com"


async def _exports(client, browser, member):
    api = (await client.get("/api/v1/me/export", headers=member.auth)).json()
    await browser.sign_in(member.username)
    page = await browser.get("/account/export")
    return [json.dumps(api), page.text]


async def _assert_erased(client, browser, member, question_id):
    row = await AmaQuestion.get(id=question_id)
    assert row.status == "withdrawn"
    assert "Smythe" not in row.body_md and "Smythe" not in row.body_html
    for export in await _exports(client, browser, member):
        assert "Smythe" not in export and "jsmythe" not in export
        [q] = [q for q in json.loads(export)["ama_questions"] if q["id"] == question_id]
        assert q["status"] == "withdrawn" and q["body_md"] == ""


async def test_api_withdrawing_a_question_erases_its_text(client, browser, members, ama):
    sam = members["staying"]
    r = await client.post(
        f"/api/v1/amas/{ama['id']}/questions",
        headers={**sam.auth, "Idempotency-Key": "ask-1"},
        json={"body": SECRET},
    )
    assert r.status_code == 201, r.text
    qid = r.json()["question"]["id"]
    assert (await client.delete(f"/api/v1/questions/{qid}", headers=sam.auth)).status_code == 204
    await _assert_erased(client, browser, sam, qid)
    stored = [k.response or "" for k in await IdempotencyKey.filter(user_id=sam.id)]
    assert stored and not any("Smythe" in s for s in stored), (
        "the kept answer to a repeat no longer quotes it"
    )


async def test_html_withdrawing_a_question_erases_its_text(client, browser, members, ama):
    sam = members["staying"]
    await browser.sign_in(sam.username)
    page = await browser.get(f"/amas/{ama['id']}")
    assert page.status_code == 200
    r = await browser.client.post(
        f"/amas/{ama['id']}/questions", data={"csrf_token": csrf_from(page.text), "body": SECRET}
    )
    assert r.status_code in (200, 303), r.text
    question = await AmaQuestion.get(author_id=sam.id)
    page = await browser.get(f"/amas/{ama['id']}")
    r = await browser.client.post(
        f"/amas/questions/{question.id}/withdraw", data={"csrf_token": csrf_from(page.text)}
    )
    assert r.status_code in (200, 303), r.text
    await _assert_erased(client, browser, sam, question.id)


async def test_a_moderators_removal_keeps_the_text_for_the_record(client, members, ama):
    sam, mod = members["staying"], members["moderator"]
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=sam.auth, json={"body": "Plain words"}
        )
    ).json()["question"]
    assert (
        await client.delete(f"/api/v1/questions/{q['id']}", headers=mod.auth)
    ).status_code == 204
    row = await AmaQuestion.get(id=q["id"])
    assert row.status == "removed" and row.body_md == "Plain words"
