"""The JSON API skin: bearer tokens, JSON in and out, the contract's error shape.

Endpoints declare themselves with `@endpoint(...)`: the same declaration builds the route and
its OpenAPI entry (forum.api.openapi), so the document cannot drift from the code. `body`,
`query` and `response` are models (forum.contracts): the body is parsed into `body` before the
handler runs (`Call.data`), the query string into `query` on demand (`Call.params`), and a
handler returns a `response` instance, serialised as it is. (A JSON Schema dict is taken where
no model fits: a Server-Sent Events stream's `response`, and path-parameter triples in `query`.)
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from forum import crisis, db, idempotency, screening
from forum.accounts.models import User
from forum.auth import SIGN_IN_WITH_TOKEN, bearer_hash, bearer_member
from forum.contracts import CrisisLine, Error, ErrorBody, Input, Output, parse
from forum.errors import (
    CrossroadsError,
    MalformedError,
    NotFoundError,
    NotSignedInError,
    RateLimitedError,
    ServiceUnavailableError,
)
from forum.middleware import RETRY_AFTER_SECONDS
from forum.serialize import ApiResponse
from forum.validation import parse_id, parse_json

log = logging.getLogger("crossroads.api")
PREFIX = "/api/v1"
M = TypeVar("M", bound=BaseModel)
#: What `endpoint` takes for a body, a query or a response: a model, or where none fits a JSON
#: Schema dict (an event stream's response; a query: (name, "path"|"query", schema) triples).
Schema = type[BaseModel] | dict[str, Any]
QuerySchema = type[BaseModel] | list[tuple[str, str, dict[str, Any]]]


def error_response(
    exc: CrossroadsError, crisis_resources: list[dict[str, Any]] | None = None
) -> Response:
    """The contract's error body; `crisis_resources` (inside `error`) when the refused text read as
    crisis (forum.screening.settle)."""
    error = ErrorBody(code=exc.code, message=exc.message)
    if exc.fields:
        error.fields = dict(exc.fields)
    if crisis_resources:
        error.crisis_resources = [CrisisLine.model_validate(line) for line in crisis_resources]
    headers = {}
    if isinstance(exc, RateLimitedError):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, ServiceUnavailableError):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, NotSignedInError):
        headers["WWW-Authenticate"] = 'Bearer realm="crossroads"'
    return ApiResponse(Error(error=error).out(), status_code=exc.status, headers=headers)


@dataclass
class Call:
    """One API request as a handler sees it: the member (or None), the JSON body as parsed
    (`data` gives it as the operation's input model) and the bearer token."""

    request: Request
    user: User | None
    body: dict[str, Any]
    token: str | None
    parsed: BaseModel | None = None

    def data(self, model: type[M]) -> M:
        """The body as `model` (parsed once, before the handler, when the operation declares
        it as its `body`). Raises forum.errors.ValidationError (422, per-field messages)."""
        if isinstance(self.parsed, model):
            return self.parsed
        parsed = parse(model, self.body)
        self.parsed = parsed
        return parsed

    async def parse_body(self, model: type[M]) -> M:
        """`data`, crisis-screening the body's text when the model refuses it and its action
        screens text (forum.screening.parse_screened)."""
        if isinstance(self.parsed, model):
            return self.parsed
        if issubclass(model, Input):
            parsed: M = await screening.parse_screened(model, self.body, self.user)
        else:
            parsed = parse(model, self.body)
        self.parsed = parsed
        return parsed

    def params(self, model: type[M]) -> M:
        """The query string as `model` (a parameter given twice: its last value)."""
        return parse(model, dict(self.request.query_params))

    @property
    def ip(self) -> str:
        ip: str = self.request.state.client_ip  # set by forum.middleware for every request
        return ip

    def path_int(self, name: str) -> int:
        """A path id: canonical ASCII digits within the column's range, else ``NotFoundError``
        (``forum.validation.parse_id``; the route guard has usually converted it already)."""
        return parse_id(self.request.path_params.get(name))

    def query(self, name: str) -> str | None:
        return self.request.query_params.get(name)

    def member(self) -> User:
        """The signed-in member, or NotSignedInError (401)."""
        if self.user is None:
            raise NotSignedInError(SIGN_IN_WITH_TOKEN)
        return self.user


@dataclass
class Endpoint:
    method: str
    path: str
    handler: Callable[[Call], Awaitable[Any]]
    summary: str
    tag: str
    auth: str = "required"  # required | optional | none
    body: Schema | None = None
    query: QuerySchema = field(default_factory=list)
    response: Schema | None = None
    status: int = 200
    errors: tuple[int, ...] = ()
    media_type: str = "application/json"
    description: str = ""
    parse_body: bool = True
    authorise: Callable[[User | None], object] | None = None


def endpoint(
    method: str,
    path: str,
    *,
    summary: str,
    tag: str,
    auth: str = "required",
    body: Schema | None = None,
    query: QuerySchema | None = None,
    response: Schema | None = None,
    status: int = 200,
    errors: tuple[int, ...] = (),
    media_type: str = "application/json",
    description: str = "",
    parse_body: bool = True,
    authorise: Callable[[User | None], object] | None = None,
) -> Callable[[Callable[[Call], Awaitable[Any]]], Callable[[Call], Awaitable[Any]]]:
    """Declare `handler` an API operation. Nothing is registered: the plugin that lists the
    handler's module in its `api_modules` contributes it (`endpoints_of`, forum.registry).
    `status` is the success status (a handler returning None answers 204); `errors` the error
    statuses the operation can answer beyond those every operation of its kind can
    (forum.api.openapi adds 401, 400/413/422, 503 and the idempotency ones). A `body` model is
    parsed before the handler runs unless `parse_body` is False: then the handler parses it, for
    an action that adds what only the database can say to the model's refusals (all at once).
    `authorise` (a domain check such as forum.access.require_moderator) runs before the body is
    parsed, so someone who may not act at all is told 403 whatever they sent; the action checks
    again."""

    def declare(handler: Callable[[Call], Awaitable[Any]]) -> Callable[[Call], Awaitable[Any]]:
        # The mark endpoints_of() looks for: an attribute on the function object.
        handler.__endpoint__ = Endpoint(  # type: ignore[attr-defined]
            method,
            path,
            handler,
            summary,
            tag,
            auth,
            body,
            query or [],
            response,
            status,
            errors,
            media_type,
            description,
            parse_body,
            authorise,
        )
        return handler

    return declare


def endpoints_of(module: Any) -> list[Endpoint]:
    """The operations `module` defines with `@endpoint`, in the order they are written
    (handlers imported from another module are that module's, not this one's)."""
    return [
        value.__endpoint__
        for value in vars(module).values()
        if isinstance(getattr(value, "__endpoint__", None), Endpoint)
        and value.__module__ == module.__name__
    ]


async def _parse_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    ctype = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if ctype not in ("application/json", "") and not ctype.endswith("+json"):
        raise MalformedError("Send the request body as application/json.")
    return parse_json(raw)


UNSAFE = ("POST", "PATCH", "PUT", "DELETE")
_NOT_TEXT = {"version", "idempotency_key", "cursor"}


async def submitted_text(request: Request) -> dict[str, str]:
    """The top-level string fields of a JSON body (no passwords or tokens), for the crisis screen
    of a request refused before any action screened it."""
    try:
        body = await _parse_body(request)
    except CrossroadsError:
        return {}
    return {
        k: v
        for k, v in body.items()
        if isinstance(v, str)
        and v.strip()
        and k not in _NOT_TEXT
        and "password" not in k
        and "token" not in k
    }


def _route(ep: Endpoint) -> Route:
    creates = idempotency.creates(ep.method, ep.status, ep.auth)

    async def view(request: Request) -> Response:
        # One crisis watch per request (forum.screening): crisis text gets `crisis_resources` in the
        # response, success or refusal, and reaches a moderator even if nothing was stored.
        country = crisis.country_from_accept_language(request.headers.get("accept-language"))
        async with screening.watching(
            country=country, client=getattr(request.state, "client_ip", None)
        ) as watch:
            user: User | None = None
            try:
                try:
                    user, token = (
                        await bearer_member(request) if ep.auth != "none" else (None, None)
                    )
                    if user is not None and getattr(user, "country", None):
                        watch.country = user.country
                    if ep.auth == "required" and user is None:
                        raise NotSignedInError(SIGN_IN_WITH_TOKEN)
                    key = request.headers.get(idempotency.HEADER)
                    if creates and key is not None and user is not None:
                        # The first answer to (member, key) is kept and replayed (forum/idempotency.py).
                        digest = idempotency.request_hash(
                            request.method, request.url.path, await request.body()
                        )
                        member = user
                        return await idempotency.once(
                            member, key, digest, lambda: _answer(ep, request, member, token)
                        )
                    return await _answer(ep, request, user, token)
                except Exception as exc:
                    _raise_unavailable(exc, request)
                    raise
            except CrossroadsError as exc:
                return await _refused(ep, request, user, exc)

    name = f"api.{ep.tag}.{ep.handler.__name__}"
    return Route(PREFIX + ep.path, view, methods=[ep.method], name=name)


def _raise_unavailable(exc: Exception, request: Request) -> None:
    """Turn a database that cannot be reached (or a transaction that lost its race on every
    attempt) into 503 `unavailable` with Retry-After; anything else is left to the caller."""
    if isinstance(exc, CrossroadsError) or not (db.is_unavailable(exc) or db.transient(exc)):
        return
    log.warning("database unavailable on %s %s", request.method, request.url.path)
    raise ServiceUnavailableError(
        "The forum can't reach its database just now; send it again in a moment.",
        retry_after=RETRY_AFTER_SECONDS,
    ) from exc


async def _refused(
    ep: Endpoint, request: Request, user: User | None, exc: CrossroadsError
) -> Response:
    """The contract's error response, with crisis lines when the refused text read as crisis."""
    lines = None
    if ep.method in UNSAFE:
        lines = await screening.settle(
            f"refused ({exc.status}): {exc.message}",
            fallback=await submitted_text(request),
            author_id=user.id if user else None,
            context=f"{request.method} {request.url.path}",
            token_hash=bearer_hash(request),
        )
    return error_response(exc, lines)


async def _answer(ep: Endpoint, request: Request, user: User | None, token: str | None) -> Response:
    """The endpoint's whole response, a refusal included (so an Idempotency-Key repeat of a
    create's refusal is replayed too). A transaction that lost a deadlock runs again
    (db.retrying), inside the request's crisis watch."""
    try:
        try:
            body = await _parse_body(request) if ep.method in UNSAFE else {}
            call = Call(request, user, body, token)
            if ep.authorise is not None:
                ep.authorise(user)
            if isinstance(ep.body, type) and ep.parse_body:
                await call.parse_body(ep.body)  # a body the model refuses: 422 before the handler
            result = await db.retrying(lambda: ep.handler(call))
        except Exception as exc:
            _raise_unavailable(exc, request)
            raise
    except CrossroadsError as exc:
        return await _refused(ep, request, user, exc)
    context = f"{request.method} {request.url.path}"
    lines = await screening.settle("accepted", context=context) if ep.method in UNSAFE else None
    if isinstance(result, Response):
        return result
    if result is None:
        return Response(status_code=204)
    if ep.response is None:
        # Declared without a response, documented 204 (forum.api.openapi): a body would answer
        # something the document does not say. A declaration bug, caught by the tests.
        raise TypeError(f"{ep.method} {ep.path} has no response model but returned a body")
    if isinstance(result, Output):
        result = result.out()
    if lines and isinstance(result, dict):
        result = {**result, "crisis_resources": result.get("crisis_resources") or lines}
    return ApiResponse(result, status_code=ep.status)


def api_routes(endpoints: Iterable[Endpoint]) -> list[Route]:
    """Routes for the app's endpoints (its registry's); one Route per path with all its methods."""
    by_path: dict[str, dict[str, Route]] = {}
    for ep in endpoints:
        by_path.setdefault(ep.path, {})[ep.method] = _route(ep)
    routes: list[Route] = []
    for path, methods in by_path.items():
        if len(methods) == 1:
            routes.append(next(iter(methods.values())))
            continue
        routes.append(Route(PREFIX + path, _dispatch(methods), methods=list(methods)))
    return routes


def _dispatch(methods: dict[str, Route]) -> Callable[[Request], Awaitable[Response]]:
    async def view(request: Request) -> Response:
        route = methods.get(request.method) or methods.get("GET")
        assert route is not None
        request.scope["route"] = route  # the request log and metrics name the method's own route
        response: Response = await route.endpoint(request)
        return response

    return view


async def not_found(request: Request, exc: Exception) -> Response:
    return error_response(NotFoundError("No such endpoint."))


def page_out(page: Any) -> dict[str, Any]:
    return {"items": page.items, "next_cursor": page.next_cursor}
