"""Typed settings from the environment (see shared/design/contract.md)."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, TypeVar

from forum.redisconn import RedisUrlError, check_url

DEFAULT_DATABASE_URL = "sqlite://./crossroads.db"
DEFAULT_QUICK_EXIT_URL = "https://weather.com/"
_DEV_SECRET_FILE = ".crossroads-secret"


class SettingsError(Exception):
    """A setting is missing or malformed; start-up stops with this message."""


@dataclass
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    # Prefix of every Redis key and channel, so several sites (or test runs) can share one Redis.
    redis_prefix: str = "crossroads:"
    secret_key: str = ""
    env: str = "development"
    rate_limits: str = ""
    new_member_review: int = 1
    trusted_proxies: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = field(
        default_factory=list
    )
    quick_exit_url: str = DEFAULT_QUICK_EXIT_URL
    # Create schema and default spaces at start-up (embedded default, tests).
    auto_migrate: bool = True
    # Where crisis text waits for the moderators' queue while the database is down (forum.spool);
    # "" means $XDG_STATE_HOME/crossroads/spool (~/.local/state/crossroads/spool).
    spool_dir: str = ""
    # How often the spool is retried while it holds anything, in seconds.
    spool_retry_seconds: float = 10.0
    # Operations (contract round 2; docs/deploy.md): request log, /metrics, slow clients.
    log_format: str = "text"
    log_include: list[str] = field(default_factory=list)
    metrics_token: str | None = None
    metrics_allow: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = field(default_factory=list)
    request_timeout: float = 10.0
    keepalive_timeout: float = 5.0
    max_connections: int = 500
    max_streams: int = 200

    @property
    def production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = dict(os.environ if environ is None else environ)
        mode = env.get("CROSSROADS_ENV", "development").strip() or "development"
        if mode not in ("development", "production"):
            raise SettingsError(f"CROSSROADS_ENV must be development or production, not {mode!r}")
        secret = env.get("CROSSROADS_SECRET_KEY", "").strip()
        if not secret:
            if mode == "production":
                raise SettingsError(
                    "CROSSROADS_SECRET_KEY is required when CROSSROADS_ENV=production"
                )
            secret = _dev_secret()
        elif mode == "production" and (len(secret) < 32 or secret in _KNOWN_DEFAULTS):
            raise SettingsError("CROSSROADS_SECRET_KEY must be a real secret of 32+ characters")
        review = env.get("CROSSROADS_NEW_MEMBER_REVIEW", "1").strip() or "1"
        if not review.isdigit():
            raise SettingsError(
                f"CROSSROADS_NEW_MEMBER_REVIEW must be a whole number, not {review!r}"
            )
        settings = cls(
            database_url=env.get("CROSSROADS_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            redis_url=env.get("CROSSROADS_REDIS_URL", "").strip() or None,
            redis_prefix=env.get("CROSSROADS_REDIS_PREFIX", "").strip() or "crossroads:",
            secret_key=secret,
            env=mode,
            rate_limits=env.get("CROSSROADS_RATE_LIMITS", "").strip(),
            new_member_review=int(review),
            trusted_proxies=parse_networks(env.get("CROSSROADS_TRUSTED_PROXIES", "")),
            quick_exit_url=env.get("CROSSROADS_QUICK_EXIT_URL", "").strip()
            or DEFAULT_QUICK_EXIT_URL,
            spool_dir=env.get("CROSSROADS_SPOOL_DIR", "").strip(),
            **_operations(env),
        )
        for key, value in overrides.items():
            setattr(settings, key, value)
        if settings.redis_url:
            try:
                check_url(settings.redis_url)
            except RedisUrlError as exc:
                raise SettingsError(f"CROSSROADS_REDIS_URL: {exc}") from None
        return settings


class _Operations(TypedDict):
    log_format: str
    log_include: list[str]
    metrics_token: str | None
    metrics_allow: list[ipaddress.IPv4Network | ipaddress.IPv6Network]
    request_timeout: float
    keepalive_timeout: float
    max_connections: int
    max_streams: int


def _operations(env: dict[str, str]) -> _Operations:
    """The operations settings (logs, metrics, slow clients); see docs/deploy.md."""
    log_format = env.get("CROSSROADS_LOG_FORMAT", "").strip().lower() or "text"
    if log_format not in ("text", "json"):
        raise SettingsError(f"CROSSROADS_LOG_FORMAT must be text or json, not {log_format!r}")
    include = [
        p.strip().lower() for p in env.get("CROSSROADS_LOG_INCLUDE", "").split(",") if p.strip()
    ]
    for part in include:
        if part not in ("address", "query"):
            raise SettingsError(f"CROSSROADS_LOG_INCLUDE: {part!r} is not one of address, query")
    return {
        "log_format": log_format,
        "log_include": include,
        "metrics_token": env.get("CROSSROADS_METRICS_TOKEN", "").strip() or None,
        "metrics_allow": parse_networks(
            env.get("CROSSROADS_METRICS_ALLOW", ""), "CROSSROADS_METRICS_ALLOW"
        ),
        "request_timeout": _number(env, "CROSSROADS_REQUEST_TIMEOUT", 10.0, float),
        "keepalive_timeout": _number(env, "CROSSROADS_KEEPALIVE_TIMEOUT", 5.0, float),
        "max_connections": _number(env, "CROSSROADS_MAX_CONNECTIONS", 500, int),
        "max_streams": _number(env, "CROSSROADS_MAX_STREAMS", 200, int),
    }


_N = TypeVar("_N", int, float)


def _number(env: dict[str, str], name: str, default: _N, kind: type[_N]) -> _N:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if not value > 0:
        raise SettingsError(
            f"{name} must be a positive {'whole ' if kind is int else ''}number, not {raw!r}"
        )
    return value


_KNOWN_DEFAULTS = {"changeme", "secret", "development", "dev"}


def parse_networks(
    raw: str, name: str = "CROSSROADS_TRUSTED_PROXIES"
) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise SettingsError(f"{name}: {part!r} is not an address or network") from exc
    return networks


def _dev_secret() -> str:
    path = Path(_DEV_SECRET_FILE)
    try:
        value = path.read_text().strip()
        if value:
            return value
    except FileNotFoundError:
        pass
    value = secrets.token_urlsafe(48)
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value
