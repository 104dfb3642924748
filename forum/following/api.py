"""API: follow, mute and read threads; notifications, marking them read, and the live unread count."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from forum import pagination
from forum.api.base import Call, endpoint
from forum.auth import bearer_member, load_viewer
from forum.contracts import Page, page_out
from forum.errors import MalformedError, NotSignedInError
from forum.following import actions, notices
from forum.following.schemas import (
    FollowState,
    Notification,
    NotificationsQuery,
    NotificationsRead,
    ReadUpTo,
    UnreadCount,
)
from forum.streams import LiveFeed, open_stream

HEARTBEAT_SECONDS = 15.0
RECHECK_SECONDS = 30.0
MAX_STREAMS_PER_MEMBER = 10  # one per open tab
RETRY_MS = 5000


@endpoint(
    "PUT",
    "/threads/{id}/follow",
    summary="Follow a thread (hear of every reply)",
    tag="following",
    response=FollowState,
    errors=(404,),
)
async def follow(call: Call) -> FollowState:
    return FollowState.model_validate(
        await actions.follow_thread(call.member(), call.path_int("id"))
    )


@endpoint(
    "DELETE",
    "/threads/{id}/follow",
    summary="Stop following a thread",
    tag="following",
    response=FollowState,
    errors=(404,),
)
async def unfollow(call: Call) -> FollowState:
    return FollowState.model_validate(
        await actions.unfollow_thread(call.member(), call.path_int("id"))
    )


@endpoint(
    "PUT",
    "/threads/{id}/mute",
    summary="Mute a thread: no replies, no mentions, even after you reply",
    tag="following",
    response=FollowState,
    errors=(404,),
)
async def mute(call: Call) -> FollowState:
    return FollowState.model_validate(await actions.mute_thread(call.member(), call.path_int("id")))


@endpoint(
    "DELETE",
    "/threads/{id}/mute",
    summary="Unmute a thread (back to not following)",
    tag="following",
    response=FollowState,
    errors=(404,),
)
async def unmute(call: Call) -> FollowState:
    return FollowState.model_validate(
        await actions.unfollow_thread(call.member(), call.path_int("id"))
    )


@endpoint(
    "POST",
    "/threads/{id}/read",
    summary="Mark a thread read up to a post",
    tag="following",
    body=ReadUpTo,
    response=UnreadCount,
    errors=(404, 422),
)
async def read(call: Call) -> UnreadCount:
    left = await actions.mark_read(call.member(), call.path_int("id"), call.data(ReadUpTo))
    return UnreadCount(unread_count=left)


@endpoint(
    "GET",
    "/me/notifications",
    summary="Your notifications, newest first",
    tag="accounts",
    query=NotificationsQuery,
    response=Page[Notification],
    errors=(400, 422),
)
async def notifications(call: Call) -> Page[Notification]:
    params = call.params(NotificationsQuery)
    page = await notices.list_notifications(
        call.member(),
        unread_only=params.unread,
        cursor=params.cursor,
        limit=pagination.limit_from(params.limit),
    )
    return page_out(Notification, page)


@endpoint(
    "POST",
    "/me/notifications/read",
    summary="Mark notifications read (all of them without ids)",
    tag="accounts",
    body=NotificationsRead,
    response=UnreadCount,
    errors=(400, 422),
)
async def notifications_read(call: Call) -> UnreadCount:
    ids = call.data(NotificationsRead).ids
    return UnreadCount(unread_count=await notices.mark_read(call.member(), ids))


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
