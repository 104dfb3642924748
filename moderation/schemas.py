"""Moderation's contract: what reporting, deciding a queue item, marking a flag wrong,
sanctioning a member and the watched-word list take. Both skins parse into these
(forum.contracts.parse); moderation.actions and moderation.labels take them. What depends on the
item or the member (which decisions a kind offers, whether it needs a reason, the default length
of a sanction) stays the action's to check. Its API answers are output models below; the OpenAPI
document is generated from both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from forum.contracts import SEVERAL, CrisisLine, Input, Output, PageQuery, Says, refuse
from forum.errors import CrossroadsError, ValidationError
from forum.runtime import now
from forum.text import check_text
from forum.validation import parse_time
from moderation import priorities as P
from moderation.detect import WATCH_ACTIONS, normalise

NOTE_MAX = 1000
MAX_SANCTION_DAYS = 3650
CHOOSE_REASON = "Choose one of: " + ", ".join(P.REPORT_REASONS) + "."
CHOOSE_DECISION = "Choose a decision."
CHOOSE_WATCH = "Choose block, hold or flag."
WORD_RULE = (
    "Give a word or phrase (at most 100 characters); end a word with * to match its endings."
)
DAYS_RULE = f"Give a number of days from 1 to {MAX_SANCTION_DAYS}."
UNTIL_RULE = "Give the end as a date and time, e.g. 2030-01-31T12:00:00Z."


def _raw(check: Callable[[Any], Any]) -> BeforeValidator:
    """A check (it raises forum.errors.ValidationError) run on the value as sent."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except CrossroadsError as exc:
            raise refuse(next(iter(exc.fields.values()), exc.message)) from None

    return BeforeValidator(run)


def check_note(
    value: object, field: str = "note", *, required: bool = False, max_length: int = NOTE_MAX
) -> str:
    """A note or reason: at most `max_length` characters, several lines; blank is "" unless
    `required` (then "Write a reason: the member will see it."). Raises ValidationError."""
    text = check_text(value, field, max_length, multiline=True, blank_ok=True)
    if required and not text:
        message = "Write a reason: the member will see it."
        raise ValidationError(message, fields={field: message})
    return text


def check_pattern(value: object) -> str:
    """A watched word or phrase, stripped: at most 100 characters with something to match
    (``*`` at a word's end matches its endings). Raises ValidationError (field `pattern`)."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > 100 or not normalise(text.replace("*", "")).strip():
        raise ValidationError(WORD_RULE, fields={"pattern": WORD_RULE})
    return text


def check_days(value: object) -> float | None:
    """A sanction's length in days, 1 to `MAX_SANCTION_DAYS` (a fraction is fine); empty: not
    given. Raises ValidationError (field `days`)."""
    if value is None or value == "":
        return None
    try:
        n = float(str(value)) if not isinstance(value, bool) else -1.0
    except ValueError:
        n = -1.0
    if not 0 < n <= MAX_SANCTION_DAYS:
        raise ValidationError(DAYS_RULE, fields={"days": DAYS_RULE})
    return n


def check_end(value: object) -> datetime | None:
    """A sanction's end: in the future and at most ten years away; empty: not given.
    Raises ValidationError (field `until`)."""
    if value is None or value == "":
        return None
    until = parse_time(value, "until", message=UNTIL_RULE)
    current = now()
    if until <= current:
        message = "The end must be in the future."
        raise ValidationError(message, fields={"until": message})
    if until > current + timedelta(days=MAX_SANCTION_DAYS):
        message = "That is too far away; at most ten years."
        raise ValidationError(message, fields={"until": message})
    return until


def _note(field: str, *, required: bool = False) -> BeforeValidator:
    return _raw(lambda v: check_note(v, field, required=required))


Note = Annotated[str, Field(description=f"at most {NOTE_MAX} characters"), _note("note")]
WatchAction = Annotated[
    Literal["block", "hold", "flag"], Says(missing=CHOOSE_WATCH, wrong=CHOOSE_WATCH)
]
assert set(WATCH_ACTIONS) == {"block", "hold", "flag"}


class Report(Input):
    """POST /posts/{id}/reports and /questions/{id}/reports, and the report pages."""

    summary: ClassVar[str | None] = SEVERAL
    screen_as: ClassVar[str | None] = "report"
    reason: Annotated[
        Literal["spam", "harassment", "crisis", "privacy", "other"],
        Says(missing=CHOOSE_REASON, wrong=CHOOSE_REASON),
    ]
    note: Note = ""


class Decision(Input):
    """POST /moderation/queue/{id}/resolve, and the item page's decision form. Other fields are
    the kind's own (a moderator's edits of a resource suggestion) and reach its handler."""

    model_config = ConfigDict(extra="allow", frozen=True, hide_input_in_errors=True)
    action: Annotated[
        str,
        Field(
            description="approve, reject, escalate, or the kind's own decision (the item's "
            "`decisions`); silence or suspend the author with the take-down, when the subject "
            "has one"
        ),
        Says(missing=CHOOSE_DECISION, wrong=CHOOSE_DECISION),
    ]
    note: Annotated[
        str,
        Field(description="the reason; the member sees it when the post is rejected or removed"),
        _note("note"),
    ] = ""
    until: Annotated[str | None, Field(json_schema_extra={"format": "date-time"})] = None
    days: float | str | None = None

    @field_validator("action")
    @classmethod
    def _chosen(cls, value: str) -> str:
        if not value:
            raise refuse(CHOOSE_DECISION)
        return value

    def edits(self) -> dict[str, Any]:
        """What the kind's handler receives: every field but the action and the note."""
        out: dict[str, Any] = dict(self.model_extra or {})
        for name in ("until", "days"):
            value = getattr(self, name)
            if name in self.model_fields_set and value not in (None, ""):
                out[name] = value
        return out


class FlagWrong(Input):
    """POST /moderation/queue/{id}/flag-wrong, and the item page's "flag was wrong" form."""

    note: Annotated[
        str,
        Field(description="optional: why the flag was wrong (moderators only)"),
        _note("note"),
    ] = ""


class NewSanction(Input):
    """POST /moderation/users/{id}/suspensions and /silences, and the member page: until a
    time, or for a number of days (default: 7 for a suspension, 3 for a silence)."""

    summary: ClassVar[str | None] = SEVERAL
    until: Annotated[
        datetime | None,
        Field(description="when it ends (UTC or with an offset); else `days`"),
        _raw(check_end),
    ] = None
    days: Annotated[
        float | None, Field(description=f"1 to {MAX_SANCTION_DAYS}"), _raw(check_days)
    ] = None
    reason: Annotated[
        str,
        Field(description="the member sees it"),
        Says(missing="Write a reason: the member will see it."),
        _note("reason", required=True),
    ]

    @field_validator("days")
    @classmethod
    def _until_wins(cls, value: float | None, info: ValidationInfo) -> float | None:
        return None if info.data.get("until") is not None else value


class Lift(Input):
    """DELETE /moderation/users/{id}/suspensions and /silences, and the member page."""

    reason: Annotated[str, Field(description="optional, for the log"), _note("reason")] = ""


class NewWatchedWord(Input):
    """POST /moderation/watched-words, and the watched-words page."""

    summary: ClassVar[str | None] = SEVERAL
    pattern: Annotated[
        str,
        Field(description="a word or phrase; end a word with * to match its endings"),
        Says(missing=WORD_RULE, wrong=WORD_RULE),
        _raw(check_pattern),
    ]
    action: WatchAction


class WatchedWordChange(Input):
    """PATCH /moderation/watched-words/{id}, and the watched-words page."""

    action: WatchAction


class DraftToScreen(Input):
    """POST /drafts/screen: a draft's body, and a new thread's title (screened too). Documents
    the body; moderation.screens.screen_draft reads the values as sent (crisis screen first)."""

    body: str = Field(description="the draft, at most as long as a post")
    title: str | None = Field(default=None, description="a new thread's title, screened too")


# --------------------------------------------------------------------------- outputs


class QueueItemView(Output):
    """`{item}`: one queue item with its subject, as moderation.queries.get_item shapes it."""

    item: dict[str, Any]


class MemberView(Output):
    """`{member}`: a member's moderation record, as moderation.queries.get_member shapes it."""

    member: dict[str, Any]


class Sanction(Output):
    """A suspension or silence just given."""

    user_id: int
    kind: Literal["suspend", "silence"]
    until: datetime | None
    reason: str | None = Field(description="shown to the member")


class SuspensionLifted(Output):
    """A suspension lifted now (`suspended_until` null, or when it ended)."""

    user_id: int
    suspended_until: datetime | None


class SilenceLifted(Output):
    """A silence lifted now (`silenced_until` null, or when it ended)."""

    user_id: int
    silenced_until: datetime | None


class Subject(Output):
    """What a queue item or a log entry is about: `{type, id}` (post, ama_question, user...)."""

    type: str
    id: int


class QueueItem(Output):
    """A queue item in the list (moderation.queries.list_queue)."""

    id: int
    kind: str
    kind_label: str
    priority: int = Field(
        description="higher is more urgent: crisis 100, privacy 80, harassment 60, new member 40"
    )
    subject: Subject
    reasons: list[str]
    status: Literal["open", "escalated", "resolved"]
    crisis: bool
    space: str | None
    author: str | None
    title: str
    summary: str
    report_count: int
    created_at: datetime
    claimed_by: str | None
    claimed_until: datetime | None
    resolution: str | None
    resolved_at: datetime | None


class QueueCount(Output):
    """Open items of one kind and the age of the oldest."""

    kind: str
    label: str
    count: int
    oldest_created_at: datetime | None
    oldest_age_seconds: int


class QueueCounts(Output):
    """GET /moderation/queue/counts."""

    items: list[QueueCount]


class ItemState(Output):
    """A queue item's state after a claim, a release or a decision."""

    id: int
    status: Literal["open", "escalated", "resolved"]
    resolution: str | None
    claimed_by: str | None
    claimed_until: datetime | None


class Claimed(Output):
    """POST and DELETE /moderation/queue/{id}/claim."""

    item: ItemState


class Decided(Output):
    """POST /moderation/queue/{id}/resolve: `changed` false when the decision was already made."""

    item: ItemState
    changed: bool


class FlagLabel(Output):
    """A moderator's mark that an automatic flag was wrong (moderation.labels.label_out), without
    the flagged text."""

    id: int
    item_id: int | None
    reasons: list[str]
    label: str
    note: str
    moderator: str | None
    created_at: datetime


class FlagMarked(Output):
    """POST /moderation/queue/{id}/flag-wrong: `created` false when it was marked already."""

    label: FlagLabel
    created: bool


class LogEntry(Output):
    """One line of the moderation log (moderation.queries.log_out)."""

    id: int
    moderator: str | None
    action: str
    subject: Subject
    item_id: int | None
    reason: str
    category: str
    created_at: datetime


class PublicLogEntry(Output):
    """One line of the transparency log: no names, no removed content; `date` is YYYY-MM-DD."""

    id: int
    action: str
    subject_type: str
    category: str
    date: str | None


class WatchedWord(Output):
    """A watched word and what it does (`created_by` in the list only)."""

    id: int
    pattern: str
    action: Literal["block", "hold", "flag"]
    created_by: str | None = None
    created_at: datetime


class WatchedWords(Output):
    """GET /moderation/watched-words."""

    items: list[WatchedWord]


class OneWatchedWord(Output):
    """`{word}`: a watched word added or changed."""

    word: WatchedWord


class ReportTaken(Output):
    """A report just made."""

    id: int
    reason: str


class Reported(Output):
    """POST /posts/{id}/reports and /questions/{id}/reports, with crisis lines when the note read
    as crisis (forum.screening)."""

    report: ReportTaken
    message: str
    crisis_resources: list[CrisisLine] | None = None


class MyReport(Output):
    """One of a member's reports: a post's (`post_id`, `thread_id`, `thread_title`) or an AMA
    question's (`question_id`, `ama_id`); `removed` when the decision took the subject down."""

    subject: Literal["post", "ama_question"]
    post_id: int | None = None
    thread_id: int | None = None
    thread_title: str | None = None
    question_id: int | None = None
    ama_id: int | None = None
    title: str | None
    link: str
    reason: str
    created_at: datetime
    handled_at: datetime | None
    removed: bool


class MyReports(Output):
    """GET /me/reports: the latest hundred, newest first."""

    items: list[MyReport]


class DraftScreen(Output):
    """POST /drafts/screen: what the screens would do with a draft (publish, hold, block...),
    notes for the author, and crisis lines when it read as crisis."""

    action: str
    notes: list[str]
    crisis: bool
    crisis_resources: list[CrisisLine]


# --------------------------------------------------------------------------- query strings


class QueueQuery(PageQuery):
    """GET /moderation/queue: filters (checked where the list is read, moderation.queries)."""

    kind: str | None = Field(
        default=None, description="held_post, flagged_post, report, resource_suggestion, ..."
    )
    space: str | None = Field(default=None, description="space slug")
    status: str | None = Field(default=None, description="open (default), escalated or resolved")


class LogQuery(PageQuery):
    """GET /moderation/log: one member's entries when `member` (their id) is given."""

    member: str | None = Field(default=None, description="a member's id")
