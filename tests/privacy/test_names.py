"""Account deletion always works, and a pseudonym is not up for grabs (issue 11)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, make_member


async def _register(client, username: str):
    return await client.post(
        "/api/v1/auth/register",
        json={"username": username, "password": PASSWORD, "path": "staying"},
    )


async def test_deletion_works_when_someone_registered_the_old_placeholder_name(client, browser):
    victim = await make_member("quiet_reader", "staying")
    assert (await _register(client, f"deleted-{victim.id}")).status_code == 201
    r = await client.request(
        "DELETE", "/api/v1/me", headers=victim.auth, json={"password": PASSWORD}
    )
    assert r.status_code == 204, r.text  # was a 500, and the account stayed live
    assert (await client.get("/api/v1/me", headers=victim.auth)).status_code == 401
    # And through the page.
    second = await make_member("second_reader", "staying")
    assert (await _register(client, f"deleted-{second.id}")).status_code == 201
    await browser.sign_in(second.username)
    page = await browser.submit(
        "/account/delete", None, {"password": PASSWORD, "confirm": "delete"}
    )
    assert page.status_code in (200, 303), page.text
    assert (await client.get("/api/v1/me", headers=second.auth)).status_code == 401


async def test_a_deleted_members_pseudonym_stays_reserved(client):
    member = await make_member("harbour_light", "leaving")
    r = await client.request(
        "DELETE", "/api/v1/me", headers=member.auth, json={"password": PASSWORD}
    )
    assert r.status_code == 204
    for name in ("harbour_light", "Harbour_Light", "harbour_Iight"):
        again = await _register(client, name)
        assert again.status_code == 409, (name, again.text)  # was 201: anyone could post as them


@pytest.mark.parametrize(
    "existing, lookalike", [("lindsey_m", "Iindsey_m"), ("modX", "rnodX"), ("oliver0", "o1iver0")]
)
async def test_names_that_look_like_a_members_are_refused(client, existing, lookalike):
    assert (await _register(client, existing)).status_code == 201
    r = await _register(client, lookalike)
    assert r.status_code == 409 and "username" in r.json()["error"]["fields"], r.text


@pytest.mark.parametrize(
    "name", ["moderator", "admin", "crossroads-staff", "therapist-LMFT", "M0derator", "Admin_Team"]
)
async def test_names_that_look_like_staff_are_refused(client, browser, name):
    r = await _register(client, name)
    assert r.status_code == 409 and "username" in r.json()["error"]["fields"], r.text


async def test_the_register_page_says_why(browser):
    page = await browser.submit(
        "/register", None, {"username": "crossroads-staff", "password": PASSWORD, "path": "staying"}
    )
    assert (
        page.status_code in (409, 422)
        and "staff" in page.text
        and 'value="crossroads-staff"' in page.text
    )


async def test_ordinary_names_still_register(client):
    for name in ("badminton_fan", "rowan_m", "lily_1988"):
        assert (await _register(client, name)).status_code == 201, name


@pytest.mark.parametrize(
    "existing, lookalike",
    [
        ("lantern_keeper", "lantern-keeper"),
        ("lantern-keeper", "lanternkeeper"),
        ("sea_glass", "Sea__Glass"),
        ("rowan", "r-o-w-a-n"),
    ],
)
async def test_names_that_differ_only_in_separators_are_refused(client, existing, lookalike):
    assert (await _register(client, existing)).status_code == 201
    r = await _register(client, lookalike)
    assert r.status_code == 409 and "username" in r.json()["error"]["fields"], r.text


async def test_the_register_page_refuses_a_separator_variant_and_keeps_the_name(browser):
    await make_member("lantern_keeper", "staying")
    page = await browser.submit(
        "/register", None, {"username": "lantern-keeper", "password": PASSWORD, "path": "staying"}
    )
    assert (
        page.status_code == 409
        and "looks too much like" in page.text
        and 'value="lantern-keeper"' in page.text
    )


def test_separators_and_their_look_alikes_make_no_different_key():
    from forum.accounts.names import name_key, strip_separators

    key = name_key("lantern_keeper")
    assert (
        key
        == name_key("lantern-keeper")
        == name_key("lantern.keeper")
        == name_key("lantern keeper")
    )
    for sep in (
        "\u2010",
        "\u2212",
        "\uff3f",
        "\uff0d",
        "\u2024",
        "\u00b7",
        "\u3000",
        "\u00a0",
        "\u02cd",
        "\u2014",
    ):
        assert name_key(f"lantern{sep}keeper") == key, hex(ord(sep))
    assert strip_separators(key) == key  # stable: the key of a key is itself
    assert name_key("lantern_keeper") != name_key("lantern_keepers")


async def test_start_up_brings_old_keys_up_to_date_and_survives_collisions(database_url):
    """Keys stored before separators were ignored are recomputed at start-up, reserved names'
    too; two existing accounts that now share a key both keep working, and start-up does not fail."""
    import httpx
    from asgi_lifespan import LifespanManager
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from forum import runtime
    from forum.accounts.models import ReservedName, User
    from forum.accounts.names import skeleton
    from forum.app import create_app
    from tests.conftest import Browser, test_settings

    settings = test_settings(database_url)
    EXECUTOR_CACHE.clear()
    async with LifespanManager(create_app(settings, schema="generate")):
        a = await make_member("lantern_keeper", "staying")
        await make_member("quiet_harbour", "leaving")
        # As an older version stored them: a plain skeleton, separators kept; the second account
        # registered back when the two names made different keys.
        b = await make_member("lantern-keep", "staying")
        await User.filter(id=b.id).update(username="lantern-keeper", username_key="lantern-keeper")
        for member in (a, b):
            user = await User.get(id=member.id)
            await User.filter(id=member.id).update(name_key=skeleton(user.username))
        await User.filter(username="quiet_harbour").update(name_key=None)
        until = runtime.now().replace(year=runtime.now().year + 1)
        await ReservedName.create(name_key=skeleton("old_friend"), until=until)
    EXECUTOR_CACHE.clear()
    app = create_app(settings, schema="generate")
    async with LifespanManager(app) as manager:  # start-up runs the fill; it must not fail
        keys = {u.username: u.name_key for u in await User.all()}
        assert keys["lantern_keeper"] == keys["lantern-keeper"] == "lanternkeeper"
        assert keys["quiet_harbour"] == "quietharbour"
        assert await ReservedName.filter(name_key="oldfriend").exists()
        transport = httpx.ASGITransport(app=manager.app, client=("203.0.113.70", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            for name in ("lantern_keeper", "lantern-keeper"):  # both still sign in
                assert (
                    await client.post(
                        "/api/v1/auth/tokens", json={"username": name, "password": PASSWORD}
                    )
                ).status_code == 201
            for name in ("lanternkeeper", "old-friend", "Old_Friend", "quietharbour"):
                assert (await _register(client, name)).status_code == 409, name
            await Browser(client).sign_in("lantern-keeper")
