"""Plain ASGI middleware: security headers, request-size cap, rate-limit headers."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from html import escape
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from forum import csrf, db, runtime
from forum.ratelimit import client_ip, headers_for, recorded
from forum.settings import DEFAULT_QUICK_EXIT_URL, Settings

MAX_BODY = 256 * 1024
log = logging.getLogger("crossroads.db")

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
                    (
                        b"permissions-policy",
                        b"camera=(), microphone=(), geolocation=(), interest-cohort=()",
                    ),
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

        # Per-request state: a copy, never the lifespan's dict itself (servers copy it; not all do).
        state: dict[str, Any] = dict(scope.get("state") or {})
        scope["state"] = state
        state["client_ip"] = client_ip(scope, self.settings.trusted_proxies)
        new_seed = None
        if not _has_cookie(scope, csrf.CSRF_COOKIE):
            new_seed = csrf.new_seed()
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
                    headers.append(
                        (b"set-cookie", csrf.cookie_header(new_seed, self.settings).encode())
                    )
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_context)
        finally:
            recorded.reset(token)


def _has_cookie(scope: Scope, name: str) -> bool:
    for key, value in scope.get("headers", []):
        if key == b"cookie" and f"{name}=".encode() in value:
            return True
    return False


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
RETRY_AFTER_SECONDS = 5  # what a 503 tells the client to wait; PostgreSQL restarts take ~1-3 s


class DatabaseFaultMiddleware:
    """The database's faults, for every route at once: the outer net under the two skins, which
    retry and answer 503 themselves inside their crisis watch (forum.api.base, forum.web.base).

    - A request whose transaction lost a deadlock or serialization race (`db.transient`) is
      run again from the start with the same body, up to `db.RETRIES` more times, as long as
      no response was begun: writes take one lock order (docs/architecture.md), so this is the
      rare case; one that loses every time is a 503, and a member never sees it as a 500.
    - A database that cannot be reached (`db.unavailable`: down, restarting, refusing) is a
      503 with `Retry-After` and the contract's error shape (code `unavailable`); a page
      form comes back with what the person typed in it, ready to send again. Nothing is kept
      between requests, so the next request after the database returns is served normally.

    Sits inside BodyLimitMiddleware (the body it buffers for a replay is capped there).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        body: bytes | None = None
        if scope["method"] in UNSAFE_METHODS:
            chunks: list[bytes] = []
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away before sending its request
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
        attempt = 0
        while True:
            started = False

            async def tracking_send(message: Message) -> None:
                nonlocal started
                if message["type"] == "http.response.start":
                    started = True
                await send(message)

            replay = _replay(body, receive) if body is not None else receive
            try:
                await self.app(scope, replay, tracking_send)
                return
            except Exception as exc:
                if started:
                    raise
                if db.transient(exc) and attempt < db.RETRIES:
                    attempt += 1
                    await asyncio.sleep(
                        random.uniform(0.005, 0.03) * attempt
                    )  # let the winner commit
                    continue
                if db.is_unavailable(exc) or db.transient(exc):
                    log.warning(
                        "database unavailable on %s %s: %s",
                        scope["method"],
                        scope.get("route_name", "request"),
                        type(exc).__name__,
                    )
                    await _unavailable(scope, body, send)
                    return
                raise


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay_receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the server would

    return replay_receive


UNAVAILABLE_MESSAGE = "We can't reach our database for a moment. Nothing was lost on your side: try again in a few seconds."


async def _unavailable(scope: Scope, body: bytes | None, send: Send) -> None:
    """503 + Retry-After: the contract's JSON error for the API, a calm page elsewhere, and for a
    form the person's own text back in a form that sends it again."""
    if scope["path"].startswith("/api/"):
        payload = json.dumps(
            {"error": {"code": "unavailable", "message": UNAVAILABLE_MESSAGE}}
        ).encode()
        ctype = b"application/json"
    else:
        payload = _unavailable_page(scope, body).encode()
        ctype = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", ctype),
                (b"content-length", str(len(payload)).encode()),
                (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def _quick_exit_url() -> str:
    """Quick exit on this page too, as on every other (the app's setting, else the default)."""
    try:
        return runtime.get().settings.quick_exit_url or DEFAULT_QUICK_EXIT_URL
    except Exception:  # no app runtime (a bare test app)
        return DEFAULT_QUICK_EXIT_URL


def _unavailable_page(scope: Scope, body: bytes | None) -> str:
    fields: list[tuple[str, str]] = []
    ctype = dict(scope.get("headers") or []).get(b"content-type", b"").decode("latin-1")
    if body and scope["method"] == "POST" and ctype.startswith("application/x-www-form-urlencoded"):
        try:
            fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            fields = []
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<title>One moment, please</title><link rel="stylesheet" href="/static/css/site.css"></head>',
        f'<body><header><a class="quick-exit" id="quick-exit" href="{escape(_quick_exit_url())}" '
        'rel="noreferrer">Quick exit</a></header><main class="stack"><h1>One moment, please</h1>',
        f'<p role="status">{escape(UNAVAILABLE_MESSAGE)}</p>',
    ]
    typed = [(k, v) for k, v in fields if k not in ("csrf_token", "form_token")]
    if typed:
        parts.append(f'<form method="post" action="{escape(scope["path"])}" class="stack">')
        parts.append(
            "<p>What you wrote is here, unchanged. Send it again when you are ready, or copy it somewhere safe.</p>"
        )
        for name, value in fields:
            if name in ("body", "note", "description", "reason"):
                parts.append(
                    f'<label for="f-{escape(name)}">{escape(name.capitalize())}</label>'
                    f'<textarea id="f-{escape(name)}" name="{escape(name)}" rows="10">{escape(value)}</textarea>'
                )
            elif name in ("title",):
                parts.append(
                    f'<label for="f-{escape(name)}">Title</label>'
                    f'<input id="f-{escape(name)}" name="{escape(name)}" value="{escape(value)}">'
                )
            elif name != "form_token" and "password" not in name:  # a spent one-time token waits
                parts.append(f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">')
        parts.append('<button type="submit">Send again</button></form>')
    else:
        parts.append('<p><a href="">Try again</a></p>')
    parts.append("</main></body></html>")
    return "".join(parts)
