"""Reading Server-Sent Events from a real HTTP stream in tests."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx


class EventReader:
    def __init__(self, response: httpx.Response) -> None:
        self.lines = response.aiter_lines()
        self.comments: list[str] = []

    async def next(self, timeout: float = 10) -> dict[str, Any]:
        """The next event (id, event, data as JSON); comments are kept in `comments`."""
        return await asyncio.wait_for(self._next(), timeout)

    async def _next(self) -> dict[str, Any]:
        event: dict[str, Any] = {}
        async for line in self.lines:
            if line == "":
                if "data" in event:
                    return event
                event = {}
                continue
            if line.startswith(":"):
                self.comments.append(line[1:].strip())
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                event["data"] = json.loads(value)
            elif name == "id":
                event["id"] = int(value)
            elif name == "event":
                event["event"] = value
        raise EOFError("stream ended")

    async def until(self, kind: str, timeout: float = 10) -> dict[str, Any]:
        async def find() -> dict[str, Any]:
            while True:
                event = await self._next()
                if event.get("event") == kind:
                    return event

        return await asyncio.wait_for(find(), timeout)
