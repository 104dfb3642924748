"""API: follow, mute and read threads; notifications, marking them read, and the live unread count."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from forum import pagination
from forum.api.base import Call, endpoint, page_out
from forum.api.schemas import BOOL, INT, TIME, TIME_OR_NULL, obj, page_of, ref
from forum.auth import bearer_member, load_viewer
from forum.errors import MalformedError, NotSignedInError, ValidationError
from forum.following import actions, notices
from forum.streams import LiveFeed, open_stream

HEARTBEAT_SECONDS = 15.0
RECHECK_SECONDS = 30.0
MAX_STREAMS_PER_MEMBER = 10  # one per open tab
RETRY_MS = 5000

# This module's OpenAPI schemas (the registry gathers each API module's SCHEMAS).
SCHEMAS: dict[str, dict[str, Any]] = {
    "FollowState": obj(["following", "muted"], following=BOOL, muted=BOOL),
    "Notification": obj(
        ["id", "kind", "text", "url", "created_at", "read_at"],
        id=INT,
        kind={
            "type": "string",
            "description": "reply, mention, reaction, moderation, report, sanction, ama_answer, ...",
        },
        text={
            "type": "string",
            "description": "rendered when read: never names what you can no longer read",
        },
        url={"type": ["string", "null"]},
        count={"type": "integer", "description": "events this grouped notice stands for"},
        created_at=TIME,
        read_at=TIME_OR_NULL,
    ),
}
_FOLLOW = ref("FollowState")


@endpoint(
    "PUT",
    "/threads/{id}/follow",
    summary="Follow a thread (hear of every reply)",
    tag="following",
    response=_FOLLOW,
    errors=(404,),
)
async def follow(call: Call) -> Any:
    return await actions.follow_thread(call.member(), call.path_int("id"))


@endpoint(
    "DELETE",
    "/threads/{id}/follow",
    summary="Stop following a thread",
    tag="following",
    response=_FOLLOW,
    errors=(404,),
)
async def unfollow(call: Call) -> Any:
    return await actions.unfollow_thread(call.member(), call.path_int("id"))


@endpoint(
    "PUT",
    "/threads/{id}/mute",
    summary="Mute a thread: no replies, no mentions, even after you reply",
    tag="following",
    response=_FOLLOW,
    errors=(404,),
)
async def mute(call: Call) -> Any:
    return await actions.mute_thread(call.member(), call.path_int("id"))


@endpoint(
    "DELETE",
    "/threads/{id}/mute",
    summary="Unmute a thread (back to not following)",
    tag="following",
    response=_FOLLOW,
    errors=(404,),
)
async def unmute(call: Call) -> Any:
    return await actions.unfollow_thread(call.member(), call.path_int("id"))


@endpoint(
    "POST",
    "/threads/{id}/read",
    summary="Mark a thread read up to a post",
    tag="following",
    body=obj(["post_id"], post_id=INT),
    response=obj(["unread_count"], unread_count=INT),
    errors=(404, 422),
)
async def read(call: Call) -> Any:
    return {
        "unread_count": await actions.mark_read(
            call.member(), call.path_int("id"), call.body.get("post_id")
        )
    }


@endpoint(
    "GET",
    "/me/notifications",
    summary="Your notifications, newest first",
    tag="accounts",
    query=[
        ("unread", "query", {"type": "boolean", "description": "only unread ones"}),
        ("cursor", "query", {"type": "string"}),
        ("limit", "query", {"type": "integer", "minimum": 1, "maximum": 100}),
    ],
    response=page_of(ref("Notification")),
    errors=(400, 422),
)
async def notifications(call: Call) -> Any:
    unread = call.query("unread")
    if unread not in (None, "", "true", "false", "1", "0"):
        raise ValidationError("unread must be true or false.", fields={"unread": "true or false"})
    page = await notices.list_notifications(
        call.member(),
        unread_only=unread in ("true", "1"),
        cursor=call.query("cursor"),
        limit=pagination.limit_from(call.query("limit")),
    )
    return page_out(page)


@endpoint(
    "POST",
    "/me/notifications/read",
    summary="Mark notifications read (all of them without ids)",
    tag="accounts",
    body=obj(ids={"type": "array", "items": INT, "maxItems": 100}),
    response=obj(["unread_count"], unread_count=INT),
    errors=(400, 422),
)
async def notifications_read(call: Call) -> Any:
    ids = call.body.get("ids")
    if ids is not None:
        if (
            not isinstance(ids, list)
            or len(ids) > 100
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
        ):
            raise ValidationError(
                "ids must be a list of at most 100 notification ids.",
                fields={"ids": "a list of at most 100 whole numbers"},
            )
    return {"unread_count": await notices.mark_read(call.member(), ids)}


@endpoint(
    "GET",
    "/me/notifications/events",
    summary="Your unread count, live (Server-Sent Events)",
    tag="accounts",
    auth="optional",
    media_type="text/event-stream",
    response={
        "type": "string",
        "description": 'event `unread` with data {"unread_count": n}, at once and '
        "after every change; `: heartbeat` comments every 15 s",
    },
    errors=(401, 429),
    description="Authenticate with a bearer token or the site's session cookie. At most 10 open streams per member.",
)
async def notification_events(call: Call) -> Any:
    user = call.user or await load_viewer(call.request)
    if user is None:
        raise NotSignedInError(
            "Sign in (bearer token or session cookie) to hear your notifications live."
        )
    return await open_stream(
        _UnreadFeed(user.id, call),
        member_id=user.id,
        slot_key=f"notice-streams:{user.id}",
        max_per_member=MAX_STREAMS_PER_MEMBER,
        policy="notice_streams",
        refusal="Too many open live streams; close a tab and try again.",
    )


async def _still_signed_in(call: Call) -> bool:
    """The credential that opened the stream still works (session or token not ended, member not suspended)."""
    call.request.state._state.pop("viewer", None)
    try:
        if call.token is not None:
            user, _ = await bearer_member(call.request)
        else:
            user = await load_viewer(call.request)
    except (NotSignedInError, MalformedError):
        return False
    return user is not None


def _event(count: int) -> bytes:
    return f"event: unread\ndata: {json.dumps({'unread_count': count})}\n\n".encode()


class _UnreadFeed(LiveFeed):
    """The member's unread count: at once, then after every change (and after a Redis outage)."""

    def __init__(self, user_id: int, call: Call) -> None:
        self.channel = notices.channel(user_id)
        self.user_id = user_id
        self.call = call
        self.last = -1
        self.heartbeat_seconds = HEARTBEAT_SECONDS
        self.recheck_seconds = RECHECK_SECONDS

    async def opening(self) -> AsyncIterator[bytes]:
        self.last = await notices.unread_count(self.user_id)
        yield f"retry: {RETRY_MS}\n".encode() + _event(self.last)

    async def on_event(self, event: dict[str, Any]) -> AsyncIterator[bytes]:
        count = await notices.unread_count(self.user_id)
        if count != self.last:
            self.last = count
            yield _event(count)

    async def catch_up(self) -> AsyncIterator[bytes]:
        async for chunk in self.on_event({}):
            yield chunk

    async def check_in(self) -> bool:
        return await _still_signed_in(self.call)
