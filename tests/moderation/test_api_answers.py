"""Moderation's API answers keep their exact keys (docs/architecture.md, "The contract flow"):
the queue, counts, claims, decisions, flag-wrong labels, logs, watched words, reports and the
draft screen, as the shapes were before they became output models."""

from __future__ import annotations

from typing import Any

from moderation.queue import open_item
from tests.conftest import Member
from tests.moderation.conftest import item_for_post, reply, start_thread

ISO = str  # times are ISO 8601 text


def keys(d: dict[str, Any]) -> set[str]:
    return set(d)


async def test_moderation_answers_keep_their_keys(
    client: Any, members: dict[str, Member], mod: Member
) -> None:
    author, reporter = members["undecided"], members["staying"]
    tid = (await start_thread(client, author))["thread"]["id"]
    pid = (await reply(client, author, tid, "A reply to report.")).json()["post"]["id"]

    r = await client.post(
        f"/api/v1/posts/{pid}/reports", headers=reporter.auth, json={"reason": "spam"}
    )
    assert r.status_code == 201, r.text
    assert keys(r.json()) == {"report", "message"}
    assert keys(r.json()["report"]) == {"id", "reason"}

    mine = (await client.get("/api/v1/me/reports", headers=reporter.auth)).json()
    assert keys(mine) == {"items"}
    assert keys(mine["items"][0]) == {
        "subject", "post_id", "thread_id", "title", "thread_title", "link",
        "reason", "created_at", "handled_at", "removed",
    }  # fmt: skip

    item = await item_for_post(client, mod, pid)
    assert item is not None
    assert keys(item) == {
        "id", "kind", "kind_label", "priority", "subject", "reasons", "status", "crisis",
        "space", "author", "title", "summary", "report_count", "created_at", "claimed_by",
        "claimed_until", "resolution", "resolved_at",
    }  # fmt: skip
    assert item["subject"] == {"type": "post", "id": pid}
    page = (await client.get("/api/v1/moderation/queue", headers=mod.auth)).json()
    assert keys(page) == {"items", "next_cursor"}

    counts = (await client.get("/api/v1/moderation/queue/counts", headers=mod.auth)).json()
    assert keys(counts) == {"items"}
    assert keys(counts["items"][0]) == {
        "kind", "label", "count", "oldest_created_at", "oldest_age_seconds"
    }  # fmt: skip

    r = await client.post(f"/api/v1/moderation/queue/{item['id']}/claim", headers=mod.auth)
    assert r.status_code == 200, r.text
    assert keys(r.json()) == {"item"}
    assert keys(r.json()["item"]) == {"id", "status", "resolution", "claimed_by", "claimed_until"}
    r = await client.delete(f"/api/v1/moderation/queue/{item['id']}/claim", headers=mod.auth)
    assert keys(r.json()["item"]) == {"id", "status", "resolution", "claimed_by", "claimed_until"}
    r = await client.post(
        f"/api/v1/moderation/queue/{item['id']}/resolve",
        headers=mod.auth,
        json={"action": "approve"},
    )
    assert r.status_code == 200, r.text
    assert keys(r.json()) == {"item", "changed"}
    assert r.json()["changed"] is True

    flagged, _ = await open_item(
        "flagged_post", "post", pid, reasons=["watched word: x"], priority=10
    )
    r = await client.post(
        f"/api/v1/moderation/queue/{flagged.id}/flag-wrong", headers=mod.auth, json={}
    )
    assert r.status_code == 200, r.text
    assert keys(r.json()) == {"label", "created"}
    assert keys(r.json()["label"]) == {
        "id", "item_id", "reasons", "label", "note", "moderator", "created_at"
    }  # fmt: skip
    assert r.json()["label"]["moderator"] == mod.username

    log = (await client.get("/api/v1/moderation/log", headers=mod.auth)).json()
    assert keys(log) == {"items", "next_cursor"}
    assert keys(log["items"][0]) == {
        "id", "moderator", "action", "subject", "item_id", "reason", "category", "created_at"
    }  # fmt: skip
    public = (await client.get("/api/v1/transparency-log", headers=reporter.auth)).json()
    assert keys(public) == {"items", "next_cursor"}
    assert keys(public["items"][0]) == {"id", "action", "subject_type", "category", "date"}

    r = await client.post(
        "/api/v1/moderation/watched-words",
        headers=mod.auth,
        json={"pattern": "sparkle*", "action": "flag"},
    )
    assert r.status_code == 201, r.text
    assert keys(r.json()) == {"word"}
    assert keys(r.json()["word"]) == {"id", "pattern", "action", "created_at"}
    wid = r.json()["word"]["id"]
    r = await client.patch(
        f"/api/v1/moderation/watched-words/{wid}", headers=mod.auth, json={"action": "hold"}
    )
    assert keys(r.json()["word"]) == {"id", "pattern", "action", "created_at"}
    words = (await client.get("/api/v1/moderation/watched-words", headers=mod.auth)).json()
    assert keys(words) == {"items"}
    assert keys(words["items"][0]) == {"id", "pattern", "action", "created_by", "created_at"}

    r = await client.post(
        "/api/v1/drafts/screen", headers=author.auth, json={"body": "Hello there."}
    )
    assert keys(r.json()) == {"action", "notes", "crisis", "crisis_resources"}
