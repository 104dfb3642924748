"""What every HTML page shares: the signed-in member, CSRF, rendering, error pages."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from forum import runtime, security
from forum.accounts.actions import is_suspended
from forum.accounts.models import Notification, Session, User
from forum.errors import (
    CrossroadsError,
    MalformedError,
    NotFoundError,
    NotSignedInError,
    PermissionDeniedError,
    RateLimitedError,
)
from forum.middleware import CSRF_COOKIE

log = logging.getLogger("crossroads.web")
ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"
SESSION_COOKIE = "crossroads_session"

# Extra nav links other packages add (moderation adds "Moderation" for moderators).
NAV_LINKS: list[Callable[[User | None], tuple[str, str] | None]] = []


def _when(value: datetime | None) -> str:
    return value.strftime("%d %b %Y, %H:%M UTC") if value else ""


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(default=True))
env.filters["when"] = _when
env.filters["iso"] = _iso
env.globals["reaction_kinds"] = [("strength", "Sending strength"), ("been-there", "Been there"),
                                 ("thank-you", "Thank you")]
templates = Jinja2Templates(env=env)


async def load_viewer(request: Request) -> User | None:
    if "viewer" in request.state._state:
        return request.state.viewer
    viewer = None
    key = request.cookies.get(SESSION_COOKIE)
    if key:
        session = await Session.get_or_none(key_hash=security.token_hash(key)).select_related("user")
        if session and session.expires_at > runtime.now():
            user = session.user
            if user.deleted_at is None and not is_suspended(user):
                viewer = user
    request.state.viewer = viewer
    return viewer


def csrf_binding(request: Request) -> str:
    return request.cookies.get(CSRF_COOKIE) or request.state._state.get("csrf_seed", "")


def csrf_value(request: Request) -> str:
    return security.csrf_token(runtime.get().settings.secret_key, csrf_binding(request))


async def read_form(request: Request) -> FormData:
    """The submitted form, parsed once per request: at most 50 fields, no files, 64 KiB a part;
    every field through the parsing layer (``forum.validation.check_form``: no NUL, control
    characters or invalid Unicode -> ``MalformedError``, 400)."""
    if "form" not in request.state._state:
        from forum.validation import check_form

        try:
            form = await request.form(max_files=0, max_fields=50, max_part_size=64 * 1024)
        except Exception as exc:  # noqa: BLE001 - python-multipart/Starlette raise several kinds
            from starlette.exceptions import HTTPException

            if isinstance(exc, HTTPException) and exc.status_code == 413:
                raise
            raise MalformedError("That form could not be read. Reload the page and send it again.") from None
        request.state.form = check_form(form)
    return request.state.form


async def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    viewer = await load_viewer(request)
    unread = 0
    if viewer is not None:
        unread = await Notification.filter(user_id=viewer.id, read_at=None).count()
    ctx = {
        "viewer": viewer,
        "csrf_token": csrf_value(request),
        "quick_exit_url": runtime.get().settings.quick_exit_url,
        "nav_links": [link for f in NAV_LINKS if (link := f(viewer))],
        "unread": unread,
        "errors": {},
        "values": {},
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)


async def error_page(request: Request, exc: CrossroadsError) -> Response:
    if isinstance(exc, NotSignedInError):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    titles = {403: "Not allowed", 404: "Not found", 429: "Slow down", 400: "Something is off"}
    # A limit's Retry-After is added by RequestContextMiddleware, for every page it refuses.
    return await render(
        request,
        "error.html",
        {"title": titles.get(exc.status, "Something is off"), "message": exc.message},
        status_code=exc.status,
    )


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
        await load_viewer(request)
        if request.method == "HEAD":
            request = Request({**request.scope, "method": "GET"}, request.receive)
        elif request.method not in SAFE_METHODS:
            form = await read_form(request)
            submitted = form.get("csrf_token")
            if not security.csrf_valid(
                runtime.get().settings.secret_key, csrf_binding(request), submitted if isinstance(submitted, str) else None
            ) or not request.cookies.get(CSRF_COOKIE):
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
        try:
            return await handler(request)
        except CrossroadsError as exc:
            return await error_page(request, exc)

    return endpoint


def form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def int_param(value: object) -> int:
    """A path id (already checked by ``forum.validation.guard_routes``) or a form's id field:
    canonical ASCII digits within the column's range, else ``NotFoundError``."""
    from forum.validation import parse_id

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


def rotate_csrf_cookie(request: Request, response: Response) -> None:
    """A new CSRF binding at sign-in and sign-out, like the session itself."""
    import secrets

    from forum.middleware import csrf_cookie

    request.state.csrf_cookie_set = True
    response.headers.append("set-cookie", csrf_cookie(secrets.token_urlsafe(24), runtime.get().settings))
