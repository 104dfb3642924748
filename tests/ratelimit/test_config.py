"""Policies as data: the built-in table, CROSSROADS_RATE_LIMITS overrides, and start-up refusal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from forum.ratelimit import (
    DEFAULT_POLICIES,
    Window,
    build_policies,
    parse_overrides,
    policy_table_markdown,
)
from forum.settings import SettingsError
from tests.live import run_cli

CONTRACT_NAMES = {
    "register",
    "login",
    "thread_create",
    "post_create",
    "report",
    "ama_question",
    "vote",
    "search",
}


def test_the_contract_policies_exist_with_their_keys():
    assert CONTRACT_NAMES <= set(DEFAULT_POLICIES)
    keys = {name: DEFAULT_POLICIES[name].key for name in CONTRACT_NAMES}
    assert (
        keys["register"] == "ip"
        and keys["login"] == "username_ip"
        and keys["search"] == "member_or_ip"
    )
    assert {
        keys[n] for n in ("thread_create", "post_create", "report", "ama_question", "vote")
    } == {"member"}
    # Staff are exempt from everything but sign-in.
    assert DEFAULT_POLICIES["login"].exempt_roles == ()
    assert all(
        set(DEFAULT_POLICIES[n].exempt_roles) == {"moderator", "admin"}
        for n in CONTRACT_NAMES - {"login"}
    )
    # New members: stricter where the issue says so, never looser.
    for p in DEFAULT_POLICIES.values():
        if not p.new_member_windows:  # the usual windows apply from the first day
            continue
        for new, usual in zip(p.new_member_windows, p.windows, strict=True):
            assert new.seconds == usual.seconds and new.limit < usual.limit


def test_overrides_in_the_contract_format():
    assert parse_overrides("post_create=3/60s;login=5/300s") == {
        "post_create": (Window(3, 60),),
        "login": (Window(5, 300),),
    }
    assert parse_overrides(" vote = 6/60s , 30/3600s ;") == {
        "vote": (Window(6, 60), Window(30, 3600))
    }
    assert parse_overrides("") == {}
    policies = build_policies("thread_create=9/60s")
    assert policies["thread_create"].windows == (Window(9, 60),)
    assert (
        policies["thread_create"].new_member_windows == ()
    )  # an override applies to new members too
    assert policies["post_create"] == DEFAULT_POLICIES["post_create"]


@pytest.mark.parametrize(
    "text, named",
    [
        ("post_create=lots", "post_create"),
        ("post_create=5/60", "post_create"),
        ("post_create=0/60s", "post_create"),
        ("post_create=5/0s", "post_create"),
        ("posts=5/60s", "posts"),
        ("post_create", "post_create"),
        ("=5/60s", "=5/60s"),
    ],
)
def test_malformed_overrides_are_refused_with_a_message_naming_them(text, named):
    with pytest.raises(SettingsError) as exc:
        build_policies(text)
    assert "CROSSROADS_RATE_LIMITS" in str(exc.value) and named in str(exc.value)


def test_crossroads_serve_refuses_to_start_on_a_malformed_value(tmp_path):
    result = run_cli(tmp_path, "serve", env={"CROSSROADS_RATE_LIMITS": "post_create=6 per minute"})
    assert result.returncode == 2
    assert "CROSSROADS_RATE_LIMITS" in result.stderr and "post_create" in result.stderr
    assert "Traceback" not in result.stderr
    unknown = run_cli(tmp_path, "serve", env={"CROSSROADS_RATE_LIMITS": "posting=6/60s"})
    assert unknown.returncode == 2 and "unknown policy 'posting'" in unknown.stderr


def test_docs_policy_table_matches_the_code():
    from forum.app import default_plugins
    from forum.registry import build_registry

    policies = build_registry(default_plugins()).policies  # the core's and the features' alike
    docs = (Path(__file__).resolve().parents[2] / "docs" / "ratelimit.md").read_text()
    block = re.search(r"<!-- policy-table[^>]*-->\n(.*?)\n<!-- /policy-table -->", docs, re.S)
    assert block, "docs/ratelimit.md lost its policy table markers"
    assert block.group(1).strip() == policy_table_markdown(policies)


def test_the_words_never_promise_an_earlier_time_than_retry_after():
    from forum.throttle import _message

    assert "in 1 second;" in _message(1) and "in 89 seconds;" in _message(89)
    assert "in 3 minutes;" in _message(149)  # not "2 minutes": that would be 29 seconds early
    assert "in 2 minutes;" in _message(90) and "in 90 minutes;" in _message(5399)
    assert "in 3 hours;" in _message(9000) and "in 2 hours;" in _message(5400)
    assert "nothing you wrote is lost" in _message(30)
