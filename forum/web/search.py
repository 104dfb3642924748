"""Page: search the spaces you can read, without the search text ever entering a URL.

The form POSTs (CSRF-checked) and is answered with a 303 to ``/search/r/<id>``: the id is the
search sealed for this session for 30 minutes (`forum.search.tokens`). So the browser's
history, bookmarks, a shared computer's address bar autocomplete, Referer headers and request
logs hold only an opaque id that opens nothing once the member signs out or uses Quick exit,
or after half an hour. (A signed short-lived id was chosen over a server-side store: nothing
to keep, expire or share between processes, and no search text at rest.) An old-style
``/search?q=`` link is answered the same way, so even it leaves the results URL opaque.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from forum import runtime
from forum.access import require_member
from forum.auth import SESSION_COOKIE, load_viewer
from forum.contracts import parse as contract
from forum.errors import ValidationError
from forum.search import queries, tokens
from forum.search.query import parse
from forum.search.schemas import Search
from forum.web.base import form_text, page, read_form, render

SORT_LABELS = {"newest": "Newest first", "best": "Best match first"}


def _seal(request: Request, q: str, sort: str) -> str:
    return tokens.seal(
        runtime.get().settings.secret_key,
        request.cookies.get(SESSION_COOKIE, ""),
        tokens.SealedSearch(q=q, sort=sort),
    )


async def _form(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    context = {
        "values": values,
        "errors": errors or {},
        "results": None,
        "sort_labels": SORT_LABELS,
        **extra,
    }
    return await render(request, "search/show.html", context, status_code=status_code)


@page
async def search(request: Request) -> Response:
    require_member(await load_viewer(request))
    if request.method == "POST":
        form = await read_form(request)
        values = {"q": form_text(form, "q"), "sort": form_text(form, "sort") or "newest"}
    elif "q" in request.query_params:
        values = {
            "q": request.query_params.get("q", ""),
            "sort": request.query_params.get("sort", "newest"),
        }
    else:
        return await _form(request, {"sort": "newest"})
    try:
        search_for = contract(Search, values)
        query = parse(search_for.q)
    except ValidationError as exc:
        return await _form(request, values, exc.fields or {"q": exc.message}, status_code=422)
    return RedirectResponse(
        f"/search/r/{_seal(request, query.text, search_for.sort)}", status_code=303
    )


@page
async def results(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    token = request.path_params["token"]
    sealed = tokens.open_sealed(
        runtime.get().settings.secret_key, request.cookies.get(SESSION_COOKIE, ""), token
    )
    if sealed is None:
        return await _form(
            request,
            {"sort": "newest"},
            status_code=404,
            notice="That search has expired. Search again below.",
        )
    values = {"q": sealed.q, "sort": sealed.sort}
    try:
        page_ = await queries.search_posts(
            viewer,
            contract(Search, {"q": sealed.q, "sort": sealed.sort}),
            ip=request.state.client_ip,
            cursor=request.query_params.get("cursor"),
        )
    except ValidationError as exc:
        return await _form(request, values, exc.fields or {"q": exc.message}, status_code=422)
    other = "best" if sealed.sort == "newest" else "newest"
    return await _form(
        request,
        values,
        results=page_,
        token=token,
        other_sort=(SORT_LABELS[other], _seal(request, sealed.q, other)),
    )


routes = [
    Route("/search", search, name="search.show", methods=["GET", "POST"]),
    Route("/search/r/{token}", results, name="search.results"),
]
