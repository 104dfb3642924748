"""What every HTML page shares: the signed-in member, CSRF, rendering, error pages."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from pydantic import BaseModel
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, NoMatchFound, Route
from starlette.templating import Jinja2Templates

from forum import crisis, csrf, db, idempotency, runtime, screening, security
from forum.accounts.models import Session, User
from forum.accounts.queries import unread_notice_count
from forum.accounts.schemas import time_zones
from forum.auth import SESSION_COOKIE, load_viewer
from forum.contracts import Input, form_fields, parse
from forum.errors import (
    CrossroadsError,
    MalformedError,
    NotSignedInError,
    ServiceUnavailableError,
    ValidationError,
)
from forum.middleware import RETRY_AFTER_SECONDS
from forum.validation import check_form, parse_id

log = logging.getLogger("crossroads.web")
M = TypeVar("M", bound=BaseModel)
# templates/ and static/ live beside the packages in a checkout; an installed wheel (the image)
# does not carry them, so CROSSROADS_ASSETS_DIR names the folder that holds both.
ROOT = Path(
    os.environ.get("CROSSROADS_ASSETS_DIR") or Path(__file__).resolve().parent.parent.parent
)
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"


@pass_context
def _when(context: Any, value: datetime | None) -> str:
    """A time in the viewer's own zone (their setting), else UTC; the zone's abbreviation shown."""
    if not value:
        return ""
    viewer = context.get("viewer")
    zone_name = getattr(viewer, "time_zone", None) if viewer is not None else None

    if (
        zone_name and zone_name in time_zones()
    ):  # one stored before only real zones were taken ("Factory"): UTC
        try:
            local = value.astimezone(ZoneInfo(zone_name))
            return local.strftime("%d %b %Y, %H:%M ") + (local.tzname() or zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return value.strftime("%d %b %Y, %H:%M UTC")


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


_DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(Environment):
    """Jinja2's environment with a fast path for `row.field` on a plain dict.

    Query functions hand templates plain dicts (a post, its author, a thread row). For `post.id`
    Jinja2 first tries ``getattr(post, "id")``, which on a dict raises and catches an
    AttributeError before it tries ``post["id"]``: on a thread page that is some 2,000 exceptions
    and about a seventh of the worker's CPU (py-spy, `python -m bench.page_bench --profile`).
    For a name that is not one of dict's own attributes the result is the same either way, so
    look the key up first; everything else (``values.get``, ``reactions.values``, objects) goes
    the usual way. Same result, same undefined for a missing key.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


env = PageEnvironment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(default=True)
)
# A fresh one-time token for each form rendered (the `csrf` macro puts it in every form): a double
# submit, or the same form sent again after Back, is carried out once (forum/idempotency.py).
env.globals["new_form_token"] = security.new_token
env.filters["when"] = _when
env.filters["iso"] = _iso
env.globals["reaction_kinds"] = [
    ("strength", "Sending strength"),
    ("been-there", "Been there"),
    ("thank-you", "Thank you"),
]


def _tel(value: str | None) -> str:
    """A number as a `tel:`/`sms:` target: digits and a leading +, nothing else (RFC 3966 global form)."""
    text = str(value or "")
    digits = "".join(ch for ch in text if ch.isdigit())
    return ("+" if text.strip().startswith("+") else "") + digits


env.filters["tel"] = _tel


def route_paths(app: Any) -> dict[str, tuple[str, frozenset[str]]]:
    """`app`'s named routes as ``{name: (path format, parameter names)}``, e.g.
    ``{"threads.show": ("/t/{thread_id}", {"thread_id"}), "static": ("/static/{path}", {"path"})}``,
    built once per app from its route table and kept on ``app.state``. Starlette's own
    ``url_path_for`` tries every route in turn and raises and catches an exception for each one
    that does not match (about a hundred per link), and a page has a hundred links."""
    cached: dict[str, tuple[str, frozenset[str]]] | None = getattr(app.state, "route_paths", None)
    if cached is None:
        cached = {}
        for route in app.routes:
            name = getattr(route, "name", None)
            if not name or name in cached:
                continue
            if isinstance(route, Mount):
                cached[name] = (route.path.rstrip("/") + "/{path}", frozenset({"path"}))
            elif isinstance(route, Route):
                cached[name] = (route.path_format, frozenset(route.param_convertors))
        app.state.route_paths = cached
    return cached


@pass_context
def path_for(context: Any, name: str, /, **params: Any) -> str:
    """The path of the route named `name` with `params` filled in (``path_for("threads.show",
    thread_id=7)`` -> ``"/t/7"``; ``path_for("static", path="css/site.css")``), so templates
    link by route name and a route can move. Query strings and fragments are the template's.

    Raises starlette's ``NoMatchFound`` for an unknown name or parameters that are not the
    route's (a template bug; the page tests render every template)."""
    found = route_paths(context["request"].app).get(name)
    if found is None or params.keys() != found[1]:
        raise NoMatchFound(name, params)
    if "path" in params:
        params["path"] = str(params["path"]).lstrip("/")
    return found[0].format_map(params)


@pass_context
def has_route(context: Any, name: str) -> bool:
    """Whether this app serves the route named `name`: a page links to a plugin's pages (the
    resource directory, AMAs) only in an app built with that plugin (forum.registry)."""
    return name in route_paths(context["request"].app)


env.globals["path_for"] = path_for
env.globals["has_route"] = has_route
templates = Jinja2Templates(env=env)


async def read_form(request: Request) -> FormData:
    """The submitted form, parsed once per request: at most 50 fields, no files, 64 KiB a part;
    every field through the parsing layer (``forum.validation.check_form``: no NUL, control
    characters or invalid Unicode -> ``MalformedError``, 400)."""
    if "form" not in request.state._state:
        try:
            form = await request.form(max_files=0, max_fields=50, max_part_size=64 * 1024)
        except Exception as exc:  # noqa: BLE001 - python-multipart/Starlette raise several kinds
            if isinstance(exc, HTTPException) and exc.status_code == 413:
                raise
            raise MalformedError(
                "That form could not be read. Reload the page and send it again."
            ) from None
        request.state.form = check_form(form)
    kept: FormData = request.state.form
    return kept


async def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """The page: `template` with what every page shows (member, CSRF token, the header's unread
    notice count, crisis lines) and `context`. A handler that already read the count after its
    own writes passes it as ``context["unread"]``, and it is not read again."""
    viewer = await load_viewer(request)
    unread = 0
    if viewer is not None and "unread" not in (context or {}):
        unread = await unread_notice_count(viewer.id)
    ctx: dict[str, Any] = {
        "viewer": viewer,
        "csrf_token": csrf.token_for(request),
        "quick_exit_url": runtime.get().settings.quick_exit_url,
        # Links plugins declare (moderation: "Moderation" for moderators), from the app's registry.
        "nav_links": [link for f in runtime.registry().nav_links if (link := f(viewer))],
        "unread": unread,
        "errors": {},
        "values": {},
        # Set when what this request sent reads as crisis (forum.screening): base.html shows them.
        "crisis_lines": await screening.crisis_lines(),
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)


async def error_page(request: Request, exc: CrossroadsError) -> Response:
    if request.method not in ("GET", "HEAD"):
        await _screen_submitted(request)  # refused before (or instead of) the action's own screen
    if isinstance(exc, NotSignedInError):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if await screening.crisis_lines() is None:
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        # A redirect would lose the crisis lines: say so here, with a way to sign in again.
        return await render(
            request,
            "error.html",
            {
                "title": "Please sign in again",
                "message": "Your session had ended, so this could not be posted. A moderator will still read it. "
                "Sign in and send it again when you are ready.",
                "sign_in": f"/login?next={quote(target)}",
            },
            status_code=401,
        )
    titles = {
        403: "Not allowed",
        404: "Not found",
        429: "Slow down",
        400: "Something is off",
        409: "Changed in the meantime",
        422: "Please check this",
        503: "Back soon",
    }
    # A limit's Retry-After is added by RequestContextMiddleware, for every page it refuses.
    response = await render(
        request,
        "error.html",
        {"title": titles.get(exc.status, "Something is off"), "message": exc.message},
        status_code=exc.status,
    )
    if isinstance(exc, ServiceUnavailableError):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


# Form fields never screened (secrets, tokens, navigation).
_NOT_TEXT = {
    "csrf_token",
    "next",
    "form_token",
    "idempotency_key",
    "version",
    "action",
    "reason_code",
}


def submitted_text(form: FormData | None) -> dict[str, str]:
    """The text fields of a submitted form (no passwords or tokens), for the crisis screen."""
    if form is None:
        return {}
    return {
        name: value
        for name, value in form.multi_items()
        if isinstance(value, str)
        and value.strip()
        and name not in _NOT_TEXT
        and "password" not in name
    }


async def _submitter_id(request: Request) -> int | None:
    """Who sent this form, for the moderator: the member, or the owner of an expired session."""
    viewer: User | None = request.state._state.get("viewer")
    if viewer is not None:
        return viewer.id
    key = request.cookies.get(SESSION_COOKIE)
    if not key:
        return None
    try:
        session = await Session.get_or_none(key_hash=security.token_hash(key))
    except Exception:  # the database may be the reason we are here
        return None
    return session.user_id if session else None


async def _screen_submitted(request: Request) -> None:
    """Screen a refused form's text fields when no action screened them (CSRF failure, expired
    session, database down), so the refusal page carries crisis lines."""
    watch = screening.current()
    if watch is None or watch.verdict is not None:
        return
    try:
        form = await read_form(request)
    except Exception:
        return
    await screening.screen_submitted(submitted_text(form), author_id=await _submitter_id(request))


Handler = Callable[[Request], Awaitable[Response]]


SAFE_METHODS = frozenset({"GET", "HEAD"})


def page(handler: Handler) -> Handler:
    """Load the member, enforce CSRF on every unsafe method, and turn domain errors into pages.

    Only GET and HEAD are safe. A HEAD request reaches the handler as a GET (the server sends
    no body), so ``request.method == "GET"`` is the one test a handler needs and HEAD can never
    reach a submission branch. Every other method must carry a valid CSRF token (form field
    ``csrf_token``) bound to the CSRF cookie, whatever the handler then does with it; a method
    the route does not list is answered 405 with ``Allow`` before this (Starlette's routing)."""

    @wraps(handler)
    async def endpoint(request: Request) -> Response:
        # One crisis watch per request (forum.screening): whatever the outcome, crisis text gets
        # the lines on the page and reaches a moderator.
        country = crisis.country_from_accept_language(request.headers.get("accept-language"))
        async with screening.watching(
            country=country, client=getattr(request.state, "client_ip", None)
        ):
            try:
                response = await _serve(request)
            except Exception as exc:
                if not (db.is_unavailable(exc) or db.transient(exc)):
                    raise
                log.warning("database unavailable on %s %s", request.method, request.url.path)
                request.state.viewer = None  # render() must not ask the database again
                response = await unavailable_page(request)
            if request.method not in SAFE_METHODS:
                outcome = (
                    f"refused ({response.status_code})"
                    if response.status_code >= 400
                    else "accepted"
                )
                key = request.cookies.get(SESSION_COOKIE)
                await screening.settle(
                    outcome,
                    author_id=await _submitter_id(request),
                    context=f"{request.method} {request.url.path}",
                    session_hash=security.token_hash(key) if key else None,
                )
            return response

    async def _serve(request: Request) -> Response:
        viewer = await load_viewer(request)
        watch = screening.current()
        if watch is not None and viewer is not None and getattr(viewer, "country", None):
            watch.country = viewer.country
        if request.method == "HEAD":
            request = Request({**request.scope, "method": "GET"}, request.receive)
        elif request.method not in SAFE_METHODS:
            form = await read_form(request)
            if not csrf.valid(request, form.get(csrf.FIELD)):
                await _screen_submitted(request)
                return await render(
                    request,
                    "error.html",
                    {
                        "title": "Please try again",
                        "message": "This form had expired or did not come from this site. "
                        "Go back, reload the page and send it again.",
                    },
                    status_code=403,
                )
        viewer = await load_viewer(request)
        token = (
            (await read_form(request)).get("form_token")
            if request.method not in SAFE_METHODS
            else None
        )
        if viewer is not None and isinstance(token, str) and token:
            # The form's one-time token (every form carries one, templates/_forms.html): a double
            # submit, or the same form sent again after Back, is carried out once and the repeat
            # gets the first answer (forum/idempotency.py).
            form = await read_form(request)
            fields = sorted(
                (k, v)
                for k, v in form.multi_items()
                if k not in ("csrf_token", "form_token") and isinstance(v, str)
            )
            digest = idempotency.request_hash(
                request.method, request.url.path, json.dumps(fields).encode()
            )
            try:
                return await idempotency.once(
                    viewer,
                    "form:" + token,
                    digest,
                    lambda: _run(handler, request),
                    keeps=idempotency.form_keeps,
                )
            except idempotency.KeyReusedError:
                pass  # the same form sent again with other words: a new intention, carried out
            except CrossroadsError as exc:
                return await error_page(request, exc)
        return await _run(handler, request)

    return endpoint


async def _run(handler: Handler, request: Request) -> Response:
    """The handler, a domain error as its page; a transaction that lost a deadlock runs again
    (db.retrying), inside the request's crisis watch."""
    try:
        return await db.retrying(lambda: handler(request))
    except CrossroadsError as exc:
        return await error_page(request, exc)


# Form fields a 503 page gives back as text boxes (what a person typed); other fields go back
# hidden, passwords and the old CSRF token never (a fresh token is issued).
_TYPED_AREAS = (
    "body",
    "note",
    "description",
    "reason",
    "message",
    "bio",
    "text",
    "answer",
    "question",
)
_TYPED_LINES = ("title", "name", "url", "summary")


async def unavailable_page(request: Request) -> Response:
    """The database is unreachable: 503 with Retry-After and a calm page. A form comes back with
    what the person typed in it, ready to send again to the same address (issue 12)."""
    if request.method not in SAFE_METHODS:
        await _screen_submitted(request)  # crisis lines on this page too, whatever was refused
    typed: list[tuple[str, str, str]] = []  # (kind, name, value): area | line | hidden
    form = request.state._state.get("form")
    if form is None and request.method not in SAFE_METHODS:
        try:
            form = await read_form(request)
        except Exception:  # an unreadable form: the page without it
            form = None
    if form is not None:
        for name, value in form.multi_items():
            if (
                not isinstance(value, str)
                or name in ("csrf_token", "form_token")
                or "password" in name
            ):
                continue
            kind = "area" if name in _TYPED_AREAS else "line" if name in _TYPED_LINES else "hidden"
            typed.append((kind, name, value))
    response = await render(
        request,
        "unavailable.html",
        {
            "title": "Back soon",
            "message": "The forum can't reach its database just now. Nothing was lost on your side: "
            + (
                "what you wrote is below; send it again in a moment."
                if typed
                else "try again in a moment."
            ),
            "typed": typed,
            "action": request.url.path,
        },
        status_code=503,
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def read_input(request: Request, model: type[M]) -> M:
    """The submitted form as `model` (forum.contracts.parse): the same input model, and the
    same per-field messages, as the API's body. Raises forum.errors.ValidationError (422).
    A refused form's text is crisis-screened here, as the action would have screened it first
    (forum.screening), so the form shown again carries the crisis lines when it reads as crisis."""
    form = await read_form(request)
    try:
        if issubclass(model, Input):
            fields = form_fields(form, model)
            return await screening.parse_screened(model, fields, await load_viewer(request))
        return parse(model, form_fields(form, model))
    except ValidationError:
        await _screen_submitted(request)
        raise


def form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def int_param(value: object) -> int:
    """A path id (already checked by ``forum.validation.guard_routes``) or a form's id field:
    canonical ASCII digits within the column's range, else ``NotFoundError``."""
    return parse_id(value)


def set_session_cookie(response: Response, key: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        key,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=runtime.get().settings.production,
        path="/",
    )
