"""Sign-in and password re-entry limits count FAILURES: a right password gives its reservation back.

The allowance is reserved before the password is checked (tests/ratelimit/test_login_races.py
keeps parallel guesses within it); these tests are about members who get their password right,
many of them behind one address (a library, a shelter's wifi), on both limiter backends, both
skins (the sign-in form and the API) and both databases.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from asgi_lifespan import LifespanManager
from tortoise.backends.base.executor import EXECUTOR_CACHE

from forum.app import create_app
from tests.conftest import PASSWORD, Browser, make_member, test_settings
from tests.services import redis_url

LIMITS = "login=10/300s,30/3600s;reauth=3/900s"


def _app(database_url: str, backend: str):
    EXECUTOR_CACHE.clear()
    extra = {}
    if backend == "redis":
        extra = {"redis_url": redis_url(), "redis_prefix": f"test-{uuid.uuid4().hex[:10]}:"}
    return create_app(test_settings(database_url, rate_limits=LIMITS, **extra), schema="generate")


def _client(app, ip: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(ip, 5000)), base_url="http://testserver"
    )


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_many_members_signing_in_from_one_address_are_never_locked_out(database_url, backend):
    async with LifespanManager(_app(database_url, backend)) as manager:
        names = [f"library_reader_{i}" for i in range(12)]
        for name in names:
            await make_member(name, "staying")
        codes = []
        for name in names:  # the sign-in form, one browser each, all behind the library's address
            async with _client(manager.app, "198.51.100.60") as c:
                page = await Browser(c).submit(
                    "/login", None, {"username": name, "password": PASSWORD}
                )
                codes.append(page.status_code)
        assert codes == [303] * 12
        # Failures still count, from the same address: the 11th attempt waits, right password or not.
        async with _client(manager.app, "198.51.100.60") as c:
            wrong = [
                (
                    await Browser(c).submit(
                        "/login", None, {"username": names[0], "password": "not it at all"}
                    )
                ).status_code
                for _ in range(10)
            ]
            late = await Browser(c).submit(
                "/login", None, {"username": names[1], "password": PASSWORD}
            )
        assert wrong == [401] * 10 or all(code in (400, 401, 422) for code in wrong), wrong
        assert late.status_code == 429


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_api_tokens_for_one_member_are_not_limited_by_successes(database_url, backend):
    async with LifespanManager(_app(database_url, backend)) as manager:
        await make_member("many_devices", "staying")
        async with _client(manager.app, "198.51.100.61") as c:
            codes = [
                (
                    await c.post(
                        "/api/v1/auth/tokens",
                        json={"username": "many_devices", "password": PASSWORD},
                    )
                ).status_code
                for _ in range(15)
            ]
            r = await c.post(
                "/api/v1/auth/tokens", json={"username": "many_devices", "password": PASSWORD}
            )
        assert codes == [201] * 15
        assert r.headers["RateLimit"].startswith('"login-300s";r=10'), r.headers["RateLimit"]


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_re_entering_the_right_password_gives_the_reauth_allowance_back(
    database_url, backend
):
    from forum.accounts import actions
    from forum.accounts.models import User

    async with LifespanManager(_app(database_url, backend)) as manager:
        member = await make_member("careful_changer", "staying")
        passwords = [
            PASSWORD,
            "a second long password",
            PASSWORD,
            "a second long password",
            PASSWORD,
        ]
        async with _client(manager.app, "198.51.100.62") as c:
            codes = []
            for old, new in zip(
                passwords, passwords[1:], strict=False
            ):  # four changes; the allowance is three
                token = await actions.create_token(await User.get(id=member.id))
                r = await c.patch(
                    "/api/v1/me",
                    headers={"Authorization": f"Bearer {token.value}"},
                    json={"current_password": old, "new_password": new},
                )
                codes.append(r.status_code)
            token = await actions.create_token(await User.get(id=member.id))
            gone = await c.request(
                "DELETE",
                "/api/v1/me",
                headers={"Authorization": f"Bearer {token.value}"},
                json={"password": PASSWORD},
            )
        assert codes == [200] * 4
        assert gone.status_code == 204


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_account_page_password_changes_give_the_allowance_back(database_url, backend):
    async with LifespanManager(_app(database_url, backend)) as manager:
        await make_member("form_changer", "staying")
        async with _client(manager.app, "198.51.100.63") as c:
            b = Browser(c)
            await b.sign_in("form_changer")
            passwords = [
                PASSWORD,
                "a second long password",
                PASSWORD,
                "a second long password",
                PASSWORD,
            ]
            codes = [
                (
                    await b.submit(
                        "/account",
                        None,
                        {"form": "password", "current_password": old, "new_password": new},
                    )
                ).status_code
                for old, new in zip(passwords, passwords[1:], strict=False)
            ]
            wrong = [
                (
                    await b.submit(
                        "/account",
                        None,
                        {
                            "form": "password",
                            "current_password": "nope nope nope",
                            "new_password": "whatever long one",
                        },
                    )
                ).status_code
                for _ in range(4)
            ]
        assert codes == [303] * 4
        assert wrong[:3] != [429] * 3 and wrong[3] == 429  # wrong passwords still spend it


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_guesses_refused_for_their_address_do_not_wear_down_the_name(database_url, backend):
    async with LifespanManager(_app(database_url, backend)) as manager:
        await make_member("the_real_owner", "staying")
        async with _client(manager.app, "203.0.113.90") as attacker:
            for i in range(10):  # the address's allowance, spent on other names
                await attacker.post(
                    "/api/v1/auth/tokens",
                    json={"username": f"someone_{i}", "password": "wrong wrong"},
                )
            refused = [
                (
                    await attacker.post(
                        "/api/v1/auth/tokens",
                        json={"username": "the_real_owner", "password": "wrong wrong"},
                    )
                ).status_code
                for _ in range(12)
            ]
        assert refused == [429] * 12
        async with _client(
            manager.app, "198.51.100.91"
        ) as owner:  # elsewhere, the name is untouched
            r = await owner.post(
                "/api/v1/auth/tokens",
                json={"username": "the_real_owner", "password": "wrong wrong"},
            )
            assert r.status_code == 401
            assert r.headers["RateLimit"].startswith('"login-300s";r=9'), r.headers["RateLimit"]
