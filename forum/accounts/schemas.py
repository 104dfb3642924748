"""Accounts' contract: what registering, signing in and changing an account take, and the member
as the API shows them. Both skins parse into these (forum.contracts.parse); the actions in
forum.accounts.actions take them."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal, cast
from zoneinfo import available_timezones

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from forum.accounts.models import Path
from forum.accounts.models import User as UserRow
from forum.contracts import SEVERAL, Input, Output, Says, checked, refuse
from forum.crisis import check_country
from forum.errors import ValidationError

USERNAME_RE = re.compile(r"^[A-Za-z0-9_-]{3,30}$")
PASSWORD_MIN, PASSWORD_MAX = 10, 256
USERNAME_RULE = (
    "3 to 30 characters: letters, digits, '_' or '-'. Pick a pseudonym, not your real name."
)
CHOOSE_PATH = "Choose staying, leaving or undecided."
CHOOSE_ZONE = "Choose a time zone from the list (for example Europe/London or America/Chicago)."
SHORT_PASSWORD = f"Use at least {PASSWORD_MIN} characters."


def check_username(username: str) -> str:
    """A new member's username, stripped: 3 to 30 letters, digits, '_' or '-'.
    Raises ValidationError (field `username`)."""
    username = username.strip()
    if not username:
        raise ValidationError("Choose a username.", fields={"username": "Choose a username."})
    if not USERNAME_RE.match(username):
        raise ValidationError(USERNAME_RULE, fields={"username": USERNAME_RULE})
    return username


def check_password(password: str, field: str = "password") -> str:
    """A new password: `PASSWORD_MIN` to `PASSWORD_MAX` characters, no NUL.
    Raises ValidationError keyed by `field`."""
    if len(password) < PASSWORD_MIN:
        raise ValidationError(SHORT_PASSWORD, fields={field: SHORT_PASSWORD})
    if len(password) > PASSWORD_MAX or "\x00" in password:
        message = f"Use at most {PASSWORD_MAX} characters, without control characters."
        raise ValidationError(message, fields={field: message})
    return password


_ZONES: set[str] = set()

# What tzdata ships that is no real place's zone: "Factory" (shows "-00"), "localtime" (the
# server's own setting), "posixrules", and the "posix/" and "right/" copies of every zone
# ("right/" counts leap seconds, so its clock differs from everyone's by ~27 s).
_NOT_ZONES = frozenset({"Factory", "localtime", "posixrules"})
_NOT_ZONE_PREFIXES = ("posix/", "right/")


def time_zones() -> set[str]:
    """The zone names a member may choose: ``zoneinfo.available_timezones()`` without the ones
    that are no place's time (``_NOT_ZONES``, the ``posix/`` and ``right/`` variants). Loaded
    once per process."""
    if not _ZONES:
        _ZONES.update(
            z
            for z in available_timezones()
            if z not in _NOT_ZONES and not z.startswith(_NOT_ZONE_PREFIXES)
        )
    return _ZONES


def check_time_zone(value: str) -> str:
    """An IANA time zone name the server knows ("Europe/Lisbon", "America/Chicago", "UTC"), one
    of ``time_zones()``. Raises ``ValidationError`` (field ``time_zone``) for anything else,
    including names tzdata ships that are no place's time ("Factory", "localtime", "posix/...")."""
    if value not in time_zones():
        raise ValidationError(CHOOSE_ZONE, fields={"time_zone": CHOOSE_ZONE})
    return value


def _entered(message: str) -> AfterValidator:
    """A field that must hold something (spaces alone are nothing)."""

    def run(value: str) -> str:
        if not value.strip():
            raise refuse(message)
        return value

    return AfterValidator(run)


def _not_null(message: str) -> BeforeValidator:
    """An optional field that, when sent, must not be null."""

    def run(value: Any) -> Any:
        if value is None:
            raise refuse(message)
        return value

    return BeforeValidator(run)


Username = Annotated[
    str,
    Field(description=USERNAME_RULE, examples=["quiet_harbor"]),
    Says(missing="Choose a username.", wrong="Choose a username."),
    checked(check_username),
]
NewPassword = Annotated[
    str,
    Field(description=f"{PASSWORD_MIN} to {PASSWORD_MAX} characters"),
    Says(missing=SHORT_PASSWORD, wrong=SHORT_PASSWORD),
    checked(check_password),
]
PathChoice = Annotated[Path, Says(missing=CHOOSE_PATH, wrong=CHOOSE_PATH)]
Country = Annotated[
    str | None,
    Field(
        description="two-letter code whose crisis lines come first; "
        "null or empty: from the browser's Accept-Language"
    ),
    Says(wrong="Use a two-letter country code, such as US, GB or IE, or leave it empty."),
    checked(check_country),
]
TimeZone = Annotated[
    str,
    Field(description="IANA name, e.g. Europe/London: pages show times in it"),
    Says(wrong=CHOOSE_ZONE),
    checked(check_time_zone),
]


class Registration(Input):
    """POST /auth/register, and the page /register."""

    summary: ClassVar[str | None] = SEVERAL
    username: Username
    password: NewPassword
    path: PathChoice


class SignIn(Input):
    """POST /auth/tokens, and the page /login. Any text is a username to try: one no account can
    have is a failed sign-in (forum.accounts.actions.authenticate)."""

    summary: ClassVar[str | None] = "Enter your username and password."
    username: Annotated[
        str,
        Says(missing="Enter your username.", wrong="Enter your username."),
        _entered("Enter your username."),
    ]
    password: Annotated[
        str,
        Says(missing="Enter your password.", wrong="Enter your password."),
        _entered("Enter your password."),
    ]


class AccountChange(Input):
    """PATCH /me, and each form of the page /account: what is sent is changed, in this order --
    the password (`current_password` and `new_password`; it ends every other session and
    token), the country, the path (at most once a week), the time zone."""

    current_password: Annotated[str, Says(wrong="That is not your current password.")] = ""
    new_password: Annotated[NewPassword | SkipJsonSchema[None], _not_null(SHORT_PASSWORD)] = None
    country: Country = None
    path: Annotated[PathChoice | SkipJsonSchema[None], _not_null(CHOOSE_PATH)] = None
    time_zone: Annotated[TimeZone | SkipJsonSchema[None], _not_null(CHOOSE_ZONE)] = None


class AccountDeletion(Input):
    """DELETE /me, and the page /account/delete: the password, again."""

    password: Annotated[
        str,
        Says(
            missing="Enter your current password to confirm.",
            wrong="Enter your current password to confirm.",
        ),
    ]


# --------------------------------------------------------------------------- outputs

Role = Literal["moderator", "therapist", "admin"]


class User(Output):
    """A member, as they see themselves."""

    id: int
    username: str
    path: Path
    roles: list[Role]
    credential: str | None = None
    country: str | None = Field(
        default=None, description="two-letter code whose crisis lines come first"
    )
    time_zone: str | None = Field(default=None, description="IANA zone the pages show times in")
    created_at: datetime


class UserEnvelope(Output):
    """`{user}`."""

    user: User


class NewToken(Output):
    """A bearer token, shown once."""

    token: str
    expires_at: datetime


_LIST = list[dict[str, Any]]


class Export(Output):
    """Everything held about a member (forum.accounts.privacy.export_data and each plugin's
    `exporters`); the same JSON as the page's /account/export download. `posts` carry their
    `earlier_versions: [{body, replaced_at}]`."""

    model_config = ConfigDict(extra="allow")  # a plugin's exporter adds its own sections

    user: dict[str, Any]
    path_changes: _LIST
    threads: _LIST
    posts: _LIST
    notifications: _LIST
    drafts: _LIST | None = None
    follows: _LIST | None = None
    reactions: _LIST | None = None
    blocks: _LIST | None = None
    reports: _LIST | None = None
    sanctions: _LIST | None = None
    ama_questions: _LIST | None = None
    ama_votes: _LIST | None = None
    ama_answers: _LIST | None = None
    therapist_applications: _LIST | None = None
    resource_suggestions: _LIST | None = None


def user_out(user: UserRow) -> User:
    """The member `user` as the API shows them."""
    return User(
        id=user.id,
        username=user.username,
        path=user.path,
        roles=[cast(Role, role) for role in user.roles or []],
        credential=user.credential,
        country=user.country,
        time_zone=user.time_zone,
        created_at=user.created_at,
    )
