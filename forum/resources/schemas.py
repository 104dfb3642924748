"""The resource directory's contract: what adding, editing and suggesting a resource take, and
resources and suggestions as the API shows them. Both skins parse into the inputs
(forum.contracts.parse); forum.resources.actions takes them, and a moderator's edits to a
suggestion in the queue are parsed into the same model before it is listed."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator
from pydantic.json_schema import SkipJsonSchema

from forum.contracts import SEVERAL, CrisisLine, Input, Output, PageQuery, Says, refuse
from forum.errors import CrossroadsError, ValidationError
from forum.resources.models import Audience, Format, Kind, State, paths_of
from forum.text import check_text, check_web_address

TITLE_MAX, URL_MAX, DESCRIPTION_MAX, LOCATION_MAX, COST_MAX, NOTE_MAX = (
    150,
    500,
    2000,
    120,
    200,
    1000,
)
SUGGESTION_KIND, BROKEN_LINK_KIND = "resource_suggestion", "broken_link"
# The fields a resource is made of, as forms and API bodies name them.
FIELDS = ("title", "url", "description", "kind", "paths", "format", "location", "country",
          "phone", "sms", "hours", "starts_on", "ends_on", "cost_note")  # fmt: skip
# What a member can suggest (a hotline's numbers are the moderators' to add).
SUGGESTION_FIELDS = tuple(f for f in FIELDS if f not in ("country", "phone", "sms", "hours"))

HOURS_MAX = 80
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


# --------------------------------------------------------------------------- checks


def check_url(value: object) -> str:
    """Only http and https, with a host; no credentials, no spaces."""
    return check_web_address(value, "url", max_length=URL_MAX)


# What each choice accepts: one of its values, as text.
_KIND_VALUES = frozenset(k.value for k in Kind)
_FORMAT_VALUES = frozenset(f.value for f in Format)
_STATE_VALUES = frozenset(s.value for s in State)


def check_kind(value: object) -> Kind:
    if isinstance(value, str) and value in _KIND_VALUES:
        return Kind(value)
    message = "Choose a kind: " + ", ".join(k.value for k in Kind) + "."
    raise ValidationError(message, fields={"kind": message})


def check_paths(value: object) -> Audience:
    """`["staying"]`, `["staying", "leaving"]`, "both", or "staying,leaving"."""
    if isinstance(value, str):
        value = (
            ["staying", "leaving"]
            if value.strip() == "both"
            else [v.strip() for v in value.split(",") if v.strip()]
        )
    chosen = (
        set(value)
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        else None
    )
    if not chosen or not chosen <= {"staying", "leaving"}:
        message = "Choose the path(s) this serves: staying, leaving, or both."
        raise ValidationError(message, fields={"paths": message})
    return Audience.BOTH if len(chosen) == 2 else Audience(chosen.pop())


def check_format(value: object) -> Format:
    if value in (None, ""):
        return Format.ONLINE
    if isinstance(value, str) and value in _FORMAT_VALUES:
        return Format(value)
    message = "Choose a format: in-person, online or hybrid."
    raise ValidationError(message, fields={"format": message})


def check_country(value: object) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and _COUNTRY_RE.match(value.strip().upper()):
        return value.strip().upper()
    message = "Use a two-letter country code such as US, GB or IE."
    raise ValidationError(message, fields={"country": message})


_DIAL_RE = re.compile(r"^\+?[0-9][0-9 ().-]{0,38}$")


def check_dial(value: object, field: str) -> str:
    """A hotline's number to call or text: digits, spaces, dots, dashes, brackets, a leading +."""
    if value in (None, ""):
        return ""
    if isinstance(value, str) and _DIAL_RE.match(value.strip()):
        return value.strip()
    message = "Use a number such as 988, 116 123 or +1 800 799 7233."
    raise ValidationError(message, fields={field: message})


def check_date(value: object, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    message = "Use a date like 2030-04-25."
    raise ValidationError(message, fields={field: message})


def check_state(value: object) -> State:
    if isinstance(value, str) and value in _STATE_VALUES:
        return State(value)
    message = "State is one of active, archived or broken."
    raise ValidationError(message, fields={"state": message})


def _raw(check: Callable[[Any], Any]) -> BeforeValidator:
    """A check (it raises forum.errors.ValidationError) run on the value as sent -- null, empty
    or text alike -- its refusal the field's message, as the forms have always said it."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except CrossroadsError as exc:
            raise refuse(next(iter(exc.fields.values()), exc.message)) from None

    return BeforeValidator(run)


def _paths(value: object) -> list[str]:
    return paths_of(check_paths(value))


CHOOSE_KIND = "Choose a kind: " + ", ".join(k.value for k in Kind) + "."
CHOOSE_PATHS = "Choose the path(s) this serves: staying, leaving, or both."
DATES_ORDER = "The end date is before the start date."
PathName = Literal["staying", "leaving"]

_title = _raw(lambda v: check_text(v, "title", TITLE_MAX))
_url = _raw(check_url)
_description = _raw(lambda v: check_text(v, "description", DESCRIPTION_MAX, multiline=True))
_kind = _raw(check_kind)
_paths_check = _raw(_paths)
_format = _raw(check_format)
_location = _raw(lambda v: check_text(v, "location", LOCATION_MAX, blank_ok=True))
_country = _raw(check_country)
_phone = _raw(lambda v: check_dial(v, "phone"))
_sms = _raw(lambda v: check_dial(v, "sms"))
_hours = _raw(lambda v: check_text(v, "hours", HOURS_MAX, blank_ok=True))
_starts_on = _raw(lambda v: check_date(v, "starts_on"))
_ends_on = _raw(lambda v: check_date(v, "ends_on"))
_cost_note = _raw(lambda v: check_text(v, "cost_note", COST_MAX, label="cost note", blank_ok=True))
_note = _raw(lambda v: check_text(v, "note", NOTE_MAX, multiline=True, blank_ok=True))
_state = _raw(check_state)

_URL_DOC = Field(json_schema_extra={"format": "uri"}, description="http:// or https:// only")
_PATHS_DOC = Field(description='the paths it serves (or the string "both")')
_COUNTRY_DOC = Field(description="two-letter code, for hotlines")
_DIAL_DOC = Field(description="a hotline's number, e.g. 988 or +1 800 799 7233")


def _dates_in_order(value: date | None, info: ValidationInfo) -> date | None:
    start = info.data.get("starts_on")
    if value is not None and isinstance(start, date) and value < start:
        raise refuse(DATES_ORDER)
    return value


class _Listing(Input):
    """What a member can suggest and a moderator list: every field but a hotline's numbers."""

    summary: ClassVar[str | None] = SEVERAL
    title: Annotated[str, _title]
    url: Annotated[str, _URL_DOC, _url]
    description: Annotated[str, _description]
    kind: Annotated[Kind, Says(missing=CHOOSE_KIND), _kind]
    paths: Annotated[list[PathName], _PATHS_DOC, Says(missing=CHOOSE_PATHS), _paths_check]
    format: Annotated[Format, _format] = Format.ONLINE
    location: Annotated[str, _location] = ""
    starts_on: Annotated[date | None, _starts_on] = None
    ends_on: Annotated[date | None, _ends_on] = None
    cost_note: Annotated[str, _cost_note] = ""

    @field_validator("ends_on")
    @classmethod
    def _ends_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        return _dates_in_order(value, info)

    def columns(self) -> dict[str, Any]:
        """The row's columns: the fields, the paths as one audience."""
        values = self.model_dump(exclude={"paths"})
        values["audience"] = audience_of(self.paths)
        return values


class NewResource(_Listing):
    """POST /resources, the page /resources/new, and a suggestion as a moderator approves it."""

    country: Annotated[str | None, _COUNTRY_DOC, _country] = None
    phone: Annotated[str, _DIAL_DOC, _phone] = ""
    sms: Annotated[str, _DIAL_DOC, _sms] = ""
    hours: Annotated[str, _hours] = ""


class Suggestion(_Listing):
    """POST /resources/suggestions, and the page /resources/suggest (members)."""

    screen_as: ClassVar[str | None] = "suggestion"
    note: Annotated[str, Field(description="anything the moderators should know"), _note] = ""


class ResourceChange(Input):
    """PATCH /resources/{id}, and the page /resources/{id}/edit (moderators): what is sent
    changes, checked as when it was added; `state` too."""

    summary: ClassVar[str | None] = SEVERAL
    title: Annotated[str | SkipJsonSchema[None], _title] = None
    url: Annotated[str | SkipJsonSchema[None], _URL_DOC, _url] = None
    description: Annotated[str | SkipJsonSchema[None], _description] = None
    kind: Annotated[Kind | SkipJsonSchema[None], _kind] = None
    paths: Annotated[list[PathName] | SkipJsonSchema[None], _PATHS_DOC, _paths_check] = None
    format: Annotated[Format | SkipJsonSchema[None], _format] = None
    location: Annotated[str | SkipJsonSchema[None], _location] = None
    country: Annotated[str | None, _COUNTRY_DOC, _country] = None
    phone: Annotated[str | SkipJsonSchema[None], _DIAL_DOC, _phone] = None
    sms: Annotated[str | SkipJsonSchema[None], _DIAL_DOC, _sms] = None
    hours: Annotated[str | SkipJsonSchema[None], _hours] = None
    starts_on: Annotated[date | None, _starts_on] = None
    ends_on: Annotated[date | None, _ends_on] = None
    cost_note: Annotated[str | SkipJsonSchema[None], _cost_note] = None
    state: Annotated[State | SkipJsonSchema[None], _state] = None

    @field_validator("ends_on")
    @classmethod
    def _ends_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        return _dates_in_order(value, info)

    def columns(self) -> dict[str, Any]:
        """The columns that were sent (the paths as one audience)."""
        values = {name: getattr(self, name) for name in self.model_fields_set}
        if "paths" in values:
            values["audience"] = audience_of(values.pop("paths"))
        return values


def audience_of(paths: Sequence[str]) -> Audience:
    """The stored audience of a list of paths (one, or both)."""
    return Audience.BOTH if len(set(paths)) == 2 else Audience(paths[0])


# --------------------------------------------------------------------------- outputs


class Resource(Output):
    """A listed resource."""

    id: int
    title: str
    url: str
    domain: str | None = Field(default=None, description="the link's host, shown beside it")
    description: str
    kind: Kind
    kind_label: str | None = None
    paths: list[PathName]
    format: Format
    format_label: str | None = None
    location: str
    country: str | None = Field(default=None, description="two-letter country code (hotlines)")
    phone: str | None = None
    sms: str | None = None
    hours: str | None = None
    starts_on: date | None
    ends_on: date | None
    ended: bool | None = Field(default=None, description="an event whose last day has passed")
    cost_note: str | None = None
    state: State | None = None
    last_checked_at: datetime | None
    last_status: str | None = Field(default=None, description="what the last link check saw")
    created_at: datetime | None = None
    updated_at: datetime | None = None


class ResourceEnvelope(Output):
    """`{resource}`."""

    resource: Resource


class ResourcePage(Output):
    """A page of resources."""

    items: list[Resource]
    next_cursor: str | None


class ResourceSuggestion(Output):
    """A member's suggestion as its author sees it."""

    id: int
    title: str
    url: str
    description: str
    kind: Kind
    paths: list[PathName]
    status: Literal["pending", "approved", "rejected"]
    reason: str | None = Field(default=None, description="the moderator's reason, once decided")
    resource_id: int | None = None
    created_at: datetime


class SuggestionEnvelope(Output):
    """`{suggestion}`."""

    suggestion: ResourceSuggestion


class Suggestions(Output):
    """`{items}`: the member's suggestions, newest first."""

    items: list[ResourceSuggestion]


class ResourceQuery(PageQuery):
    """GET /resources: the directory's filters, as forum.resources.queries.parse_filters reads
    them (an unknown value is a 422 naming the parameter)."""

    kind: Kind | None = None
    path: Literal["staying", "leaving"] | None = Field(
        default=None, description="resources for this path (its own first, then those for both)"
    )
    format: Format | None = Field(
        default=None, description="hybrid resources match in-person and online too"
    )
    location: str | None = Field(default=None, description="part of the location, any case")
    country: str | None = Field(
        default=None, description="two-letter code: that country's and country-less ones"
    )
    q: str | None = Field(default=None, description="words in the title or description")
    ended: bool | None = Field(default=None, description="include events that have ended")
    state: State | None = Field(
        default=None, description="active (default); archived and broken: moderators only"
    )


class CrisisLineQuery(Input):
    """GET /resources/crisis-lines."""

    country: str | None = Field(default=None, description="two-letter code, e.g. US, GB")


class CrisisLines(Output):
    """`{items}`: crisis lines, a country's own first, the emergency reminder last."""

    items: list[CrisisLine]
