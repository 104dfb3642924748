"""The server's log: one line per request with an id and a route name, and nothing that watches people.

A real `crossroads serve` (uvicorn, its logging as configured for production) goes
through a whole visit: register, sign in on the page and by token, search with a
query string, post a thread. Its complete output must not contain the client's
address, the search words, the username or the post's text.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest

from tests.conftest import csrf_from
from tests.live import live_server

USERNAME = "logprobe_walnut"
PASSWORD = "a long enough password 42"
SEARCH = "leavingmyhusbandforher"
BODY = "unmistakable-body-marker I told him tonight"


def _visit(url: str) -> list[str]:
    """A full request cycle; returns the X-Request-ID of every response."""
    ids: list[str] = []
    # From 127.0.0.2, so the server's own listening address (127.0.0.1, in its banner) differs.
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=url, timeout=30, transport=transport) as c:

        def seen(r: httpx.Response) -> httpx.Response:
            ids.append(r.headers["x-request-id"])
            return r

        page = seen(c.get("/register"))
        r = seen(
            c.post(
                "/register",
                data={
                    "csrf_token": csrf_from(page.text),
                    "username": USERNAME,
                    "password": PASSWORD,
                    "password_confirm": PASSWORD,
                    "path": "leaving",
                    "accept": "on",
                    "agree": "on",
                },
            )
        )
        assert r.status_code in (200, 303), r.text[:500]
        if r.status_code != 303:  # the form wants other fields: register through the API instead
            r = seen(
                c.post(
                    "/api/v1/auth/register",
                    json={"username": USERNAME, "password": PASSWORD, "path": "leaving"},
                )
            )
            assert r.status_code == 201, r.text
        c.cookies.clear()
        page = seen(c.get("/login"))
        r = seen(
            c.post(
                "/login",
                data={
                    "csrf_token": csrf_from(page.text),
                    "username": USERNAME,
                    "password": PASSWORD,
                },
            )
        )
        assert r.status_code == 303, r.text[:500]
        assert seen(c.get(f"/search?q={SEARCH}")).status_code in (200, 303)
        token = seen(
            c.post("/api/v1/auth/tokens", json={"username": USERNAME, "password": PASSWORD})
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        assert seen(c.get(f"/api/v1/search?q={SEARCH}", headers=auth)).status_code == 200
        r = seen(
            c.post(
                "/api/v1/spaces/common-ground/threads",
                headers=auth,
                json={"title": "Talking tonight", "body": BODY},
            )
        )
        assert r.status_code == 201, r.text
        bad = seen(
            c.post(
                "/login",
                data={"csrf_token": "x", "username": USERNAME, "password": "wrong " + PASSWORD},
            )
        )
        assert bad.status_code >= 400
    return ids


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_full_visit_leaves_no_address_query_username_or_body_in_the_log(tmp_path, log_format):
    with live_server(tmp_path, {"CROSSROADS_LOG_FORMAT": log_format}) as server:
        ids = _visit(server.url)
    log = server.log.read_text()
    for secret in ("127.0.0.2", SEARCH, "q=", USERNAME, "unmistakable-body-marker", PASSWORD):
        assert secret not in log, f"{secret!r} is in the server log:\n{log}"
    request_lines = [line for line in log.splitlines() if "crossroads.request" in line]
    # One line per request, each carrying the id the client was given.
    assert len(request_lines) >= len(ids)
    for rid in ids:
        assert re.fullmatch(r"[0-9a-f]{16}", rid)
        assert sum(rid in line for line in request_lines) == 1, rid
    if log_format == "json":
        records = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
        requests = [r for r in records if r["logger"] == "crossroads.request"]
        routes = {r["route"] for r in requests}
        assert {
            "accounts.login",
            "search.show",
            "api.posts.search",
            "api.spaces.create_thread",
        } <= routes, routes
        for record in requests:
            assert set(record) >= {"request_id", "method", "route", "status", "duration_ms"}
            assert "/" not in record["route"] or record["route"] == "not_found"
        assert all(r.get("level") for r in records)  # uvicorn's own lines are JSON too
    else:
        assert any(
            re.search(r"route=accounts\.login status=303 duration_ms=[0-9.]+", line)
            for line in request_lines
        )


async def test_an_operator_can_turn_on_addresses_and_query_strings(tmp_path, caplog):
    import logging

    from asgi_lifespan import LifespanManager

    from forum.app import create_app
    from forum.settings import Settings

    caplog.set_level(logging.INFO, logger="crossroads.request")
    settings = Settings.from_env(
        {
            "CROSSROADS_DATABASE_URL": f"sqlite://{tmp_path / 'l.db'}",
            "CROSSROADS_SECRET_KEY": "s" * 40,
            "CROSSROADS_LOG_INCLUDE": "address,query",
        }
    )
    app = create_app(settings, schema="generate")
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            await c.get("/healthz?probe=1")
    fields = [r.fields for r in caplog.records if r.name == "crossroads.request"]
    assert fields and fields[-1]["client_address"] == "203.0.113.7"
    assert fields[-1]["path"] == "/healthz?probe=1"


def test_a_bad_log_setting_stops_start_up():
    from forum.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="CROSSROADS_LOG_FORMAT"):
        Settings.from_env({"CROSSROADS_LOG_FORMAT": "xml", "CROSSROADS_SECRET_KEY": "s" * 40})
    with pytest.raises(SettingsError, match="CROSSROADS_LOG_INCLUDE"):
        Settings.from_env({"CROSSROADS_LOG_INCLUDE": "bodies", "CROSSROADS_SECRET_KEY": "s" * 40})


def test_a_database_errors_message_never_reaches_the_log_but_its_traceback_does():
    """An unexpected 500 from the database layer is logged with its types, files and lines, but
    not the driver's message, which quotes the values it was sent (here a post body)."""
    import logging as _logging

    import asyncpg
    from tortoise.exceptions import OperationalError

    from forum.requestlog import WITHHELD, JsonFormatter, TextFormatter

    secret = "my husband Jonathan reads this forum"

    def failing() -> None:
        try:
            raise asyncpg.exceptions.DataError(f"invalid input for query argument $2: '{secret}'")
        except asyncpg.exceptions.DataError as exc:
            raise OperationalError(exc) from exc

    try:
        failing()
    except OperationalError:
        import sys as _sys

        record = _logging.LogRecord(
            "crossroads", _logging.ERROR, __file__, 1, "request failed", None, _sys.exc_info()
        )
    for formatter in (TextFormatter(), JsonFormatter()):
        line = formatter.format(record)
        assert secret not in line
        assert "OperationalError" in line and "DataError" in line and "failing" in line
        assert WITHHELD in line or json.dumps(WITHHELD)[1:-1] in line

    # Other exceptions keep their messages (they are the app's own words).
    try:
        raise ValueError("a bad setting: CROSSROADS_LOG_FORMAT")
    except ValueError:
        import sys as _sys

        record = _logging.LogRecord(
            "crossroads", _logging.ERROR, __file__, 1, "start-up", None, _sys.exc_info()
        )
    assert "a bad setting: CROSSROADS_LOG_FORMAT" in TextFormatter().format(record)
