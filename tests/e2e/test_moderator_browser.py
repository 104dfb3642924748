"""Every moderator screen in a real browser, on a desktop and a phone: queue, items of each kind
(report, resource suggestion, verification), logs, watched words, a member's sanctions, the public
transparency log, the resource pages and the verified-therapists list. Each is checked with axe
(no finding at all, moderate included), must not scroll sideways on a phone, shows no raw field
name, and is saved as a screenshot for a person to look at (CROSSROADS_SCREENSHOTS or
tests/e2e/screens/)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from tests.e2e.axe import axe_violations
from tests.live import chromium, live_server, run_cli, sign_in_page

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("CROSSROADS_SCREENSHOTS", Path(__file__).resolve().parent / "screens"))
PASSWORD = "a long passphrase here"
# Words that only a programmer would write on a screen: form field names and raw enum values.
RAW_NAMES = re.compile(
    r"\b(subject_type|subject_id|member_id|item_id|credential_type|licence_number|practice_url|"
    r"therapist_application|resource_suggestion|post_report|created_by|None)\b"
)


def _token(http: httpx.Client, username: str) -> dict[str, str]:
    r = http.post("/api/v1/auth/tokens", json={"username": username, "password": PASSWORD})
    assert r.status_code == 201, r.text
    return {"Authorization": "Bearer " + r.json()["token"]}


async def _look(page, name: str, width: int, seen: dict) -> None:
    found = await axe_violations(page)
    seen[f"{name}@{width}"] = found
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"mod-{name}-{width}.png"), full_page=True)
    overflow = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    text = await page.locator("main").inner_text()
    problems = []
    if found:
        problems.append(f"axe: {[(v['id'], v['impact'], v['targets']) for v in found]}")
    if overflow > 0:
        problems.append(f"{overflow}px wider than the screen")
    if raw := sorted(set(RAW_NAMES.findall(text))):
        problems.append(f"raw names shown: {raw}")
    # A label meant for screen readers only must not show.
    shown_hidden = await page.evaluate("""() => [...document.querySelectorAll('.visually-hidden')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; })
        .map(e => e.textContent.trim())""")
    if shown_hidden:
        problems.append(f"visually-hidden text is visible: {shown_hidden}")
    seen.setdefault("_problems", []).extend(f"{name}@{width}: {p}" for p in problems)


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
async def test_every_moderator_screen_is_labelled_styled_and_accessible(tmp_path, width, height):
    for name, role, extra in (
        ("calm_mod", "moderator", []),
        ("dr_reed", "therapist", ["--credential", "LMFT"]),
    ):
        made = run_cli(
            tmp_path,
            "create-user",
            name,
            "--role",
            role,
            *extra,
            env={"CROSSROADS_PASSWORD": PASSWORD},
        )
        assert made.returncode == 0, made.stderr
    seen: dict = {}
    with live_server(tmp_path) as server:
        http = httpx.Client(base_url=server.url, timeout=20)
        for username, path in (("river_stone", "staying"), ("worried_one", "undecided")):
            r = http.post(
                "/api/v1/auth/register",
                json={"username": username, "password": PASSWORD, "path": path},
            )
            assert r.status_code == 201, r.text
        mod, member, reporter = (
            _token(http, "calm_mod"),
            _token(http, "river_stone"),
            _token(http, "worried_one"),
        )
        started = http.post(
            "/api/v1/spaces/common-ground/threads",
            headers=member,
            json={"title": "A long week", "body": "Some days I do not know what to say to him."},
        ).json()
        r = http.post(
            f"/api/v1/posts/{started['post']['id']}/reports",
            headers=reporter,
            json={"reason": "other", "note": "This might name someone."},
        )
        assert r.status_code == 201, r.text
        r = http.post(
            "/api/v1/resources/suggestions",
            headers=member,
            json={
                "title": "Weekend retreat for couples",
                "url": "https://example.org/retreat",
                "description": "Helped us talk again.",
                "kind": "retreat",
                "paths": ["staying"],
            },
        )
        assert r.status_code == 201, r.text
        r = http.post(
            "/api/v1/therapists/applications",
            headers=reporter,
            json={
                "credential_type": "LMFT",
                "jurisdiction": "California",
                "licence_number": "LMFT 12345",
                "practice_url": "https://example.org/practice",
            },
        )
        assert r.status_code == 201, r.text
        application_id = r.json()["application"]["id"]
        r = http.post(
            "/api/v1/moderation/watched-words",
            headers=mod,
            json={"pattern": "hotel receipt*", "action": "hold"},
        )
        assert r.status_code == 201, r.text
        member_id = http.get("/api/v1/me", headers=member).json()["user"]["id"]
        r = http.post(
            f"/api/v1/moderation/users/{member_id}/silences",
            headers=mod,
            json={"until": "2030-01-01T00:00:00Z", "reason": "A pause to cool down."},
        )
        assert r.status_code == 201, r.text
        from datetime import UTC, datetime, timedelta

        now = datetime.now(UTC)
        reed_id = http.get("/api/v1/me", headers=_token(http, "dr_reed")).json()["user"]["id"]
        r = http.post(
            "/api/v1/amas",
            headers=mod,
            json={
                "title": "Staying well after a crisis",
                "description": "Questions welcome.",
                "space": "common-ground",
                "starts_at": now.isoformat(),
                "ends_at": (now + timedelta(hours=1)).isoformat(),
                "host_id": reed_id,
            },
        )
        assert r.status_code == 201, r.text
        ama_id = r.json()["ama"]["id"]
        r = http.post(
            f"/api/v1/amas/{ama_id}/questions", headers=member, json={"body": "How do you start?"}
        )
        items = http.get("/api/v1/moderation/queue", headers=mod).json()["items"]
        resources = http.get("/api/v1/resources").json()["items"]

        async with chromium(viewport={"width": width, "height": height}) as context:
            page = await context.new_page()
            await sign_in_page(page, server.url, "calm_mod", PASSWORD)
            pages = [
                ("queue", "/moderation"),
                ("queue-decided", "/moderation?status=resolved"),
                ("log", "/moderation/log"),
                ("words", "/moderation/words"),
                ("member", f"/moderation/members/{member_id}"),
                ("transparency", "/transparency"),
                ("resources", "/resources"),
                ("resource-new", "/resources/new"),
                ("therapists", "/amas/therapists"),
                ("ama-new", "/amas/new"),
                ("amas", "/amas"),
                ("ama", f"/amas/{ama_id}?sort=top"),
                ("verification", f"/amas/verify/{application_id}"),
            ]
            pages += [(f"item-{item['kind']}", f"/moderation/items/{item['id']}") for item in items]
            if resources:
                pages += [
                    ("resource", f"/resources/{resources[0]['id']}"),
                    ("resource-edit", f"/resources/{resources[0]['id']}/edit"),
                ]
            for name, url in pages:
                response = await page.goto(f"{server.url}{url}")
                assert response.status == 200, (url, response.status)
                await _look(page, name, width, seen)
    problems = seen.pop("_problems", [])
    print({where: [(v["id"], v["impact"]) for v in found] for where, found in seen.items()})
    assert problems == [], "\n".join(problems)
