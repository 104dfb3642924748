"""`crossroads seed-demo`: demo content through the real actions, in order, only once."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from forum import seed_content as content
from forum.seed import DEMO_PASSWORD, SPAN, SeedRefused, member_names, seed, seed_demo
from forum.settings import Settings


def quiet(*args: Any, **kwargs: Any) -> None:
    pass


async def test_seed_fills_each_space_with_dated_conversations(app: Any) -> None:
    from forum.access import can_post_in_space
    from forum.accounts.models import User
    from forum.threads.models import Post, PostStatus, Thread

    lines: list[str] = []
    counts = await seed(
        threads_per_space=3, progress=lambda *a, **k: lines.append(" ".join(map(str, a)))
    )
    now = datetime.now(UTC)

    assert counts["held"] == 0 and counts["rejected"] == 0, "demo texts must pass the screens"
    for slug in content.SPACES:
        assert await Thread.filter(space__slug=slug).count() == 3 == counts[f"threads:{slug}"]
        assert counts[f"replies:{slug}"] >= 3 * 5
    assert counts["threads"] == 9 and counts["posts"] == 9 + counts["replies"]
    assert await Post.filter(is_first=False).count() == counts["replies"]
    assert any("%" in line for line in lines) and any("100%" in line for line in lines)

    # Every post is published, by someone allowed to write in that space.
    posts = await Post.all().order_by("id").select_related("author", "thread__space")
    assert posts and all(p.status == PostStatus.PUBLISHED for p in posts)
    for post in posts:
        assert can_post_in_space(post.author, post.thread.space), (
            post.author.username,
            post.thread.space.slug,
        )
        if not post.author.roles:
            assert post.thread.space.audience in (None, post.author.path.value)

    # Dates: in the past, within the demo's span, and in order.
    threads = await Thread.all().order_by("id")
    assert [t.created_at for t in threads] == sorted(t.created_at for t in threads)
    by_thread: dict[int, list[Any]] = {}
    for post in posts:
        by_thread.setdefault(post.thread_id, []).append(post)
    for thread in threads:
        thread_posts = by_thread[thread.id]
        times = [p.created_at for p in thread_posts]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert thread_posts[0].is_first and thread_posts[0].created_at == thread.created_at
        assert thread.last_post_at == times[-1] < now
        assert thread.created_at > now - SPAN - timedelta(minutes=5)
        assert thread.reply_count == len(thread_posts) - 1
        assert 5 <= thread.reply_count <= 15
    first_post = {p.author_id: p.created_at for p in reversed(posts)}
    for user in await User.all():
        assert user.created_at < first_post.get(user.id, now)

    # Staff are there, with their badges, and everyone signs in with the demo password.
    from forum.accounts.actions import authenticate
    from forum.accounts.schemas import SignIn

    signing_in = SignIn(username=content.THERAPIST, password=DEMO_PASSWORD)
    therapist = await authenticate(signing_in, ip=None)
    assert therapist.credential == "LMFT" and therapist.has_role("therapist")
    assert (await User.get(username=content.MODERATOR)).is_moderator
    assert await User.filter(roles=[]).count() == counts["members"] - 2


async def test_seed_refuses_a_database_with_threads(app: Any) -> None:
    from forum.threads.models import Post, Thread

    await seed(threads_per_space=1, progress=quiet, members=6)
    threads, posts = await Thread.all().count(), await Post.all().count()
    with pytest.raises(SeedRefused, match="empty database"):
        await seed(threads_per_space=1, progress=quiet)
    assert (await Thread.all().count(), await Post.all().count()) == (threads, posts)


def test_command_refuses_the_published_password_in_production(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.delenv("CROSSROADS_DEMO_PASSWORD", raising=False)
    settings = Settings(database_url="sqlite://:memory:", secret_key="x" * 40, env="production")
    assert seed_demo(argparse.Namespace(threads=36), settings) == 1
    assert "CROSSROADS_DEMO_PASSWORD" in capsys.readouterr().err
    assert seed_demo(argparse.Namespace(threads=0), Settings(database_url="sqlite://:memory:")) == 2


# --------------------------------------------------------------------------- the texts


def _all_texts() -> list[str]:
    texts: list[str] = []
    for space in content.SPACES:
        for opener in content.OPENERS[space]:
            texts += [*opener.titles, opener.body]
        texts += [r.text for r in content.REPLIES[space] + content.FOLLOWUPS[space]]
        texts += content.REPLY_CLOSINGS[space]
    texts += [r.text for r in content.THERAPIST_REPLIES]
    texts += content.MODERATOR_REPLIES + content.GENERAL_REPLIES
    texts += content.REPLY_LEADS + content.OPENER_LEADS + content.OPENER_CLOSINGS
    return texts


def test_content_is_plentiful_and_varied() -> None:
    for space in content.SPACES:
        openers = content.OPENERS[space]
        assert len({o.body for o in openers}) >= 25
        assert len({t for o in openers for t in o.titles}) >= 50
        assert len({r.text for r in content.REPLIES[space]}) + len(content.GENERAL_REPLIES) >= 60
        bodies = [o.body for o in openers]
        assert any("\n- " in b or "\n1. " in b for b in bodies), "a list"
        assert any("*" in b for b in bodies), "emphasis"
        for opener in openers:
            # Every opener gets a few replies on its own topics.
            assert sum(r.fits(opener.topic_set) for r in content.REPLIES[space]) >= 2, (
                opener.titles[0]
            )
    assert any("\n> " in t or t.startswith("> ") for t in _all_texts()), "a quote"


def test_content_keeps_out_personal_data_and_crisis_language() -> None:
    crisis = re.compile(
        r"suicid|kill|\bdie\b|dying|\bdead\b|death|self-harm|\bharm|hurt|overdose|pills|\bcut|weapon|\bgun|"
        r"knife|\bhit\b|hitting|abus|violen|threat|unsafe|afraid|scared|hopeless|worthless|\bend it\b|"
        r"end my life|no reason to live|can't go on|\bdrown",
        re.IGNORECASE,
    )
    personal = re.compile(
        r"@|https?://|www\.|\d{4,}|\b\d{3}[-. ]\d{3,4}\b|\b(street|avenue|road|lane)\b",
        re.IGNORECASE,
    )
    for text in _all_texts():
        assert not crisis.search(text), text
        assert not personal.search(text), text


def test_demo_usernames_are_pseudonyms() -> None:
    from forum.accounts.actions import USERNAME_RE

    names = [n for group in content.USERNAMES.values() for n in group] + [
        content.MODERATOR,
        content.THERAPIST,
    ]
    assert len(names) == len({n.lower() for n in names}) >= 40
    assert all(USERNAME_RE.match(n) for n in names)
    split = member_names(12)
    assert sum(map(len, split.values())) == 12 and all(split.values())


def test_the_command_seeds_a_fresh_database_and_says_how_to_sign_in(
    tmp_path: Any, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`crossroads seed-demo` outside a running server: replies and mentions notify as the actions
    always do (their announcements go to the command's own event bus), and it finishes with 0."""
    monkeypatch.delenv("CROSSROADS_DEMO_PASSWORD", raising=False)
    settings = Settings(database_url=f"sqlite://{tmp_path / 'demo.sqlite3'}")
    assert seed_demo(argparse.Namespace(threads=2), settings) == 0
    out = capsys.readouterr().out
    assert f'password "{DEMO_PASSWORD}"' in out
