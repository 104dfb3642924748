"""The words of the demo community (`crossroads seed-demo`): read from the data file beside this
module, `seed_content.toml`, kept apart from the machinery (forum/seed.py).

Everything here is invented. Rules for editing it:

- Voice: peers, not experts. Non-judgmental: wanting to leave is not villainy, wanting
  to stay is not weakness. In common ground nobody argues for leaving or for staying,
  and nobody attacks "the other side".
- Privacy: no names of people or places, no phone numbers, e-mail or street addresses,
  no dates that could identify anyone. Spouses are "my wife", "my husband", "my partner".
- No crisis language (self-harm, suicide, violence at home): those posts are rightly
  sent to the top of the moderators' queue, and the demo should not fill it.
- Markdown the way members really use it: now and then a list, a quote, some emphasis.

`tests/forum/test_seed.py` checks the counts and the privacy/crisis rules.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).with_name("seed_content.toml")


@dataclass(frozen=True)
class Opener:
    """A thread's first post; `titles` are alternatives, so a reused opener reads differently.

    `topics` (space-separated words) pick the replies that fit it: a reply answers a thread
    when they share a topic. Replies tagged "any" (and GENERAL_REPLIES) fit every thread.
    """

    titles: tuple[str, ...]
    body: str
    topics: str = "any"

    @property
    def topic_set(self) -> frozenset[str]:
        return frozenset(self.topics.split())


@dataclass(frozen=True)
class Reply:
    """A reply that fits the openers it shares a topic with (`fits`)."""

    topics: frozenset[str]
    text: str

    def fits(self, topics: frozenset[str]) -> bool:
        return bool(self.topics & topics)


def _reply(entry: dict[str, Any]) -> Reply:
    return Reply(frozenset(str(entry["topics"]).split()), str(entry["text"]))


def _resource(entry: dict[str, Any]) -> dict[str, object]:
    """A directory entry as forum/seed.py takes it: `days` a (first, last) tuple when present."""
    return {k: tuple(v) if k == "days" else v for k, v in entry.items()}


_DATA: dict[str, Any] = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))

# Pseudonyms, by path. Nothing that looks like a real name.
USERNAMES: dict[str, list[str]] = _DATA["usernames"]
MODERATOR: str = _DATA["moderator"]
THERAPIST: str = _DATA["therapist"]
THERAPIST_CREDENTIAL: str = _DATA["therapist_credential"]
SPACES: tuple[str, ...] = tuple(_DATA["spaces"])

OPENERS: dict[str, list[Opener]] = {
    space: [
        Opener(tuple(o["titles"]), o["body"], o.get("topics", "any"))
        for o in _DATA["openers"][space]
    ]
    for space in SPACES
}
REPLIES: dict[str, list[Reply]] = {
    space: [_reply(r) for r in _DATA["replies"][space]] for space in SPACES
}
FOLLOWUPS: dict[str, list[Reply]] = {
    space: [_reply(r) for r in _DATA["followups"].get(space, [])] for space in SPACES
}
THERAPIST_REPLIES: list[Reply] = [_reply(r) for r in _DATA["therapist_replies"]]
MODERATOR_REPLIES: list[str] = _DATA["moderator_replies"]
GENERAL_REPLIES: list[str] = _DATA["general_replies"]
REPLY_LEADS: list[str] = _DATA["reply_leads"]
REPLY_CLOSINGS: dict[str, list[str]] = _DATA["reply_closings"]
OPENER_LEADS: list[str] = _DATA["opener_leads"]
OPENER_CLOSINGS: list[str] = _DATA["opener_closings"]
# Demo entries for the resource directory, every one invented and on example.org.
DEMO_RESOURCES: list[dict[str, object]] = [_resource(r) for r in _DATA["resources"]]
