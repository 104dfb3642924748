"""The moderators' watched words: normalisation and matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from moderation.detect.text import WATCHED_WORD, Finding

WATCH_ACTIONS = ("block", "hold", "flag")


@dataclass(frozen=True)
class WatchedWord:
    pattern: str
    action: str  # "block" | "hold" | "flag"

    def __post_init__(self) -> None:
        if self.action not in WATCH_ACTIONS:
            raise ValueError(
                f"watched word action must be one of {WATCH_ACTIONS}, not {self.action!r}"
            )


_SUBSTITUTIONS = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "!": "i",
}
_TOKEN_CHARS = set("@$!")


def _normalise_with_offsets(text: str, one: str = "i") -> tuple[str, list[int], list[int]]:
    """normalise(), also returning for each output character the start and end
    (exclusive) index of the original characters it came from."""
    # 1. casefold, NFKD, drop combining marks -- per original character.
    chars: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(c):
                continue
            for f in c.casefold():
                chars.append((f, i))
    # 2. tokens: runs of letters, digits and the symbols that stand for letters.
    tokens: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    gaps: list[str] = []  # separator text before each token
    gap = ""
    for c, i in chars:
        if c.isalnum() or c in _TOKEN_CHARS:
            if not current:
                gaps.append(gap)
                gap = ""
            current.append((c, i))
        else:
            if current:
                tokens.append(current)
                current = []
            gap += c
    if current:
        tokens.append(current)
    subs = dict(_SUBSTITUTIONS, **{"1": one})
    words: list[list[tuple[str, int]]] = []
    for tok in tokens:
        # "!" only stands for "i" inside a word ("sh!t"), not at its edges ("idiot!").
        lo, hi = 0, len(tok)  # indices, not repeated slicing: linear in a run of "!"
        while hi > lo and tok[hi - 1][0] == "!":
            hi -= 1
        while lo < hi and tok[lo][0] == "!":
            lo += 1
        tok = tok[lo:hi]
        if not tok:
            words.append([])
            continue
        has_letter = any(c.isalpha() for c, _ in tok)
        all_symbols = len(tok) > 1 and all(c in _TOKEN_CHARS for c, _ in tok)
        if has_letter or all_symbols:  # "a$$", "@$$"
            tok = [(subs.get(c, c), i) for c, i in tok]
        else:  # "$100", "2020": digits stay digits, a lone symbol goes
            tok = [(c, i) for c, i in tok if c.isdigit()]
        words.append(tok)
    # 3. join words spelled out letter by letter ("s h i t", "s.h.i.t") when
    #    three or more single characters follow each other with one separator.
    merged: list[list[tuple[str, int]]] = []
    run: list[tuple[str, int]] = []
    run_len = 0
    for k, tok in enumerate(words):
        single = len(tok) == 1 and tok[0][0].isalpha()
        sep = gaps[k] if k < len(gaps) else " "
        if single and run_len and len(sep) == 1 and sep != "\n":
            run.extend(tok)
            run_len += 1
            continue
        if run:
            if run_len >= 3:
                merged.append(run)
            else:
                merged.extend([[c] for c in run])
        run, run_len = [], 0
        if single:
            run, run_len = list(tok), 1
        elif tok:
            merged.append(tok)
    if run:
        if run_len >= 3:
            merged.append(run)
        else:
            merged.extend([[c] for c in run])
    # 4. one space between words.
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for w, tok in enumerate(merged):
        if w:
            out.append(" ")
            starts.append(tok[0][1])
            ends.append(tok[0][1])
        for c, i in tok:
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return "".join(out), starts, ends


def normalise(text: str) -> str:
    """Text as watched words are matched against it.

    Casefolded; accents stripped (NFKD, combining marks dropped); inside words
    that contain a letter, 0->o 1->i 3->e 4->a 5->s 7->t @->a $->s and !->i
    ("sh!t", "a$$", "@ss", "b1tch"; "!" only inside a word, never at its end);
    numbers on their own are left alone ("2020"); every run of spaces and
    punctuation becomes one space; words spelled out one letter at a time
    ("s h i t", "s.h.i.t") are joined.
    """
    return _normalise_with_offsets(text)[0]


def _watched_regex(pattern: str) -> re.Pattern[str] | None:
    """A watched pattern as a regex over normalised text, whole words only.
    A word ending in "*" matches any word it begins ("cheat*" -> "cheater")."""
    parts = []
    for raw in pattern.split():
        prefix = raw.endswith("*")
        word = normalise(raw.rstrip("*"))
        if not word:
            continue
        body = re.escape(word).replace(r"\ ", " ")
        parts.append(body + (r"\w*" if prefix else ""))
    if not parts:
        return None
    return re.compile(r"(?<!\w)" + " ".join(parts) + r"(?!\w)")


def find_watched(text: str, words: Iterable[WatchedWord]) -> list[tuple[WatchedWord, Finding]]:
    """Watched words and phrases found in ``text``.

    Matching is on normalised text (see ``normalise``) at word boundaries, so
    "ass" does not match "class" and "glass", and a pattern of several words
    matches them in order with any punctuation or spacing between. "1" is
    tried both as "i" and as "l" ("k1ll", "1oser"). One result per watched
    word (its first occurrence), ordered by position in the text.
    """
    variants = [_normalise_with_offsets(text, one) for one in ("i", "l")]
    results: list[tuple[int, WatchedWord, Finding]] = []
    seen: set[WatchedWord] = set()
    for word in words:
        if word in seen:
            continue
        regex = _watched_regex(word.pattern)
        if regex is None:
            continue
        hits = []
        for norm, starts, ends in variants:
            m = regex.search(norm)
            if m:
                hits.append((starts[m.start()], ends[m.end() - 1]))
        if not hits:
            continue
        start, end = min(hits)
        seen.add(word)
        finding = Finding(
            kind=WATCHED_WORD,
            reason=f"watched word: {word.pattern}",
            category=word.pattern,
            excerpt=text[start:end],
        )
        results.append((start, word, finding))
    results.sort(key=lambda r: r[0])
    return [(w, f) for _, w, f in results]
