"""Plain ASGI middleware: security headers, request-size cap, rate-limit headers."""

from __future__ import annotations

import json
import secrets
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from forum.settings import Settings

MAX_BODY = 256 * 1024
CSRF_COOKIE = "crossroads_csrf"

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Every response: strict CSP, no indexing, no referrer, no framing, no caching of pages."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.production = settings.production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"x-robots-tag", b"noindex, nofollow, noarchive"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                if not is_static and b"cache-control" not in present:
                    # After a quick exit, the back button must not show a cached page.
                    extra.append((b"cache-control", b"no-store"))
                if self.production:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers + [h for h in extra if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimitMiddleware:
    """Refuse request bodies over MAX_BODY with 413, whether announced or streamed."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    if int(value) > self.max_body:
                        await _too_large(scope, send)
                        return
                except ValueError:
                    pass
        seen = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not response_started:
                await _too_large(scope, send)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, send: Send) -> None:
    message = "That is more than we accept in one request (256 KiB)."
    if scope["path"].startswith("/api/"):
        body = json.dumps({"error": {"code": "too_large", "message": message}}).encode()
        ctype = b"application/json"
    else:
        body = f"<!doctype html><title>Too large</title><p>{message}</p>".encode()
        ctype = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestContextMiddleware:
    """Per request: the client's address, a CSRF cookie seed, and rate-limit headers.

    The domain layer records each limiter decision; they go out as headers here,
    so neither the actions nor the routes deal with HTTP headers for limits.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from forum.ratelimit import client_ip, headers_for, recorded

        # Per-request state: a copy, never the lifespan's dict itself (servers copy it; not all do).
        state: dict[str, Any] = dict(scope.get("state") or {})
        scope["state"] = state
        state["client_ip"] = client_ip(scope, self.settings.trusted_proxies)
        new_seed = None
        if not _has_cookie(scope, CSRF_COOKIE):
            new_seed = secrets.token_urlsafe(24)
            state["csrf_seed"] = new_seed
        decisions: list[Any] = []
        token = recorded.set(decisions)

        async def send_with_context(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if decisions:
                    present = {k.lower() for k, _ in headers}
                    for name, value in headers_for(decisions):
                        key = name.lower().encode()
                        if key not in present:
                            headers.append((key, value.encode()))
                    refused = [d.retry_after for d in decisions if not d.allowed]
                    if message["status"] == 429 and refused and b"retry-after" not in present:
                        # Every page a limit refuses says when to come back, whichever view made it.
                        headers.append((b"retry-after", str(max(refused)).encode()))
                if new_seed and not state.get("csrf_cookie_set"):
                    headers.append((b"set-cookie", csrf_cookie(new_seed, self.settings).encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_context)
        finally:
            recorded.reset(token)


def csrf_cookie(value: str, settings: Settings) -> str:
    secure = "; Secure" if settings.production else ""
    return f"{CSRF_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax{secure}"


def _has_cookie(scope: Scope, name: str) -> bool:
    for key, value in scope.get("headers", []):
        if key == b"cookie" and f"{name}=".encode() in value:
            return True
    return False
