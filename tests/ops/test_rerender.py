"""`crossroads rerender`: stale posts get the current renderer's HTML, in batches, resumably."""

from __future__ import annotations

import pytest

from forum.rerender import rerender
from forum.text import RENDER_VERSION
from forum.threads.models import Post


class Stop(Exception):
    pass


async def _stale_posts(client, member, n: int) -> list[int]:
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=member.auth,
        json={"title": "Rendering", "body": "First *post*"},
    )
    assert r.status_code == 201, r.text
    tid = r.json()["thread"]["id"]
    for i in range(n - 1):
        r = await client.post(
            f"/api/v1/threads/{tid}/posts", headers=member.auth, json={"body": f"Reply **{i}**"}
        )
        assert r.status_code == 201, r.text
    ids = [p["id"] for p in await Post.filter(thread_id=tid).order_by("id").values("id")]
    # As if written by an older renderer.
    await Post.filter(id__in=ids).update(body_html="<p>old</p>", render_version=RENDER_VERSION - 1)
    return ids


async def test_stale_posts_are_rerendered_in_batches_and_a_stopped_run_carries_on(client, members):
    ids = await _stale_posts(client, members["staying"], 7)
    current = await Post.create(
        thread_id=(await Post.get(id=ids[0])).thread_id,
        author_id=members["staying"].id,
        body_md="kept",
        body_html="<p>kept as is</p>",
        render_version=RENDER_VERSION,
    )
    reports = []

    def stop_after_first_batch(progress):
        reports.append((progress.done, progress.total))
        if progress.done >= 3:
            raise Stop

    with pytest.raises(Stop):
        await rerender(batch=3, report=stop_after_first_batch)
    assert reports == [(0, 7), (3, 7)]
    done = await Post.filter(id__in=ids, render_version=RENDER_VERSION).count()
    assert done == 3  # the first batch is written, the rest still old

    seen = []
    (result,) = await rerender(batch=3, report=lambda p: seen.append((p.done, p.total)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)  # only what was left
    assert (result.done, result.changed, result.skipped) == (4, 4, 0)
    rows = {
        p["id"]: p
        for p in await Post.filter(id__in=ids).values("id", "body_html", "render_version")
    }
    assert rows[ids[0]]["body_html"] == "<p>First <em>post</em></p>"
    assert rows[ids[1]]["body_html"] == "<p>Reply <strong>0</strong></p>"
    assert {r["render_version"] for r in rows.values()} == {RENDER_VERSION}
    assert (
        await Post.get(id=current.id)
    ).body_html == "<p>kept as is</p>"  # current version: untouched

    (again,) = await rerender()
    assert again.total == 0  # nothing left to do


async def test_all_rerenders_every_post_whatever_its_version_and_the_ama_texts(client, members):
    ids = await _stale_posts(client, members["staying"], 2)
    await Post.filter(id__in=ids).update(
        render_version=RENDER_VERSION
    )  # versions current, HTML wrong
    results = await rerender(everything=True)
    posts = results[0]
    assert posts.kind == "posts" and posts.changed == 2
    assert [r.kind for r in results[1:]] == ["AMA descriptions", "AMA questions", "AMA answers"]
    assert (await Post.get(id=ids[0])).body_html == "<p>First <em>post</em></p>"


def test_the_command_shows_progress_and_a_summary(tmp_path):
    from tests.live import run_cli

    assert run_cli(tmp_path, "migrate").returncode == 0
    result = run_cli(tmp_path, "rerender", "--batch", "50")
    assert result.returncode == 0, result.stderr
    assert "posts: 0 checked, 0 changed" in result.stdout
    assert run_cli(tmp_path, "rerender", "--batch", "0").returncode == 2
