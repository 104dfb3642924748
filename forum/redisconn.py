"""One way to connect to Redis from `CROSSROADS_REDIS_URL`: plain, TLS, or through Sentinel.

Accepted URLs:

- ``redis://[[user]:password@]host:port/db`` and ``rediss://…`` (TLS), as redis-py reads them;
- ``redis+sentinel://[[user]:password@]host:port[,host:port…]/service_name[/db]``: redis-py's own
  `redis.asyncio.sentinel.Sentinel` asks the sentinels for the current master of
  ``service_name`` and follows a failover (a new connection goes to the new master). The
  user and password are the master's; sentinels are asked without them unless
  ``?sentinel_password=…`` is given.

`redis_client(url, **kwargs)` returns a `redis.asyncio.Redis`; ``kwargs`` are the connection
pool's (timeouts, ``max_connections``, ``retry``...), the same for every kind of URL.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

SENTINEL_SCHEME = "redis+sentinel"


class RedisUrlError(ValueError):
    """`CROSSROADS_REDIS_URL` cannot be used; the message says why."""


@dataclass
class SentinelUrl:
    hosts: list[tuple[str, int]]
    service_name: str
    db: int = 0
    username: str | None = None
    password: str | None = None
    sentinel_password: str | None = None
    options: dict[str, str] = field(default_factory=dict)


def parse_sentinel_url(url: str) -> SentinelUrl:
    """Split a ``redis+sentinel://`` URL; raises RedisUrlError with what is wrong."""
    parts = urlsplit(url)
    if parts.scheme != SENTINEL_SCHEME:
        raise RedisUrlError(f"not a {SENTINEL_SCHEME}:// URL")
    netloc = parts.netloc
    username = password = None
    if "@" in netloc:
        creds, netloc = netloc.rsplit("@", 1)
        user, _, pw = creds.partition(":")
        username, password = unquote(user) or None, unquote(pw) or None
    hosts: list[tuple[str, int]] = []
    for item in netloc.split(","):
        item = item.strip()
        if not item:
            continue
        if item.startswith("["):  # [ipv6]:port
            host, _, port = item[1:].partition("]:")
        else:
            host, _, port = item.rpartition(":") if ":" in item else (item, "", "26379")
        try:
            hosts.append((host, int(port or 26379)))
        except ValueError:
            raise RedisUrlError(f"sentinel address {item!r} has no valid port") from None
    if not hosts:
        raise RedisUrlError(
            "no sentinel address (redis+sentinel://host:port[,host:port]/service_name/db)"
        )
    path = [p for p in parts.path.split("/") if p]
    if not path:
        raise RedisUrlError("no service name (redis+sentinel://host:port/service_name/db)")
    db = 0
    if len(path) > 1:
        if not path[1].isdigit():
            raise RedisUrlError(f"database {path[1]!r} is not a number")
        db = int(path[1])
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return SentinelUrl(
        hosts, unquote(path[0]), db, username, password, query.pop("sentinel_password", None), query
    )


def redis_client(url: str, **kwargs: Any) -> Any:
    """A `redis.asyncio.Redis` for `url` (see the module docstring); `kwargs` go to the pool."""
    from redis.asyncio import ConnectionPool, Redis

    if url.startswith(f"{SENTINEL_SCHEME}://"):
        from redis.asyncio.sentinel import Sentinel

        spec = parse_sentinel_url(url)
        sentinel_kwargs: dict[str, Any] = {
            "socket_timeout": kwargs.get("socket_timeout") or 1.0,
            "socket_connect_timeout": kwargs.get("socket_connect_timeout") or 1.0,
        }
        if spec.sentinel_password:
            sentinel_kwargs["password"] = spec.sentinel_password
        sentinel = Sentinel(spec.hosts, sentinel_kwargs=sentinel_kwargs)
        master_kwargs = dict(kwargs)
        if spec.username:
            master_kwargs["username"] = spec.username
        if spec.password:
            master_kwargs["password"] = spec.password
        return sentinel.master_for(
            spec.service_name, redis_class=Redis, db=spec.db, **master_kwargs
        )
    return Redis(connection_pool=ConnectionPool.from_url(url, **kwargs))


def check_url(url: str) -> None:
    """Raise RedisUrlError when `url` is not a Redis URL Crossroads can use (checked at start-up)."""
    scheme = urlsplit(url).scheme
    if scheme == SENTINEL_SCHEME:
        parse_sentinel_url(url)
    elif scheme not in ("redis", "rediss", "unix"):
        raise RedisUrlError(
            f"scheme {scheme!r} is not redis://, rediss://, unix:// or {SENTINEL_SCHEME}://"
        )


# --------------------------------------------------------------------------- the connection policy
#
# Every Redis call Crossroads makes on a request's path (rate-limit checks, event publishes, stream
# slots, readiness) goes through one policy, so a Redis that is restarted, down or hung costs a
# member milliseconds and never silently changes what the limits mean. The figures are in
# docs/deploy.md ("Redis: timeouts and the circuit").

TIMEOUT = 0.25
"""Seconds one Redis command may take, connecting included, before it counts as unanswered."""
CONFIRM_TIMEOUT = 0.25
"""Seconds the PING that tells a slow Redis from a hung one may take, after a command timed out."""
SLOW_TIMEOUT = 1.0
"""Seconds a command gets on its second try, once that PING showed Redis alive (slow, not hung)."""
PROBE_INTERVAL = 0.5
"""Seconds between background PINGs while the circuit is open after a hang."""
HEALTH_CHECK_INTERVAL = 5
"""A pooled connection idle longer than this many seconds is PINGed before it is used again."""


def pool_kwargs(max_connections: int = 50) -> dict[str, Any]:
    """The pool settings every Redis client on a request's path uses.

    No socket timeouts (one `Deadline` covers each whole command, connecting included; redis-py's
    own would wrap every send in `asyncio.wait_for`); **retry once** on a connection error, at once,
    on a new connection (the pooled one died when Redis restarted); a **health check** PING on a
    connection idle longer than `HEALTH_CHECK_INTERVAL`.
    """
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError

    return {
        "max_connections": max_connections,
        "socket_timeout": None,
        "socket_connect_timeout": None,
        "retry": Retry(
            NoBackoff(),
            1,
            # redis-py annotates RedisError subclasses only, but catches any class it is given.
            supported_errors=(RedisConnectionError, ConnectionError, OSError),  # type: ignore[arg-type]
        ),
        "health_check_interval": HEALTH_CHECK_INTERVAL,
    }


class Deadline:
    """`asyncio.timeout(seconds)` that does not blame Redis for the event loop's own stalls.

    When CPU-bound work elsewhere in the process (password hashing, say) holds the loop past
    the deadline, Redis's reply is often already in the socket, unread; a plain timeout fires
    first and a healthy Redis looks dead. So a deadline that fires late (the loop was busy) gives
    Redis another full period, at most `EXTENSIONS` times; one that fires on time cancels, and the
    block raises TimeoutError.
    """

    LATE = 0.02
    EXTENSIONS = 3

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    async def __aenter__(self) -> Deadline:
        import asyncio

        self._loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None
        self._task = task
        self._cancelling = task.cancelling()
        self._expired = False
        self._extensions = 0
        self._arm()
        return self

    def _arm(self) -> None:
        self._when = self._loop.time() + self.seconds
        self._handle = self._loop.call_at(self._when, self._fire)

    def _fire(self) -> None:
        if self._loop.time() - self._when > self.LATE and self._extensions < self.EXTENSIONS:
            self._extensions += 1
            self._arm()
            return
        self._expired = True
        self._task.cancel()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        import asyncio

        self._handle.cancel()
        if (
            self._expired
            and self._task.uncancel() <= self._cancelling
            and exc_type is asyncio.CancelledError
        ):
            raise TimeoutError(f"Redis did not answer within {self.seconds}s") from exc


class RedisUnavailable(Exception):
    """The circuit is open (Redis is down or hung) or this call failed: use the fallback."""


T = TypeVar("T")


class Circuit:
    """One process's view of one Redis: closed (use it) or open (use the fallback), and why.

    `call(command)` runs ``command(seconds)`` (which must bound itself with `Deadline(seconds)`):

    - closed: run with `TIMEOUT`. A connection error (after redis-py's own retry once) opens the
      circuit; so does a timeout, unless a PING answers within `CONFIRM_TIMEOUT` (all callers that
      time out together share that one PING): then Redis is alive but slow, and the command gets a
      second try with `SLOW_TIMEOUT`, because a fallback answer would not be exact.
    - open because Redis was *down* (a connection error: refused, reset): every call tries Redis
      again, which costs a refused connection attempt (well under a millisecond on a LAN), so the
      very next call after Redis returns uses it.
    - open because Redis *hung* (it timed out, and so did the PING): calls fail at once, costing
      nothing, and a background task PINGs every `PROBE_INTERVAL` seconds until Redis answers.

    Raises `RedisUnavailable` whenever the caller must fall back. `listeners` are called with
    ``(opened: bool, reason: str)`` on every change of state (logging, re-publishing lost events).
    """

    def __init__(
        self, ping: Callable[[float], Awaitable[None]], *, probe_interval: float = PROBE_INTERVAL
    ) -> None:
        self._ping = ping  # async (seconds) -> None, bounded by Deadline(seconds)
        self.probe_interval = probe_interval
        self.open = False
        self.hung = False
        self.listeners: list[Callable[[bool, str], None]] = []
        self._confirming: Any = None  # the shared PING after a timeout (a Future)
        self._prober: Any = None
        self._failures: tuple[type[BaseException], ...] | None = None
        self.trips = 0

    def failures(self) -> tuple[type[BaseException], ...]:
        if self._failures is None:
            from redis.exceptions import RedisError

            self._failures = (OSError, RedisError)
        return self._failures

    def _ping_failures(self) -> tuple[type[BaseException], ...]:
        """What a failed PING raises: a timeout, or any of `failures()`."""
        return (TimeoutError, *self.failures())

    async def call(self, command: Callable[[float], Awaitable[T]]) -> T:
        """`command(seconds)` under the policy above; RedisUnavailable when the caller must fall
        back."""
        if self.open and self.hung:
            raise RedisUnavailable("Redis is not answering (circuit open)")
        try:
            result = await command(TIMEOUT)
        except TimeoutError:
            state = await self._alive()
            if state != "alive":
                self._trip(f"timeout, then {state}", hung=state == "hung")
                raise RedisUnavailable("Redis did not answer") from None
            try:
                result = await command(SLOW_TIMEOUT)
            except TimeoutError:
                self._trip("timeout twice", hung=True)
                raise RedisUnavailable("Redis did not answer") from None
            except self.failures() as exc:
                self._trip(f"{type(exc).__name__}: {exc}", hung=False)
                raise RedisUnavailable(str(exc)) from exc
        except self.failures() as exc:
            self._trip(f"{type(exc).__name__}: {exc}", hung=False)
            raise RedisUnavailable(str(exc)) from exc
        self._close()
        return result

    async def check(self) -> bool:
        """Ask Redis now (a PING within `TIMEOUT`), whatever the state; True when it answered.

        Readiness uses this, so it tells the truth before any request has met an outage, and
        the circuit closes as soon as Redis answers.
        """
        try:
            await self._ping(TIMEOUT)
        except self._ping_failures() as exc:
            reason = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
            self._trip(reason, hung=isinstance(exc, TimeoutError) or self.hung)
            return False
        self._close()
        return True

    async def _alive(self) -> str:
        """After a timeout: "alive" (slow), "down" (a connection error) or "hung" (no answer)."""
        import asyncio

        if self._confirming is None:
            self._confirming = asyncio.ensure_future(self._confirm())
        try:
            return str(await asyncio.shield(self._confirming))
        finally:
            if self._confirming is not None and self._confirming.done():
                self._confirming = None

    async def _confirm(self) -> str:
        try:
            await self._ping(CONFIRM_TIMEOUT)
        except TimeoutError:
            return "hung"
        except self.failures():
            return "down"
        return "alive"

    def _trip(self, reason: str, *, hung: bool) -> None:
        import asyncio

        was_open = self.open
        self.open, self.hung = True, hung
        if hung and (self._prober is None or self._prober.done()):
            self._prober = asyncio.ensure_future(self._probe())
        if not was_open:
            self.trips += 1
            for listener in list(self.listeners):
                listener(True, f"{reason}; {'hung' if hung else 'down'}")

    def _close(self) -> None:
        if self.open:
            self.open = self.hung = False
            for listener in list(self.listeners):
                listener(False, "answered")

    async def _probe(self) -> None:
        import asyncio

        while self.open and self.hung:
            await asyncio.sleep(self.probe_interval)
            try:
                await self._ping(TIMEOUT)
            except self._ping_failures():
                continue
            except Exception:  # noqa: BLE001 - a probe must never die and leave the circuit open for good
                continue
            self._close()

    async def aclose(self) -> None:
        await cancel_tasks(self._prober, self._confirming)


async def cancel_tasks(*tasks: Any) -> None:
    """Cancel background tasks (None and finished ones are skipped) and wait for each to end;
    whatever a task raised on its way out is dropped (it is being shut down)."""
    import asyncio

    for task in tasks:
        if task is not None and not task.done():
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass
