"""Accounts through the JSON API: register, tokens, me, path, password, export, delete."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, make_member


async def test_register_sign_in_and_me(client):
    r = await client.post("/api/v1/auth/register", json={"username": "Quiet_River", "password": PASSWORD, "path": "staying"})
    assert r.status_code == 201, r.text
    user = r.json()["user"]
    assert user["username"] == "Quiet_River" and user["path"] == "staying" and user["roles"] == []
    assert user["created_at"].endswith("Z")

    r = await client.post("/api/v1/auth/tokens", json={"username": "quiet_river", "password": PASSWORD})
    assert r.status_code == 201
    token = r.json()["token"]
    assert r.json()["expires_at"]

    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["user"]["id"] == user["id"]


async def test_username_is_unique_ignoring_case(client):
    await client.post("/api/v1/auth/register", json={"username": "Willow", "password": PASSWORD, "path": "leaving"})
    r = await client.post("/api/v1/auth/register", json={"username": "wILLOW", "password": PASSWORD, "path": "leaving"})
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
    r = await client.post("/api/v1/auth/register", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "malformed_request"
    r = await client.post("/api/v1/auth/register", json=["a", "list"])
    assert r.status_code == 400


async def test_too_large_body_is_413(client):
    r = await client.post("/api/v1/auth/register", content=b"x" * (300 * 1024), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_large"


async def test_wrong_password_and_unknown_user_look_the_same(client, app):
    await make_member("known_one", "staying")
    wrong = await client.post("/api/v1/auth/tokens", json={"username": "known_one", "password": "wrong password!!"})
    unknown = await client.post("/api/v1/auth/tokens", json={"username": "nobody_here", "password": "wrong password!!"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_revoked_token_stops_working(client, app):
    member = await make_member("leaves_soon", "leaving")
    assert (await client.get("/api/v1/me", headers=member.auth)).status_code == 200
    assert (await client.delete("/api/v1/auth/tokens/current", headers=member.auth)).status_code == 204
    r = await client.get("/api/v1/me", headers=member.auth)
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_signed_in"


async def test_bad_or_missing_token_is_401(client):
    assert (await client.get("/api/v1/me")).status_code == 401
    assert (await client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"})).status_code == 401
    assert (await client.get("/api/v1/me", headers={"Authorization": "Basic abc"})).status_code == 401


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
    r = await client.patch("/api/v1/me", headers=member.auth, json={"current_password": "wrong one!!", "new_password": new})
    assert r.status_code == 422 and "current_password" in r.json()["error"]["fields"]
    r = await client.patch("/api/v1/me", headers=member.auth, json={"current_password": PASSWORD, "new_password": new})
    assert r.status_code == 200
    assert (await client.get("/api/v1/me", headers=member.auth)).status_code == 401
    assert (await client.post("/api/v1/auth/tokens", json={"username": "pw_changer", "password": PASSWORD})).status_code == 401
    assert (await client.post("/api/v1/auth/tokens", json={"username": "pw_changer", "password": new})).status_code == 201


async def test_passwords_are_argon2id(app):
    from forum.accounts.models import User

    member = await make_member("argon_user", "staying")
    user = await User.get(id=member.id)
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


async def test_export_and_delete_my_data(client, app):
    member = await make_member("exporter", "staying")
    created = await client.post(
        "/api/v1/spaces/staying/threads", headers=member.auth, json={"title": "My story", "body": "It started in spring."}
    )
    assert created.status_code == 201
    export = await client.get("/api/v1/me/export", headers=member.auth)
    assert export.status_code == 200
    data = export.json()
    assert data["user"]["username"] == "exporter"
    assert [p["body"] for p in data["posts"]] == ["It started in spring."]

    bad = await client.request("DELETE", "/api/v1/me", headers=member.auth, json={"password": "not it at all"})
    assert bad.status_code == 422
    gone = await client.request("DELETE", "/api/v1/me", headers=member.auth, json={"password": PASSWORD})
    assert gone.status_code == 204
    assert (await client.get("/api/v1/me", headers=member.auth)).status_code == 401
    other = await make_member("reader_after", "staying")
    # Its opening post gone and no replies: the thread is gone for readers.
    thread = await client.get(f"/api/v1/threads/{created.json()['thread']['id']}", headers=other.auth)
    assert thread.status_code == 404
    # The old password no longer signs in, and the name stays reserved (nobody can post as them).
    r = await client.post("/api/v1/auth/tokens", json={"username": "exporter", "password": PASSWORD})
    assert r.status_code == 401
    again = await client.post("/api/v1/auth/register", json={"username": "exporter", "password": PASSWORD,
                                                              "path": "staying"})
    assert again.status_code == 409


async def test_signing_in_does_not_stall_other_requests(client, members):
    """Password hashing (argon2, tens of ms each) runs off the event loop: while several members
    sign in at once, the loop never stops for as long as one hash takes, so other pages keep moving."""
    import asyncio
    import time

    from argon2 import PasswordHasher

    hasher, one_hash = PasswordHasher(), float("inf")
    for _ in range(3):  # the shortest time one hash holds whatever thread runs it
        started = time.perf_counter()
        hasher.hash(PASSWORD)
        one_hash = min(one_hash, time.perf_counter() - started)

    done = asyncio.Event()
    longest_stall = 0.0

    async def watch_the_loop() -> None:
        nonlocal longest_stall
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0)
            now = time.perf_counter()
            longest_stall, last = max(longest_stall, now - last), now

    async def sign_ins() -> list[int]:
        try:
            replies = await asyncio.gather(*(
                client.post("/api/v1/auth/tokens", json={"username": m.username, "password": PASSWORD})
                for m in members.values() for _ in range(2)))
            return [r.status_code for r in replies]
        finally:
            done.set()

    statuses, _ = await asyncio.gather(sign_ins(), watch_the_loop())
    assert statuses == [201] * 8
    # Hashing on the loop would stall it for at least one whole hash; off it, stalls are the
    # requests' own work and the OS sharing two busy cores (15-25 ms here, against 85+ ms a hash).
    assert longest_stall < one_hash * 0.6, (longest_stall, one_hash)
