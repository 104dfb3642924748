"""Helpers for the crisis-on-every-path tests: a crisis sentence, and the moderators' crisis items."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Member

CRISIS = "I don't want to be here anymore. I want to die."


async def crisis_items(client: Any, moderator: Member) -> list[dict[str, Any]]:
    """Open crisis-text items (text that reached no stored post), each with its full detail."""
    r = await client.get("/api/v1/moderation/queue", headers=moderator.auth, params={"limit": 100})
    assert r.status_code == 200, r.text
    out = []
    for item in r.json()["items"]:
        if item["kind"] == "crisis_text":
            detail = await client.get(
                f"/api/v1/moderation/queue/{item['id']}", headers=moderator.auth
            )
            assert detail.status_code == 200, detail.text
            out.append(detail.json()["item"])
    return out


def assert_lines(lines: Any) -> None:
    """The contract's crisis line shape, with something to call."""
    assert lines, "no crisis_resources"
    for line in lines:
        assert {"name", "phone", "sms", "url", "country", "hours"} <= set(line), line
    assert any(line["phone"] for line in lines)


@pytest.fixture
def mod(members: dict[str, Member]) -> Member:
    return members["moderator"]
