"""What a reader sees, in a real browser at 1280 and 390 px (issues 13 and 16):

- bidi controls in what members write (U+202E RIGHT-TO-LEFT OVERRIDE and friends) stay inside the
  block they were written in: every place member text is shown is isolated;
- Quick exit, always on screen, covers no post date as the reader scrolls, and the end of the
  page can be read above it.

Screenshots go to $CROSSROADS_SCREENSHOTS (default tests/e2e/screens/) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from tests.live import chromium, live_server, sign_in_page

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("CROSSROADS_SCREENSHOTS", Path(__file__).resolve().parent / "screens"))
PASSWORD = "a long passphrase here"
RLO = "\u202e"

# Markup as the templates write it, for the places a live AMA or resource would need staff to set
# up: templates/amas/show.html (description, question, answer) and templates/resources/_card.html.
FRAGMENTS = """
<div id="probe">
  <div class="body"><p>AMA description {rlo}one</p></div>
  <article class="ama-question"><div class="body"><p>question {rlo}two</p><ul><li>q item {rlo}x</li></ul></div>
    <div class="answers"><article><div class="body"><p>answer {rlo}three</p></div></article></div></article>
  <ul class="resources"><li class="resource"><p>resource text {rlo}four</p>
    <dl class="resource-facts"><dt>Where</dt><dd>place {rlo}five</dd></dl></li></ul>
</div>
""".replace("{rlo}", RLO)


def _member(http: httpx.Client, username: str) -> dict[str, str]:
    r = http.post(
        "/api/v1/auth/register",
        json={"username": username, "password": PASSWORD, "path": "staying"},
    )
    assert r.status_code == 201, r.text
    token = http.post(
        "/api/v1/auth/tokens", json={"username": username, "password": PASSWORD}
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


async def _isolation(page, selector: str) -> list[str]:
    return await page.eval_on_selector_all(
        selector, "els => els.map(e => getComputedStyle(e).unicodeBidi)"
    )


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
async def test_member_text_is_isolated_and_quick_exit_covers_no_date(tmp_path, width, height):
    with live_server(
        tmp_path, {"CROSSROADS_RATE_LIMITS": "post_create=1000/60s;thread_create=1000/60s"}
    ) as server:
        http = httpx.Client(base_url=server.url, timeout=20)
        author = _member(http, "steady_oak")
        _member(http, "quiet_river")
        body = (
            f"First {RLO}reversed words here.\n\n- a list item {RLO}also reversed\n- another item"
        )
        thread = http.post(
            "/api/v1/spaces/common-ground/threads",
            headers=author,
            json={"title": "Evenings", "body": body},
        ).json()["thread"]
        for i in range(12):
            r = http.post(
                f"/api/v1/threads/{thread['id']}/posts",
                headers=author,
                json={
                    "body": f"Reply {i} to @quiet_river: {RLO}backwards {i}\n\nA second paragraph."
                },
            )
            assert r.status_code == 201, r.text

        async with chromium(viewport={"width": width, "height": height}) as context:
            page = await context.new_page()
            await sign_in_page(page, server.url, "quiet_river", PASSWORD)
            await page.goto(f"{server.url}/t/{thread['id']}")
            SHOTS.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(SHOTS / f"reading-thread-{width}.png"), full_page=True)

            # Isolated: post paragraphs and list items (the real thread), and the AMA and resource
            # markup with the site's stylesheet.
            assert set(await _isolation(page, ".post .body p")) == {"isolate"}
            assert set(await _isolation(page, ".post .body li")) == {"isolate"}
            await page.evaluate(
                "html => document.querySelector('main').insertAdjacentHTML('beforeend', html)",
                FRAGMENTS,
            )
            assert set(
                await _isolation(
                    page, "#probe .body p, #probe .body li, #probe .resource p, #probe dd"
                )
            ) == {"isolate"}
            await page.evaluate("document.getElementById('probe').remove()")

            # Quick exit covers no post date: each date, brought to the top of the screen as the
            # reader scrolls down, is what is at its spot -- not Quick exit.
            dates = page.locator("article.post time")
            count = await dates.count()
            assert count >= 10
            covered = []
            for i in range(count):
                hit = await dates.nth(i).evaluate("""el => {
                    window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - 8);
                    const r = el.getBoundingClientRect();
                    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                    const corner = document.elementFromPoint(r.right - 1, r.top + 1);
                    return [top, corner].every(t => t && (t === el || el.contains(t))) ? null : el.textContent;
                }""")
                if hit:
                    covered.append(hit)
            assert covered == [], f"Quick exit covers {len(covered)} post dates at {width}px"
            # And the end of the page reads above it: scrolled to the bottom, the footer's last lines
            # (the crisis numbers' link) are not under Quick exit.
            hidden = await page.evaluate("""() => {
                window.scrollTo(0, document.documentElement.scrollHeight);
                return [...document.querySelectorAll('.site-footer p, .site-footer a')].filter(el => {
                    const r = el.getBoundingClientRect();
                    const t = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
                    return !(t === el || el.contains(t) || t && t.contains(el));
                }).map(el => el.textContent.trim());
            }""")
            assert hidden == [], f"at the end of the page Quick exit covers {hidden} at {width}px"
            await page.screenshot(path=str(SHOTS / f"reading-thread-scrolled-{width}.png"))
            assert await page.locator("#quick-exit").is_visible()

            await page.goto(f"{server.url}/notifications")
            await page.screenshot(
                path=str(SHOTS / f"reading-notifications-{width}.png"), full_page=True
            )
            assert set(await _isolation(page, ".notice-item p")) == {"isolate"}
            await page.goto(f"{server.url}/s/common-ground")
            await page.screenshot(path=str(SHOTS / f"reading-space-{width}.png"), full_page=True)
            # The thread list's excerpt of the first post is inline text: isolated, or its U+202E
            # runs on into whatever follows it in the row.
            assert await page.locator(".excerpt").count() >= 1
            assert set(await _isolation(page, ".excerpt")) == {"isolate"}
