"""Moderators see why a post was flagged and can mark an automatic flag wrong (issue 10).

The mark is kept as a label for the next training round, with the flagged text only while its
author has not erased it (the post, or the whole account).
"""

from __future__ import annotations

import html

from moderation.labels import why
from moderation.models import ModLogEntry, QueueItem, ScreenLabel
from tests.conftest import PASSWORD, csrf_from, make_member
from tests.moderation.conftest import item_for_post, reply, start_thread

# A known false alarm of the crisis patterns (tests/moderation/test_detect.py): money, not danger.
WRONG = "I'm scared of what she'll do when she finds out about the money."


async def _flagged(client, author, mod, body=WRONG):
    thread = await start_thread(client, author, "Checking in after a long week.")
    r = await reply(client, author, thread["thread"]["id"], body)
    assert r.status_code == 201, r.text
    post_id = r.json()["post"]["id"]
    item = await item_for_post(client, mod, post_id)
    assert item is not None and any(x.startswith("crisis:") for x in item["reasons"]), item
    return post_id, item


async def test_a_moderator_sees_why_and_marks_the_flag_wrong_in_the_api(client, members, mod):
    author = members["undecided"]
    post_id, item = await _flagged(client, author, mod)
    detail = (await client.get(f"/api/v1/moderation/queue/{item['id']}", headers=mod.auth)).json()[
        "item"
    ]
    found = [w for w in detail["why"] if w["layer"] == "pattern"]
    assert found and found[0]["reason"].startswith("crisis:") and found[0]["excerpt"] in WRONG

    # Only moderators can mark it; the member who wrote it cannot.
    url = f"/api/v1/moderation/queue/{item['id']}/flag-wrong"
    assert (await client.post(url, headers=author.auth, json={})).status_code == 403
    r = await client.post(url, headers=mod.auth, json={"note": "About money, not danger."})
    assert r.status_code == 200, r.text
    label = r.json()["label"]
    assert r.json()["created"] is True and label["reasons"] == [
        x for x in item["reasons"] if x.startswith("crisis:")
    ]
    again = await client.post(url, headers=mod.auth, json={})
    assert again.status_code == 200 and again.json() == {**again.json(), "created": False}
    assert again.json()["label"]["id"] == label["id"]

    row = await ScreenLabel.get(id=label["id"])
    assert (
        row.text == WRONG
        and row.subject_type == "post"
        and row.subject_id == post_id
        and row.label == "wrong"
    )
    # Audited without the text; the item itself is still waiting for a decision.
    log = await ModLogEntry.filter(action="flag_marked_wrong").all()
    assert [(e.subject_id, e.reason, e.moderator_id) for e in log] == [
        (post_id, "About money, not danger.", mod.id)
    ]
    assert (await QueueItem.get(id=item["id"])).status == "open"
    detail = (await client.get(f"/api/v1/moderation/queue/{item['id']}", headers=mod.auth)).json()[
        "item"
    ]
    assert [m["moderator"] for m in detail["marked_wrong"]] == [mod.username]

    # An item that came only from members' reports has no automatic flag to mark.
    plain = (await start_thread(client, author, "An ordinary question about co-parenting apps."))[
        "post"
    ]["id"]
    assert (
        await client.post(
            f"/api/v1/posts/{plain}/reports",
            headers=members["staying"].auth,
            json={"reason": "spam"},
        )
    ).status_code == 201
    reported = await item_for_post(client, mod, plain)
    r = await client.post(
        f"/api/v1/moderation/queue/{reported['id']}/flag-wrong", headers=mod.auth, json={}
    )
    assert r.status_code == 409 and "automatic flag" in r.json()["error"]["message"]
    assert (
        await client.post("/api/v1/moderation/queue/999999/flag-wrong", headers=mod.auth, json={})
    ).status_code == 404


async def test_a_moderator_marks_the_flag_wrong_on_the_item_page(client, browser, members, mod):
    _, item = await _flagged(client, members["staying"], mod)
    await browser.sign_in(mod.username, PASSWORD)
    page = await browser.get(f"/moderation/items/{item['id']}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "What the screens found" in text and "what she'll do" in text
    assert "Mark the automatic flag wrong" in text

    # No CSRF token, no label.
    r = await browser.client.post(f"/moderation/items/{item['id']}/wrong", data={"wrong_note": "x"})
    assert r.status_code == 403
    assert not await ScreenLabel.exists()
    r = await browser.client.post(
        f"/moderation/items/{item['id']}/wrong",
        data={"csrf_token": csrf_from(page.text), "wrong_note": "Money worries."},
    )
    assert r.status_code == 303 and r.headers["location"].endswith("?done=marked-wrong")
    after = html.unescape((await browser.get(r.headers["location"])).text)
    assert "Marked wrong by mo_moderator" in after and "Money worries." in after
    assert (await ScreenLabel.get()).text == WRONG

    # A member is not shown the page and cannot post the form.
    member = await make_member("curious_member", "staying")
    await browser.sign_in(member.username, PASSWORD)
    page = await browser.get("/")
    r = await browser.client.post(
        f"/moderation/items/{item['id']}/wrong", data={"csrf_token": csrf_from(page.text)}
    )
    assert r.status_code == 403
    assert await ScreenLabel.all().count() == 1


async def test_erasing_the_post_or_the_account_erases_the_label_text(client, members, mod):
    author = await make_member("erasing_author", "leaving")
    post_id, item = await _flagged(client, author, mod)
    assert (
        await client.post(
            f"/api/v1/moderation/queue/{item['id']}/flag-wrong", headers=mod.auth, json={}
        )
    ).status_code == 200
    assert (await client.delete(f"/api/v1/posts/{post_id}", headers=author.auth)).status_code in (
        200,
        204,
    )
    label = await ScreenLabel.get(subject_id=post_id)
    assert label.text == "" and label.reasons  # the label stays, without the member's words

    second_id, second = await _flagged(
        client, author, mod, "Honestly I'm scared of what he'll do when he sees the bill."
    )
    assert (
        await client.post(
            f"/api/v1/moderation/queue/{second['id']}/flag-wrong", headers=mod.auth, json={}
        )
    ).status_code == 200
    assert (await ScreenLabel.get(subject_id=second_id)).text
    r = await client.request(
        "DELETE", "/api/v1/me", headers=author.auth, json={"password": PASSWORD}
    )
    assert r.status_code in (200, 204), r.text
    assert [x.text for x in await ScreenLabel.all()] == ["", ""]


def test_why_names_the_rule_and_the_model_score_and_sentence():
    found = why("We had a calm week. He put his hands round my neck last night and squeezed.")
    patterns = [w for w in found if w["layer"] == "pattern"]
    assert (
        patterns
        and patterns[0]["reason"] == "crisis: violence at home"
        and "neck" in patterns[0]["excerpt"]
    )
    models = [w for w in found if w["layer"] == "model" and w["model"] == "crisis"]
    assert models and 0 < models[0]["score"] <= 1 and "neck" in models[0]["sentence"]
    assert why("We went to the park and fed the ducks.") == []
