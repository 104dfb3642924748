"""Spaces' contract: pinning a space's "Start here" thread, and a space as the API shows it."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field

from forum.contracts import Input, Output, Says, checked_before, refuse
from forum.validation import parse_id_or_none

CHOOSE_THREAD = "Choose a thread."


def _thread_id(value: Any) -> int | None:
    """An id (JSON integer or digits), or None for empty (the page's "unpin")."""
    if value is None or value == "":
        return None
    found = parse_id_or_none(value)
    if found is None:
        raise refuse(CHOOSE_THREAD)
    return found


class StartHereChoice(Input):
    """PUT /spaces/{slug}/start-here, and the thread page's pin form: the thread to pin (a
    published thread of the space); empty or null unpins (DELETE does too)."""

    thread_id: Annotated[
        int | None,
        Field(ge=1, description="a published thread of this space; null unpins"),
        Says(missing=CHOOSE_THREAD, wrong=CHOOSE_THREAD),
        checked_before(_thread_id),
    ]


class Pinned(Output):
    """The thread moderators pinned for newcomers to start with."""

    id: int
    title: str


class Space(Output):
    """A space the reader can see."""

    model_config = ConfigDict(extra="allow")  # a plugin's space context may add its own

    slug: str
    name: str
    description: str
    audience: str | None = Field(default=None, description="the path it is for; null: everyone")
    can_read: bool
    can_post: bool
    start_here: Pinned | None = Field(
        default=None, description="the thread moderators pinned to start with"
    )


class Spaces(Output):
    """`{items}`: every space the reader can see."""

    items: list[Space]


class StartHere(Output):
    """`{start_here}` after pinning."""

    start_here: Pinned | None
