"""Pages: the resource directory (no account needed), one resource, moderators' forms, suggestions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from forum import crisis, pagination
from forum.access import require_member, require_moderator
from forum.auth import load_viewer
from forum.contracts import parse
from forum.errors import CrossroadsError, ValidationError
from forum.resources import actions, queries
from forum.resources.models import FORMAT_LABELS, KIND_LABELS, Format, Kind, State
from forum.resources.schemas import (
    FIELDS,
    SUGGESTION_FIELDS,
    NewResource,
    ResourceChange,
    Suggestion,
)
from forum.web.base import form_text, page, read_form, read_input, render

PER_PAGE = 25
KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in Kind]
FORMAT_CHOICES = [(f.value, FORMAT_LABELS[f]) for f in Format]
STATE_CHOICES = [
    (State.ACTIVE.value, "Active"),
    (State.BROKEN.value, "Broken link"),
    (State.ARCHIVED.value, "Archived"),
]
_CHOICES = {"kinds": KIND_CHOICES, "formats": FORMAT_CHOICES, "states": STATE_CHOICES}


@page
async def index(request: Request) -> Response:
    viewer = await load_viewer(request)
    params = request.query_params
    try:
        filters = queries.parse_filters(params, viewer)
        listing = await queries.list_resources(
            viewer,
            filters,
            cursor=params.get("cursor"),
            limit=pagination.limit_from(params.get("limit"), PER_PAGE),
            country=crisis.country_for(viewer, request.headers.get("accept-language")),
        )
    except ValidationError as exc:
        filters, listing = queries.Filters(), pagination.Page([], None)
        return await render(
            request,
            "resources/index.html",
            {
                **_CHOICES,
                "filters": filters,
                "page": listing,
                "errors": exc.fields,
                "message": exc.message,
                "more_link": None,
            },
            status_code=exc.status,
        )
    more_link = None
    if listing.next_cursor:
        more_link = "/resources?" + urlencode(
            {**filters.as_params(), "cursor": listing.next_cursor}
        )
    return await render(
        request,
        "resources/index.html",
        {**_CHOICES, "filters": filters, "page": listing, "more_link": more_link},
    )


@page
async def show(request: Request) -> Response:
    viewer = await load_viewer(request)
    resource = await queries.get_resource(viewer, request.path_params["resource_id"])
    return await render(request, "resources/show.html", {"resource": resource})


def _form_values(form: FormData, names: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {name: form_text(form, name) for name in names if name != "paths"}
    values["paths"] = [p for p in form.getlist("paths") if isinstance(p, str)]
    return values


async def _form_again(
    request: Request, context: dict[str, Any], values: dict[str, Any], exc: CrossroadsError
) -> Response:
    errors = dict(exc.fields) or {"form": exc.message}
    return await render(
        request,
        "resources/form.html",
        {**_CHOICES, **context, "values": values, "errors": errors, "message": exc.message},
        status_code=exc.status,
    )


def _values_of(r: dict[str, Any]) -> dict[str, Any]:
    return {
        **{
            k: r.get(k) or ""
            for k in (
                "title",
                "url",
                "description",
                "kind",
                "format",
                "location",
                "country",
                "starts_on",
                "ends_on",
                "cost_note",
                "state",
            )
        },
        "paths": r["paths"],
    }


@page
async def new(request: Request) -> Response:
    viewer = require_moderator(require_member(await load_viewer(request)))
    context = {"mode": "new", "action": "/resources/new", "heading": "Add a resource"}
    if request.method == "GET":
        return await render(
            request,
            "resources/form.html",
            {**_CHOICES, **context, "values": {"paths": [], "format": "online"}},
        )
    values = _form_values(await read_form(request), FIELDS)
    try:
        resource = await actions.create_resource(viewer, await read_input(request, NewResource))
    except CrossroadsError as exc:
        return await _form_again(request, context, values, exc)
    return RedirectResponse(f"/resources/{resource.id}?added=1", status_code=303)


@page
async def edit(request: Request) -> Response:
    viewer = require_moderator(require_member(await load_viewer(request)))
    resource_id = request.path_params["resource_id"]
    current = await queries.get_resource(viewer, resource_id)
    context = {
        "mode": "edit",
        "action": f"/resources/{resource_id}/edit",
        "heading": f"Edit “{current['title']}”",
        "resource": current,
    }
    if request.method == "GET":
        return await render(
            request, "resources/form.html", {**_CHOICES, **context, "values": _values_of(current)}
        )
    values = _form_values(await read_form(request), (*FIELDS, "state"))
    try:
        # The form sends every field: one left empty (no path ticked) is sent as empty.
        await actions.update_resource(viewer, resource_id, parse(ResourceChange, values))
    except CrossroadsError as exc:
        return await _form_again(request, context, values, exc)
    return RedirectResponse(f"/resources/{resource_id}?saved=1", status_code=303)


@page
async def archive(request: Request) -> Response:
    viewer = require_moderator(require_member(await load_viewer(request)))
    resource_id = request.path_params["resource_id"]
    await actions.archive_resource(viewer, resource_id)
    return RedirectResponse(f"/resources/{resource_id}?archived=1", status_code=303)


@page
async def suggest(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    context = {"mode": "suggest", "action": "/resources/suggest", "heading": "Suggest a resource"}
    if request.method == "GET":
        return await render(
            request,
            "resources/form.html",
            {**_CHOICES, **context, "values": {"paths": [], "format": "online"}},
        )
    values = _form_values(await read_form(request), (*SUGGESTION_FIELDS, "note"))
    try:
        await actions.suggest_resource(viewer, await read_input(request, Suggestion))
    except CrossroadsError as exc:
        return await _form_again(request, context, values, exc)
    return RedirectResponse("/resources/suggestions?sent=1", status_code=303)


@page
async def my_suggestions(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    return await render(
        request,
        "resources/suggestions.html",
        {
            "items": await queries.list_my_suggestions(viewer),
            "sent": request.query_params.get("sent") == "1",
        },
    )


routes = [
    Route("/resources", index, name="resources.index"),
    Route("/resources/new", new, methods=["GET", "POST"], name="resources.new"),
    Route("/resources/suggest", suggest, methods=["GET", "POST"], name="resources.suggest"),
    Route("/resources/suggestions", my_suggestions, name="resources.suggestions"),
    Route("/resources/{resource_id}", show, name="resources.show"),
    Route("/resources/{resource_id}/edit", edit, methods=["GET", "POST"], name="resources.edit"),
    Route("/resources/{resource_id}/archive", archive, methods=["POST"], name="resources.archive"),
]
