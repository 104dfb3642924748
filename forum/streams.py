"""The one Server-Sent Events transport of every live stream (AMA events, unread counts): the
response (with the per-process stream cap), the loop (`live`) and the per-member slot (`open_stream`)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from forum import runtime
from forum.errors import RateLimitedError
from forum.events import BLOCKS_CHANGED, CREDENTIALS_CHANGED, RESYNC, member_channel
from forum.serialize import ApiResponse

STREAMS_FULL_RETRY_AFTER = 10  # seconds


class EventStreamResponse(Response):
    """Streams `text/event-stream`, and stops as soon as the client goes away."""

    media_type = "text/event-stream"

    def __init__(
        self, body: AsyncGenerator[bytes, None], on_close: Callable[[], Awaitable[None]]
    ) -> None:
        super().__init__(
            headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"}
        )
        self.raw_headers = [(k, v) for k, v in self.raw_headers if k != b"content-length"]
        self.body_iterator = body
        self.on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # A cap on open streams per process (CROSSROADS_MAX_STREAMS): beyond it a client is told to
        # come back later, so streams alone cannot use up a worker's connections (docs/deploy.md).
        rt = runtime.get()
        if rt.bus.open_streams >= rt.settings.max_streams:
            await self._refuse(scope, receive, send)
            return
        rt.bus.open_streams += 1
        if rt.metrics is not None:
            rt.metrics.open_streams.inc()
        try:
            await self._stream(scope, receive, send)
        finally:
            rt.bus.open_streams -= 1
            if rt.metrics is not None:
                rt.metrics.open_streams.dec()

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.body_iterator.aclose()
        finally:
            await self.on_close()
        busy = ApiResponse(
            {
                "error": {
                    "code": "service_unavailable",
                    "message": "Too many live streams are open right now; reload in a little while.",
                }
            },
            status_code=503,
            headers={"Retry-After": str(STREAMS_FULL_RETRY_AFTER)},
        )
        await busy(scope, receive, send)

    async def _stream(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def stream() -> None:
            # The first chunk comes once the stream is subscribed: only then do the headers go out,
            # so a client that has its 200 hears every event committed from then on.
            first = await self.body_iterator.__anext__()
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            await send({"type": "http.response.body", "body": first, "more_body": True})
            async for chunk in self.body_iterator:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})

        async def listen() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass

        tasks = [asyncio.ensure_future(stream()), asyncio.ensure_future(listen())]
        try:
            done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            for task in done:
                if (
                    not task.cancelled()
                    and (exc := task.exception())
                    and not isinstance(exc, OSError)
                ):
                    raise exc
        finally:
            for task in tasks:
                task.cancel()
            await self.body_iterator.aclose()
            await self.on_close()


# --------------------------------------------------------------------------- the one SSE loop


class LiveFeed:
    """What one kind of live stream says; `live()` runs the loop every stream shares.

    Subclasses set `channel` and override the three hooks; each yields SSE bytes:

    - `opening()`: the first chunk(s) once subscribed (`retry:` and the current state or a replay);
    - `on_event(event)`: an event from the bus on `channel`;
    - `catch_up()`: after a `RESYNC` (Redis was away; events may have been missed): read the
      database and send what changed.

    `check_in()` returns False when the stream must end (its credential or access ended); it is
    called every `recheck_seconds`, on `CREDENTIALS_CHANGED`, `BLOCKS_CHANGED` and `RESYNC`.
    """

    channel: str = ""
    heartbeat_seconds: float = 15.0
    recheck_seconds: float = 30.0

    async def opening(self) -> AsyncIterator[bytes]:
        if False:  # pragma: no cover - an async generator that yields nothing
            yield b""

    async def on_event(self, event: dict[str, Any]) -> AsyncIterator[bytes]:
        if False:  # pragma: no cover
            yield b""

    async def catch_up(self) -> AsyncIterator[bytes]:
        if False:  # pragma: no cover
            yield b""

    async def check_in(self) -> bool:
        return True


async def live(feed: LiveFeed, member_id: int | None = None) -> AsyncGenerator[bytes, None]:
    """The one SSE loop: subscribe (the feed's channel and the member's credential channel), send
    the opening, then events, heartbeats, re-checks and catch-ups until the subscription ends (the
    client fell behind, shutdown) or `check_in()` says no."""
    bus = runtime.get().bus
    also = (member_channel(member_id),) if member_id is not None else ()
    async with bus.subscribe(feed.channel, *also) as sub:
        async for chunk in feed.opening():
            yield chunk
        recheck_at = time.monotonic() + feed.recheck_seconds
        while not sub.ended:
            if time.monotonic() >= recheck_at:
                if not await feed.check_in():
                    return
                recheck_at = time.monotonic() + feed.recheck_seconds
            event = await sub.get(min(feed.heartbeat_seconds, feed.recheck_seconds))
            if event is None:
                if sub.ended:
                    break
                yield b": heartbeat\n\n"
                continue
            kind = event.get("kind")
            if kind in (CREDENTIALS_CHANGED, BLOCKS_CHANGED, RESYNC):
                # A sign-out, revocation or deletion anywhere, new blocks, or events we may have missed.
                if not await feed.check_in():
                    return
                if kind == RESYNC:
                    async for chunk in feed.catch_up():
                        yield chunk
                continue
            async for chunk in feed.on_event(event):
                yield chunk


async def open_stream(
    feed: LiveFeed, *, member_id: int, slot_key: str, max_per_member: int, refusal: str, policy: str
) -> EventStreamResponse:
    """The response for `feed`: a stream slot for the member (in every process on the Redis bus),
    429 `refusal` when `max_per_member` are open, and the slot refreshed at every check-in."""
    bus = runtime.get().bus
    token = await bus.acquire_slot(slot_key, max_per_member)
    if token is None:
        raise RateLimitedError(refusal, retry_after=5, policy=policy)
    inner = feed.check_in

    async def check_in() -> bool:
        await bus.refresh_slot(slot_key, token)
        return await inner()

    # This feed's check-in, wrapped (per instance, so a method is replaced on purpose).
    feed.check_in = check_in  # type: ignore[method-assign]

    async def release() -> None:
        await bus.release_slot(slot_key, token)

    return EventStreamResponse(live(feed, member_id), release)
