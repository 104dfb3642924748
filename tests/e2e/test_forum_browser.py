"""The core forum in a real browser: register, start a thread, reply, see both; Quick exit leaves."""

from __future__ import annotations

import pytest

from tests.e2e.axe import assert_accessible
from tests.live import chromium, live_server

pytestmark = pytest.mark.browser

EXIT_URL = "https://neutral.example/weather"


async def test_register_thread_reply_and_quick_exit(tmp_path):
    with live_server(tmp_path, {"CROSSROADS_QUICK_EXIT_URL": EXIT_URL}) as server:
        async with chromium() as context:
            # The machine has no internet: answer the exit address ourselves and note that it was asked for.
            exits: list[str] = []

            async def neutral(route):
                exits.append(route.request.url)
                await route.fulfill(
                    status=200, content_type="text/html", body="<title>Weather</title>Sunny"
                )

            await context.route("https://neutral.example/**", neutral)
            page = await context.new_page()
            blocked: list[str] = []
            page.on(
                "request",
                lambda r: (
                    blocked.append(r.url) if not r.url.startswith((server.url, EXIT_URL)) else None
                ),
            )

            # The pages anyone sees before joining, on a desktop and a phone: axe finds nothing.
            for width, height in ((1280, 900), (390, 844)):
                await page.set_viewport_size({"width": width, "height": height})
                for path in (
                    "/",
                    "/guidelines",
                    "/leave-no-trace",
                    "/support",
                    "/resources",
                    "/login",
                    "/register",
                ):
                    await page.goto(f"{server.url}{path}")
                    await assert_accessible(page, f"{path}@{width}")
            await page.set_viewport_size({"width": 1280, "height": 720})
            await page.goto(f"{server.url}/register")
            await page.get_by_label("Username").fill("quiet_harbour")
            await page.get_by_label("Password").fill("a long passphrase here")
            await page.get_by_role("radio", name="Staying").check()
            await page.get_by_role("button", name="Join").click()
            await page.wait_for_url(f"{server.url}/welcome")

            await page.goto(f"{server.url}/s/common-ground/new")
            await page.get_by_label("Title").fill("Counting small wins")
            await page.get_by_label("What's on your mind").fill(
                "We *talked* for ten minutes without a fight."
            )
            await page.get_by_role("button", name="Post thread").click()
            await page.wait_for_url("**/t/*")
            assert await page.locator("article em", has_text="talked").count() == 1

            await page.get_by_label("Your reply").fill("Ten minutes is **real**. Keep going.")
            await page.get_by_role("button", name="Post reply").click()
            await page.wait_for_load_state()
            articles = page.locator("article.post")
            assert await articles.count() == 2
            assert await page.locator("article.post strong", has_text="real").count() == 1
            assert await page.title() == "Crossroads"  # neutral: history names no thread
            await assert_accessible(page, "thread")
            for path in (
                "/welcome",
                "/account",
                "/me/posts",
                "/search",
                "/amas",
                "/transparency",
                "/account/blocks",
                "/resources/suggest",
                "/resources/suggestions",
                "/amas/verify",
                "/me/reports",
                "/notifications",
            ):
                await page.goto(f"{server.url}{path}")
                await assert_accessible(page, path)
            await page.go_back()

            entries = await page.evaluate("history.length")
            await page.get_by_role("link", name="Quick exit").click()
            await page.wait_for_url(EXIT_URL)
            assert exits and exits[0] == EXIT_URL
            # The forum page was replaced in history (Back does not return to it), not pushed behind it.
            assert await page.evaluate("history.length") == entries
            assert blocked == [], f"requests to other origins: {blocked}"
