"""Pseudonyms that cannot pass for someone else.

A new username is refused when it *looks like* an existing member's name, a deleted member's
reserved name, or staff: two names look alike when their Unicode TR39 (UTS #39) confusable
skeletons are equal (``Iindsey`` and ``lindsey``, ``rnodX`` and ``modX``, ``m0derator``).

The skeleton comes from ``disarm.skeleton_key`` (maintained, Unicode 17 confusables data, a
prebuilt wheel) with ``digit_policy="tr39"`` (``1 ≡ l``, ``0 ≡ O``, as TR39 has it for
identifiers); it is already case-folded. disarm leaves out TR39's one multi-letter Latin
prototype that matters for our ASCII names, ``m → rn`` (confusables.txt: ``006D ; 0072 006E``),
so we apply that one mapping after it. PyICU's SpoofChecker would give the same, but needs a
C++ build of ICU on every install.
"""

from __future__ import annotations

import re

# A deleted member's pseudonym stays reserved this long (README: "What the site keeps").
RESERVED_DAYS = 365

# Words only staff names may carry (compared by skeleton, ignoring '-' and '_').
STAFF_WORDS = ("moderator", "admin", "staff", "crossroads", "therapist", "official")

_SEPARATORS = re.compile(r"[-_]+")


def skeleton(text: str) -> str:
    """UTS #39 skeleton of ``text``, case-folded: equal skeletons mean the strings look alike."""
    from disarm import skeleton_key

    return skeleton_key(text, digit_policy="tr39").replace("m", "rn")


# Separators make no different name: '-', '_', '.', spaces and whatever looks like them. After the
# skeleton (which already maps most look-alikes onto '-', '_' and '.'), every punctuation, space,
# control, format and symbol character goes, and so do the modifier letters drawn as a low line
# or a minus (U+02CD, U+02D7), which TR39 leaves alone.
_SEPARATOR_CATEGORIES = ("P", "Z", "C", "S")
_SEPARATOR_LETTERS = frozenset("\u02cd\u02d7\u02cb\u02c9")


def strip_separators(key: str) -> str:
    """``key`` (a skeleton) without its separators: ``lantern-keeper``, ``lantern_keeper`` and
    ``lantern.keeper`` all become ``lanternkeeper``. Idempotent, so a key stored by an older
    version (a plain skeleton) turns into the current key through this alone."""
    import unicodedata

    return "".join(
        c
        for c in key
        if unicodedata.category(c)[0] not in _SEPARATOR_CATEGORIES and c not in _SEPARATOR_LETTERS
    )


def name_key(username: str) -> str:
    """What two usernames are compared by: lookalikes, case variants and names that differ only
    in separators (``lantern-keeper``, ``lantern_keeper``) share a key. Stored in
    ``User.name_key`` and ``ReservedName.name_key``; forum.app's start-up brings keys stored by
    an older version of this function up to date."""
    return strip_separators(skeleton(username))


def staff_like(username: str) -> bool:
    """Whether the name passes for staff: a part of it (split at '-' and '_') begins with a staff
    word (``moderator``, ``adm1n``, ``Crossroads-Staff``, ``therapist-LMFT``), or it contains a long
    one anywhere (``themoderator``). ``badminton`` is fine."""
    whole = name_key(_SEPARATORS.sub("", username))
    parts = [name_key(p) for p in _SEPARATORS.split(username) if p]
    for word in STAFF_WORDS:
        key = name_key(word)
        if any(part.startswith(key) for part in parts) or (len(word) >= 8 and key in whole):
            return True
    return False
