"""The search box's query language, one for both databases.

The language is PostgreSQL's ``websearch_to_tsquery``: words must all appear (AND);
``"quoted words"`` must appear together, in order; ``-word`` or ``-"a phrase"`` must not
appear; ``or`` between words splits the query into alternatives, each of which is an AND of
its words (``a b or c`` finds posts with a and b, or with c). Case and accents never matter
(``emile`` finds ``Émile``), and English endings are folded (``counsellors`` finds
``counsellor``).

PostgreSQL gets the text itself (``websearch_to_tsquery``); SQLite gets the same tree written
as an FTS5 expression (`to_fts5`). `parse` validates first, so both refuse the same input.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import regex

from forum.errors import ValidationError
from forum.search.schema import SQLITE_FOLDS

MAX_LENGTH, MAX_TERMS = 100, 8

_TOKEN = regex.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = regex.compile(r"[\p{L}\p{N}]+")


@dataclass
class Term:
    """One word or quoted phrase: its words as typed (``words``) and whether it is excluded."""

    words: list[str]
    negated: bool = False


@dataclass
class Query:
    """Alternatives (OR) of groups; a group's terms must all hold (AND, NOT for negated ones)."""

    text: str
    groups: list[list[Term]] = field(default_factory=list)

    def positive_words(self) -> list[str]:
        """Every word the results should contain, for highlighting."""
        return [w for g in self.groups for t in g if not t.negated for w in t.words]


def _invalid(message: str) -> ValidationError:
    return ValidationError(message, fields={"q": message})


def parse(raw: object) -> Query:
    """The search box's text as a `Query`; ValidationError (field ``q``) when there is nothing
    to look for: fewer than two letters, only excluded words, more than `MAX_TERMS` terms,
    or more than `MAX_LENGTH` characters."""
    from forum.text import clean_text

    text = clean_text(
        raw if isinstance(raw, str) else "", field="q", max_length=MAX_LENGTH, multiline=False
    )
    groups: list[list[Term]] = [[]]
    count = 0
    for m in _TOKEN.finditer(text):
        negated, phrase, word = m.group(1) == "-", m.group(2), m.group(3)
        if word is not None:
            if word.lower() == "or":
                if groups[-1]:
                    groups.append([])
                continue
            negated = word.startswith("-")
            phrase = word.lstrip("-")
        words = _WORD.findall(phrase or "")
        if not words:
            continue
        groups[-1].append(Term(words, negated))
        count += 1
    groups = [g for g in groups if g]
    if count > MAX_TERMS:
        raise _invalid(f"Use at most {MAX_TERMS} words or phrases.")
    if not groups or len("".join(w for g in groups for t in g for w in t.words)) < 2:
        raise _invalid("Type at least two letters to search.")
    for group in groups:
        if all(t.negated for t in group):
            raise _invalid("“-word” leaves out posts with that word: add a word to look for.")
    return Query(text=text, groups=groups)


def sqlite_fold(text: str) -> str:
    """`text` with the letters SQLite's index stores folded (forum.search.schema.SQLITE_FOLDS:
    ``ß`` -> ``ss``, which FTS5's unicode61 tokenizer leaves alone) folded the same way."""
    for letter, folded in SQLITE_FOLDS:
        text = text.replace(letter, folded)
    return text


def _fts5_string(words: list[str]) -> str:
    return '"' + sqlite_fold(" ".join(words)).replace('"', '""') + '"'


def to_fts5(query: Query) -> str:
    """The FTS5 MATCH expression: ``(("a" AND "b") NOT "c") OR ("d e")``; every word is quoted,
    so nothing a member types is read as FTS5 syntax."""
    parts = []
    for group in query.groups:
        positive = " AND ".join(_fts5_string(t.words) for t in group if not t.negated)
        negative = [_fts5_string(t.words) for t in group if t.negated]
        expr = f"({positive})"
        if negative:
            expr = f"({expr} NOT ({' OR '.join(negative)}))"
        parts.append(expr)
    return " OR ".join(parts)


def fold(word: str) -> str:
    """Lower case without accents (``Ärzte`` -> ``arzte``), as both indexes compare words."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
