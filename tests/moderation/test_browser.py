"""In a real browser: a new member's post is held; a moderator claims and approves it; the member sees it published."""

from __future__ import annotations

import pytest

from tests.live import chromium, live_server, run_cli, sign_in_page

pytestmark = pytest.mark.browser
PASSWORD = "a long passphrase here"


async def _sign_in(page, url: str, username: str) -> None:
    await sign_in_page(page, url, username, PASSWORD)


async def test_moderator_approves_a_held_post_in_the_browser(tmp_path):
    env = {"CROSSROADS_NEW_MEMBER_REVIEW": "1"}
    with live_server(tmp_path, env) as server:
        for args in (
            ("create-user", "new_member", "--path", "staying"),
            ("create-user", "calm_mod", "--role", "moderator"),
        ):
            done = run_cli(tmp_path, *args, env={**env, "CROSSROADS_PASSWORD": PASSWORD})
            assert done.returncode == 0, done.stderr
        async with chromium() as member_ctx, chromium() as mod_ctx:
            member = await member_ctx.new_page()
            await _sign_in(member, server.url, "new_member")
            await member.goto(f"{server.url}/s/staying/new")
            await member.get_by_label("Title").fill("First time here")
            await member.get_by_label("What's on your mind").fill(
                "Hello, it has been a hard month."
            )
            await member.get_by_role("button", name="Post thread").click()
            await member.wait_for_url("**/t/*")
            thread_url = member.url.split("#")[0]
            assert await member.get_by_text("Awaiting review.").count() == 1

            mod = await mod_ctx.new_page()
            await _sign_in(mod, server.url, "calm_mod")
            await mod.get_by_role("link", name="Moderation").first.click()
            await mod.wait_for_url(f"{server.url}/moderation")
            await mod.get_by_role("link", name="Thread “First time here”").click()
            await mod.get_by_role("button", name="Claim for 10 minutes").click()
            await mod.wait_for_load_state()
            assert await mod.get_by_role("button", name="Release my claim").count() == 1
            await mod.get_by_role("radio", name="Publish it").check()
            await mod.get_by_label("Reason", exact=True).fill("Welcome!")
            await mod.get_by_role("button", name="Save decision").click()
            await mod.wait_for_url("**/moderation?done=decided")
            assert await mod.get_by_text("Decision saved").count() == 1

            await member.goto(thread_url)
            assert await member.get_by_text("Awaiting review.").count() == 0
            await member.goto(f"{server.url}/notifications")
            assert await member.get_by_text("approved").count() >= 1
