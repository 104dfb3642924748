"""A refused request costs microseconds (issue 13): once a member's allowance is spent, a reply, a
new thread, an edit or a draft screen is refused after only the cheap crisis screen -- no Markdown,
no bleach, no full screens (they are what a flood would make the server do). Crisis text that is
refused still gets the crisis lines and a moderator (the safety rule), in both skins.

The expensive steps are watched by counting wrappers around the real functions (they still run)."""

from __future__ import annotations

import pytest

from forum import offload, screening, text
from forum.threads import actions as thread_actions
from tests.amas.conftest import schedule
from tests.conftest import ROOMY_LIMITS, make_member, test_settings
from tests.safety.conftest import CRISIS, assert_lines, crisis_items

# The worst kinds of body seen (issue 13): long link-like runs and personal-data look-alikes.
HEAVY = ("http://a." * 1100) + " " + ("a dot " * 1500) + "at x"


@pytest.fixture
def settings(database_url):
    limits = (
        ROOMY_LIMITS
        + ";post_create=1/300s;thread_create=1/300s;draft_screen=1/300s;ama_question=1/300s"
    )
    return test_settings(database_url, rate_limits=limits)


@pytest.fixture
def expensive(monkeypatch):
    """Counts calls of the full screens, Markdown + bleach, and the worker pool (but the crisis screen)."""
    calls: dict[str, int] = {"review": 0, "render": 0, "run_cpu": 0}

    def counting(name, real):
        async def wrapper(*args, **kwargs):
            calls[name] += 1
            return await real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(screening, "review", counting("review", screening.review))
    monkeypatch.setattr(text, "render", counting("render", text.render))
    monkeypatch.setattr(thread_actions, "render", counting("render", thread_actions.render))
    real_run_cpu = offload.run_cpu

    async def run_cpu(fn, *args, **kwargs):
        # The crisis screen runs in the pool too: it is the cheap step every refusal keeps.
        if getattr(fn, "__name__", "") != "crisis_verdict":
            calls["run_cpu"] += 1
        return await real_run_cpu(fn, *args, **kwargs)

    monkeypatch.setattr(offload, "run_cpu", run_cpu)
    return calls


async def test_refused_writes_do_no_expensive_work_and_crisis_text_still_gets_help(
    client, browser, members, expensive
):
    member, mod = members["undecided"], members["moderator"]
    made = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=member.auth,
        json={"title": "Checking in", "body": "A calm first post."},
    )
    assert made.status_code == 201, made.text
    thread_id, post_id = made.json()["thread"]["id"], made.json()["post"]["id"]
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": "One reply."}
    )
    assert r.status_code == 201, r.text  # post_create spent (edits share it)
    r = await client.post("/api/v1/drafts/screen", headers=member.auth, json={"body": "A draft."})
    assert r.status_code == 200, r.text  # draft_screen spent

    host = await make_member("dr_iris", "undecided", roles=["therapist"], credential="LPC")
    ama = await schedule(client, mod, host)
    r = await client.post(
        f"/api/v1/amas/{ama['id']}/questions", headers=member.auth, json={"body": "How?"}
    )
    assert r.status_code == 201, r.text  # ama_question spent

    before = dict(expensive)
    refused = [
        await client.post(
            f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": HEAVY}
        ),
        await client.post(
            "/api/v1/spaces/common-ground/threads",
            headers=member.auth,
            json={"title": "Again", "body": HEAVY},
        ),
        await client.patch(f"/api/v1/posts/{post_id}", headers=member.auth, json={"body": HEAVY}),
        await client.post("/api/v1/drafts/screen", headers=member.auth, json={"body": HEAVY}),
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=member.auth, json={"body": HEAVY[:4900]}
        ),
    ]
    assert [r.status_code for r in refused] == [429] * 5, [r.text[:200] for r in refused]
    await browser.sign_in(member.username)
    page = await browser.submit(f"/t/{thread_id}", f"/t/{thread_id}/reply", {"body": HEAVY})
    assert page.status_code == 429
    assert expensive == before, f"a refused request did expensive work: {before} -> {expensive}"

    # Crisis text, refused: the lines in the answer and one item for a moderator, still no full screens.
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": CRISIS}
    )
    assert r.status_code == 429
    assert_lines(r.json()["error"]["crisis_resources"])
    r = await client.post("/api/v1/drafts/screen", headers=member.auth, json={"body": CRISIS})
    assert r.status_code == 429
    assert_lines(r.json()["error"]["crisis_resources"])
    assert expensive == before
    items = await crisis_items(client, mod)
    assert len(items) == 1 and CRISIS in items[0]["summary"]
