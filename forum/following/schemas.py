"""Following's contract: marking a thread or notifications read, the notifications list's query,
and follow state and notifications as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StrictInt

from forum.contracts import Input, Output, PageQuery, Says, flag

POST_ID_RULE = "post_id must be the id of a post in this thread."
IDS_RULE = "ids must be a list of at most 100 notification ids."


class ReadUpTo(Input):
    """POST /threads/{id}/read: the last post read (beyond the thread's last: all of it)."""

    post_id: Annotated[StrictInt, Field(ge=0), Says(missing=POST_ID_RULE, wrong=POST_ID_RULE)]


class NotificationsQuery(PageQuery):
    """GET /me/notifications, and the notifications page."""

    unread: Annotated[
        bool, Field(description="only unread ones"), flag("unread must be true or false.")
    ] = False


class NotificationsRead(Input):
    """POST /me/notifications/read: these notifications, or (no `ids`) all of them."""

    ids: Annotated[
        list[StrictInt] | None,
        Field(max_length=100, description="at most 100; none: every notification"),
        Says(wrong=IDS_RULE),
    ] = None


# --------------------------------------------------------------------------- outputs


class FollowState(Output):
    """How the member follows a thread."""

    following: bool
    muted: bool


class Notification(Output):
    """A notice, rendered when read: it never names what you can no longer read."""

    id: int
    kind: str = Field(
        description="reply, mention, reaction, moderation, report, sanction, ama_answer, ..."
    )
    text: str
    url: str | None
    count: int | None = Field(default=None, description="events this grouped notice stands for")
    message: str | None = Field(default=None, description="the same as `text` (older name)")
    link: str | None = Field(default=None, description="the same as `url` (older name)")
    created_at: datetime
    read_at: datetime | None


class UnreadCount(Output):
    """`{unread_count}`: what is left unread."""

    unread_count: int
