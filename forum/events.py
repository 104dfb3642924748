"""Publish/subscribe for live updates: in-process, or Redis pub/sub across processes.

Publish after commit (`forum.db.on_commit`), so nobody hears of a write that
rolled back.

Both buses deliver to local `Subscription`s through bounded queues: a subscriber
that falls `QUEUE_SIZE` events behind is cut off (`overflowed`) instead of making
the publisher wait, so one slow client never stalls the others; its stream ends
and the client reconnects with `Last-Event-ID` to catch up from the event log.

`RedisBus` holds one pattern subscription per process (`{prefix}events:*`) and fans
each message out to the local subscribers of its channel. Its calls follow the
connection policy of forum.redisconn (short deadlines, a circuit). If Redis is
unreachable, publishing falls back to local delivery (same-process subscribers
still hear it), `status()` says "degraded", and the listener reconnects within a
second of Redis returning. Nothing is lost meanwhile: a reconnecting listener
sends `RESYNC` to its local subscribers, and a process whose publish failed
publishes `RESYNC` on that channel once Redis answers; a stream that hears it
catches up from the database (forum.streams).

`close_streams()` (called on shutdown, from a signal or from `aclose()`) ends every
open subscription at once, so long-lived streams do not hold the server open.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from forum.redisconn import (
    PROBE_INTERVAL,
    Circuit,
    Deadline,
    RedisUnavailable,
    cancel_tasks,
    pool_kwargs,
    redis_client,
)

log = logging.getLogger("crossroads.events")

# --------------------------------------------------------------------------- credentials
#
# A credential's end ends everything it opened. Whatever ends a session or token, changes a
# member's path, suspends or deletes them publishes CREDENTIALS_CHANGED on the member's channel
# (after commit, on the bus: every process hears it). A long-lived stream subscribes to that
# channel too and re-checks its credential and access at once when it hears it.

CREDENTIALS_CHANGED = "credentials_changed"

# Published on the member's channel when they block or unblock someone: their open streams
# re-read whom they blocked at once (issue 16: blocked members' words disappear from everything).
BLOCKS_CHANGED = "blocks_changed"

# Delivered to a subscription when events may have been missed (Redis was away): the stream
# re-checks its credential and catches up from the database (the AMA event log by last id, the
# unread count), so an event published during an outage reaches every watcher within seconds of
# Redis returning. Sent by a process's listener when it reconnects (to its own subscribers), and
# published by a process on every channel whose publish it could not deliver.
RESYNC = "resync"


def member_channel(user_id: int) -> str:
    """The bus channel on which a member's credential and access changes are announced."""
    return f"member:{user_id}"


# --------------------------------------------------------------------------- the event log
#
# A feature that logs events for replay (``Last-Event-ID``) stores only a *reference* (the ids in
# the payload, see `reference`), never the text: removing, withdrawing, holding, editing or erasing
# content then needs no scrubbing of the log. Replay renders each logged event from its subject's
# *current* state with the feature's renderers (`render_replay`); a renderer answers a tombstone
# for a subject that is gone (e.g. ``question_removed``), and a kind without a renderer is never
# replayed with content (fail closed). Live delivery on the bus carries the payload of the moment.

# Replay renderer for one event kind: (references, oldest first) -> one (kind, data) per reference.
ReplayRenderer = Callable[[list[dict[str, Any]]], Awaitable[list[tuple[str, dict[str, Any]]]]]
# What an event of a kind without a renderer replays as: nothing a client shows.
EXPIRED = "expired"


def reference(data: dict[str, Any]) -> dict[str, Any]:
    """The part of an event payload the log may keep: its integer ids (``id``, ``question_id``...)."""
    return {
        k: v for k, v in data.items() if (k == "id" or k.endswith("_id")) and isinstance(v, int)
    }


async def render_replay(
    rows: list[dict[str, Any]], renderers: Mapping[str, ReplayRenderer]
) -> list[dict[str, Any]]:
    """Logged rows ``{seq, kind, data}`` -> events ``{id, kind, data}`` showing current state.

    One renderer call per kind present (batched); the order and ids of the rows are kept.
    """
    by_kind: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        by_kind.setdefault(row["kind"], []).append(index)
    rendered: list[tuple[str, dict[str, Any]]] = [(EXPIRED, {})] * len(rows)
    for kind, indexes in by_kind.items():
        renderer = renderers.get(kind)
        if renderer is None:
            continue
        refs = [
            reference(rows[i]["data"] if isinstance(rows[i]["data"], dict) else {}) for i in indexes
        ]
        for i, shown in zip(indexes, await renderer(refs), strict=True):
            rendered[i] = shown
    return [
        {"id": row["seq"], "kind": kind, "data": data}
        for row, (kind, data) in zip(rows, rendered, strict=True)
    ]


QUEUE_SIZE = 256
SLOT_TTL_SECONDS = 90.0
_CLOSED = object()


class Subscription:
    def __init__(self, bus: Any, channel: str) -> None:
        self.bus = bus
        self.channel = channel
        self.queue: asyncio.Queue[Any] = asyncio.Queue(
            QUEUE_SIZE + 1
        )  # +1: room for the close marker
        self.overflowed = False
        self.closed = False

    @property
    def ended(self) -> bool:
        return self.overflowed or self.closed

    def deliver(self, event: dict[str, Any]) -> None:
        # A slow subscriber must not stall the others: it loses its stream instead.
        if self.ended:
            return
        if self.queue.qsize() >= QUEUE_SIZE:
            self.overflowed = True
            self.queue.put_nowait(_CLOSED)  # wake the reader so it ends now
            return
        self.queue.put_nowait(event)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                self.queue.put_nowait(_CLOSED)
            except asyncio.QueueFull:
                pass

    async def get(self, timeout: float | None = None) -> dict[str, Any] | None:
        """The next event; None on timeout or once the subscription has ended (see `ended`)."""
        if self.closed:
            return None
        if not self.queue.empty():
            item = self.queue.get_nowait()
        else:
            try:
                # asyncio.timeout, not wait_for: no extra task per call (this runs once per event per stream).
                async with asyncio.timeout(timeout):
                    item = await self.queue.get()
            except TimeoutError:
                return None
        return None if item is _CLOSED else item


class _LocalFanout:
    def __init__(self) -> None:
        self.open_streams = 0  # event streams open in this process (capped: CROSSROADS_MAX_STREAMS)
        self._subs: dict[str, set[Subscription]] = {}
        self._closing = False
        self._slots: dict[str, set[str]] = {}

    # Slots: a cap on concurrent long-lived streams per key (e.g. per member), shared by every
    # process on the Redis bus. `acquire_slot` returns a token, or None when `limit` are taken.

    def _acquire_local(self, key: str, limit: int) -> str | None:
        held = self._slots.setdefault(key, set())
        if len(held) >= limit:
            return None
        token = uuid.uuid4().hex
        held.add(token)
        return token

    def _release_local(self, key: str, token: str) -> None:
        held = self._slots.get(key)
        if held is not None:
            held.discard(token)
            if not held:
                self._slots.pop(key, None)

    def _deliver(self, channel: str, event: dict[str, Any]) -> None:
        for sub in list(self._subs.get(channel, ())):
            sub.deliver(event)

    @asynccontextmanager
    async def _local(self, channel: str, *also: str) -> AsyncIterator[Subscription]:
        sub = Subscription(self, channel)
        if self._closing:
            sub.close()
        channels = (channel, *also)
        for name in channels:
            self._subs.setdefault(name, set()).add(sub)
        try:
            yield sub
        finally:
            for name in channels:
                subs = self._subs.get(name)
                if subs is not None:
                    subs.discard(sub)
                    if not subs:
                        self._subs.pop(name, None)

    def close_streams(self) -> None:
        """End every open subscription now (and any opened from here on)."""
        self._closing = True
        for subs in list(self._subs.values()):
            for sub in list(subs):
                sub.close()


class MemoryBus(_LocalFanout):
    async def publish(self, channel: str, event: dict[str, Any]) -> None:
        self._deliver(channel, event)

    @asynccontextmanager
    async def subscribe(self, channel: str, *also: str) -> AsyncIterator[Subscription]:
        """One subscription hearing `channel` (and any `also`, e.g. the member's credential channel)."""
        async with self._local(channel, *also) as sub:
            yield sub

    async def acquire_slot(self, key: str, limit: int) -> str | None:
        return self._acquire_local(key, limit)

    async def refresh_slot(self, key: str, token: str) -> None:
        return None

    async def release_slot(self, key: str, token: str) -> None:
        self._release_local(key, token)

    async def status(self) -> str:
        return "ok"

    async def aclose(self) -> None:
        self.close_streams()
        self._subs.clear()


class RedisBus(_LocalFanout):
    """Redis pub/sub: an event published by any process reaches subscribers in all of them."""

    def __init__(self, url: str, prefix: str = "crossroads:", circuit: Any = None) -> None:
        super().__init__()
        self.url = url
        self.prefix = f"{prefix}events:"
        self._client: Any = None
        self._listener: asyncio.Task[None] | None = None
        self._ready = asyncio.Event() if _has_loop() else None
        self._healthy = True
        # The connection policy (forum.redisconn), shared with the rate limiter when the app
        # builds both: a hung Redis costs a publish at most one short wait, then nothing.
        self.circuit = circuit or Circuit(self._ping)
        self._lost: set[str] = set()  # channels with a publish Redis did not take
        self._recovery: asyncio.Task[None] | None = None

    def _redis(self) -> Any:
        if self._client is None:
            self._client = redis_client(
                self.url, **pool_kwargs()
            )  # redis://, rediss:// or redis+sentinel://
        return self._client

    async def _ping(self, seconds: float) -> None:
        async with Deadline(seconds):
            await self._redis().execute_command("PING")

    async def _bounded(self, *args: Any) -> Any:
        """One command through the circuit; RedisUnavailable when it cannot be had."""

        async def run(seconds: float) -> Any:
            async with Deadline(seconds):
                return await self._redis().execute_command(*args)

        return await self.circuit.call(run)

    def _resync_local(self) -> None:
        """Tell every local subscription it may have missed events (it catches up from the database)."""
        marker = {"kind": RESYNC}
        for sub in {s for subs in self._subs.values() for s in subs}:
            sub.deliver(marker)

    def _remember_lost(self, channel: str) -> None:
        if len(self._lost) < 10_000:
            self._lost.add(channel)
        if self._recovery is None or self._recovery.done():
            self._recovery = asyncio.create_task(self._recover(), name="crossroads-events-recovery")

    async def _recover(self) -> None:
        """Until Redis answers, then: a RESYNC on every channel whose publish was lost (every
        process's subscribers there catch up from the database)."""
        while self._lost and not self._closing:
            if await self.circuit.check():
                lost, self._lost = self._lost, set()
                for name in lost:
                    try:
                        await self._bounded(
                            "PUBLISH", self.prefix + name, json.dumps({"kind": RESYNC})
                        )
                    except RedisUnavailable:
                        self._lost.add(name)
                if not self._lost:
                    log.warning(
                        "event bus: Redis is back; %d channel(s) told to catch up", len(lost)
                    )
                    return
            await asyncio.sleep(PROBE_INTERVAL)

    async def _ensure_listener(self) -> None:
        if self._ready is None:
            self._ready = asyncio.Event()
        if self._listener is None or self._listener.done():
            self._listener = asyncio.create_task(self._listen(), name="crossroads-events-listener")
        # Wait (briefly) until the pattern subscription is live, so a publish right after
        # subscribe() is heard; if Redis is down we carry on locally.
        try:
            await asyncio.wait_for(self._ready.wait(), 3)
        except TimeoutError:
            pass

    async def _listen(self) -> None:
        assert self._ready is not None
        delay = 0.2
        lost = False
        while not self._closing:
            pubsub = self._redis().pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(self.prefix + "*")
                self._healthy = True
                self._ready.set()
                delay = 0.2
                if lost:  # events published meanwhile never reached us: every stream catches up
                    lost = False
                    log.warning("event bus: Redis is back; open streams catch up from the database")
                    self._resync_local()
                while not self._closing:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is None or message.get("type") != "pmessage":
                        continue
                    channel = message["channel"]
                    channel = channel.decode() if isinstance(channel, bytes) else channel
                    try:
                        event = json.loads(message["data"])
                    except (ValueError, TypeError):
                        continue
                    self._deliver(channel[len(self.prefix) :], event)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any Redis trouble: degrade and retry
                if not self._closing:
                    log.warning(
                        "event bus lost Redis (%s); retrying in %.1fs", type(exc).__name__, delay
                    )
                self._healthy = False
                lost = True
                self._ready.set()  # don't make subscribers wait for a Redis that is down
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)  # back within a second of Redis returning
                self._ready.clear()
            finally:
                try:
                    await pubsub.aclose()
                except Exception:  # noqa: BLE001
                    pass

    async def publish(self, channel: str, event: dict[str, Any]) -> None:
        try:
            await self._bounded("PUBLISH", self.prefix + channel, json.dumps(event, default=str))
        except RedisUnavailable:  # the write has committed: deliver what we can, catch up later
            self._deliver(channel, event)
            self._remember_lost(channel)

    @asynccontextmanager
    async def subscribe(self, channel: str, *also: str) -> AsyncIterator[Subscription]:
        await self._ensure_listener()
        async with self._local(channel, *also) as sub:
            yield sub

    # Slots live in a sorted set per key (token -> expiry): a process that dies without releasing
    # its slots frees them after SLOT_TTL_SECONDS; open streams refresh theirs well before that.
    _ACQUIRE = """
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
    if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
    redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
    redis.call('PEXPIRE', KEYS[1], ARGV[5])
    return 1
    """

    def _slot_key(self, key: str) -> str:
        return f"{self.prefix}slots:{key}"

    async def acquire_slot(self, key: str, limit: int) -> str | None:
        token = uuid.uuid4().hex
        at = time.time()
        try:
            ok = await self._bounded(
                "EVAL",
                self._ACQUIRE,
                1,
                self._slot_key(key),
                at,
                at + SLOT_TTL_SECONDS,
                limit,
                token,
                int(SLOT_TTL_SECONDS * 1000),
            )
        except RedisUnavailable:  # Redis away: cap per process instead
            local = self._acquire_local(key, limit)
            return None if local is None else "local:" + local
        return token if ok else None

    async def refresh_slot(self, key: str, token: str) -> None:
        if token.startswith("local:"):
            return

        try:
            name = self._slot_key(key)
            await self._bounded("ZADD", name, "XX", time.time() + SLOT_TTL_SECONDS, token)
            await self._bounded("PEXPIRE", name, int(SLOT_TTL_SECONDS * 1000))
        except RedisUnavailable:  # the slot expires on its own
            pass

    async def release_slot(self, key: str, token: str) -> None:
        if token.startswith("local:"):
            self._release_local(key, token.removeprefix("local:"))
            return

        try:
            await self._bounded("ZREM", self._slot_key(key), token)
        except RedisUnavailable:  # the slot expires on its own
            pass

    async def status(self) -> str:
        if not await self.circuit.check():
            return "degraded"
        if self._listener is not None and not self._healthy:
            return "degraded"
        return "ok"

    async def aclose(self) -> None:
        self.close_streams()
        await cancel_tasks(self._recovery)
        await self.circuit.aclose()
        if self._listener is not None:
            self._listener.cancel()
            try:
                await self._listener
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass
        self._subs.clear()
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _has_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def build_bus(redis_url: str | None, prefix: str = "crossroads:", circuit: Any = None) -> Any:
    """Redis pub/sub (behind `circuit`, e.g. the limiter's) when `redis_url` is set, else in-process."""
    return RedisBus(redis_url, prefix, circuit) if redis_url else MemoryBus()


def end_streams_on_signal(bus: Any) -> None:
    """Under uvicorn, end open streams as soon as SIGINT/SIGTERM arrives.

    uvicorn waits for open connections to finish before it runs the lifespan
    shutdown, so an event stream would otherwise keep the server up forever.
    We chain onto uvicorn's own handler (and only that: tests and other hosts
    keep theirs untouched).
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            previous = signal.getsignal(sig)
        except ValueError:  # not the main thread
            return
        owner = getattr(previous, "__self__", None)
        if owner is None or not type(owner).__module__.startswith("uvicorn"):
            continue

        def handler(signum: int, frame: Any, _previous: Any = previous) -> None:
            loop.call_soon_threadsafe(bus.close_streams)
            _previous(signum, frame)

        try:
            signal.signal(sig, handler)
        except ValueError:
            return
