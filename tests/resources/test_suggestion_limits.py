"""Suggestions are rate limited per member (policy `resource_suggestion`), moderators exempt."""

from __future__ import annotations

import pytest

from tests import conftest as base
from tests.resources.test_suggestions import SUGGESTION


@pytest.fixture
def settings(database_url):
    return base.test_settings(database_url, rate_limits="resource_suggestion=2/3600s")


async def test_a_member_cannot_flood_the_queue(client, members, queue):
    member = members["staying"]
    for i in range(2):
        r = await client.post(
            "/api/v1/resources/suggestions",
            headers=member.auth,
            json={**SUGGESTION, "title": f"Idea {i}"},
        )
        assert r.status_code == 201
    r = await client.post(
        "/api/v1/resources/suggestions", headers=member.auth, json={**SUGGESTION, "title": "Idea 3"}
    )
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert len(await queue.items()) == 2
    # Another member has their own allowance; an invalid suggestion costs nothing.
    other = members["leaving"]
    for _ in range(3):
        bad = await client.post(
            "/api/v1/resources/suggestions",
            headers=other.auth,
            json={**SUGGESTION, "url": "ftp://x.example.org"},
        )
        assert bad.status_code == 422
    assert (
        await client.post("/api/v1/resources/suggestions", headers=other.auth, json=SUGGESTION)
    ).status_code == 201
