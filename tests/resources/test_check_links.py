"""`check-links` against HTTP servers started by the test (never the internet)."""

from __future__ import annotations

import asyncio
import os
import sys

from forum.resources.linkcheck import check_links
from forum.resources.models import Resource, State
from tests.resources.conftest import create_resource


async def _archive_default_hotlines() -> None:
    # The shipped hotlines point at real sites: tests never reach out to the internet.
    await Resource.filter(key__isnull=False).update(state=State.ARCHIVED)


async def _setup(client, moderator, server) -> dict[str, int]:
    await _archive_default_hotlines()
    ids = {}
    for name, path in [
        ("ok", "/ok"),
        ("missing", "/missing"),
        ("moved", "/moved"),
        ("hang", "/hang"),
        ("no-head", "/no-head"),
        ("moved-to-missing", "/moved-to-missing"),
        ("error", "/error"),
    ]:
        created = await create_resource(
            client, moderator, title=f"Resource {name}", url=server.url(path)
        )
        ids[name] = created["id"]
    return ids


async def test_check_links_records_status_and_flags_failures(client, members, queue, link_server):
    ids = await _setup(client, members["moderator"], link_server)
    lines: list[str] = []
    report = await check_links(concurrency=3, timeout=0.5, progress=lines.append, trust_env=False)

    rows = {r.id: r for r in await Resource.filter(id__in=list(ids.values()))}
    status = {name: rows[i].last_status for name, i in ids.items()}
    state = {name: rows[i].state for name, i in ids.items()}
    assert status["ok"] == "200"
    assert status["missing"] == "404"
    assert status["moved"] == f"301 -> 200 {link_server.url('/ok')}"
    assert status["moved-to-missing"].startswith("302 -> 404")
    assert status["hang"] == "timeout"
    assert status["no-head"] == "200"  # HEAD refused, GET answered
    assert status["error"] == "500"
    assert state == {
        "ok": "active",
        "moved": "active",
        "no-head": "active",
        "missing": "broken",
        "moved-to-missing": "broken",
        "hang": "broken",
        "error": "broken",
    }
    assert all(rows[i].last_checked_at is not None for i in ids.values())

    # Each failure is a queue item for moderators; working links are not.
    assert sorted((i["kind"], i["subject_id"]) for i in await queue.items()) == sorted(
        ("broken_link", ids[n]) for n in ("missing", "moved-to-missing", "hang", "error")
    )
    assert ("HEAD", "/no-head") in link_server.hits and ("GET", "/no-head") in link_server.hits
    assert ("GET", "/ok") not in link_server.hits  # HEAD was enough

    assert report.checked == 7 and report.ok == 3 and report.newly_broken == 4
    assert len(lines) == 1 + 7 + 1 and lines[0].startswith("Checking 7 resource link(s)")
    assert "4 newly marked broken" in lines[-1]


async def test_broken_links_leave_the_public_view_and_come_back_when_fixed(
    client, members, queue, link_server
):
    mod = members["moderator"]
    await _archive_default_hotlines()
    created = await create_resource(
        client, mod, title="Flaky group", kind="support-group", url=link_server.url("/missing")
    )
    await check_links(timeout=0.5, trust_env=False)
    public = (await client.get("/api/v1/resources", params={"kind": "support-group"})).json()[
        "items"
    ]
    assert public == []
    broken = (
        await client.get("/api/v1/resources", params={"state": "broken"}, headers=mod.auth)
    ).json()["items"]
    assert [(b["title"], b["last_status"]) for b in broken] == [("Flaky group", "404")]

    # A second run does not queue the same failure again.
    await check_links(timeout=0.5, trust_env=False)
    assert len(await queue.items()) == 1

    # The moderator fixes the address through the queue decision; the next check confirms it.
    from forum import review
    from forum.accounts.models import User

    keep = next(d for d in review.kinds()["broken_link"].decisions if d.name == "approve")
    await keep.handler(
        created["id"], await User.get(id=mod.id), "", {"url": link_server.url("/ok")}
    )
    await check_links(timeout=0.5, trust_env=False)
    public = (await client.get("/api/v1/resources", params={"kind": "support-group"})).json()[
        "items"
    ]
    assert [(p["title"], p["last_status"], p["state"]) for p in public] == [
        ("Flaky group", "200", "active")
    ]


async def test_a_broken_link_that_works_again_is_restored(client, members, queue, link_server):
    await _archive_default_hotlines()
    created = await create_resource(client, members["moderator"], url=link_server.url("/ok"))
    await Resource.filter(id=created["id"]).update(state=State.BROKEN, last_status="timeout")
    report = await check_links(timeout=0.5, trust_env=False)
    assert report.restored == 1 and (await Resource.get(id=created["id"])).state == State.ACTIVE
    assert await queue.items() == []


async def test_archived_resources_are_not_checked(client, members, queue, link_server):
    await _archive_default_hotlines()
    created = await create_resource(client, members["moderator"], url=link_server.url("/ok"))
    await client.post(
        f"/api/v1/resources/{created['id']}/archive", headers=members["moderator"].auth
    )
    report = await check_links(timeout=0.5, trust_env=False)
    assert report.checked == 0 and link_server.hits == []


async def test_the_command_checks_links_and_shows_progress(
    client, members, database_url, link_server
):
    await _archive_default_hotlines()
    ok = await create_resource(
        client, members["moderator"], title="Fine", url=link_server.url("/ok")
    )
    gone = await create_resource(
        client, members["moderator"], title="Gone", url=link_server.url("/missing")
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CROSSROADS_") and "proxy" not in k.lower()
    }
    env |= {
        "CROSSROADS_DATABASE_URL": database_url,
        "CROSSROADS_SECRET_KEY": "cli-test-" + "s" * 32,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "forum.cli",
        "check-links",
        "--timeout",
        "2",
        "--concurrency",
        "2",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 1, err.decode()  # a failure: non-zero, for cron and monitoring
    text = out.decode()
    assert "Checking 2 resource link(s)" in text and "[1/2]" in text and "[2/2]" in text
    assert "1 failed" in text
    assert (await Resource.get(id=ok["id"])).state == State.ACTIVE
    gone_row = await Resource.get(id=gone["id"])
    assert gone_row.state == State.BROKEN and gone_row.last_status == "404"


async def test_moderators_see_the_broken_links_view(
    client, browser, browser2, members, queue, link_server
):
    await _archive_default_hotlines()
    created = await create_resource(
        client, members["moderator"], title="Moved away", url=link_server.url("/missing")
    )
    await check_links(timeout=0.5, trust_env=False)
    await browser.sign_in(members["moderator"].username)
    page = await browser.get("/resources?state=broken")
    assert page.status_code == 200 and "Moved away" in page.text and "(404)" in page.text
    await browser2.sign_in(members["staying"].username)
    assert (await browser2.get("/resources?state=broken")).status_code == 403
    assert "Moved away" not in (await browser2.get("/resources")).text

    # The moderator mends the address on the edit page (the form sends every field back, state
    # "broken" included): the resource is listed again, waiting for its next check.
    edit = f"/resources/{created['id']}/edit"
    form = (
        await client.get(f"/api/v1/resources/{created['id']}", headers=members["moderator"].auth)
    ).json()["resource"]
    fields = {
        k: form[k] or ""
        for k in ("title", "description", "kind", "format", "location", "cost_note", "state")
    }
    sent = await browser.submit(
        edit, None, {**fields, "paths": form["paths"], "url": link_server.url("/ok")}
    )
    assert sent.status_code == 303, sent.text[:500]
    assert "Moved away" in (await browser2.get("/resources")).text
