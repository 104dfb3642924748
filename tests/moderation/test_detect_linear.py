"""Hostile input: every screen must do work linear in the length of the text.

Each case is a repetitive input that made a pattern backtrack or rescan
(quadratic time) before issue 10, e.g. ``"a dot " * 3300 + "at x"`` took 3.2 s in
the personal-data screen. The cases run at 40 KB: linear screens finish in well
under a second, a quadratic one would take 20 s or more. A generous SIGALRM guard
turns a regression into a failure instead of a hung test run (the timing itself
is not asserted; ``python -m bench.screens_bench --hostile`` prints the cost of
each case at 4 KB and 40 KB).
"""

from __future__ import annotations

import signal

import pytest

from moderation.detect import WatchedWord, find_crisis, find_personal_data, find_watched, score_both

HOSTILE_UNITS = [
    "a dot ",  # obfuscated e-mail: every "dot" started a scan to the end
    "dot ",
    "a%",  # plain e-mail local part
    "a@b.",
    " ",  # sentence splitter rescanned runs of spaces looking for a line break
    "  \n",
    "!",  # watched words: stripping "!" sliced the token once per mark
    "a ",
    "1 ",
    "He hit ",
    "John Smith ",
    "wish ",
    "s*",
    "12 Aa ",
    # round 4: thousands of parts of a farewell, a plan, being held (each pair is a candidate)
    "Thank you. After tonight. ",
    "pills tonight ",
    "He took my keys. I can't leave. ",
]
SIZE = 40_000
WORDS = [WatchedWord("gold digger", "hold"), WatchedWord("cheat*", "flag")]
SCREENS = {
    "crisis": find_crisis,
    "personal": find_personal_data,
    "model": score_both,
    "watched": lambda text: find_watched(text, WORDS),
}


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001
    raise _TooSlow


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screens_finish_on_hostile_input(screen: str, unit: str) -> None:
    text = unit * (SIZE // len(unit)) + "at x"
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(10)
    try:
        SCREENS[screen](text)
    except _TooSlow:
        pytest.fail(f"{screen} screen is not linear on {unit!r} * {SIZE // len(unit)}")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_obfuscated_email_still_found_after_bounding() -> None:
    found = find_personal_data("write to jane dot doe dot 82 at gmail dot com please")
    assert [f.category for f in found] == ["email"]
