"""Accounts through the JSON API: register, tokens, me, path, password, export, delete."""

from __future__ import annotations

import asyncio
import threading

import pytest

from tests.conftest import PASSWORD, make_member


async def test_register_sign_in_and_me(client):
    r = await client.post(
        "/api/v1/auth/register",
        json={"username": "Quiet_River", "password": PASSWORD, "path": "staying"},
    )
    assert r.status_code == 201, r.text
    user = r.json()["user"]
    assert user["username"] == "Quiet_River" and user["path"] == "staying" and user["roles"] == []
    assert user["created_at"].endswith("Z")

    r = await client.post(
        "/api/v1/auth/tokens", json={"username": "quiet_river", "password": PASSWORD}
    )
    assert r.status_code == 201
    token = r.json()["token"]
    assert r.json()["expires_at"]

    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["user"]["id"] == user["id"]


async def test_username_is_unique_ignoring_case(client):
    await client.post(
        "/api/v1/auth/register",
        json={"username": "Willow", "password": PASSWORD, "path": "leaving"},
    )
    r = await client.post(
        "/api/v1/auth/register",
        json={"username": "wILLOW", "password": PASSWORD, "path": "leaving"},
    )
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "conflict"
    assert "username" in r.json()["error"]["fields"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"username": "ab", "password": PASSWORD, "path": "staying"}, "username"),
        ({"username": "has space", "password": PASSWORD, "path": "staying"}, "username"),
        ({"username": "x" * 31, "password": PASSWORD, "path": "staying"}, "username"),
        ({"username": "okname", "password": "short", "path": "staying"}, "password"),
        ({"username": "okname", "password": PASSWORD, "path": "sideways"}, "path"),
        ({"username": 12345, "password": PASSWORD, "path": "staying"}, "username"),
        ({"password": PASSWORD, "path": "staying"}, "username"),
    ],
)
async def test_register_rejects_invalid_fields(client, body, field):
    r = await client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]


async def test_malformed_json_is_400(client):
    r = await client.post(
        "/api/v1/auth/register", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "malformed_request"
    r = await client.post("/api/v1/auth/register", json=["a", "list"])
    assert r.status_code == 400


async def test_too_large_body_is_413(client):
    r = await client.post(
        "/api/v1/auth/register",
        content=b"x" * (300 * 1024),
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_large"


async def test_wrong_password_and_unknown_user_look_the_same(client, app):
    await make_member("known_one", "staying")
    wrong = await client.post(
        "/api/v1/auth/tokens", json={"username": "known_one", "password": "wrong password!!"}
    )
    unknown = await client.post(
        "/api/v1/auth/tokens", json={"username": "nobody_here", "password": "wrong password!!"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_revoked_token_stops_working(client, app):
    member = await make_member("leaves_soon", "leaving")
    assert (await client.get("/api/v1/me", headers=member.auth)).status_code == 200
    assert (
        await client.delete("/api/v1/auth/tokens/current", headers=member.auth)
    ).status_code == 204
    r = await client.get("/api/v1/me", headers=member.auth)
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_signed_in"


async def test_bad_or_missing_token_is_401(client):
    assert (await client.get("/api/v1/me")).status_code == 401
    assert (
        await client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"})
    ).status_code == 401
    assert (
        await client.get("/api/v1/me", headers={"Authorization": "Basic abc"})
    ).status_code == 401


async def test_tokens_are_stored_hashed(client, app):
    from forum.accounts.models import ApiToken

    member = await make_member("hash_check", "staying")
    stored = await ApiToken.get(user_id=member.id)
    assert member.token not in stored.token_hash and len(stored.token_hash) == 64


async def test_change_path_is_logged_and_limited(client, app):
    from forum.accounts.models import PathChange

    member = await make_member("path_changer", "undecided")
    r = await client.patch("/api/v1/me", headers=member.auth, json={"path": "staying"})
    assert r.status_code == 200 and r.json()["user"]["path"] == "staying"
    change = await PathChange.get(user_id=member.id)
    assert (change.old_path, change.new_path) == ("undecided", "staying") and change.changed_at
    again = await client.patch("/api/v1/me", headers=member.auth, json={"path": "leaving"})
    assert again.status_code == 422 and "path" in again.json()["error"]["fields"]


async def test_change_password_ends_other_tokens(client, app):
    member = await make_member("pw_changer", "staying")
    new = "an even longer passphrase"
    r = await client.patch(
        "/api/v1/me",
        headers=member.auth,
        json={"current_password": "wrong one!!", "new_password": new},
    )
    assert r.status_code == 422 and "current_password" in r.json()["error"]["fields"]
    r = await client.patch(
        "/api/v1/me", headers=member.auth, json={"current_password": PASSWORD, "new_password": new}
    )
    assert r.status_code == 200
    assert (await client.get("/api/v1/me", headers=member.auth)).status_code == 401
    assert (
        await client.post(
            "/api/v1/auth/tokens", json={"username": "pw_changer", "password": PASSWORD}
        )
    ).status_code == 401
    assert (
        await client.post("/api/v1/auth/tokens", json={"username": "pw_changer", "password": new})
    ).status_code == 201


async def test_passwords_are_argon2id(app):
    from forum.accounts.models import User

    member = await make_member("argon_user", "staying")
    user = await User.get(id=member.id)
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


async def test_export_and_delete_my_data(client, app):
    member = await make_member("exporter", "staying")
    created = await client.post(
        "/api/v1/spaces/staying/threads",
        headers=member.auth,
        json={"title": "My story", "body": "It started in spring."},
    )
    assert created.status_code == 201
    export = await client.get("/api/v1/me/export", headers=member.auth)
    assert export.status_code == 200
    data = export.json()
    assert data["user"]["username"] == "exporter"
    assert [p["body"] for p in data["posts"]] == ["It started in spring."]

    bad = await client.request(
        "DELETE", "/api/v1/me", headers=member.auth, json={"password": "not it at all"}
    )
    assert bad.status_code == 422
    gone = await client.request(
        "DELETE", "/api/v1/me", headers=member.auth, json={"password": PASSWORD}
    )
    assert gone.status_code == 204
    assert (await client.get("/api/v1/me", headers=member.auth)).status_code == 401
    other = await make_member("reader_after", "staying")
    # Its opening post gone and no replies: the thread is gone for readers.
    thread = await client.get(
        f"/api/v1/threads/{created.json()['thread']['id']}", headers=other.auth
    )
    assert thread.status_code == 404
    # The old password no longer signs in, and the name stays reserved (nobody can post as them).
    r = await client.post(
        "/api/v1/auth/tokens", json={"username": "exporter", "password": PASSWORD}
    )
    assert r.status_code == 401
    again = await client.post(
        "/api/v1/auth/register",
        json={"username": "exporter", "password": PASSWORD, "path": "staying"},
    )
    assert again.status_code == 409


class _HeldHasher:
    """Wraps the real argon2 hasher; each hash or verify waits (in whatever thread runs it) until the
    test lets it go, so the test can ask the loop for something else while a hash is under way."""

    def __init__(self, real):
        self.real, self.started, self.let_go = real, threading.Event(), threading.Event()
        self.waited_out = (
            False  # True if a hash gave up waiting: nobody could answer the test meanwhile
        )

    def _hold(self):
        self.started.set()
        self.waited_out |= not self.let_go.wait(timeout=10)

    def hash(self, password):
        self._hold()
        return self.real.hash(password)

    def verify(self, password_hash, password):
        self._hold()
        return self.real.verify(password_hash, password)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.parametrize("action", ["sign in", "register"])
async def test_hashing_a_password_does_not_hold_up_other_requests(
    client, members, monkeypatch, action
):
    """Password hashing (argon2, tens of ms each) runs off the event loop: while one member's hash
    is under way, another member's page is served. Checked by order of events, not by timing: the
    hash is held until the other request has its answer, which can only come if the loop is free."""
    from forum import security

    held = _HeldHasher(security._hasher)
    monkeypatch.setattr(security, "_hasher", held)
    member = next(iter(members.values()))
    if action == "sign in":
        slow = asyncio.ensure_future(
            client.post(
                "/api/v1/auth/tokens", json={"username": member.username, "password": PASSWORD}
            )
        )
    else:
        slow = asyncio.ensure_future(
            client.post(
                "/api/v1/auth/register",
                json={"username": "newcomer", "password": PASSWORD, "path": "staying"},
            )
        )
    assert await asyncio.to_thread(held.started.wait, 10), "no password was hashed"
    other = await client.get("/api/v1/me", headers=member.auth)
    held.let_go.set()
    reply = await slow
    assert other.status_code == 200 and other.json()["user"]["username"] == member.username
    assert reply.status_code == 201, reply.text
    assert not held.waited_out, (
        "the hash held the event loop: the other request could not be answered"
    )
