"""Page: search the spaces you can read."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from forum.access import require_member
from forum.errors import ValidationError
from forum.threads import queries
from forum.web.base import load_viewer, page, render


@page
async def search(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    q = request.query_params.get("q", "")
    context: dict[str, object] = {"values": {"q": q}, "results": None}
    if not q.strip():
        return await render(request, "search/show.html", context)
    try:
        context["results"] = await queries.search_posts(
            viewer, q, ip=request.state.client_ip, cursor=request.query_params.get("cursor")
        )
    except ValidationError as exc:
        context["errors"] = exc.fields or {"q": exc.message}
        return await render(request, "search/show.html", context, status_code=422)
    return await render(request, "search/show.html", context)


routes = [Route("/search", search, name="search.show")]
