"""A Server-Sent Events response shared by every live stream (AMA events, unread counts)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send


STREAMS_FULL_RETRY_AFTER = 10  # seconds


class EventStreamResponse(Response):
    """Streams `text/event-stream`, and stops as soon as the client goes away."""

    media_type = "text/event-stream"

    def __init__(self, body: AsyncIterator[bytes], on_close: Any) -> None:
        super().__init__(headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"})
        self.raw_headers = [(k, v) for k, v in self.raw_headers if k != b"content-length"]
        self.body_iterator = body
        self.on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # A cap on open streams per process (CROSSROADS_MAX_STREAMS): beyond it a client is told to
        # come back later, so streams alone cannot use up a worker's connections (docs/deploy.md).
        from forum import runtime

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
        from forum.api.base import ApiResponse

        try:
            await self.body_iterator.aclose()  # type: ignore[attr-defined]
        finally:
            await self.on_close()
        busy = ApiResponse(
            {"error": {"code": "service_unavailable",
                       "message": "Too many live streams are open right now; reload in a little while."}},
            status_code=503, headers={"Retry-After": str(STREAMS_FULL_RETRY_AFTER)})
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
                if not task.cancelled() and (exc := task.exception()) and not isinstance(exc, OSError):
                    raise exc
        finally:
            for task in tasks:
                task.cancel()
            await self.body_iterator.aclose()  # type: ignore[attr-defined]
            await self.on_close()
