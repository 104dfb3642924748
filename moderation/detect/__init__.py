"""Pure text detection for the moderation screens, one module per concern.

Everything here works on plain text (the Markdown source of a post) and nothing
else: no database, no network, no clock. Every function is synchronous, pure and
thread-safe (text in, findings out); callers run them off the event loop.

* ``find_crisis`` (``crisis``) -- phrase rules for suicide, self-harm, violence
  or threats at home, confinement, children at risk, in English, Spanish and French.
* ``find_personal_data`` (``personal``) -- phone numbers, e-mail addresses,
  addresses and postcodes, full names of partners, handles, plates, schools,
  workplaces.
* ``score_crisis`` / ``score_personal`` (``model``) -- a small linear model on
  character and word n-grams, trained on moderation/corpus, scoring every
  sentence and pair of sentences so a buried sentence counts.
* ``normalise`` / ``find_watched`` (``watched``) -- the moderators' watched words.

What the layers catch and miss, measured, is in docs/screens.md
(``python -m bench.screens_bench`` prints the figures).
"""

from __future__ import annotations

from moderation.detect.crisis import find_crisis, model_hit_shows
from moderation.detect.model import ModelHit, score_both, score_crisis, score_personal
from moderation.detect.personal import find_personal_data
from moderation.detect.text import CRISIS, PERSONAL_DATA, WATCHED_WORD, Finding
from moderation.detect.watched import WATCH_ACTIONS, WatchedWord, find_watched, normalise

__all__ = [
    "CRISIS",
    "PERSONAL_DATA",
    "WATCHED_WORD",
    "WATCH_ACTIONS",
    "Finding",
    "ModelHit",
    "WatchedWord",
    "find_crisis",
    "find_personal_data",
    "find_watched",
    "model_hit_shows",
    "normalise",
    "score_both",
    "score_crisis",
    "score_personal",
]
