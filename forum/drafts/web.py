"""Pages: save a draft from a form (the page's autosave, and Quick exit's last save)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from forum import csrf
from forum.access import require_member
from forum.accounts.actions import end_session
from forum.auth import SESSION_COOKIE, load_viewer
from forum.drafts import actions
from forum.drafts.schemas import DraftSave
from forum.web.base import page, read_input


@page
async def save(request: Request) -> Response:
    """POST key, body, title (+ CSRF): 204. Used by static/js/site.js (fetch and sendBeacon).

    With `end_session=1` (Quick exit's one beacon) the session ends right after the draft is
    saved: two beacons, a save and a sign-out, could reach the server in either order, and a
    sign-out first would lose the draft.
    """
    viewer = require_member(await load_viewer(request))
    data = await read_input(request, DraftSave)
    await actions.save_draft(viewer, data.key, data)
    response = Response(status_code=204)
    if data.end_session == "1":
        key = request.cookies.get(SESSION_COOKIE)
        if key:
            await end_session(key)
        response.delete_cookie(SESSION_COOKIE, path="/")
        csrf.rotate_cookie(request, response)
    return response


routes = [Route("/drafts/save", save, methods=["POST"], name="drafts.save")]
