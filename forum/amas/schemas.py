"""AMAs' contract: what applying for verification, revoking it, scheduling an AMA, asking and
answering take, and AMAs, questions, answers and applications as the API shows them. Both skins
parse into the inputs (forum.contracts.parse); forum.amas.actions takes them.

What only the database can say (the space exists, the host is a verified therapist) is the
action's to check: `forum.amas.actions.parse_new_ama` adds it to the model's own refusals, so a
form shows every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from forum.contracts import SEVERAL, CrisisLine, Input, Output, PageQuery, Says, refuse
from forum.errors import CrossroadsError, ValidationError
from forum.runtime import now
from forum.text import check_text, check_web_address
from forum.validation import parse_time

TITLE_MAX, DESCRIPTION_MAX, BODY_MAX = 150, 5000, 5000
JURISDICTION_MAX, LICENCE_MAX, REASON_MAX = 80, 60, 1000
CREDENTIAL_TYPES = (
    "LPC",
    "LMFT",
    "LCSW",
    "LMHC",
    "psychologist",
    "psychiatrist",
    "counsellor",
    "other",
)
CHOOSE_CREDENTIAL = "Choose a credential type: " + ", ".join(CREDENTIAL_TYPES) + "."
PRACTICE_URL = "Enter your practice's web page, starting with http:// or https://."
CHOOSE_HOST = "Choose the host: an existing member's user name or id."
CHOOSE_SPACE = "Choose common-ground or one side's space."
TIME_RULE = "Use a date and time like 2030-04-25T18:00 (UTC) or with an offset."


def _raw(check: Callable[[Any], Any]) -> BeforeValidator:
    """A domain check (it raises forum.errors.ValidationError) run on the value as sent, so a
    null or empty field gets the check's own message ("Title is required.")."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except CrossroadsError as exc:
            raise refuse(next(iter(exc.fields.values()), exc.message)) from None

    return BeforeValidator(run)


def check_credential_type(value: object) -> str:
    """One of `CREDENTIAL_TYPES`, any case, as it is spelt there. Raises ValidationError."""
    raw = value.strip() if isinstance(value, str) else ""
    for known in CREDENTIAL_TYPES:
        if raw.lower() == known.lower():
            return known
    raise ValidationError(CHOOSE_CREDENTIAL, fields={"credential_type": CHOOSE_CREDENTIAL})


def check_practice_url(value: object) -> str:
    """An http(s) address of the applicant's practice (forum.text.check_web_address)."""
    return check_web_address(value, "practice_url", label="practice web page", message=PRACTICE_URL)


def _text(field: str, max_length: int, *, multiline: bool = False, label: str | None = None) -> Any:
    return _raw(lambda v: check_text(v, field, max_length, multiline=multiline, label=label))


def _time(field: str) -> Any:
    return _raw(lambda v: parse_time(v, field))


Body = Annotated[
    str,
    Field(description=f"Markdown, at most {BODY_MAX:,} characters"),
    _text("body", BODY_MAX, multiline=True),
]


class VerificationApplication(Input):
    """POST /therapists/applications, and the page /amas/verify."""

    summary: ClassVar[str | None] = SEVERAL
    screen_as: ClassVar[str | None] = "verification"
    credential_type: Annotated[
        str,
        Field(json_schema_extra={"enum": list(CREDENTIAL_TYPES)}),
        Says(missing=CHOOSE_CREDENTIAL, wrong=CHOOSE_CREDENTIAL),
        _raw(check_credential_type),
    ]
    jurisdiction: Annotated[
        str,
        Field(description=f"where the licence was issued, at most {JURISDICTION_MAX} characters"),
        _text("jurisdiction", JURISDICTION_MAX),
    ]
    licence_number: Annotated[
        str,
        Field(description=f"at most {LICENCE_MAX} characters"),
        _text("licence_number", LICENCE_MAX, label="licence number"),
    ]
    practice_url: Annotated[
        str,
        Field(json_schema_extra={"format": "uri"}),
        Says(missing=PRACTICE_URL, wrong=PRACTICE_URL),
        _raw(check_practice_url),
    ]


class Revocation(Input):
    """POST /therapists/{id}/revoke, and the page /amas/therapists: why (the member reads it)."""

    reason: Annotated[str, _text("reason", REASON_MAX, multiline=True)]


class NewAma(Input):
    """POST /amas, and the page /amas/new (moderators). `space` and `host_id` are checked against
    the database by the action (forum.amas.actions.parse_new_ama, schedule_ama)."""

    summary: ClassVar[str | None] = None
    title: Annotated[str, _text("title", TITLE_MAX)]
    description: Annotated[
        str, Field(description="Markdown"), _text("description", DESCRIPTION_MAX, multiline=True)
    ]
    space: Annotated[
        str,
        Field(description="common-ground, or one side's space (then only that side sees it)"),
        Says(missing=CHOOSE_SPACE, wrong=CHOOSE_SPACE),
    ]
    starts_at: Annotated[datetime, Says(missing=TIME_RULE), _time("starts_at")]
    ends_at: Annotated[datetime, Says(missing=TIME_RULE), _time("ends_at")]
    host_id: Annotated[
        int | str,
        Field(description="id or user name"),
        Says(missing=CHOOSE_HOST, wrong=CHOOSE_HOST),
    ]

    @field_validator("ends_at")
    @classmethod
    def _after_start(cls, value: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("starts_at")
        if isinstance(start, datetime) and value <= start:
            raise refuse("The end must be after the start.")
        if value <= now():
            raise refuse("The end must be in the future.")
        return value


class NewQuestion(Input):
    """POST /amas/{id}/questions, and the AMA page's question form."""

    screen_as: ClassVar[str | None] = "question"
    body: Body


class NewAnswer(Input):
    """POST /questions/{id}/answers, and the AMA page's answer form (the host's)."""

    screen_as: ClassVar[str | None] = "answer"
    body: Body


# --------------------------------------------------------------------------- outputs


class AmaAuthor(Output):
    """Who wrote a question or answer ("former member", no badges, once deleted)."""

    username: str
    badges: list[str]


class AmaHost(Output):
    """The AMA's host: a verified therapist."""

    id: int
    username: str
    badges: list[str]


class Ama(Output):
    """An AMA as members see it."""

    id: int
    title: str
    description_html: str
    host: AmaHost
    space: str
    space_name: str | None = None
    starts_at: datetime
    ends_at: datetime
    answers_close_at: datetime | None = Field(
        default=None, description="the host may answer until then (24 hours after the end)"
    )
    status: Literal["upcoming", "live", "past"]
    accepting_questions: bool | None = None
    notice: str = Field(
        description="education and peer support, not therapy or individual clinical advice"
    )
    question_count: int | None = None


class AmaAnswer(Output):
    """The host's answer to a question."""

    id: int
    author: AmaAuthor
    body_html: str
    created_at: datetime


class AmaQuestion(Output):
    """A question, its votes and its answers; `status_reason` is for its author (held)."""

    id: int
    ama_id: int
    author: AmaAuthor
    body_html: str
    status: Literal["published", "pending"] | None = None
    status_reason: str | None = None
    vote_count: int
    voted_by_me: bool
    answered: bool
    answers: list[AmaAnswer]
    mine: bool | None = None
    can_withdraw: bool | None = None
    created_at: datetime


class TherapistApplication(Output):
    """A therapist verification application, as its applicant (or a moderator) sees it."""

    id: int
    user_id: int | None = None
    credential_type: str
    jurisdiction: str
    licence_number: str
    practice_url: str
    status: Literal["pending", "approved", "rejected", "revoked"]
    reason: str | None = None
    created_at: datetime | None = None
    decided_at: datetime | None = None


class ApplicationEnvelope(Output):
    """`{application}`."""

    application: TherapistApplication


class Applications(Output):
    """`{items}`: the member's applications, newest first."""

    items: list[TherapistApplication]


class Therapist(Output):
    """A verified therapist (for moderators)."""

    id: int
    username: str
    credential: str | None = None


class Therapists(Output):
    """`{items}`."""

    items: list[Therapist]


class AmaEnvelope(Output):
    """`{ama}`."""

    ama: Ama


class AmaList(Output):
    """Live, upcoming, then past AMAs; `upcoming`, `live` and `past` are the same, grouped."""

    items: list[Ama]
    upcoming: list[Ama] | None = None
    live: list[Ama] | None = None
    past: list[Ama] | None = None
    next_cursor: str | None


class QuestionPage(Output):
    """A page of questions."""

    items: list[AmaQuestion]
    next_cursor: str | None


class AmaPage(Output):
    """An AMA and a page of its questions."""

    ama: Ama
    questions: QuestionPage
    last_event_id: int | None = Field(
        default=None, description="pass to /events as last_event_id to hear what follows"
    )


class QuestionEnvelope(Output):
    """`{question}`, with `crisis_resources` when its text read as crisis."""

    question: AmaQuestion
    crisis_resources: list[CrisisLine] | None = None


class AnswerEnvelope(Output):
    """`{answer}`."""

    answer: AmaAnswer


class AmaListQuery(PageQuery):
    """GET /amas: `cursor` and `limit` page the past AMAs only."""


class AmaPageQuery(PageQuery):
    """GET /amas/{id}: a page of questions (forum.amas.queries reads `sort` and `answered`;
    "sort is top or new.", "answered is true or false.")."""

    sort: Literal["top", "new"] | None = Field(default=None, description="top (default) or new")
    answered: bool | None = Field(
        default=None, description="only answered (true) or unanswered (false)"
    )
