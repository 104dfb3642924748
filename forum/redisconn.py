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

from dataclasses import dataclass, field
from typing import Any
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
        raise RedisUrlError("no sentinel address (redis+sentinel://host:port[,host:port]/service_name/db)")
    path = [p for p in parts.path.split("/") if p]
    if not path:
        raise RedisUrlError("no service name (redis+sentinel://host:port/service_name/db)")
    db = 0
    if len(path) > 1:
        if not path[1].isdigit():
            raise RedisUrlError(f"database {path[1]!r} is not a number")
        db = int(path[1])
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return SentinelUrl(hosts, unquote(path[0]), db, username, password,
                       query.pop("sentinel_password", None), query)


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
        return sentinel.master_for(spec.service_name, redis_class=Redis, db=spec.db, **master_kwargs)
    return Redis(connection_pool=ConnectionPool.from_url(url, **kwargs))


def check_url(url: str) -> None:
    """Raise RedisUrlError when `url` is not a Redis URL Crossroads can use (checked at start-up)."""
    scheme = urlsplit(url).scheme
    if scheme == SENTINEL_SCHEME:
        parse_sentinel_url(url)
    elif scheme not in ("redis", "rediss", "unix"):
        raise RedisUrlError(f"scheme {scheme!r} is not redis://, rediss://, unix:// or {SENTINEL_SCHEME}://")
