"""The review protocol: how a feature asks a moderator to look at one of its things.

Every reviewable thing -- a held, flagged or reported post (forum.threads), an AMA question or
answer (forum.amas), a resource suggestion or broken link (forum.resources), a therapist's
verification, crisis text nobody stored (moderation) -- is a *kind* (below) that its feature
declares in its plugin's `review_kinds`: the decisions it allows and what each one does, how to
describe a subject to a moderator, and which locks a decision needs. Each kind is about a
*subject type* (`SubjectType`: "post", "ama_question", ...), declared once with the words logs
show. `moderation` declares the `review_queue` that stores requests, shows them and calls the
chosen decision back inside its own transaction (with its log entry). All of it is read from
the app's registry (`runtime.get().registry`). `forum` never imports `moderation`, and
moderation imports no feature: this module is the whole contract between them.

A new reviewable thing is one registration: a `Kind` in its feature's plugin. The queue then
lists it, decides it, logs it, tells its author, and -- when its subject has an author --
offers to silence or suspend them with a take-down decision (`Kind.sanction_after`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from forum import runtime
from forum.runtime import now

if TYPE_CHECKING:
    from forum.accounts.models import User

log = logging.getLogger("crossroads.review")

# (subject_id, moderator, reason, data) -> a message for the member concerned, or None.
# `data` carries the moderator's edits from the decision form / API body. A handler that
# tells the member itself (a notice linked to its subject) returns None.
DecisionHandler = Callable[[int, "User", str, dict[str, Any]], Awaitable[str | None]]

# The sanctions the queue can join to a take-down decision (moderation.actions carries them out).
SANCTIONS = ("silence", "suspend")
# The events of screened writing (forum.screening) and reports that open a queue item.
HOLD, FLAG, REPORT = "hold", "flag", "report"


class SubjectType(str):
    """A kind of thing queue items and log entries are about, declared once by its feature.

    It *is* its stored name (a `str`: it compares equal to "post", and is stored as such in
    queue items, the mod log and screen labels; the name never changes) and carries the words
    shown for it: `words` in logs ("AMA question"), `noun` in sentences ("the question has
    been removed"), `taken_down` the public log's word for a decision that took one down
    (a rejection, or one joined with a sanction): "removed" for published writing."""

    words: str
    noun: str
    taken_down: str

    def __new__(
        cls, name: str, words: str = "", noun: str = "", taken_down: str = "rejected"
    ) -> SubjectType:
        self = super().__new__(cls, name)
        self.words, self.noun, self.taken_down = words, noun, taken_down
        return self

    @property
    def name(self) -> str:
        return str(self)

    @property
    def word(self) -> str:
        """The words shown for it (its name in words when none were declared)."""
        return self.words or self.name.replace("_", " ")

    @property
    def short(self) -> str:
        return self.noun or self.word

    def same_as(self, other: SubjectType) -> bool:
        """Declared alike: the same name and the same words."""
        return (self.name, self.words, self.noun, self.taken_down) == (
            other.name,
            other.words,
            other.noun,
            other.taken_down,
        )

    def __repr__(self) -> str:
        return f"SubjectType({self.name!r}, words={self.words!r})"


@dataclass(frozen=True)
class Decision:
    name: str  # e.g. "approve", "reject"
    label: str  # button text, e.g. "Approve and publish"
    handler: DecisionHandler
    needs_reason: bool = False  # the member sees the reason (e.g. reject)
    # Other names the API accepts for it (the contract's approve/reject on every kind).
    aliases: tuple[str, ...] = ()
    # The words before "and silence the author" when a sanction joins it (default: the label
    # up to its first parenthesis).
    then: str = ""

    @property
    def then_words(self) -> str:
        return self.then or self.label.split(" (")[0]


@dataclass(frozen=True)
class Subject:
    """What a moderator sees of a subject in the queue (and a reporter on the report form)."""

    title: str
    summary: str = ""
    url: str | None = None  # a page with more context, if any
    author_id: int | None = None
    fields: dict[str, Any] = field(
        default_factory=dict
    )  # shown as a definition list, editable if named in `editable`
    editable: tuple[str, ...] = ()
    space: str | None = None  # the space's slug, for the queue's filter
    # The writing the screens read (why an item was flagged, screen labels); "" once erased.
    text: str = ""
    # Extra keys of the item for the moderators' page and API (a post's thread around it...).
    detail: dict[str, Any] = field(default_factory=dict)
    # For the report form: who wrote it, when, and the writing as readers see it.
    author: str | None = None
    created_at: datetime | None = None
    body_html: str = ""
    back_label: str = "Back"


@dataclass(frozen=True)
class Kind:
    """A kind of queue item, declared by the feature that owns its subjects.

    - `subject_type`: a `SubjectType` (a bare name is read as one with default words).
    - `decisions`: what a moderator may decide (the queue adds "escalate" to every kind).
    - `describe`/`describe_many`: the subject as the queue shows it; None once it is gone.
    - `opens_on`: the events (HOLD, FLAG, REPORT) of its subject type that open an item of
      this kind -- screened writing held or flagged (forum.screening), a member's report.
    - `supersedes`: kinds of an open item on the same subject that this kind takes over when
      it comes (a report turns a flagged post's item into a reported one).
    - `sanction_after`: the take-down decision a sanction (SANCTIONS) joins when the subject has
      an author; default the first decision that needs a reason. `sanctions` limits which.
    - `lock(subject_id)`: takes the locks a decision needs that come before the queue item in
      the lock order (docs/architecture.md); default: the subject's author's row.
    - `reportable(member, subject_id)`: for a kind opened on REPORT, the subject as the report
      form shows it, if this member may report it; raises NotFoundError or
      PermissionDeniedError otherwise.
    """

    name: str  # e.g. "resource_suggestion"
    label: str  # e.g. "Resource suggestion"
    subject_type: SubjectType | str
    decisions: tuple[Decision, ...]
    describe: Callable[[int], Awaitable[Subject | None]]
    priority: int = 10  # see moderation's priority table; lower numbers are less urgent
    # Many subjects in one query, for queue pages (optional: `describe` one by one otherwise).
    describe_many: Callable[[list[int]], Awaitable[dict[int, Subject]]] | None = None
    opens_on: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = ()
    sanctions: tuple[str, ...] = SANCTIONS
    sanction_after: str | None = None
    lock: Callable[[int], Awaitable[None]] | None = None
    reportable: Callable[[User, int], Awaitable[Subject]] | None = None

    @property
    def subject(self) -> SubjectType:
        """Its subject type (a bare name given at declaration becomes one)."""
        if isinstance(self.subject_type, SubjectType):
            return self.subject_type
        return SubjectType(self.subject_type)

    @property
    def take_down(self) -> Decision | None:
        """The decision that takes the subject down (`sanction_after`, by default the first that
        needs a reason), which a sanction joins; None when there is none."""
        for d in self.decisions:
            if d.name == self.sanction_after or (self.sanction_after is None and d.needs_reason):
                return d
        return None

    def takes_down(self, action: str) -> bool:
        """Whether deciding `action` (a decision's name or a sanction) took the subject down."""
        down = self.take_down
        return down is not None and (action == down.name or action in SANCTIONS)

    def decision(self, name: str) -> Decision | None:
        """The decision called `name` or one of its aliases."""
        for d in self.decisions:
            if name == d.name or name in d.aliases:
                return d
        return None


def kinds() -> Mapping[str, Kind]:
    """The review kinds of the app in force (its registry's, forum.registry)."""
    return runtime.registry().review_kinds


def subject_types() -> Mapping[str, SubjectType]:
    """The subject types of the app in force, by name: its kinds' and those plugins declared."""
    return runtime.registry().subject_types


def subject_type(name: str) -> SubjectType:
    """The subject type called `name` (one with default words if this app declares none)."""
    return subject_types().get(name) or SubjectType(name)


def kind_for(subject_type_name: str, event: str) -> Kind | None:
    """The kind whose items open on `event` (HOLD, FLAG, REPORT) for this subject type."""
    for kind in kinds().values():
        if kind.subject.name == subject_type_name and event in kind.opens_on:
            return kind
    return None


async def describe_many(kind: Kind, subject_ids: list[int]) -> dict[int, Subject]:
    """The subjects that still exist, by id: one query when the kind can batch."""
    if kind.describe_many is not None:
        return await kind.describe_many(subject_ids)
    described = {i: await kind.describe(i) for i in subject_ids}
    return {i: s for i, s in described.items() if s is not None}


class Queue(Protocol):
    async def submit(
        self,
        kind: str,
        subject_id: int,
        *,
        reasons: list[str],
        priority: int | None = None,
        author: User | None = None,
        space_slug: str | None = None,
        note: str = "",
        crisis: bool = False,
    ) -> None:
        """Open (or fold into the open) queue item for this subject. Runs in the caller's transaction.

        `crisis`: the subject's words read as crisis (the item is marked so, at crisis priority)."""


async def submit(
    kind: str,
    subject_id: int,
    *,
    reasons: list[str],
    priority: int | None = None,
    author: User | None = None,
    space_slug: str | None = None,
    note: str = "",
    crisis: bool = False,
) -> None:
    registry = runtime.registry()
    if kind not in registry.review_kinds:
        raise KeyError(f"unknown review kind {kind!r}")
    if registry.review_queue is None:
        log.warning("no moderation queue in this app; %s %s was not queued", kind, subject_id)
        return
    await registry.review_queue.submit(
        kind,
        subject_id,
        reasons=reasons,
        priority=priority,
        author=author,
        space_slug=space_slug,
        note=note,
        crisis=crisis,
    )


async def record_decision(subject: Any, status: Any, moderator: User, reason: str) -> None:
    """Mark a reviewed subject (suggestion, application…) decided: by whom, when, and why."""
    subject.status = status
    subject.decided_by_id = moderator.id
    subject.decided_at = now()
    subject.reason = reason or ""
    await subject.save()
