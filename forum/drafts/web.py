"""Pages: save a draft from a form (the page's autosave, and Quick exit's last save)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from forum.access import require_member
from forum.drafts import actions
from forum.web.base import form_text, load_viewer, page, read_form


@page
async def save(request: Request) -> Response:
    """POST key, body, title (+ CSRF): 204. Used by static/js/site.js (fetch and sendBeacon)."""
    viewer = require_member(await load_viewer(request))
    form = await read_form(request)
    await actions.save_draft(viewer, form_text(form, "key"), form_text(form, "body"), form_text(form, "title"))
    return Response(status_code=204)


routes = [Route("/drafts/save", save, methods=["POST"], name="drafts.save")]
