"""Account deletion always works, and a pseudonym is not up for grabs (issue 11)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, make_member


async def _register(client, username: str):
    return await client.post("/api/v1/auth/register", json={"username": username, "password": PASSWORD,
                                                             "path": "staying"})


async def test_deletion_works_when_someone_registered_the_old_placeholder_name(client, browser):
    victim = await make_member("quiet_reader", "staying")
    assert (await _register(client, f"deleted-{victim.id}")).status_code == 201
    r = await client.request("DELETE", "/api/v1/me", headers=victim.auth, json={"password": PASSWORD})
    assert r.status_code == 204, r.text  # was a 500, and the account stayed live
    assert (await client.get("/api/v1/me", headers=victim.auth)).status_code == 401
    # And through the page.
    second = await make_member("second_reader", "staying")
    assert (await _register(client, f"deleted-{second.id}")).status_code == 201
    await browser.sign_in(second.username)
    page = await browser.submit("/account/delete", None, {"password": PASSWORD, "confirm": "delete"})
    assert page.status_code in (200, 303), page.text
    assert (await client.get("/api/v1/me", headers=second.auth)).status_code == 401


async def test_a_deleted_members_pseudonym_stays_reserved(client):
    member = await make_member("harbour_light", "leaving")
    r = await client.request("DELETE", "/api/v1/me", headers=member.auth, json={"password": PASSWORD})
    assert r.status_code == 204
    for name in ("harbour_light", "Harbour_Light", "harbour_Iight"):
        again = await _register(client, name)
        assert again.status_code == 409, (name, again.text)  # was 201: anyone could post as them


@pytest.mark.parametrize("existing, lookalike", [("lindsey_m", "Iindsey_m"), ("modX", "rnodX"), ("oliver0", "o1iver0")])
async def test_names_that_look_like_a_members_are_refused(client, existing, lookalike):
    assert (await _register(client, existing)).status_code == 201
    r = await _register(client, lookalike)
    assert r.status_code == 409 and "username" in r.json()["error"]["fields"], r.text


@pytest.mark.parametrize("name", ["moderator", "admin", "crossroads-staff", "therapist-LMFT", "M0derator", "Admin_Team"])
async def test_names_that_look_like_staff_are_refused(client, browser, name):
    r = await _register(client, name)
    assert r.status_code == 409 and "username" in r.json()["error"]["fields"], r.text


async def test_the_register_page_says_why(browser):
    page = await browser.submit("/register", None, {"username": "crossroads-staff", "password": PASSWORD,
                                                     "path": "staying"})
    assert page.status_code in (409, 422) and "staff" in page.text and 'value="crossroads-staff"' in page.text


async def test_ordinary_names_still_register(client):
    for name in ("badminton_fan", "rowan_m", "lily_1988"):
        assert (await _register(client, name)).status_code == 201, name
