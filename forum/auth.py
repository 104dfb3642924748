"""Who is asking, from the session cookie: shared by both skins.

The HTML pages sign in with the session cookie; the API takes a bearer token
(`forum.api.base`) and, for the browser's own live streams and unread counts
(`forum.amas.api`, `forum.following.api`), the same session cookie. Both skins
import this module rather than each other (docs/architecture.md, "Layers a tool
enforces").
"""

from __future__ import annotations

from starlette.requests import Request

from forum import runtime, security
from forum.accounts.actions import is_suspended
from forum.accounts.models import User
from forum.accounts.queries import get_session_member

SESSION_COOKIE = "crossroads_session"


async def load_viewer(request: Request) -> User | None:
    """The member whose live session cookie came with `request`, or None (no cookie, an unknown
    or expired session, a deleted or suspended account). Read once per request, then kept on
    ``request.state.viewer``."""
    if "viewer" in request.state._state:
        return request.state.viewer
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
