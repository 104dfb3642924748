"""Shared pieces of the text screens: the Finding shape and text preparation.

Pure functions, no I/O. ``_prepare`` maps every prepared character back to the
original text so excerpts are cut from what the member wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

CRISIS, PERSONAL_DATA, WATCHED_WORD = "crisis", "personal_data", "watched_word"


@dataclass(frozen=True)
class Finding:
    kind: str  # "crisis" | "personal_data" | "watched_word"
    reason: str  # short reason shown to moderators, e.g. "crisis: self-harm"
    category: str  # "suicide", "self_harm", "violence_at_home", "phone", ... or the watched word
    excerpt: str  # the matched text (moderators only)


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_EMPHASIS = set("*_~`")


def _prepare(text: str, strip_emphasis: bool) -> tuple[str, list[int]]:
    """Straighten curly quotes, collapse runs of whitespace to one space and
    (optionally) drop Markdown emphasis marks that sit at the edge of a word
    ("**die**" -> "die", but "s*icide" keeps its star).

    Returns the prepared text and, for every character of it, the index of the
    character in ``text`` it came from, so excerpts are cut from the original.
    """
    src = text.translate(_QUOTES)
    out: list[str] = []
    where: list[int] = []
    n = len(src)
    i = 0
    while i < n:
        ch = src[i]
        if ch.isspace():
            if not (out and out[-1] == " "):
                out.append(" ")
                where.append(i)
            i += 1
            continue
        if strip_emphasis and ch in _EMPHASIS:
            # A run of marks is kept only between two letters ("s*icide").
            j = i
            while j < n and src[j] in _EMPHASIS:
                j += 1
            before = src[i - 1] if i > 0 else " "
            after = src[j] if j < n else " "
            if before.isalnum() and after.isalnum():
                out.extend(src[i:j])
                where.extend(range(i, j))
            i = j
            continue
        out.append(ch)
        where.append(i)
        i += 1
    return "".join(out), where


def _excerpt(original: str, where: list[int], start: int, end: int) -> str:
    if not where or start >= end:
        return ""
    return original[where[start] : where[end - 1] + 1].strip()


def _dedupe(found: list[tuple[int, int, Finding]]) -> list[Finding]:
    """Order by position; drop a finding that overlaps an earlier one of the same category."""
    kept: list[tuple[int, int, Finding]] = []
    for start, end, finding in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if any(k.category == finding.category and start < e and s < end for s, e, k in kept):
            continue
        kept.append((start, end, finding))
    return [f for _, _, f in kept]
