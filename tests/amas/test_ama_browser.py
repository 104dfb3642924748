"""In Chromium: the host's answer appears on a member's open AMA page without a reload."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.live import chromium, live_server, run_cli, sign_in_page

pytestmark = pytest.mark.browser
PASSWORD = "a long passphrase here"


async def test_host_answer_appears_live_on_a_members_page(tmp_path):
    # The moderator and the therapist are made the way an operator makes them: `crossroads create-user`.
    for name, role, extra in (
        ("mod_mia", "moderator", []),
        ("dr_host", "therapist", ["--credential", "LCSW, Oregon"]),
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
    with live_server(tmp_path) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=20) as api:
            r = await api.post(
                "/api/v1/auth/register",
                json={"username": "quiet_reader", "password": PASSWORD, "path": "leaving"},
            )
            assert r.status_code == 201, r.text
            auth = {}
            for name in ("mod_mia", "dr_host", "quiet_reader"):
                r = await api.post(
                    "/api/v1/auth/tokens", json={"username": name, "password": PASSWORD}
                )
                assert r.status_code == 201, r.text
                auth[name] = {"Authorization": f"Bearer {r.json()['token']}"}
            now = datetime.now(UTC)
            ama = (
                await api.post(
                    "/api/v1/amas",
                    headers=auth["mod_mia"],
                    json={
                        "title": "Co-parenting after separation",
                        "description": "Bring your questions.",
                        "space": "common-ground",
                        "starts_at": now.isoformat(),
                        "ends_at": (now + timedelta(hours=1)).isoformat(),
                        "host_id": "dr_host",
                    },
                )
            ).json()["ama"]
            q = (
                await api.post(
                    f"/api/v1/amas/{ama['id']}/questions",
                    headers=auth["quiet_reader"],
                    json={"body": "How do we split holidays?"},
                )
            ).json()["question"]

            async with chromium() as context:
                page = await context.new_page()
                errors: list[str] = []
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                await sign_in_page(page, server.url, "quiet_reader", PASSWORD)
                await page.goto(f"{server.url}/amas/{ama['id']}")
                assert (
                    await page.get_by_text("not therapy or individual clinical advice").count() == 1
                )
                await page.wait_for_selector("#questions[data-live=true]", timeout=15000)

                r = await api.post(
                    f"/api/v1/questions/{q['id']}/answers",
                    headers=auth["dr_host"],
                    json={"body": "Alternate years, and **write it down**."},
                )
                assert r.status_code == 201
                answer = page.locator(f"#q-{q['id']} .ama-answer")
                await answer.locator("strong", has_text="write it down").wait_for(timeout=15000)
                assert (
                    await answer.locator(".badge", has_text="therapist: LCSW, Oregon").count() == 1
                )

                # A new question and its vote count arrive too.
                q2 = (
                    await api.post(
                        f"/api/v1/amas/{ama['id']}/questions",
                        headers=auth["mod_mia"],
                        json={"body": "What about birthdays?"},
                    )
                ).json()["question"]
                await page.locator(f"#q-{q2['id']}").wait_for(timeout=15000)
                await api.post(f"/api/v1/questions/{q2['id']}/votes", headers=auth["quiet_reader"])
                await page.locator(f"#q-{q2['id']} .vote-count", has_text="1").wait_for(
                    timeout=15000
                )
                assert not [e for e in errors if "Content Security Policy" in e], errors

                # The host watches too: a new question arrives with an answer form, and the answer the host
                # types there reaches the member's page live.
                async with chromium() as host_context:
                    host_page = await host_context.new_page()
                    await sign_in_page(host_page, server.url, "dr_host", PASSWORD)
                    await host_page.goto(f"{server.url}/amas/{ama['id']}?sort=new")
                    await host_page.wait_for_selector("#questions[data-live=true]", timeout=15000)
                    q3 = (
                        await api.post(
                            f"/api/v1/amas/{ama['id']}/questions",
                            headers=auth["quiet_reader"],
                            json={"body": "And school plays?"},
                        )
                    ).json()["question"]
                    box = host_page.locator(f"#answer-{q3['id']}")
                    await box.wait_for(timeout=15000)
                    await box.fill("Both of you go, sit *apart* if that is easier.")
                    await (
                        host_page.locator(f"#q-{q3['id']}")
                        .get_by_role("button", name="Post answer")
                        .click()
                    )
                    await host_page.wait_for_load_state()
                    await page.locator(f"#q-{q3['id']} .ama-answer em", has_text="apart").wait_for(
                        timeout=15000
                    )
