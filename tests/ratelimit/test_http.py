"""Rate limits as clients and people meet them: headers, Retry-After, what spends, what is kept."""

from __future__ import annotations

import ipaddress
import re

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from tortoise.backends.base.executor import EXECUTOR_CACHE

from forum.app import create_app
from forum.ratelimit import client_ip, ip_key
from tests.conftest import PASSWORD, Browser, make_member, test_settings

pytestmark = pytest.mark.backends("sqlite")  # limits are independent of the database


def limited_app(database_url: str, rate_limits: str, **overrides):
    EXECUTOR_CACHE.clear()
    return create_app(
        test_settings(database_url, rate_limits=rate_limits, **overrides), schema="generate"
    )


@pytest_asyncio.fixture
async def run(database_url):
    """run(rate_limits, **settings) -> (app, client) with its lifespan; closed at the end."""
    managers = []

    async def start(rate_limits: str, **overrides):
        manager = LifespanManager(limited_app(database_url, rate_limits, **overrides))
        await manager.__aenter__()
        managers.append(manager)
        transport = httpx.ASGITransport(app=manager.app, client=("198.51.100.4", 5000))
        return manager.app, httpx.AsyncClient(transport=transport, base_url="http://testserver")

    yield start
    for manager in reversed(managers):
        await manager.__aexit__(None, None, None)


def parse_ratelimit(value: str) -> dict[str, dict[str, int]]:
    items = {}
    for item in value.split(","):
        name, *params = item.strip().split(";")
        items[name.strip('"')] = {k: int(v) for k, v in (p.split("=") for p in params)}
    return items


async def test_headers_on_success_and_on_429_and_retry_after(run):
    _, client = await run("post_create=2/60s")
    member = await make_member("pacer_one", "staying")
    thread = await client.post(
        "/api/v1/spaces/staying/threads", headers=member.auth, json={"title": "t", "body": "b"}
    )
    tid = thread.json()["thread"]["id"]
    seen = []
    for _ in range(3):
        r = await client.post(
            f"/api/v1/threads/{tid}/posts", headers=member.auth, json={"body": "hello"}
        )
        seen.append(r)
    assert [r.status_code for r in seen] == [201, 201, 429]
    for r in seen:
        policy = parse_ratelimit(r.headers["RateLimit-Policy"])
        assert policy == {"post_create": {"q": 2, "w": 60}}
    assert parse_ratelimit(seen[0].headers["RateLimit"])["post_create"]["r"] == 1
    limited = parse_ratelimit(seen[2].headers["RateLimit"])["post_create"]
    assert limited["r"] == 0 and 1 <= limited["t"] <= 60
    retry = int(seen[2].headers["Retry-After"])
    assert 1 <= retry <= 60 and retry >= limited["t"] - 1
    body = seen[2].json()["error"]
    assert body["code"] == "rate_limited" and "try again" in body["message"]


async def test_invalid_and_forbidden_submissions_cost_nothing(run):
    _, client = await run("thread_create=2/60s")
    member = await make_member("careful_one", "staying")
    for _ in range(5):
        r = await client.post(
            "/api/v1/spaces/staying/threads", headers=member.auth, json={"title": "", "body": "b"}
        )
        assert r.status_code == 422
        r = await client.post(
            "/api/v1/spaces/leaving/threads", headers=member.auth, json={"title": "t", "body": "b"}
        )
        assert r.status_code == 404
    codes = [
        (
            await client.post(
                "/api/v1/spaces/staying/threads",
                headers=member.auth,
                json={"title": "t", "body": "b"},
            )
        ).status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]


async def test_every_failed_sign_in_costs_one_and_then_even_the_right_password_waits(run):
    app, first = await run("login=3/300s")
    await make_member("door_knocker", "leaving")
    for _ in range(2):
        r = await first.post(
            "/api/v1/auth/tokens",
            json={"username": "door_knocker", "password": "wrong wrong wrong"},
        )
        assert r.status_code == 401
    ok = await first.post(
        "/api/v1/auth/tokens", json={"username": "door_knocker", "password": PASSWORD}
    )
    assert (
        ok.status_code == 201
    )  # a success clears the name's failures (this address keeps its count)
    transport = httpx.ASGITransport(app=app, client=("198.51.100.77", 5000))
    client = httpx.AsyncClient(transport=transport, base_url="http://testserver")  # another address
    for _ in range(3):
        r = await client.post(
            "/api/v1/auth/tokens",
            json={"username": "door_knocker", "password": "wrong wrong wrong"},
        )
        assert r.status_code == 401
    r = await client.post(
        "/api/v1/auth/tokens", json={"username": "door_knocker", "password": PASSWORD}
    )
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1


async def test_rate_limited_html_reply_keeps_the_text(run):
    app, _ = await run("post_create=1/60s")
    member = await make_member("night_writer", "leaving")
    transport = httpx.ASGITransport(app=app, client=("198.51.100.5", 5001))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        browser = Browser(c)
        await browser.sign_in(member.username)
        r = await browser.submit("/s/leaving/new", None, {"title": "3 a.m.", "body": "First."})
        assert r.status_code == 303
        thread_url = r.headers["location"].split("?")[0]
        long_text = "It is 3 a.m. and I finally wrote it all down. " * 20
        first = await browser.submit(thread_url, f"{thread_url}/reply", {"body": "A reply."})
        assert first.status_code == 303
        limited = await browser.submit(thread_url, f"{thread_url}/reply", {"body": long_text})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert long_text.strip() in limited.text.replace("&#39;", "'")
    assert re.search(r"try again in \d+ seconds?", limited.text)


async def test_moderators_are_exempt_except_for_sign_in(run):
    _, client = await run("thread_create=1/60s;login=1/300s")
    mod = await make_member("steady_mod", "undecided", roles=["moderator"])
    for _ in range(3):
        r = await client.post(
            "/api/v1/spaces/common-ground/threads",
            headers=mod.auth,
            json={"title": "t", "body": "b"},
        )
        assert r.status_code == 201 and "RateLimit" not in r.headers
    await client.post(
        "/api/v1/auth/tokens", json={"username": "steady_mod", "password": "wrong wrong wrong"}
    )
    r = await client.post(
        "/api/v1/auth/tokens", json={"username": "steady_mod", "password": PASSWORD}
    )
    assert r.status_code == 429


async def test_new_members_have_stricter_defaults(run):
    _, client = await run("")  # the built-in table
    newcomer = await make_member("brand_new", "undecided")
    codes = [
        (
            await client.post(
                "/api/v1/spaces/common-ground/threads",
                headers=newcomer.auth,
                json={"title": f"t{i}", "body": "b"},
            )
        ).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 429]  # 2 an hour on the first day, 5 after


async def test_forwarded_for_is_ignored_unless_from_a_trusted_proxy(run):
    app, _ = await run("register=2/3600s", trusted_proxies=[ipaddress.ip_network("10.0.0.0/8")])

    async def register(client_addr: str, name: str, forwarded: str | None = None) -> int:
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        transport = httpx.ASGITransport(app=app, client=(client_addr, 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            r = await c.post(
                "/api/v1/auth/register",
                headers=headers,
                json={"username": name, "password": PASSWORD, "path": "staying"},
            )
            return r.status_code

    # A client on the internet making up a new X-Forwarded-For each time: still one address.
    spoofed = [
        await register("192.0.2.50", f"spoof_{i}", forwarded=f"203.0.113.{i}") for i in range(3)
    ]
    assert spoofed == [201, 201, 429]
    # Through our proxy, each real client has its own allowance.
    proxied = [
        await register("10.1.2.3", f"proxied_{i}", forwarded=f"198.51.100.{i}, 10.9.9.9")
        for i in range(3)
    ]
    assert proxied == [201, 201, 201]


def test_client_ip_and_ipv6_grouping():
    proxies = [ipaddress.ip_network("10.0.0.0/8")]
    scope = {"client": ("10.0.0.2", 1), "headers": [(b"x-forwarded-for", b"2001:db8::1, 10.0.0.9")]}
    assert client_ip(scope, proxies) == "2001:db8::1"
    assert client_ip({**scope, "client": ("192.0.2.1", 1)}, proxies) == "192.0.2.1"
    assert (
        client_ip({"client": ("10.0.0.2", 1), "headers": [(b"x-forwarded-for", b"junk")]}, proxies)
        == "10.0.0.2"
    )
    assert ip_key("2001:db8:1:2:aaaa::1") == ip_key("2001:db8:1:2:bbbb::7") == "2001:db8:1:2::/64"
    assert ip_key("2001:db8:1:3::1") != ip_key("2001:db8:1:2::1")
    assert ip_key("192.0.2.7") == "192.0.2.7" and ip_key("::ffff:192.0.2.7") == "192.0.2.7"


def test_readme_policy_table_matches_the_code():
    from pathlib import Path

    from forum.app import default_plugins
    from forum.ratelimit import policy_table_markdown
    from forum.registry import build_registry

    policies = build_registry(default_plugins()).policies  # the core's and the features' alike
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    start = readme.index("<!-- policy-table")
    block = readme[readme.index("\n", start) + 1 : readme.index("<!-- /policy-table -->")].strip()
    assert block == policy_table_markdown(policies)


async def test_html_sign_in_refused_says_when_and_keeps_the_name(run):
    app, _ = await run("login=2/300s")
    await make_member("lock_me_out", "leaving")
    transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 5002))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        browser = Browser(c)
        failed = [
            await browser.submit(
                "/login", None, {"username": "lock_me_out", "password": "wrong wrong wrong"}
            )
            for _ in range(2)
        ]
        refused = await browser.submit(
            "/login", None, {"username": "lock_me_out", "password": PASSWORD}
        )
    assert [r.status_code for r in failed] == [401, 401]
    assert parse_ratelimit(failed[0].headers["RateLimit"])["login"]["r"] == 1
    assert refused.status_code == 429
    retry = int(refused.headers["Retry-After"])
    limit = parse_ratelimit(refused.headers["RateLimit"])["login"]
    assert limit["r"] == 0 and 1 <= retry <= 300 and retry == limit["t"]
    assert re.search(r"try again in \d+ minutes", refused.text)
    assert 'value="lock_me_out"' in refused.text  # the form comes back filled in


async def test_html_reply_carries_the_headers_when_it_succeeds(run):
    app, _ = await run("post_create=5/60s")
    member = await make_member("header_reader", "staying")
    transport = httpx.ASGITransport(app=app, client=("198.51.100.6", 5003))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        browser = Browser(c)
        await browser.sign_in(member.username)
        r = await browser.submit("/s/staying/new", None, {"title": "Headers", "body": "First."})
        thread_url = r.headers["location"].split("?")[0]
        replied = await browser.submit(thread_url, f"{thread_url}/reply", {"body": "A reply."})
    assert replied.status_code == 303
    assert parse_ratelimit(replied.headers["RateLimit-Policy"]) == {
        "post_create": {"q": 5, "w": 60}
    }
    assert parse_ratelimit(replied.headers["RateLimit"])["post_create"]["r"] == 4
    assert "Retry-After" not in replied.headers


async def test_ipv6_clients_share_an_allowance_per_64(run):
    app, _ = await run("register=2/3600s")

    async def register(address: str, name: str) -> int:
        transport = httpx.ASGITransport(app=app, client=(address, 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            r = await c.post(
                "/api/v1/auth/register",
                json={"username": name, "password": PASSWORD, "path": "staying"},
            )
            return r.status_code

    # One household's /64 hands out a fresh address per request: still one allowance.
    same_net = [await register(f"2001:db8:aa:bb::{i + 1:x}", f"v6_{i}") for i in range(3)]
    assert same_net == [201, 201, 429]
    assert (
        await register("2001:db8:aa:bc::1", "v6_next_door") == 201
    )  # the neighbouring /64 is not them


async def test_api_client_can_pace_itself_from_the_headers_alone(run):
    _, client = await run("search=3/60s")
    member = await make_member("pacer_two", "staying")
    remaining = []
    for _ in range(4):
        r = await client.get("/api/v1/search?q=anything", headers=member.auth)
        item = parse_ratelimit(r.headers["RateLimit"])["search"]
        remaining.append((r.status_code, item["r"]))
        if r.status_code == 429:
            # What a polite client reads: wait Retry-After, which is the reset of the exhausted window.
            assert int(r.headers["Retry-After"]) == item["t"] >= 1
    assert remaining == [(200, 2), (200, 1), (200, 0), (429, 0)]


async def test_edits_spend_the_reply_allowance_and_a_limited_edit_keeps_the_text(run):
    app, client = await run("post_create=3/60s")
    member = await make_member("second_thoughts", "staying")
    made = await client.post(
        "/api/v1/spaces/staying/threads", headers=member.auth, json={"title": "t", "body": "first"}
    )
    post_id = made.json()["post"]["id"]
    same = await client.patch(
        f"/api/v1/posts/{post_id}", headers=member.auth, json={"body": "first"}
    )
    assert same.status_code == 200  # nothing changed: nothing spent
    mod = await make_member("mod_words", roles=["moderator"])
    assert (
        await client.post(
            "/api/v1/moderation/watched-words",
            headers=mod.auth,
            json={"pattern": "grapefruit", "action": "block"},
        )
    ).status_code == 201
    for _ in range(3):  # refused by the screens: nothing spent either
        refused = await client.patch(
            f"/api/v1/posts/{post_id}", headers=member.auth, json={"body": "grapefruit"}
        )
        assert refused.status_code == 422, refused.text
    assert (
        await client.post(
            f"/api/v1/threads/{made.json()['thread']['id']}/posts",
            headers=member.auth,
            json={"body": "a reply"},
        )
    ).status_code == 201
    edits = [
        await client.patch(
            f"/api/v1/posts/{post_id}", headers=member.auth, json={"body": f"take {i}"}
        )
        for i in range(2)
    ]
    assert [r.status_code for r in edits] == [200, 200]
    assert parse_ratelimit(edits[1].headers["RateLimit"])["post_create"]["r"] == 0
    transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 5004))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        browser = Browser(c)
        await browser.sign_in(member.username)
        words = "What I really meant to say, at last."
        limited = await browser.submit(f"/p/{post_id}/edit", None, {"body": words})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert words in limited.text.replace("&#39;", "'")


async def test_openapi_documents_the_headers_of_rate_limited_operations(run):
    _, client = await run("")
    doc = (await client.get("/api/v1/openapi.json")).json()
    reply = doc["paths"]["/threads/{id}/posts"]["post"]["responses"]
    assert {"RateLimit-Policy", "RateLimit"} <= set(reply["201"]["headers"])
    assert {"RateLimit-Policy", "RateLimit", "Retry-After"} <= set(reply["429"]["headers"])
    limited = [
        op for path in doc["paths"].values() for op in path.values() if "429" in op["responses"]
    ]
    assert len(limited) >= 5 and all(
        "Retry-After" in op["responses"]["429"]["headers"] for op in limited
    )


async def test_sign_in_names_are_counted_without_storing_what_was_typed(run):
    from forum.ratelimit import DEFAULT_POLICIES
    from forum.throttle import _keys

    login = DEFAULT_POLICIES["login"]
    assert _keys(login, None, "192.0.2.1", "Door_Knocker") == ["name:door_knocker", "ip:192.0.2.1"]
    huge = _keys(login, None, None, "x" * 5000)
    assert huge[0].startswith("name:#") and len(huge[0]) < 50
    assert (
        _keys(login, None, None, "x" * 5000) == huge
        and _keys(login, None, None, "y" * 5000) != huge
    )
    # Every attempt at the same long name still counts against it.
    _, client = await run("login=2/300s")
    attempt = {"username": "Q" * 300, "password": "wrong wrong"}
    codes = [(await client.post("/api/v1/auth/tokens", json=attempt)).status_code for _ in range(3)]
    assert codes == [401, 401, 429]
