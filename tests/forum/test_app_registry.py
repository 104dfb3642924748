"""One registry per app (issue 14, section 1): plugins declare, create_app assembles.

Two apps with different plugins in one process see only their own routes, API document,
rate-limit policies and review kinds; every CLI command runs on the registry its command line
was built with; seeding turns limits off for itself only.
"""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from forum import runtime
from forum.app import create_app, default_plugins
from forum.settings import Settings, SettingsError
from tests.conftest import make_member, test_settings
from tests.resources.test_suggestions import SUGGESTION


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("203.0.113.20", 1)),
        base_url="http://testserver",
    )


@pytest.mark.backends("sqlite")
async def test_an_app_without_moderation_after_a_full_one_serves_none_of_its_routes(
    database_url, tmp_path
):
    # Both built in one process (Tortoise allows one running database at a time: run one, then the other).
    full = create_app(test_settings(database_url), schema="generate")
    bare = create_app(
        test_settings(f"sqlite://{tmp_path / 'bare.db'}"), plugins=[], schema="generate"
    )
    async with LifespanManager(full) as running, _client(running.app) as client:
        assert (await client.get("/api/v1/moderation/queue")).status_code == 401
        assert (await client.get("/api/v1/resources")).status_code == 200
        doc = (await client.get("/api/v1/openapi.json")).json()
        assert "/moderation/queue" in doc["paths"] and "QueueItem" in doc["components"]["schemas"]
    async with LifespanManager(bare) as running, _client(running.app) as client:
        # The bare app has no moderation tables: its routes must not exist at all (was a 500).
        for path in (
            "/api/v1/moderation/queue",
            "/api/v1/moderation/queue/counts",
            "/api/v1/resources",
        ):
            r = await client.get(path)
            assert r.status_code == 404, (path, r.status_code, r.text)
            assert r.json()["error"]["code"] == "not_found"
        assert (await client.get("/moderation")).status_code == 404
        doc = (await client.get("/api/v1/openapi.json")).json()
        assert not [p for p in doc["paths"] if p.startswith(("/moderation", "/resources", "/amas"))]
        assert "QueueItem" not in doc["components"]["schemas"]
        assert (await client.get("/")).status_code == 200
    # Moderation's template helpers live in its own pages' context, not in the shared environment.
    from forum.web.base import env

    assert not {"subject_word", "report_label"} & set(env.filters)


@pytest.mark.backends("sqlite")
async def test_policies_and_review_kinds_belong_to_the_app_that_declared_them(
    database_url, tmp_path
):
    from forum.registry import build_registry

    override = "resource_suggestion=1/3600s"
    # A plugin's policy can be overridden for an app that has the plugin ...
    with_resources = create_app(
        test_settings(database_url, rate_limits=override), schema="generate"
    )
    # ... and is unknown to one that has not, whatever this process imported before.
    with pytest.raises(SettingsError, match="unknown policy 'resource_suggestion'"):
        create_app(
            test_settings(f"sqlite://{tmp_path / 'bare.db'}", rate_limits=override), plugins=[]
        )
    assert "resource_suggestion" not in build_registry([]).policies
    assert "therapist_verification" not in build_registry([]).review_kinds
    assert {"resource_suggestion", "therapist_verification", "crisis_text"} <= set(
        build_registry(default_plugins()).review_kinds
    )

    async with LifespanManager(with_resources) as running, _client(running.app) as client:
        member = await make_member("suggests_once", "staying")
        first = await client.post(
            "/api/v1/resources/suggestions", headers=member.auth, json=SUGGESTION
        )
        assert first.status_code == 201, first.text
        second = await client.post(
            "/api/v1/resources/suggestions",
            headers=member.auth,
            json={**SUGGESTION, "title": "Another idea"},
        )
        assert second.status_code == 429, second.text


def test_a_policy_override_works_in_a_fresh_process_whatever_is_imported_first(tmp_path):
    """Nothing but forum.app imported: the resources plugin's policy is known to the app it is in."""
    import subprocess
    import sys

    code = (
        "from forum.app import create_app\n"
        "from forum.settings import Settings\n"
        "app = create_app(Settings(database_url='sqlite://:memory:', secret_key='k' * 40,"
        " rate_limits='resource_suggestion=2/60s'), schema='none')\n"
        "print(app.state.registry.policies['resource_suggestion'].name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path.parent,
        env={"PYTHONPATH": str(__import__("pathlib").Path(__file__).resolve().parents[2])},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "resource_suggestion"


def test_every_cli_command_runs_on_the_registry_the_command_line_was_built_with(
    tmp_path, monkeypatch
):
    from forum import cli
    from forum.plugins import Command, Plugin

    monkeypatch.setenv("CROSSROADS_DATABASE_URL", f"sqlite://{tmp_path / 'cli.db'}")
    monkeypatch.setenv("CROSSROADS_SECRET_KEY", "cli-secret-" + "x" * 32)
    seen: dict[str, Any] = {}

    def probe(args: Any, settings: Settings, registry: Any) -> int:
        async def work() -> int:
            seen["registry"] = registry
            seen["running"] = runtime.registry()
            return 0

        return cli.run_db(settings, work, registry=registry)

    plugin = Plugin("probe", commands=lambda: (Command("probe", "test", probe),))
    plugins = [*default_plugins(), plugin]
    assert cli.main(["migrate"], plugins=plugins) == 0
    assert cli.main(["probe"], plugins=plugins) == 0
    assert seen["running"] is seen["registry"]  # the command's own registry is the one running
    assert "probe" in seen["registry"].commands and "check-links" in seen["registry"].commands
    # The core's commands run on the same plugins (serve: tests/live.py; check-links: its own tests).
    monkeypatch.setenv("CROSSROADS_PASSWORD", "a long enough password for the cli")
    assert cli.main(["create-user", "cli_made", "--role", "moderator"], plugins=plugins) == 0
    assert cli.main(["seed-demo", "--threads", "1"], plugins=plugins) == 0
    assert cli.main(["rerender", "--batch", "50"], plugins=plugins) == 0
    assert cli.main(["status", "--port", "1"], plugins=plugins) == 0
    assert cli.main(["check"], plugins=plugins) == 0
    # An app without the resources plugin has no check-links command.
    with pytest.raises(SystemExit):
        cli.main(["check-links"], plugins=[])


@pytest.mark.backends("sqlite")
async def test_seeding_turns_limits_off_for_itself_only(app, client):
    from forum.seed import seed

    outside = contextvars.copy_context()  # the app's own context, as another request has it
    seen: list[tuple[bool, int]] = []

    def look() -> None:
        rt = runtime.get()
        seen.append((rt.limiter is not None, rt.settings.new_member_review))

    def progress(line: str) -> None:
        # While seeding runs, whatever runs beside it still has the app's limits.
        asyncio.get_running_loop().call_soon(look, context=outside)

    await seed(1, progress=progress, members=6, password="demo password for tests")
    assert seen, "nothing ran beside the seeding"
    assert all(limited for limited, _ in seen), seen


def test_subject_types_and_kinds_are_declared_once_by_their_features():
    """One registry of subject types: every review kind's (posts', questions'...) and those plugins
    declare, each with its words; the same name declared with other words is refused."""
    from forum import review
    from forum.plugins import Contributions, Plugin
    from forum.registry import RegistryError, build_registry

    registry = build_registry(default_plugins())
    types = registry.subject_types
    assert types["post"].word == "post" and types["post"].taken_down == "removed"
    assert (
        types["ama_question"].word == "AMA question" and types["ama_question"].short == "question"
    )
    assert types["user"].word == "member" and types["resource_suggestion"].taken_down == "rejected"
    # Each event of screened writing or reporting opens one kind per subject type.
    opened = {
        (k.subject.name, event): k.name
        for k in registry.review_kinds.values()
        for event in k.opens_on
    }
    assert opened == {
        ("post", review.HOLD): "held_post",
        ("post", review.FLAG): "flagged_post",
        ("post", review.REPORT): "report",
        ("ama_question", review.HOLD): "held_question",
        ("ama_question", review.FLAG): "flagged_question",
        ("ama_question", review.REPORT): "flagged_question",
    }
    clash = Plugin(
        "clash",
        contribute=lambda: Contributions(subject_types=(review.SubjectType("post", "entry"),)),
    )
    with pytest.raises(RegistryError, match="subject type 'post'"):
        build_registry([*default_plugins(), clash])
