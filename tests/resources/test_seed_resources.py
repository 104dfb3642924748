"""seed-demo's directory entries: fictional, on example.org, and usable through the filters."""

from __future__ import annotations

from forum.seed import seed
from forum.seed_content import DEMO_RESOURCES


def quiet(*args, **kwargs):
    pass


def test_demo_entries_are_clearly_fictional():
    assert len(DEMO_RESOURCES) >= 8
    for spec in DEMO_RESOURCES:
        assert str(spec["url"]).startswith("https://example.org/demo/"), spec["url"]
        assert (
            str(spec["title"]).startswith("Demo: ")
            and "fictional" in str(spec["description"]).lower()
        )


async def test_seed_demo_fills_the_directory(client, app):
    counts = await seed(threads_per_space=1, progress=quiet, members=6)
    assert counts["resources"] == len(DEMO_RESOURCES)
    listing = (await client.get("/api/v1/resources", params={"limit": 100})).json()["items"]
    demo = [r for r in listing if r["title"].startswith("Demo: ")]
    assert {r["domain"] for r in demo} == {"example.org"}
    assert len(demo) == len(DEMO_RESOURCES) - 1  # the past session has ended
    hotlines = [r["title"] for r in listing if r["kind"] == "hotline"]
    from forum.resources.actions import DEFAULT_HOTLINES

    assert len(hotlines) == len(DEFAULT_HOTLINES)
    retreats = (
        await client.get("/api/v1/resources", params={"kind": "retreat", "path": "staying"})
    ).json()["items"]
    mediators = (
        await client.get("/api/v1/resources", params={"kind": "mediator", "path": "leaving"})
    ).json()["items"]
    assert retreats and mediators
