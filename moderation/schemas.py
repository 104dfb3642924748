"""Moderation's API answers as output models (forum.contracts): the OpenAPI document is generated
from them. (Moderation's inputs and its other answers are still JSON Schema dicts in
moderation/api.py: not converted yet.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from forum.contracts import Output


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
