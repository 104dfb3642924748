"""CSRF, in one place: the cookie, the token bound to it, and the check every unsafe page runs.

A double-submit token bound to a cookie: `RequestContextMiddleware` (forum.middleware) gives a
browser without one a fresh random seed (`CSRF_COOKIE`, HttpOnly, SameSite=Lax); every form
rendered carries ``csrf_token`` = HMAC(secret, seed) (`token_for`); `valid` checks a submitted
one against the request's cookie. Sign-in and sign-out rotate the seed (`rotate_cookie`), like the
session itself. The HTML skin's `page` wrapper (forum.web.base) runs `valid` on every method but
GET and HEAD. The JSON API needs none: it reads no cookie but a bearer token's (forum.auth), except
for the browser's own live streams and unread counts, which are safe GETs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from forum import runtime
from forum.settings import Settings

CSRF_COOKIE = "crossroads_csrf"
#: The form field that carries the token.
FIELD = "csrf_token"


def cookie_header(value: str, settings: Settings) -> str:
    """The ``Set-Cookie`` value for the CSRF seed `value` (Secure in production)."""
    secure = "; Secure" if settings.production else ""
    return f"{CSRF_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax{secure}"


def new_seed() -> str:
    """A fresh random CSRF seed (24 bytes, URL-safe)."""
    return secrets.token_urlsafe(24)


def token(secret: str, binding: str) -> str:
    """The CSRF token for the seed `binding`: hex HMAC-SHA256 under the app's secret key."""
    return hmac.new(secret.encode(), f"csrf:{binding}".encode(), hashlib.sha256).hexdigest()


def binding(request: Request) -> str:
    """The request's CSRF seed: its cookie, or the one the middleware is about to set."""
    return request.cookies.get(CSRF_COOKIE) or request.state._state.get("csrf_seed", "")


def token_for(request: Request) -> str:
    """The token a form rendered for `request` carries."""
    return token(runtime.get().settings.secret_key, binding(request))


def valid(request: Request, submitted: object) -> bool:
    """Whether `submitted` (the form's ``csrf_token``) is the token for the request's CSRF cookie.
    A request without the cookie is refused whatever it sent (its seed was minted just now)."""
    if not isinstance(submitted, str) or not submitted or not request.cookies.get(CSRF_COOKIE):
        return False
    return hmac.compare_digest(token_for(request), submitted)


def rotate_cookie(request: Request, response: Response) -> None:
    """A new CSRF binding at sign-in and sign-out, like the session itself."""
    request.state.csrf_cookie_set = True
    response.headers.append("set-cookie", cookie_header(new_seed(), runtime.get().settings))
