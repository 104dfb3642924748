"""Moderation's contract (moderation.schemas): the pages and the API parse into the same input
models, so the same bad input gets the same per-field messages in both skins."""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from tests.conftest import Member
from tests.moderation.conftest import start_thread
from tests.safety.conftest import CRISIS, assert_lines, crisis_items


def _shown(page: str, fields: dict[str, str]) -> None:
    assert fields
    for name, message in fields.items():
        assert str(escape(message)) in page, (name, message)


async def test_a_report_says_the_same_and_a_refused_note_is_screened(
    client: Any, browser: Any, members: dict[str, Member]
) -> None:
    author, reporter, mod = members["staying"], members["leaving"], members["moderator"]
    post_id = (await start_thread(client, author))["post"]["id"]
    bad = {"reason": "boring", "note": CRISIS + " " + "x" * 1000}
    r = await client.post(f"/api/v1/posts/{post_id}/reports", headers=reporter.auth, json=bad)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert set(error["fields"]) == {"reason", "note"}
    assert_lines(error["crisis_resources"])
    await browser.sign_in(members["undecided"].username)
    page = await browser.submit(f"/p/{post_id}/report", None, bad)
    assert page.status_code == 422 and 'href="tel:988"' in page.text
    _shown(page.text, error["fields"])
    authors = {item["author"] for item in await crisis_items(client, mod)}
    assert authors == {reporter.username, members["undecided"].username}


async def test_watched_words_and_sanctions_say_the_same(
    client: Any, browser: Any, members: dict[str, Member]
) -> None:
    mod, member = members["moderator"], members["staying"]
    bad_word = {"pattern": "  ", "action": "shout"}
    r = await client.post("/api/v1/moderation/watched-words", headers=mod.auth, json=bad_word)
    assert r.status_code == 422, r.text
    word_fields = r.json()["error"]["fields"]
    assert set(word_fields) == {"pattern", "action"}
    bad_sanction = {"until": "2001-01-01T00:00:00Z", "reason": ""}
    r = await client.post(
        f"/api/v1/moderation/users/{member.id}/silences", headers=mod.auth, json=bad_sanction
    )
    assert r.status_code == 422, r.text
    sanction_fields = r.json()["error"]["fields"]
    assert sanction_fields == {
        "until": "The end must be in the future.",
        "reason": "Write a reason: the member will see it.",
    }
    await browser.sign_in(mod.username)
    page = await browser.submit("/moderation/words", None, bad_word)
    assert page.status_code == 422
    _shown(page.text, word_fields)
    page = await browser.submit(
        f"/moderation/members/{member.id}",
        f"/moderation/members/{member.id}/sanctions",
        {**bad_sanction, "kind": "silence", "days": ""},
    )
    assert page.status_code == 422
    _shown(page.text, sanction_fields)
