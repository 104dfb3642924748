"""Rate-limit backends: the exact Redis limiter, the in-process fallback, and the `Limiter` the app holds.

The algorithm is an exact sliding log: each spent allowance is a timestamp, and
a request is admitted when every window of its policy holds fewer than `limit`
timestamps younger than the window. All windows of a policy are checked and
spent together, atomically, so a refusal in the hourly window never spends the
per-minute one.

Redis backend: one Lua script per check (EVALSHA; EVAL once on NOSCRIPT), one
round trip whatever the number of windows, the clock is Redis's own `TIME` so
every app process agrees, one sorted set per (policy, key), and every key
written carries a TTL equal to the policy's longest window. We use this
instead of the `limits` package because `limits` checks, spends and reports
each window in separate round trips and cannot refuse a stacked policy
atomically; see docs/ratelimit.md for the measured difference.

Redis is reached through the connection policy in forum.redisconn (short
deadlines, retry once on a dead connection, a circuit): a restarted Redis is
used again on the very next check; a slow one is waited for, since a fallback
answer is not exact; only a Redis that is down or hung sends checks to the
in-process limiter, logged once, reported as `degraded` by /readyz.
"""

from __future__ import annotations

import asyncio
import bisect
import hashlib
import itertools
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from redis.exceptions import NoScriptError

from forum.ratelimit.decisions import Decision, _decide
from forum.ratelimit.policies import Policy, Window
from forum.redisconn import (
    TIMEOUT,
    Circuit,
    Deadline,
    RedisUnavailable,
    pool_kwargs,
    redis_client,
)

log = logging.getLogger("crossroads.ratelimit")

T = TypeVar("T")


class Backend(Protocol):
    name: str

    async def check(self, policy: Policy, key: str, spend: bool) -> Decision: ...
    async def refund(self, policy: Policy, key: str, entry: Any) -> None: ...
    async def clear(self, policy: Policy, key: str) -> None: ...
    async def aclose(self) -> None: ...


def _log_key(prefix: str, policy: Policy, key: str) -> str:
    # One log per (policy, key) holds every window of the policy. The braces are a Redis Cluster
    # hash tag: harmless elsewhere, and they keep a policy's key in one slot there.
    return f"{prefix}rl:{{{policy.name}:{key}}}"


class MemoryBackend:
    """The same sliding log in this process. Exact within one process (asyncio is single-threaded).

    An entry is its timestamp in milliseconds shifted left by `SEQ_BITS`, plus a sequence number:
    entries sort by time, and each one is unique, so a refund removes exactly the entry its check
    added even when several were added in the same millisecond.
    """

    name = "memory"
    SWEEP_EVERY = 1000
    SEQ_BITS = 20

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._logs: dict[
            str, tuple[int, list[int]]
        ] = {}  # key -> (longest window ms, sorted entries)
        self._ops = 0
        self._seq = itertools.count()

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    def _upto(self, ms: int) -> int:
        """The largest entry stamped at `ms` or before (for bisect_right)."""
        return (ms << self.SEQ_BITS) | ((1 << self.SEQ_BITS) - 1)

    async def check(self, policy: Policy, key: str, spend: bool) -> Decision:
        now = self._now_ms()
        self._ops += 1
        if self._ops % self.SWEEP_EVERY == 0:
            self._sweep(now)
        k = _log_key("", policy, key)
        longest = max(w.seconds for w in policy.windows) * 1000
        _, stamps = self._logs.get(k, (longest, []))
        del stamps[: bisect.bisect_right(stamps, self._upto(now - longest))]
        total = len(stamps)
        counts = []
        for w in policy.windows:
            win = w.seconds * 1000
            first = bisect.bisect_right(
                stamps, self._upto(now - win)
            )  # entries older than the window
            count = total - first
            wait = (
                (stamps[first + max(count - w.limit, 0)] >> self.SEQ_BITS) + win - now
                if count
                else -1
            )
            counts.append((count, wait))
        decision = _decide(policy, spend, counts)
        if spend and decision.allowed:
            entry = (now << self.SEQ_BITS) | (next(self._seq) & ((1 << self.SEQ_BITS) - 1))
            bisect.insort(stamps, entry)
            self._logs[k] = (longest, stamps)
            decision = replace(decision, receipt=(self.name, entry))
        return decision

    async def refund(self, policy: Policy, key: str, entry: Any) -> None:
        """Give back the allowance a check spent: its own `entry` leaves the log, so the count is
        exactly what it was without that check. Nothing happens when the entry has already left
        its window (or was given back before)."""
        found = self._logs.get(_log_key("", policy, key))
        if found is None or not isinstance(entry, int):
            return
        stamps = found[1]
        i = bisect.bisect_left(stamps, entry)
        if i < len(stamps) and stamps[i] == entry:
            del stamps[i]

    def _sweep(self, now: int) -> None:
        for k, (win, stamps) in list(self._logs.items()):
            if not stamps or stamps[-1] >> self.SEQ_BITS <= now - win:
                del self._logs[k]

    async def clear(self, policy: Policy, key: str) -> None:
        self._logs.pop(_log_key("", policy, key), None)

    def size(self) -> int:
        return len(self._logs)

    async def aclose(self) -> None:
        self._logs.clear()


# KEYS[1]: the policy's log for one key, a sorted set of spent allowances scored by Redis time (ms).
# ARGV: a member unique to this request, 1 to spend or 0 to look, then limit and window_ms per window.
# All windows are checked first and spent together, or not at all. The reply is one string,
# "allowed count_1 wait_1 count_2 wait_2 ...", where wait is the milliseconds until the entry that
# must leave to free an allowance leaves the window (-1: empty); one bulk string parses faster
# than an array of integers on the client, which is where most of a check's time goes.
SLIDING_LOG = """
local key = KEYS[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local longest = 0
for i = 4, #ARGV, 2 do
  local win = tonumber(ARGV[i])
  if win > longest then longest = win end
end
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - longest)
redis.call('ZREM', key, ARGV[1])  -- a second try of the same check: count it once
local total = redis.call('ZCARD', key)
local allowed = 1
local out = {}
for i = 3, #ARGV, 2 do
  local limit = tonumber(ARGV[i])
  local win = tonumber(ARGV[i + 1])
  local count = total
  if win < longest and total > 0 then
    count = redis.call('ZCOUNT', key, '(' .. (now - win), '+inf')
  end
  local wait = -1
  if count > 0 then
    local idx = count - limit
    if idx < 0 then idx = 0 end
    local rank = total - count + idx
    wait = tonumber(redis.call('ZRANGE', key, rank, rank, 'WITHSCORES')[2]) + win - now
  end
  if count >= limit then allowed = 0 end
  out[#out + 1] = count
  out[#out + 1] = wait
end
if allowed == 1 and ARGV[2] == '1' then
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('PEXPIRE', key, longest)
end
return allowed .. ' ' .. table.concat(out, ' ')
"""


class RedisBackend:
    name = "redis"

    def __init__(
        self,
        url: str,
        *,
        key_prefix: str = "crossroads:",
        timeout: float | None = None,
        max_connections: int = 50,
        pool_wait: float = 2.0,
    ) -> None:
        # The connection policy (forum.redisconn): one deadline per whole command, connecting
        # included; retry once, at once, on a connection error (a restarted Redis leaves the pool's
        # connections dead); health checks on idle pooled connections. The circuit (Limiter, and
        # forum.redisconn.Circuit) decides what a timeout means.
        self.client = redis_client(
            url, **pool_kwargs(max_connections)
        )  # redis://, rediss://, redis+sentinel://
        self.default_timeout = TIMEOUT if timeout is None else timeout
        self.prefix = key_prefix
        # At most `max_connections` commands in flight, so the pool never runs out: a burst waits
        # its turn for a connection (up to `pool_wait`, then it counts as an outage) instead of
        # failing. A semaphore costs less per call than redis-py's BlockingConnectionPool.
        self._slots = asyncio.Semaphore(max_connections)
        self._pool_wait = pool_wait
        self._sha = hashlib.sha1(SLIDING_LOG.encode()).hexdigest()
        self._args: dict[tuple[Window, ...], list[bytes]] = {}
        # Members of the sorted sets must be unique across processes: a random node id and a counter.
        self._node = uuid.uuid4().hex[:12]
        self._seq = itertools.count()

    async def _command(self, *args: Any, timeout: float | None = None) -> Any:
        """One command within `timeout` seconds (default: the backend's); TimeoutError when not."""
        if self._slots.locked():
            try:
                async with asyncio.timeout(self._pool_wait):
                    await self._slots.acquire()
            except TimeoutError:
                raise TimeoutError("no Redis connection free in time") from None
        else:
            await self._slots.acquire()
        try:
            # A timeout cancels the command; redis-py then drops that connection (its reply
            # would otherwise be read by the next command).
            async with Deadline(self.default_timeout if timeout is None else timeout):
                return await self.client.execute_command(*args)
        finally:
            self._slots.release()

    def _window_args(self, policy: Policy) -> list[bytes]:
        args = self._args.get(policy.windows)
        if args is None:
            args = [str(n).encode() for w in policy.windows for n in (w.limit, w.seconds * 1000)]
            self._args[policy.windows] = args
        return args

    def request(
        self, policy: Policy, key: str, spend: bool
    ) -> Callable[[float], Awaitable[Decision]]:
        """One check as a command the circuit can run, and run again: ``(seconds) -> Decision``.

        The entry it may add has one id for every try, and the script drops its own entry before
        counting, so a second try after a timeout (when the first may have run) spends once.
        """
        member = f"{self._node}:{next(self._seq)}"
        args = [
            1,
            _log_key(self.prefix, policy, key),
            member,
            b"1" if spend else b"0",
            *self._window_args(policy),
        ]

        async def run(seconds: float) -> Decision:
            try:
                reply = await self._command("EVALSHA", self._sha, *args, timeout=seconds)
            except NoScriptError:  # a new or restarted Redis: load the script, once, and go on
                reply = await self._command("EVAL", SLIDING_LOG, *args, timeout=seconds)
            numbers = [int(n) for n in reply.split()]
            counts = [(numbers[i], numbers[i + 1]) for i in range(1, len(numbers), 2)]
            decision = _decide(policy, spend, counts)
            if spend and decision.allowed:
                decision = replace(decision, receipt=(self.name, member))
            return decision

        return run

    async def refund(
        self, policy: Policy, key: str, entry: Any, timeout: float | None = None
    ) -> None:
        """Give back the allowance a check spent: its own sorted-set member (`entry`) leaves the
        log (ZREM, one atomic command), so the count is exactly what it was without that check,
        whatever other processes spent meanwhile."""
        await self._command("ZREM", _log_key(self.prefix, policy, key), entry, timeout=timeout)

    async def check(self, policy: Policy, key: str, spend: bool) -> Decision:
        return await self.request(policy, key, spend)(self.default_timeout)

    async def clear(self, policy: Policy, key: str, timeout: float | None = None) -> None:
        await self._command("DEL", _log_key(self.prefix, policy, key), timeout=timeout)

    async def ping(self, timeout: float | None = None) -> None:
        await self._command("PING", timeout=timeout)

    async def aclose(self) -> None:
        await self.client.aclose()


class Limiter:
    """What the app holds: Redis when configured (behind a circuit), memory otherwise.

    Every Redis check runs through `circuit` (forum.redisconn.Circuit, shared with the event bus
    when the app builds both): a restarted Redis is reconnected to on the same request, a slow
    one is waited for (a timeout alone never makes limits per-process), and only a Redis that is
    down or hung sends checks to the in-process limiter, which `status()` then reports.
    """

    def __init__(self, primary: RedisBackend | None, *, circuit: Circuit | None = None) -> None:
        self.primary = primary
        self.local = MemoryBackend()
        self.circuit = circuit
        if primary is not None and circuit is None:
            self.circuit = Circuit(self._ping)
        if self.circuit is not None:
            self.circuit.listeners.append(self._on_change)

    async def _ping(self, seconds: float) -> None:
        assert self.primary is not None
        await self.primary.ping(seconds)

    @staticmethod
    def _on_change(opened: bool, reason: str) -> None:
        if opened:
            log.warning(
                "rate limiter: Redis unavailable (%s); using in-process limits until it returns",
                reason,
            )
        else:
            log.warning("rate limiter: Redis is back; shared limits restored")

    @property
    def degraded(self) -> bool:
        return self.primary is not None and self.circuit is not None and self.circuit.open

    async def _on_primary(self, command: Callable[[float], Awaitable[T]]) -> tuple[bool, T | None]:
        """(True, result) from Redis, or (False, None) when the circuit says fall back."""
        circuit = self.circuit
        assert circuit is not None, "a primary always has a circuit (__init__)"
        try:
            return True, await circuit.call(command)
        except RedisUnavailable:
            return False, None

    async def _check(self, policy: Policy, key: str, spend: bool) -> Decision:
        assert policy.windows, f"policy {policy.name} has no windows"
        primary = self.primary
        if primary is not None:
            # A backend without `request` (a test's) is run through its `check`.
            request = getattr(primary, "request", None)
            command: Callable[[float], Awaitable[Decision]] = (
                request(policy, key, spend)
                if request is not None
                else (lambda seconds: primary.check(policy, key, spend))
            )
            ok, decision = await self._on_primary(command)
            if ok and decision is not None:
                return decision
        return await self.local.check(policy, key, spend)

    async def hit(self, policy: Policy, key: str) -> Decision:
        return await self._check(policy, key, True)

    async def test(self, policy: Policy, key: str) -> Decision:
        return await self._check(policy, key, False)

    async def refund(self, policy: Policy, key: str, decision: Decision) -> None:
        """Give back the one allowance `decision` (from ``hit``) spent, on the backend that spent it.

        For a reservation that turned out not to count (the `login` policy counts failed sign-ins:
        the allowance is reserved before the password check, so parallel guesses can never exceed
        it, and a sign-in that succeeds is given back). Exact on both backends: the very entry the
        hit added is removed. A decision that spent nothing is a no-op; so is a Redis entry while
        Redis is unavailable (it then leaves with its window, as a spent allowance would).
        """
        if decision.receipt is None:
            return
        backend, entry = decision.receipt
        primary = self.primary
        if backend == self.local.name or primary is None:
            await self.local.refund(policy, key, entry)
        else:
            await self._on_primary(lambda seconds: primary.refund(policy, key, entry, seconds))

    async def clear(self, policy: Policy, key: str) -> None:
        await self.local.clear(policy, key)
        primary = self.primary
        if primary is not None:
            await self._on_primary(lambda seconds: primary.clear(policy, key, seconds))

    async def status(self) -> str:
        """`ok`, or `degraded` while Redis is configured but not answering.

        Asks Redis (a PING within forum.redisconn.TIMEOUT) every time, so readiness is true before
        any request has met an outage and turns `ok` the moment Redis answers again.
        """
        if self.primary is not None and self.circuit is not None:
            await self.circuit.check()
        return "degraded" if self.degraded else "ok"

    @property
    def backend(self) -> str:
        return (
            "memory"
            if self.primary is None
            else ("memory (fallback)" if self.degraded else "redis")
        )

    async def aclose(self) -> None:
        if self.circuit is not None:
            await self.circuit.aclose()
        if self.primary is not None:
            await self.primary.aclose()
        await self.local.aclose()


def build_limiter(redis_url: str | None, key_prefix: str = "crossroads:") -> Limiter:
    """The app's limiter: Redis behind its own circuit when `redis_url` is set, else in-process."""
    return Limiter(RedisBackend(redis_url, key_prefix=key_prefix) if redis_url else None)
