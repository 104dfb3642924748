"""Nothing a client sends produces a 500: the parsing layer (forum.validation) on both skins.

Each probe is one member of a kind the parsing layer handles for every route: path ids, slugs,
query strings, cursors, JSON bodies, form fields, times, ids inside bodies. The route walk at the
top covers every route of the app, so a new route inherits the test as it inherits the rules.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from starlette.routing import Mount, Route

from forum import validation
from tests.conftest import csrf_from

BAD_IDS = [
    "١",
    "+1",
    "1_0",
    "01",
    "-1",
    "0",
    "1.0",
    "%201",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999",
]
PARAM_RE = re.compile(r"{([a-z_]+)(?::[a-z]+)?}")


def _id_routes(settings: Any) -> list[tuple[str, str, str]]:
    """(method, path template, id parameter) for every route with an id in its path."""
    from forum.app import create_app

    found = []
    stack = list(create_app(settings, schema="generate").routes)
    while stack:
        route = stack.pop()
        if isinstance(route, Mount):
            stack.extend(route.routes or [])
        elif isinstance(route, Route):
            names = PARAM_RE.findall(route.path)
            if any(n == "id" or n.endswith("_id") for n in names):
                for method in sorted(route.methods or {"GET"}):
                    found.append((method, route.path, names))
    return found


async def test_every_id_route_answers_404_for_ids_that_cannot_exist(settings, client, members):
    member = members["moderator"]
    routes = _id_routes(settings)
    assert len(routes) > 40  # both skins and the plugins
    failures = []
    # 2**31 is a valid id on SQLite (64-bit ids), and out of range on PostgreSQL (int columns).
    bad_ids = [
        b for b in BAD_IDS if not (b == "2147483648" and settings.database_url.startswith("sqlite"))
    ]
    for method, template, _names in routes:
        for bad in bad_ids:
            path = PARAM_RE.sub(
                lambda m: bad if (m.group(1) == "id" or m.group(1).endswith("_id")) else "x",
                template,
            )
            r = await client.request(
                method, path, headers=member.auth if path.startswith("/api/") else {}
            )
            if r.status_code != 404:
                failures.append((method, path, r.status_code))
    assert failures == [], "\n".join(map(str, failures))


async def test_non_canonical_ids_never_alias_a_real_thread(client, members):
    m = members["undecided"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads", headers=m.auth, json={"title": "Real", "body": "x"}
    )
    thread_id = r.json()["thread"]["id"]
    assert (await client.get(f"/api/v1/threads/{thread_id}", headers=m.auth)).status_code == 200
    for alias in (
        f"+{thread_id}",
        f"0{thread_id}",
        "١" if thread_id == 1 else f"{thread_id}_0",
        f"{thread_id}.0",
    ):
        assert (await client.get(f"/api/v1/threads/{alias}", headers=m.auth)).status_code == 404, (
            alias
        )
        assert (await client.get(f"/t/{alias}")).status_code == 404, alias


async def test_a_slug_longer_than_its_column_is_missing(client, members):
    m = members["undecided"]
    long_slug = "s" * 41
    assert (
        await client.get(f"/api/v1/spaces/{long_slug}/threads", headers=m.auth)
    ).status_code == 404
    r = await client.post(
        f"/api/v1/spaces/{long_slug}/threads", headers=m.auth, json={"title": "t", "body": "b"}
    )
    assert r.status_code == 404
    assert (await client.get(f"/s/{long_slug}")).status_code == 404
    assert (await client.get("/s/%00")).status_code == 404


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "cursor=%00", "q=" + "a" * 5000, "q=%01"])
async def test_bad_query_strings_are_400_on_both_skins(client, members, query):
    m = members["undecided"]
    r = await client.get(f"/api/v1/search?{query}", headers=m.auth)
    assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_request"
    assert (await client.get(f"/search?{query}")).status_code == 400
    assert (
        await client.get(f"/api/v1/spaces/common-ground/threads?{query}", headers=m.auth)
    ).status_code == 400


def _cursor(*values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


GOOD_TIME = "2030-01-01T00:00:00+00:00"
BAD_IDS_IN_CURSORS = [10**30, 2**63, 1.5, True, "7", "\ud800", None, [1]]
BAD_TIMES_IN_CURSORS = [
    "\ud800",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    1,
    "x" * 600,
]
SHAPELESS_CURSORS = [
    base64.urlsafe_b64encode(b"[1e400, 1]").decode(),
    base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode(),
    "%%%",
    "a" * 2000,
]


def _bad_cursors(shape: str) -> list[str]:
    if shape == "time,id":
        return (
            [_cursor(GOOD_TIME, v) for v in BAD_IDS_IN_CURSORS]
            + [_cursor(t, 1) for t in BAD_TIMES_IN_CURSORS]
            + SHAPELESS_CURSORS
        )
    return [_cursor(v) for v in BAD_IDS_IN_CURSORS] + SHAPELESS_CURSORS


async def test_malformed_cursors_are_400(client, members, browser):
    m = members["undecided"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads", headers=m.auth, json={"title": "t", "body": "b"}
    )
    thread_id = r.json()["thread"]["id"]
    failures = []
    for url, shape in (
        ("/api/v1/spaces/common-ground/threads", "time,id"),
        (f"/api/v1/threads/{thread_id}", "id"),
        ("/api/v1/me/posts", "id"),
        ("/api/v1/amas", "time,id"),
        ("/api/v1/transparency-log", "id"),
    ):
        for cursor in _bad_cursors(shape):
            r = await client.get(url, headers=m.auth, params={"cursor": cursor})
            if r.status_code != 400 or r.json()["error"]["code"] != "malformed_request":
                failures.append(
                    (
                        url,
                        base64.urlsafe_b64decode(cursor + "==")[:60]
                        if "%" not in cursor
                        else cursor,
                        r.status_code,
                    )
                )
    await browser.sign_in(m.username)
    for cursor in _bad_cursors("time,id"):
        r = await browser.client.get("/s/common-ground", params={"cursor": cursor})
        if r.status_code != 400:
            failures.append(("/s/common-ground", cursor[:40], r.status_code))
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 40_000 + b"1" + b"}" * 40_000,
        b'{"a":' + b"[" * 40 + b"]" * 40 + b"}",
        b'{"username": "sam_staying", "password": NaN}',
        b'{"\\udfff": 1}',
        b"\xff\xfe{}",
    ],
)
async def test_hostile_json_bodies_are_400(client, members, raw):
    r = await client.post(
        "/api/v1/auth/tokens", content=raw, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "malformed_request"
    m = members["undecided"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        content=raw,
        headers={"Content-Type": "application/json", **m.auth},
    )
    assert r.status_code == 400


@pytest.mark.parametrize(
    "body, field",
    [
        (b'{"username": "sam_staying", "password": "\\ud800"}', "password"),
        (b'{"username": "sam\\u0000staying", "password": "x"}', "username"),
        (b'{"username": "sam_staying", "password": ["\\udc00"]}', "password"),
    ],
)
async def test_strings_that_cannot_be_stored_or_hashed_are_422_naming_the_field(
    client, members, body, field
):
    r = await client.post(
        "/api/v1/auth/tokens", content=body, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422, r.text
    assert field in r.json()["error"]["fields"]


@pytest.mark.parametrize(
    "until",
    [
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "+999999-01-01",
        "2030-01-01T00:00:00+99:00",
        1e308,
        ["x"],
        "2030-02-30T00:00",
    ],
)
async def test_times_at_the_calendar_edges_are_422_with_the_field(client, members, until):
    mod, target = members["moderator"], members["undecided"]
    r = await client.post(
        f"/api/v1/moderation/users/{target.id}/suspensions",
        headers=mod.auth,
        json={"until": until, "reason": "testing"},
    )
    assert r.status_code == 422, r.text
    assert "until" in r.json()["error"]["fields"]


@pytest.mark.parametrize("host", [10**20, 2**63, -1, "١", "9" * 30, True, 1.5, {"x": 1}])
async def test_ids_inside_bodies_are_checked(client, members, host):
    mod = members["moderator"]
    r = await client.post(
        "/api/v1/amas",
        headers=mod.auth,
        json={
            "title": "Ask me",
            "description": "About",
            "space": "common-ground",
            "starts_at": "2031-01-01T10:00:00Z",
            "ends_at": "2031-01-01T11:00:00Z",
            "host_id": host,
        },
    )
    assert r.status_code in (403, 422), r.text
    if r.status_code == 422:
        assert "host_id" in r.json()["error"]["fields"]


async def test_form_fields_with_nul_or_bad_unicode_are_refused(browser):
    page = await browser.get("/login")
    token = csrf_from(page.text)
    r = await browser.client.post(
        "/login", data={"csrf_token": token, "username": "sam\x00", "password": "x"}
    )
    assert r.status_code == 422
    r = await browser.client.post(
        "/register",
        content=b"csrf_token=" + token.encode() + b"&username=%ED%A0%80",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code in (400, 403, 422)


async def test_a_long_bearer_token_is_401_not_500(client):
    r = await client.get("/api/v1/me", headers={"Authorization": "Bearer " + "x" * 5000})
    assert r.status_code == 401


def test_parse_id_is_canonical_and_bounded() -> None:
    assert validation.parse_id_or_none("42") == 42
    assert validation.parse_id_or_none(42) == 42
    for bad in ("١", "+1", "1_0", "01", " 1", "1 ", "0", "-1", "", "٣٤", True, 1.0, None, 2**31):
        assert validation.parse_id_or_none(bad) is None, bad


def test_parse_time_stays_inside_the_calendar() -> None:
    assert validation.parse_time("2030-01-01T10:00:00+02:00", "t").hour == 8
    for bad in (
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "1800-01-01T00:00",
        "x" * 100,
    ):
        with pytest.raises(validation.ValidationError):
            validation.parse_time(bad, "t")


@pytest.mark.parametrize(
    "title,body", [("\u200b\u200b", "A body"), ("A title", "\u3164\u2060\n\u200b")]
)
async def test_threads_with_nothing_visible_are_refused(client, members, title, body):
    m = members["undecided"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads", headers=m.auth, json={"title": title, "body": body}
    )
    assert r.status_code == 422
    assert set(r.json()["error"]["fields"]) == ({"title"} if title != "A title" else {"body"})
    listing = (await client.get("/api/v1/spaces/common-ground/threads", headers=m.auth)).json()
    assert listing["items"] == []


@pytest.mark.parametrize("quote", ["2147483648", "9223372036854775808", "9" * 20, "١", "+1", "01"])
async def test_odd_ids_in_page_query_strings_never_500_nor_alias(client, members, browser, quote):
    """Ids read from a page's query string or form go through the same parsing layer as path ids:
    out of range or non-canonical is no id at all (here: nothing is quoted), never a 500."""
    m = members["undecided"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=m.auth,
        json={"title": "Quoted", "body": "QUOTE-ME text of the opening post"},
    )
    thread = r.json()["thread"]
    await browser.sign_in(m.username)
    r = await browser.client.get(f"/t/{thread['id']}", params={"quote": quote})
    assert r.status_code == 200
    assert "QUOTE-ME" not in r.text.split('id="reply-form"', 1)[-1]  # the reply box is not filled
    # Marking "one notice" read with an id that cannot be one is an error, not "mark all read"
    # (a well-formed id that is not theirs is ignored, as ever: 2147483648 fits SQLite's ids).
    page = await browser.client.get("/notifications")
    r = await browser.client.post(
        "/notifications", data={"csrf_token": csrf_from(page.text), "id": quote}
    )
    assert r.status_code == (303 if validation.parse_id_or_none(quote) else 422), r.status_code
