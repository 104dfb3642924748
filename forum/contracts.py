"""The typed contract: one input model per action, one output model per resource (pydantic v2).

Both skins parse what a client sent -- an HTML form or a JSON body -- into the action's input
model with `parse`; the action takes the model. A refusal is the project's `ValidationError`
(forum.errors, 422) with one human message per field, so the page shows each message beside its
field and the API answers ``{"error": {"code": "invalid", "message", "fields"}}``. The API
serialises output models, and the OpenAPI document is generated from both (forum.api.openapi).

Messages: a field's own checks raise `refuse(message)` (or a domain check's `ValidationError`,
turned into one by `checked`), and that message is shown as it is. pydantic's own refusals
(missing, not text, not a whole number, not one of the choices) are put in the project's words
here (`_say`), or in the field's own words given with `Says(...)`; pydantic's wording ("Input
should be a valid string") never reaches a member.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar, get_args, get_origin

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails, PydanticCustomError
from starlette.datastructures import FormData

from forum.errors import CrossroadsError, ValidationError

__all__ = [
    "CrisisLine",
    "Error",
    "ErrorBody",
    "Input",
    "Output",
    "Says",
    "checked",
    "checked_before",
    "form_fields",
    "parse",
    "refuse",
]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T", bound=BaseModel)

#: The summary of a refusal naming more than one field.
SEVERAL = "Please correct the highlighted fields."
_OWN = "crossroads"  # the error type of a message written here, shown as it is


class Input(BaseModel):
    """An action's input. Unknown fields are ignored (a form carries its CSRF and form tokens);
    the model is immutable once parsed. `summary`, when set, is the refusal's message whatever
    the number of fields refused (else: the one field's message, or `SEVERAL`)."""

    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)
    summary: ClassVar[str | None] = None
    #: The crisis screen's kind for the action that takes this model ("thread", "post", "edit"):
    #: a refused submission's text is screened as that action would have screened it first
    #: (forum.screening.parse_screened).
    screen_as: ClassVar[str | None] = None


class Output(BaseModel):
    """A resource as the API returns it. Serialised with the fields that were given
    (``exclude_unset``): a field with a default is optional in the document and absent when not
    set, as the hand-shaped dicts were."""

    model_config = ConfigDict(from_attributes=True)

    def out(self) -> dict[str, Any]:
        """JSON-ready: datetimes as ISO 8601 (UTC ``Z``), enums as their values."""
        return self.model_dump(mode="json", exclude_unset=True, by_alias=True)


@dataclass(frozen=True)
class Says:
    """A field's own words for pydantic's refusals, given in its ``Annotated[...]``:
    `missing` when the field was not sent, `wrong` when it is not of its type or choices."""

    missing: str | None = None
    wrong: str | None = None


def refuse(message: str) -> PydanticCustomError:
    """The error a field validator raises: `message` is shown to the member as it is."""
    return PydanticCustomError(_OWN, message)


def checked(check: Callable[[Any], Any]) -> AfterValidator:
    """A domain check (it raises forum.errors.ValidationError) as a field validator: its value
    becomes the field's, its refusal the field's message."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except CrossroadsError as exc:
            raise refuse(next(iter(exc.fields.values()), exc.message)) from None

    return AfterValidator(run)


def checked_before(check: Callable[[Any], Any]) -> BeforeValidator:
    """`checked`, run on the raw value (a check that reads text or a number alike)."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except CrossroadsError as exc:
            raise refuse(next(iter(exc.fields.values()), exc.message)) from None

    return BeforeValidator(run)


def _label(field: str) -> str:
    text = field.replace("_", " ")
    return text[:1].upper() + text[1:]


def _choices(error: ErrorDetails) -> str:
    expected = str((error.get("ctx") or {}).get("expected", ""))
    names = [part.strip().strip("'") for part in expected.replace(" or ", ",").split(",")]
    names = [n for n in names if n]
    if not names:
        return "one of the choices"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


_WRONG: dict[str, str] = {
    "string_type": "{label} must be text.",
    "int_type": "{label} must be a whole number.",
    "int_parsing": "{label} must be a whole number.",
    "int_from_float": "{label} must be a whole number.",
    "bool_type": "{label} must be true or false.",
    "bool_parsing": "{label} must be true or false.",
    "list_type": "{label} must be a list.",
    "dict_type": "{label} must be an object.",
    "model_type": "{label} must be an object.",
    "model_attributes_type": "{label} must be an object.",
    "too_long": "{label} has too many items.",
    "too_short": "{label} needs more items.",
    "greater_than_equal": "{label} is too small.",
    "less_than_equal": "{label} is too large.",
}


def _say(model: type[BaseModel], error: ErrorDetails) -> str:
    """One refusal in the project's words (see the module docstring)."""
    kind = error["type"]
    if kind == _OWN:
        return error["msg"]
    loc = error["loc"]
    name = str(loc[0]) if loc else ""
    info = model.model_fields.get(name)
    says = next((m for m in info.metadata if isinstance(m, Says)), None) if info else None
    label = _label(name) if name else "This"
    if kind == "missing":
        return (says and says.missing) or f"{label} is required."
    if says and says.wrong:
        return says.wrong
    if kind in ("literal_error", "enum"):
        return f"Choose {_choices(error)}."
    template = _WRONG.get(kind)
    return template.format(label=label) if template else f"{label} is not valid."


def parse(model: type[M], data: Mapping[str, Any]) -> M:
    """`data` (a JSON object or `form_fields` of a form) as `model`, or forum.errors
    ValidationError (422) with one message per field refused (the first refusal of each)."""
    try:
        return model.model_validate(dict(data))
    except PydanticValidationError as exc:
        fields: dict[str, str] = {}
        whole: list[str] = []
        for error in exc.errors(include_url=False, include_input=False):
            message = _say(model, error)
            if error["loc"]:
                fields.setdefault(str(error["loc"][0]), message)
            else:
                whole.append(message)
        summary = getattr(model, "summary", None)
        if summary is None:
            everything = [*whole, *fields.values()]
            summary = everything[0] if len(everything) == 1 else SEVERAL
        raise ValidationError(summary, fields=fields) from None


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) in (list, tuple, set, frozenset):
        return True
    return any(_is_list(arg) for arg in get_args(annotation) if arg is not type(None))


def form_fields(form: FormData, model: type[BaseModel]) -> dict[str, Any]:
    """A submitted form's fields for `parse`: every value of a list field, the last of others
    (a field sent twice is what the browser would send for the last input)."""
    lists = {name for name, info in model.model_fields.items() if _is_list(info.annotation)}
    out: dict[str, Any] = {}
    for key in form.keys():
        values = [v for v in form.getlist(key) if isinstance(v, str)]
        if key in lists:
            out[key] = values
        elif values:
            out[key] = values[-1]
    return out


# --------------------------------------------------------------------------- shared inputs


class PageQuery(Input):
    """A list's query string: `cursor` (the previous page's `next_cursor`) and `limit`. Both are
    read as text and checked where the page is cut (forum.pagination: the cursor's values, the
    limit from 1 to 100, "limit must be a whole number from 1 to 100.")."""

    cursor: str | None = Field(default=None, description="next_cursor from the previous page")
    limit: str | None = Field(
        default=None,
        description="how many items, 1 to 100 (default 25)",
        json_schema_extra={"pattern": "^[0-9]{1,4}$"},
    )


def flag(message: str) -> BeforeValidator:
    """A query or form switch: "true"/"1" -> True, "false"/"0"/"" -> False, else `message`."""

    def run(value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if value in (None, "", "false", "0"):
            return False
        if value in ("true", "1"):
            return True
        raise refuse(message)

    return BeforeValidator(run)


# --------------------------------------------------------------------------- shared outputs


class CrisisLine(Output):
    """A crisis line (forum.crisis): at least one way to reach it. A provider's own extra keys
    are kept."""

    model_config = ConfigDict(from_attributes=True, extra="allow")

    name: str
    phone: str | None = Field(description="to call (pages link it as tel:)")
    sms: str | None = Field(description="to text (pages link it as sms:)")
    url: str | None
    country: str | None = Field(description="two-letter code; null: anywhere")
    hours: str | None
    title: str | None = None
    description: str | None = None


class Page(Output, Generic[T]):
    """A cursor page (docs/architecture.md, "Lists"): `next_cursor` null on the last page."""

    items: list[T]
    next_cursor: str | None


def page_out(model: type[T], page: Any) -> Page[T]:
    """A forum.pagination page of dicts or rows as a `Page` of `model`."""
    return Page[model].model_validate(  # type: ignore[valid-type]
        {"items": page.items, "next_cursor": page.next_cursor}
    )


class ErrorBody(Output):
    """What went wrong: a stable `code` (bad_request, malformed_request, not_signed_in,
    forbidden, not_found, conflict, too_large, invalid, rate_limited, unavailable, and the
    idempotency codes), a `message` for people, per-field messages for a 422, and crisis lines
    when the refused text read as crisis (docs/moderation.md)."""

    code: str
    message: str
    fields: dict[str, str] | None = None
    crisis_resources: list[CrisisLine] | None = None


class Error(Output):
    """Every error response of the API."""

    error: ErrorBody
