"""Quick exit in a real browser: the session ends on the server, Back shows no private page,
titles name nothing (issue 11)."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from tests.e2e.axe import assert_accessible
from tests.live import chromium, esc_esc_quick_exit, live_server, sign_in_page, until_signed_out

pytestmark = pytest.mark.browser

EXIT_URL = "https://neutral.example/weather"
SHOTS = Path(os.environ.get("CROSSROADS_SCREENSHOTS", Path(__file__).resolve().parent / "screens"))
TITLE = "Leaving after the affair came out"


async def test_quick_exit_ends_the_session_and_back_shows_no_private_page(tmp_path):
    with live_server(tmp_path, {"CROSSROADS_QUICK_EXIT_URL": EXIT_URL}) as server:
        async with chromium() as context:

            async def neutral(route):
                await route.fulfill(
                    status=200, content_type="text/html", body="<title>Weather</title>Sunny"
                )

            await context.route("https://neutral.example/**", neutral)
            page = await context.new_page()
            await page.goto(f"{server.url}/register")
            await page.get_by_label("Username").fill("still_water")
            await page.get_by_label("Password").fill("a long passphrase here")
            await page.get_by_role("radio", name="Leaving").check()
            await page.get_by_role("button", name="Join").click()
            await page.wait_for_url(f"{server.url}/welcome")
            assert await page.get_by_role("link", name="Leaving no trace").count() == 1

            await page.goto(f"{server.url}/s/leaving/new")
            await page.get_by_label("Title").fill(TITLE)
            assert await page.get_by_label("Title").get_attribute("autocomplete") == "off"
            await page.get_by_label("What's on your mind").fill("I told him on Sunday.")
            await page.get_by_role("button", name="Post thread").click()
            await page.wait_for_url("**/t/*")
            assert await page.title() == "Crossroads"  # not the thread title, not the side
            thread_url = page.url
            await page.goto(f"{server.url}/account")
            assert await page.title() == "Crossroads"

            session = {c["name"]: c["value"] for c in await context.cookies(server.url)}
            await page.get_by_role("link", name="Quick exit").click()
            await page.wait_for_url(EXIT_URL)

            # The session ended on the server (the browser did not wait for the answer).
            await until_signed_out(server.url, session)

            # Back does not show a signed-in page: not the account, not the thread.
            await page.go_back()
            await page.wait_for_load_state()
            body = await page.content()
            assert "still_water" not in body and TITLE not in body and "Your account" not in body
            await page.goto(thread_url)
            assert TITLE not in await page.content()


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
async def test_esc_esc_in_any_composing_field_keeps_the_text_on_the_server(tmp_path, width, height):
    """Esc-Esc inside a reply, a new thread's title and body, and an edit: Quick exit saves each
    as a server draft in its one beacon (and ends the session); signing back in brings it back."""
    password = "a long passphrase here"
    with live_server(tmp_path, {"CROSSROADS_QUICK_EXIT_URL": EXIT_URL}) as server:
        http = httpx.Client(base_url=server.url, timeout=20)
        r = http.post(
            "/api/v1/auth/register",
            json={"username": "late_writer", "password": password, "path": "leaving"},
        )
        assert r.status_code == 201, r.text
        auth = {
            "Authorization": "Bearer "
            + http.post(
                "/api/v1/auth/tokens", json={"username": "late_writer", "password": password}
            ).json()["token"]
        }
        made = http.post(
            "/api/v1/spaces/leaving/threads",
            headers=auth,
            json={"title": "Telling the children", "body": "We have not told them yet."},
        ).json()
        thread_id, post_id = made["thread"]["id"], made["post"]["id"]

        async with chromium(viewport={"width": width, "height": height}) as context:

            async def neutral(route):
                await route.fulfill(
                    status=200, content_type="text/html", body="<title>Weather</title>Sunny"
                )

            await context.route("https://neutral.example/**", neutral)
            page = await context.new_page()

            async def sign_in() -> None:
                await sign_in_page(page, server.url, "late_writer", password)

            async def esc_esc() -> None:
                await esc_esc_quick_exit(page, context, server.url, EXIT_URL)

            forms = [
                (f"/t/{thread_id}", {"Your reply": "I keep rehearsing the words"}),
                (
                    "/s/leaving/new",
                    {
                        "Title": "The house question",
                        "What's on your mind": "Who keeps the house, and",
                    },
                ),
                (f"/p/{post_id}/edit", {"Post": "We have not told them yet. Maybe at Easter"}),
            ]
            for path, fields in forms:
                await sign_in()
                await page.goto(f"{server.url}{path}")
                for label, text in fields.items():
                    await page.get_by_label(label, exact=True).fill(text)
                await esc_esc()
                # The session ended with the same beacon: the form asks to sign in, then has the text.
                await page.goto(f"{server.url}{path}")
                await page.wait_for_url("**/login**")
                await sign_in()
                await page.goto(f"{server.url}{path}")
                for label, text in fields.items():
                    assert await page.get_by_label(label, exact=True).input_value() == text, (
                        path,
                        label,
                    )
                assert await page.get_by_text("Your saved draft is back").count() == 1, path
                name = path.strip("/").replace("/", "-")
                await assert_accessible(page, f"{name}@{width}")
                SHOTS.mkdir(parents=True, exist_ok=True)
                await page.screenshot(
                    path=str(SHOTS / f"draft-back-{name}-{width}.png"), full_page=True
                )
                assert (
                    await page.evaluate(
                        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                    )
                    <= 0
                )

            # Saving the edit uses the draft up (it is deleted, like a posted reply's).
            await page.get_by_role("button", name="Save changes").click()
            await page.wait_for_url(f"**/t/{thread_id}**")
            await page.goto(f"{server.url}/p/{post_id}/edit")
            assert await page.get_by_text("Your saved draft is back").count() == 0
