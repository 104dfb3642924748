"""One log line per request, without watching people.

Each request gets an id (16 hex characters, or the `X-Request-ID` a trusted
proxy sent, when it is short and plain), sent back in the `X-Request-ID`
response header and attached to every log record made while the request runs.
When the response is done, logger ``crossroads.request`` writes one line:

    text: ``request id=4f2a... method=GET route=threads.show status=200 duration_ms=3.1``
    json: ``{"time": ..., "level": "info", "logger": "crossroads.request", "message": "request",
            "request_id": ..., "method": "GET", "route": "threads.show", "status": 200,
            "duration_ms": 3.1}``

The route is the route's **name** (``threads.show``), never the URL: paths carry
usernames and ids, query strings carry search terms. By default no client
address, query string, user or body is logged. An operator who needs them for an
incident turns on named fields with ``CROSSROADS_LOG_INCLUDE`` (comma-separated):
``address`` (the client address as the rate limiter sees it) and ``query`` (the
path and query string). Usernames and bodies are never logged.

`logging_config(settings)` is the `logging.config.dictConfig` that `crossroads
serve` hands uvicorn (in every worker): uvicorn's own access log is off; every
record, ours and uvicorn's, goes to stderr in the chosen format.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import time
import traceback
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from forum.ratelimit import _parse_ip
from forum.settings import Settings

log = logging.getLogger("crossroads.request")

REQUEST_ID_HEADER = b"x-request-id"
_INCOMING_ID = re.compile(rb"^[A-Za-z0-9._-]{1,64}$")
LOG_FORMATS = ("text", "json")
LOG_INCLUDE_FIELDS = ("address", "query")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "crossroads_request_id", default=None
)


def route_name(scope: Scope) -> str:
    """The matched route's name (or its path template), ``not_found`` when nothing matched."""
    route = scope.get("route")
    if route is None:
        return "not_found"
    name = getattr(route, "name", None)
    if name:
        return str(name)
    return str(getattr(route, "path", "unnamed"))


class RequestLogMiddleware:
    """Outermost ASGI middleware: request id, the per-request log line, request metrics.

    `on_done(route, method, status, seconds, streamed)` (optional) is called once per
    finished HTTP request (`streamed`: the response was an event stream); metrics use it.
    """

    def __init__(self, app: ASGIApp, settings: Settings, on_done: Any = None) -> None:
        self.app = app
        self.include = set(settings.log_include)
        self.trusted = settings.trusted_proxies
        self.on_done = on_done

    def _request_id(self, scope: Scope) -> str:
        if self.trusted:
            client = scope.get("client")
            peer = _parse_ip(client[0]) if client else None
            if peer is not None and any(peer in net for net in self.trusted):
                headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
                for key, value in headers:
                    if key == REQUEST_ID_HEADER and _INCOMING_ID.match(value):
                        return value.decode()
        return secrets.token_hex(8)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        rid = self._request_id(scope)
        token = request_id_var.set(rid)
        status = 500  # what the client gets if the app raises before answering
        streamed = False  # an event stream: lasts minutes, kept out of the latency figures

        async def send_with_id(message: Message) -> None:
            nonlocal status, streamed
            if message["type"] == "http.response.start":
                status = message["status"]
                streamed = any(
                    k == b"content-type" and v.startswith(b"text/event-stream")
                    for k, v in message.get("headers", [])
                )
                message["headers"] = [
                    *message.get("headers", []),
                    (REQUEST_ID_HEADER, rid.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = route_name(scope)
            fields: dict[str, Any] = {
                "request_id": rid,
                "method": scope["method"],
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
            }
            if self.include:
                state = scope.get("state") or {}
                if "address" in self.include:
                    fields["client_address"] = state.get("client_ip")
                if "query" in self.include:
                    query = scope.get("query_string", b"").decode("latin-1")
                    fields["path"] = scope["path"] + (f"?{query}" if query else "")
            if log.isEnabledFor(logging.INFO):
                # One record a request, made directly: `log.info` would first walk the stack to
                # find its caller (`Logger.findCaller`), about 3 % of a thread page's CPU.
                log.handle(
                    log.makeRecord(
                        log.name,
                        logging.INFO,
                        __file__,
                        0,
                        "request",
                        (),
                        None,
                        func="RequestLogMiddleware",
                        extra={"fields": fields},
                    )
                )
            if self.on_done is not None:
                self.on_done(route, scope["method"], status, seconds, streamed)
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (or None) to every record, so any line can be tied to its request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
}


# Database drivers put the values they were sent (post bodies, names, hashes) into their error
# messages ("invalid input for query argument $2: …"); an unexpected 500's traceback must not
# carry them into the log.
_DB_MODULES = frozenset(
    {"asyncpg", "tortoise", "sqlite3", "aiosqlite", "pypika", "pypika_tortoise"}
)
WITHHELD = "(message withheld from the log: a database error can quote the values it was sent)"


def format_exception_privately(exc_info: Any) -> str:
    """A traceback as `logging` prints it, with the message of every database-driver exception in
    the chain (causes and contexts) replaced by `WITHHELD`: the types, files and lines stay."""
    top = traceback.TracebackException(*exc_info)
    seen: set[int] = set()
    todo = [top]
    while todo:
        te = todo.pop()
        if id(te) in seen:
            continue
        seen.add(id(te))
        module = (
            getattr(te, "exc_type_str", None)
            or getattr(getattr(te, "exc_type", None), "__module__", "")
            or ""
        )
        if module.split(".")[0] in _DB_MODULES:
            # The message TracebackException.format() prints: a private attribute (CPython 3.11-3.13).
            te._str = WITHHELD  # type: ignore[attr-defined]
        todo.extend(t for t in (te.__cause__, te.__context__) if t is not None)
    return "".join(top.format()).rstrip("\n")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None)
        if rid:
            out["request_id"] = rid
        out.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return format_exception_privately(ei)


class TextFormatter(logging.Formatter):
    """``TIME LEVEL LOGGER message key=value ...``; the request id joins lines of one request."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = dict(getattr(record, "fields", None) or {})
        rid = getattr(record, "request_id", None)
        if rid and "request_id" not in fields:
            fields = {"request_id": rid, **fields}
        if fields:
            head, sep, rest = line.partition("\n")
            pairs = " ".join(
                f"{'id' if k == 'request_id' else k}={_text(v)}" for k, v in fields.items()
            )
            line = f"{head} {pairs}{sep}{rest}"
        return line

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return format_exception_privately(ei)


def _text(value: Any) -> str:
    text = "-" if value is None else str(value)
    return json.dumps(text) if (not text or any(c in text for c in ' "=\n')) else text


def logging_config(settings: Settings, level: str = "INFO") -> dict[str, Any]:
    """dictConfig for the server: our format on stderr for every logger; no uvicorn access log."""
    formatter = "json" if settings.log_format == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            "json": {"()": JsonFormatter},
            "text": {"()": TextFormatter},
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": formatter,
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.error": {"handlers": [], "propagate": True, "level": level},
            # Off: it writes the client address and the full query string of every request.
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "CRITICAL"},
            # SQL statements carry their values (post bodies, hashes) at DEBUG: never.
            "tortoise": {"level": "WARNING"},
            "aiosqlite": {"level": "WARNING"},
        },
    }
