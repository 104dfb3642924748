"""Highlighted excerpts of search hits: plain text cut on grapheme clusters, marks as <mark>.

Matched words are put between two private-use sentinels (`OPEN`, `CLOSE`) in the post's own
visible text: on PostgreSQL the words ``ts_headline`` marked, on SQLite those `mark_words` folds
to a query word. `to_html`
turns that into HTML by escaping *everything* and adding only balanced ``<mark>`` elements, so
an excerpt can never carry markup from a post (safe by construction, no sanitiser pass needed).
Cuts happen between grapheme clusters (UAX #29, the ``regex`` module's ``\\X``): an emoji with
its joiners or skin tone, a flag's letter pair or a letter with its accents stays whole.
"""

from __future__ import annotations

import html

import regex
from markupsafe import Markup, escape

from forum.search.query import fold

OPEN, CLOSE = "\ue000", "\ue001"
ELLIPSIS = "…"
_CLUSTER = regex.compile(r"\X")
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")
_SUFFIXES = ("ingly", "ings", "ing", "edly", "ed", "es", "s", "ly")


def plain_text(body_html: str) -> str:
    """The visible text of a rendered post (tags dropped, entities decoded, spaces collapsed)."""
    from forum.text import excerpt

    return excerpt(body_html, 1_000_000)


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def mark_words(text: str, words: list[str] | set[str], *, exact: bool = False) -> str:
    """`text` with each word that matches one of `words` between OPEN and CLOSE.

    `exact`: the words are the very words a database marked (PostgreSQL's ts_headline), compared
    without case and accents. Otherwise matching folds case, accents and English endings roughly
    as the SQLite index does (``Counsellors`` is marked for ``counsellor``). Either way it only
    decides what is highlighted, never what matches."""
    stems = {fold(w) if exact else _stem(fold(w)) for w in words if w}
    if not stems:
        return text.replace(OPEN, "").replace(CLOSE, "")

    def mark(m: regex.Match[str]) -> str:
        folded = fold(m.group(0))
        if folded in stems or (
            not exact and any(len(s) >= 4 and folded.startswith(s) for s in stems)
        ):
            return OPEN + m.group(0) + CLOSE
        return m.group(0)

    return _WORD.sub(mark, text.replace(OPEN, "").replace(CLOSE, ""))


def window(marked: str, limit: int = 240, before: int = 60) -> str:
    """At most `limit` grapheme clusters of `marked` around its first mark, with "…" where cut.

    Cuts fall between clusters and, when one is near, at a space."""
    clusters = _CLUSTER.findall(marked)
    visible = [c for c in clusters if c not in (OPEN, CLOSE)]
    if len(visible) <= limit:
        return marked
    first = next((i for i, c in enumerate(clusters) if c == OPEN), 0)
    start = max(0, first - before)
    if start:
        space = next((i for i in range(start, first) if clusters[i].isspace()), None)
        start = space + 1 if space is not None else start
    out, shown = [], 0
    for c in clusters[start:]:
        if c not in (OPEN, CLOSE):
            if shown >= limit:
                break
            shown += 1
        out.append(c)
    cut = len(out) < len(clusters) - start
    if cut:
        space = next(
            (i for i in range(len(out) - 1, len(out) * 2 // 3, -1) if out[i].isspace()), None
        )
        if space is not None:
            out = out[:space]
    text = "".join(out).strip()
    return (ELLIPSIS if start else "") + text + (ELLIPSIS if cut else "")


def to_html(marked: str) -> Markup:
    """Escaped text with balanced ``<mark>`` elements (stray sentinels are dropped)."""
    parts: list[str] = []
    is_open = False
    for piece in regex.split(f"([{OPEN}{CLOSE}])", marked):
        if piece == OPEN:
            if not is_open:
                parts.append("<mark>")
                is_open = True
        elif piece == CLOSE:
            if is_open:
                parts.append("</mark>")
                is_open = False
        elif piece:
            parts.append(str(escape(piece)))
    if is_open:
        parts.append("</mark>")
    return Markup("".join(parts))


def to_text(marked: str) -> str:
    return marked.replace(OPEN, "").replace(CLOSE, "")


def headline_words(headline: str) -> set[str]:
    """The words PostgreSQL's ``ts_headline`` marked (entities decoded).

    Only the marks are used: its text drops characters its parser does not read as words
    (emoji, for one), so the excerpt itself is cut from the post's own text (`for_post`)."""
    return {html.unescape(w) for w in regex.findall(f"{OPEN}(.*?){CLOSE}", headline, flags=regex.S)}


def for_post(
    body_html: str, words: list[str] | set[str], limit: int = 240, *, exact: bool = False
) -> str:
    """The marked excerpt of a post: its visible text, `words` marked, cut around the first."""
    return window(mark_words(plain_text(body_html), words, exact=exact), limit)
