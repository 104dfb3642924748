"""Sign-in limits without races: the allowance is reserved before the password is checked.

Both limiter backends (in-process and Redis). A burst of parallel sign-ins for one username gets
at most the allowance of password checks; the right password inside the burst does not get in.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from asgi_lifespan import LifespanManager
from tortoise.backends.base.executor import EXECUTOR_CACHE

from forum import security
from forum.app import create_app
from tests.conftest import PASSWORD, Browser, make_member, test_settings
from tests.services import redis_url

pytestmark = pytest.mark.backends("sqlite")


async def _app(database_url: str, limits: str, backend: str):
    EXECUTOR_CACHE.clear()
    extra = {}
    if backend == "redis":
        extra = {"redis_url": redis_url(), "redis_prefix": f"test-{uuid.uuid4().hex[:10]}:"}
    return create_app(test_settings(database_url, rate_limits=limits, **extra), schema="generate")


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_parallel_sign_ins_get_at_most_the_allowance_of_password_checks(
    database_url, backend, monkeypatch
):
    checks = 0
    real = security.verify_password

    async def counting(password_hash, password):  # type: ignore[no-untyped-def]
        nonlocal checks
        checks += 1
        return await real(password_hash, password)

    monkeypatch.setattr(security, "verify_password", counting)
    app = await _app(database_url, "login=10/300s", backend)
    async with LifespanManager(app) as manager:
        from forum import runtime

        limiter = runtime.get().limiter
        if backend == "redis":
            # This test is about races, not outages: a loaded test machine must not trip the
            # 250 ms command deadline into the in-process fallback (tests/ratelimit covers that).
            limiter.primary._timeout = 10.0
        await make_member("burst_target", "leaving")
        transport = httpx.ASGITransport(app=manager.app, client=("198.51.100.20", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            attempts = [
                {"username": "burst_target", "password": f"guess number {i}"} for i in range(40)
            ]
            attempts[27]["password"] = PASSWORD  # the right one, deep in the burst
            replies = await asyncio.gather(
                *(client.post("/api/v1/auth/tokens", json=a) for a in attempts)
            )
    codes = [r.status_code for r in replies]
    if backend == "redis":
        assert await limiter.status() == "ok"
    assert checks <= 10
    assert codes.count(429) >= 30
    assert codes.count(401) + codes.count(201) == checks
    if codes[27] != 201:
        assert codes[27] == 429


async def test_the_owners_own_browser_is_not_locked_out_by_failures_elsewhere(database_url):
    app = await _app(database_url, "login=3/300s", "memory")
    async with LifespanManager(app) as manager:
        await make_member("targeted_one", "staying")
        owner = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app, client=("198.51.100.30", 1)),
            base_url="http://testserver",
        )
        attacker = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app, client=("203.0.113.66", 2)),
            base_url="http://testserver",
        )
        stranger = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app, client=("198.51.100.31", 3)),
            base_url="http://testserver",
        )
        async with owner, attacker, stranger:
            await Browser(owner).sign_in("targeted_one")  # sets the device cookie
            assert "crossroads_device" in owner.cookies
            await owner.post("/logout", data={"csrf_token": ""})  # whatever happens to the session
            owner.cookies.delete("crossroads_session")
            for _ in range(5):
                await attacker.post(
                    "/api/v1/auth/tokens",
                    json={"username": "targeted_one", "password": "nope nope"},
                )
            # A browser that never signed in as them is locked out with the name...
            refused = await Browser(stranger).submit(
                "/login", None, {"username": "targeted_one", "password": PASSWORD}
            )
            assert refused.status_code == 429
            # ...the owner's own browser is not.
            ok = await Browser(owner).submit(
                "/login", None, {"username": "targeted_one", "password": PASSWORD}
            )
            assert ok.status_code == 303
            # A device cookie is bound to its account: copied to another name it counts for nothing.
            forged = owner.cookies["crossroads_device"]
            await make_member("other_one", "staying")
            stranger.cookies.set("crossroads_device", forged)
            # From a fresh address: the first attacker's is used up, and a refused attempt costs
            # the name nothing (it checked no password).
            attacker2 = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=manager.app, client=("203.0.113.67", 4)),
                base_url="http://testserver",
            )
            async with attacker2:
                for _ in range(3):
                    await attacker2.post(
                        "/api/v1/auth/tokens",
                        json={"username": "other_one", "password": "nope nope"},
                    )
            r = await Browser(stranger).submit(
                "/login", None, {"username": "other_one", "password": PASSWORD}
            )
            assert r.status_code == 429


async def test_re_entering_a_password_is_limited(database_url):
    app = await _app(database_url, "reauth=3/900s", "memory")
    async with LifespanManager(app) as manager:
        member = await make_member("shared_laptop", "staying")
        transport = httpx.ASGITransport(app=manager.app, client=("198.51.100.40", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            codes = []
            for i in range(4):
                r = await client.patch(
                    "/api/v1/me",
                    headers=member.auth,
                    json={
                        "current_password": f"guess {i} guess",
                        "new_password": "a new long password",
                    },
                )
                codes.append(r.status_code)
            r = await client.request(
                "DELETE", "/api/v1/me", headers=member.auth, json={"password": PASSWORD}
            )
    assert codes[:3] == [422, 422, 422] and codes[3] == 429
    assert r.status_code == 429  # the same allowance: deleting the account is re-entering it too


async def test_probing_whether_a_name_is_taken_costs_registration_allowance(database_url):
    app = await _app(database_url, "register=3/3600s", "memory")
    async with LifespanManager(app) as manager:
        await make_member("already_here", "staying")
        transport = httpx.ASGITransport(app=manager.app, client=("198.51.100.50", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            codes = [
                (
                    await client.post(
                        "/api/v1/auth/register",
                        json={"username": "already_here", "password": PASSWORD, "path": "staying"},
                    )
                ).status_code
                for _ in range(4)
            ]
    assert codes == [409, 409, 409, 429]
