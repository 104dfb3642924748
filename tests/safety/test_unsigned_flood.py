"""Crisis text from senders nobody can name is bounded and folded (issue 10): a signed-out flood
of crisis language gets the crisis lines every time, but reaches the moderators' queue as one open
item per client address (texts kept up to policy `crisis_unsigned`, the rest counted) and, past
`crisis_unsigned_site`, one site-wide item, so a member's real crisis item is never buried.
Both skins, both databases."""

from __future__ import annotations

import secrets

import httpx
import pytest

from forum.ratelimit import DEFAULT_POLICIES
from moderation.models import CrisisText
from tests.conftest import test_settings
from tests.safety.conftest import assert_lines, crisis_items

FLOOD = "i am going to kill myself tonight"
# Every policy roomy except the two under test, which keep their defaults (5 an hour per address, 30 site-wide).
LIMITS = ";".join(
    f"{name}=1000/60s" for name in DEFAULT_POLICIES if not name.startswith("crisis_unsigned")
)


@pytest.fixture
def settings(database_url):
    return test_settings(database_url, rate_limits=LIMITS)


async def _thread(client, member):
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=member.auth,
        json={"title": "Checking in", "body": "A calm first post."},
    )
    assert r.status_code == 201, r.text
    return r.json()["thread"]["id"]


def _from(app, address: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(address, 40100)),
        base_url="http://testserver",
    )


async def test_api_signed_out_flood_is_one_item_with_a_count_and_never_buries_a_member(
    app, client, members, mod
):
    thread_id = await _thread(client, members["staying"])
    for _ in range(30):
        r = await client.post(
            f"/api/v1/threads/{thread_id}/posts", json={"body": f"{FLOOD} {secrets.token_hex(4)}"}
        )
        assert r.status_code == 401
        assert_lines(r.json()["error"]["crisis_resources"])
    # A bad token is no better than none.
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts",
        headers={"Authorization": "Bearer nonsense"},
        json={"body": f"{FLOOD} again"},
    )
    assert r.status_code == 401 and r.json()["error"]["crisis_resources"]
    items = await crisis_items(client, mod)
    assert len(items) == 1, [i["summary"][:80] for i in items]
    item = items[0]
    assert item["priority"] == 100 and item["author"] is None
    assert "26 more crisis texts from the same signed-out sender" in item["summary"]
    assert await CrisisText.filter(author_id=None).count() == 5, (
        "only the policy's allowance is kept"
    )
    # A member's own crisis post is queued as its own item, not folded behind the flood.
    member = members["undecided"]
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts",
        headers=member.auth,
        json={"body": "I don't want to be here anymore. I want to die."},
    )
    assert r.status_code == 201 and r.json()["crisis_resources"]
    r = await client.get("/api/v1/moderation/queue", headers=mod.auth, params={"limit": 100})
    crisis = [i for i in r.json()["items"] if i["priority"] == 100]
    assert len(crisis) == 2, crisis


async def test_api_many_addresses_fold_into_one_site_wide_item_past_the_site_cap(
    app, client, members, mod
):
    thread_id = await _thread(client, members["staying"])
    for n in range(40):
        async with _from(app, f"198.51.100.{n + 1}") as sender:
            r = await sender.post(
                f"/api/v1/threads/{thread_id}/posts", json={"body": f"{FLOOD} {n}"}
            )
        assert r.status_code == 401 and r.json()["error"]["crisis_resources"]
    items = await crisis_items(client, mod)
    assert len(items) == 31, len(
        items
    )  # 30 senders (crisis_unsigned_site), then one item for the rest
    many = [i for i in items if "9 more crisis texts" in i["summary"]]
    assert len(many) == 1


async def test_html_signed_out_reply_flood_is_one_item(client, browser, members, mod):
    thread_id = await _thread(client, members["staying"])
    for _ in range(12):
        r = await browser.submit(
            "/login", f"/t/{thread_id}/reply", {"body": f"{FLOOD} {secrets.token_hex(4)}"}
        )
        assert r.status_code in (401, 403) and 'href="tel:988"' in r.text
    items = await crisis_items(client, mod)
    assert len(items) == 1 and items[0]["author"] is None
    assert "7 more crisis texts from the same signed-out sender" in items[0]["summary"]
