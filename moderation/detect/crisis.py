"""The crisis phrase screen: runs the rules of ``crisis_rules`` and ``crisis_more``."""

from __future__ import annotations

import re

from moderation.detect.crisis_more import (
    ADVICE,
    DENIAL,
    MARRIAGE_GOODBYE,
    MORE_REASONS,
    MORE_RULES,
    PAST_AND_OVER,
    QUESTION,
    STILL_NOW,
    VIOLENCE_OVER,
)
from moderation.detect.crisis_round3 import ROUND3_RULES
from moderation.detect.crisis_round4 import find_structures, out_of_scope
from moderation.detect.crisis_round5 import ROUND5_RULES, procedural_only
from moderation.detect.crisis_rules import (
    _CRISIS_REASON,
    _CRISIS_RULES,
    _NEGATION,
    SELF_HARM,
    SUICIDE,
    VIOLENCE,
)
from moderation.detect.model import ModelHit
from moderation.detect.text import CRISIS, Finding, _dedupe, _excerpt, _prepare

_COMPILED_CRISIS = tuple(
    (
        rule,
        re.compile(rule.pattern, re.IGNORECASE),
        re.compile(rule.unless_before, re.IGNORECASE) if rule.unless_before else None,
        re.compile(rule.unless_after, re.IGNORECASE) if rule.unless_after else None,
        re.compile(rule.requires_before, re.IGNORECASE) if rule.requires_before else None,
    )
    for rule in (*_CRISIS_RULES, *MORE_RULES, *ROUND3_RULES, *ROUND5_RULES)
)
_REASONS = {**_CRISIS_REASON, **MORE_REASONS}
_SENTENCE_EDGE = re.compile(r"[.!?\n]")
STRUCTURE_CHECKS, STRUCTURE_HITS = 40, 3


def find_crisis(text: str) -> list[Finding]:
    """Phrases suggesting suicide, self-harm or violence at home.

    Third parties count: a member worried that their spouse will hurt
    themselves or the children is a crisis too. One finding per place in the
    text, ordered by position.
    """
    prepared, where = _prepare(text, strip_emphasis=True)
    found: list[tuple[int, int, Finding]] = []
    for rule, pattern, before_guard, after_guard, before_needed in _COMPILED_CRISIS:
        for m in pattern.finditer(prepared):
            before = prepared[max(0, m.start() - 60) : m.start()]
            after = prepared[m.end() : m.end() + 60]
            if before_guard and before_guard.search(before):
                continue
            if after_guard and after_guard.search(after):
                continue
            start = m.start()
            if before_needed:
                cue = before_needed.search(before)
                if not cue:
                    continue
                start = m.start() - len(before) + cue.start()  # show the cue too
            if rule.not_in_fill and _NEGATION.search(m.group("fill") or ""):
                continue
            if rule.title and rule.title in m.group(0):
                continue
            finding = Finding(
                kind=CRISIS,
                reason=_REASONS[rule.category],
                category=rule.category,
                excerpt=_excerpt(text, where, start, m.end()),
            )
            if _guarded(prepared, start, m.end()):
                continue
            if rule.procedural and procedural_only(
                prepared[slice(*_sentence_bounds(prepared, start, m.end()))]
            ):
                continue
            if rule.category in (SUICIDE, SELF_HARM) and _asked_or_over(prepared, start, m.end()):
                continue
            if rule.category == VIOLENCE and _violence_over(prepared, start, m.end()):
                continue
            found.append((start, m.end(), finding))
    # Structures: at most STRUCTURE_CHECKS candidates are checked and STRUCTURE_HITS kept per
    # category (one is enough to flag), so a text made of thousands of parts stays cheap.
    checked, kept = 0, dict.fromkeys((SUICIDE, SELF_HARM, VIOLENCE), 0)
    for start, end, category in find_structures(prepared):
        if checked >= STRUCTURE_CHECKS:
            break
        if kept.get(category, 0) >= STRUCTURE_HITS:
            continue
        checked += 1
        if _guarded(prepared, start, end) or _scoped_out(prepared, start, end):
            continue
        if category in (SUICIDE, SELF_HARM) and _asked_or_over(prepared, start, end):
            continue
        if category == VIOLENCE and _violence_over(prepared, start, end):
            continue
        kept[category] = kept.get(category, 0) + 1
        found.append(
            (
                start,
                end,
                Finding(
                    kind=CRISIS,
                    reason=_REASONS[category],
                    category=category,
                    excerpt=_excerpt(text, where, start, end),
                ),
            )
        )
    return _dedupe([f for f in found if not _scoped_out(prepared, f[0], f[1])])


def _scoped_out(prepared: str, start: int, end: int) -> bool:
    """The round-4 scope step (``crisis_round4.out_of_scope``) for a hit at [start, end): advice
    to someone else, a negated intent, or a crisis told as past and resolved."""
    lo, hi = _sentence_bounds(prepared, start, end)
    _, hi2 = _sentence_bounds(prepared, start, end, extra=2)
    return out_of_scope(prepared[lo:hi], prepared[lo:hi2])


def _guarded(prepared: str, start: int, end: int) -> bool:
    """True when the sentence around [start, end) denies the crisis ("I'm not
    suicidal, just exhausted"), gives advice to others ("If you are having
    thoughts of suicide, call..."), names a crisis line, or ends in "/s"."""
    lo = start
    while lo > 0 and lo > start - 300 and not _SENTENCE_EDGE.match(prepared[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(prepared) and hi < end + 300 and not _SENTENCE_EDGE.match(prepared[hi]):
        hi += 1
    sentence = prepared[lo : hi + 1]
    return bool(DENIAL.search(sentence) or ADVICE.search(sentence))


def _sentence_bounds(prepared: str, start: int, end: int, extra: int = 0) -> tuple[int, int]:
    """The sentence around [start, end) (at most 300 characters each way), plus
    ``extra`` following sentences."""
    lo = start
    while lo > 0 and lo > start - 300 and not _SENTENCE_EDGE.match(prepared[lo - 1]):
        lo -= 1
    hi = end
    for _ in range(extra + 1):
        limit = hi + 300
        while hi < len(prepared) and hi < limit and not _SENTENCE_EDGE.match(prepared[hi]):
            hi += 1
        hi += 1
    return lo, min(hi, len(prepared))


def _asked_or_over(prepared: str, start: int, end: int) -> bool:
    """True for a suicide or self-harm hit in a question someone asked ("she asked if
    I'm suicidal"), a screening question, "I would never hurt myself", or a crisis
    told as past and over in its sentence or the next ("Last winter I thought about
    ending it. I got help, I'm glad I'm here"), unless that says again / now / still."""
    lo, hi = _sentence_bounds(prepared, start, end)
    if QUESTION.search(prepared[lo:hi]) or MARRIAGE_GOODBYE.search(prepared[lo:hi]):
        return True
    lo, hi = _sentence_bounds(prepared, start, end, extra=1)
    window = prepared[lo:hi]
    return bool(PAST_AND_OVER.search(window)) and not STILL_NOW.search(window)


def _violence_over(prepared: str, start: int, end: int) -> bool:
    """True for violence told as past and over in its sentence or the next ("After he
    strangled me in 2016 I left with the kids, we've been safe ever since"), unless that
    window says it is happening again or now."""
    lo, hi = _sentence_bounds(prepared, start, end, extra=1)
    window = prepared[lo:hi]
    return bool(VIOLENCE_OVER.search(window)) and not STILL_NOW.search(window)


def model_hit_shows(hit: ModelHit, text: str = "") -> bool:
    """True when a crisis model hit may show crisis lines on its own: confident (its threshold,
    chosen out of fold on the training split) and its sentence not out of scope -- the same scope
    step the patterns get (advice to someone else, a denial, a crisis told as past and resolved).
    A confident hit that is out of scope still queues as "possible crisis". ``text``, when given,
    is the whole text the hit came from: the two sentences after the hit count for the past step
    ("Years ago I had a plan. I got help and I'm well now")."""
    if not hit.confident:
        return False
    prepared, _ = _prepare(hit.sentence, strip_emphasis=True)
    if DENIAL.search(prepared) or ADVICE.search(prepared):
        return False
    window = prepared
    if text and hit.sentence:
        whole, _ = _prepare(text, strip_emphasis=True)
        at = whole.find(prepared)
        if at >= 0:
            _, hi = _sentence_bounds(whole, at, at + len(prepared), extra=2)
            window = whole[at:hi]
    return not out_of_scope(prepared, window)
