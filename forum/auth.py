"""Who is asking: the session cookie or a bearer token, for both skins.

The HTML pages sign in with the session cookie (`load_viewer`); the API takes a bearer token
(`bearer_member`) and, for the browser's own live streams and unread counts (`forum.amas.api`,
`forum.following.api`), the same session cookie. Both skins import this module rather than each
other (docs/architecture.md, "Layers a tool enforces"). CSRF is forum.csrf.
"""

from __future__ import annotations

from starlette.requests import Request

from forum import runtime, security
from forum.accounts.actions import is_suspended
from forum.accounts.models import ApiToken, User
from forum.accounts.queries import get_session_member
from forum.errors import NotSignedInError

SESSION_COOKIE = "crossroads_session"


async def load_viewer(request: Request) -> User | None:
    """The member whose live session cookie came with `request`, or None (no cookie, an unknown
    or expired session, a deleted or suspended account). Read once per request, then kept on
    ``request.state.viewer``."""
    if "viewer" in request.state._state:
        kept: User | None = request.state.viewer
        return kept
    viewer = None
    key = request.cookies.get(SESSION_COOKIE)
    if key:
        found = await get_session_member(
            security.token_hash(key)
        )  # session and member, one statement
        if found is not None and found[1] > runtime.now():
            user = found[0]
            if user.deleted_at is None and not is_suspended(user):
                viewer = user
    request.state.viewer = viewer
    return viewer


#: What the API answers a request without a token to an operation that needs one.
SIGN_IN_WITH_TOKEN = "Sign in with a bearer token (POST /api/v1/auth/tokens)."


async def bearer_member(request: Request) -> tuple[User | None, str | None]:
    """The member and token of the request's ``Authorization: Bearer TOKEN``, or (None, None)
    without the header. Raises NotSignedInError for another scheme, an empty or over-long token,
    or one that is expired, revoked, unknown, or whose member is deleted or suspended."""
    header = request.headers.get("authorization", "")
    if not header:
        return None, None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 200:
        raise NotSignedInError("Use 'Authorization: Bearer TOKEN'.")
    token = token.strip()
    row = await ApiToken.get_or_none(
        token_hash=security.token_hash(token), revoked_at=None
    ).select_related("user")
    if (
        row is None
        or row.expires_at <= runtime.now()
        or row.user.deleted_at is not None
        or is_suspended(row.user)
    ):
        raise NotSignedInError("That token is not valid (expired, revoked or unknown).")
    return row.user, token


def bearer_hash(request: Request) -> str | None:
    """The stored hash of the request's bearer token (never the token), to name the author of
    crisis text refused before the token could be checked (database down)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return (
        security.token_hash(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    )
