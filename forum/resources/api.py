"""API: the resource directory (browse for everyone, curate for moderators, suggest for members)."""

from __future__ import annotations

from typing import Any

from forum import crisis, pagination
from forum.api.base import Call, endpoint, page_out
from forum.api.schemas import CURSOR_PARAMS, INT, STR, TIME, TIME_OR_NULL, obj, page_of, ref
from forum.resources import actions, queries
from forum.resources.models import Format, Kind, State

_KIND = {"type": "string", "enum": [k.value for k in Kind]}
_FORMAT = {"type": "string", "enum": [f.value for f in Format]}
_PATHS = {
    "type": "array",
    "items": {"type": "string", "enum": ["staying", "leaving"]},
    "minItems": 1,
}
_DATE = {"type": ["string", "null"], "format": "date"}
_URL = {"type": "string", "format": "uri", "description": "http:// or https:// only"}
_OPT_STR = {"type": ["string", "null"]}

# This module's OpenAPI schemas (the registry gathers each API module's SCHEMAS).
SCHEMAS: dict[str, dict[str, Any]] = {
    "Resource": obj(
        [
            "id",
            "title",
            "url",
            "description",
            "kind",
            "paths",
            "format",
            "location",
            "starts_on",
            "ends_on",
            "last_checked_at",
        ],
        id=INT,
        title=STR,
        url=STR,
        domain={"type": "string", "description": "the link's host, shown beside it"},
        description=STR,
        kind=_KIND,
        kind_label=STR,
        paths=_PATHS,
        format=_FORMAT,
        format_label=STR,
        location=STR,
        country={"type": ["string", "null"], "description": "two-letter country code (hotlines)"},
        starts_on=_DATE,
        ends_on=_DATE,
        ended={"type": "boolean", "description": "an event whose last day has passed"},
        cost_note=STR,
        state={"type": "string", "enum": [s.value for s in State]},
        last_checked_at=TIME_OR_NULL,
        last_status={"type": ["string", "null"], "description": "what the last link check saw"},
        created_at=TIME,
        updated_at=TIME,
    ),
    "ResourceSuggestion": obj(
        ["id", "title", "url", "description", "kind", "paths", "status", "created_at"],
        id=INT,
        title=STR,
        url=STR,
        description=STR,
        kind=_KIND,
        paths=_PATHS,
        status={"type": "string", "enum": ["pending", "approved", "rejected"]},
        reason={"type": "string", "description": "the moderator's reason, once decided"},
        resource_id={"type": ["integer", "null"]},
        created_at=TIME,
    ),
}
_FIELDS = dict(
    title=STR,
    url=_URL,
    description=STR,
    kind=_KIND,
    paths={**_PATHS, "description": 'or the string "both"'},
    format={**_FORMAT, "default": "online"},
    location=STR,
    country={**_OPT_STR, "description": "two-letter code, for hotlines"},
    starts_on=_DATE,
    ends_on=_DATE,
    cost_note=STR,
)
_FILTERS: list[tuple[str, str, dict[str, Any]]] = [
    ("kind", "query", _KIND),
    (
        "path",
        "query",
        {
            "type": "string",
            "enum": ["staying", "leaving"],
            "description": "resources for this path (its own first, then those for both)",
        },
    ),
    (
        "format",
        "query",
        {**_FORMAT, "description": "hybrid resources match in-person and online too"},
    ),
    ("location", "query", {"type": "string", "description": "part of the location, any case"}),
    (
        "country",
        "query",
        {"type": "string", "description": "two-letter code: that country's and country-less ones"},
    ),
    ("q", "query", {"type": "string", "description": "words in the title or description"}),
    ("ended", "query", {"type": "boolean", "description": "include events that have ended"}),
    (
        "state",
        "query",
        {
            "type": "string",
            "enum": [s.value for s in State],
            "description": "archived and broken: moderators only",
            "default": "active",
        },
    ),
]


@endpoint(
    "GET",
    "/resources",
    summary="Browse the resource directory (no account needed)",
    tag="resources",
    auth="optional",
    query=[*_FILTERS, *CURSOR_PARAMS],
    response=page_of(ref("Resource")),
    errors=(400, 403, 422),
    description="Events that have ended drop out unless `ended=true`.",
)
async def list_resources(call: Call) -> Any:
    filters = queries.parse_filters(call.request.query_params, call.user)
    page = await queries.list_resources(
        call.user,
        filters,
        cursor=call.query("cursor"),
        limit=pagination.limit_from(call.query("limit")),
        country=crisis.country_for(call.user, call.request.headers.get("accept-language")),
    )
    return page_out(page)


@endpoint(
    "POST",
    "/resources",
    summary="Add a resource (moderators)",
    tag="resources",
    body=obj(["title", "url", "description", "kind", "paths"], **_FIELDS),
    response=obj(["resource"], resource=ref("Resource")),
    status=201,
    errors=(403,),
)
async def create_resource(call: Call) -> Any:
    resource = await actions.create_resource(call.member(), call.body)
    return {"resource": queries.shape(resource)}


@endpoint(
    "GET",
    "/resources/crisis-lines",
    summary="Crisis hotlines, a country's own first (else the member's country, else the browser language's)",
    tag="resources",
    auth="optional",
    query=[("country", "query", {"type": "string", "description": "two-letter code, e.g. US, GB"})],
    response=obj(["items"], items={"type": "array", "items": ref("CrisisLine")}),
)
async def crisis_lines(call: Call) -> Any:
    country = (call.query("country") or "").strip().upper() or None
    if country is None:  # the member's own setting, else the browser's language region
        country = getattr(call.user, "country", None) or crisis.country_from_accept_language(
            call.request.headers.get("accept-language")
        )
    return {"items": await crisis.crisis_resources(country)}


@endpoint(
    "POST",
    "/resources/suggestions",
    summary="Suggest a resource (members; a moderator reviews it)",
    tag="resources",
    body=obj(
        ["title", "url", "description", "kind", "paths"],
        **{k: v for k, v in _FIELDS.items() if k != "country"},
        note={"type": "string", "description": "anything the moderators should know"},
    ),
    response=obj(["suggestion"], suggestion=ref("ResourceSuggestion")),
    status=201,
    errors=(403, 429),
)
async def suggest_resource(call: Call) -> Any:
    return {
        "suggestion": queries.shape_suggestion(
            await actions.suggest_resource(call.member(), call.body)
        )
    }


@endpoint(
    "GET",
    "/resources/suggestions",
    summary="Your suggestions and what became of them",
    tag="resources",
    response=obj(["items"], items={"type": "array", "items": ref("ResourceSuggestion")}),
)
async def my_suggestions(call: Call) -> Any:
    return {"items": await queries.list_my_suggestions(call.member())}


@endpoint(
    "GET",
    "/resources/{id}",
    summary="One resource",
    tag="resources",
    auth="optional",
    response=obj(["resource"], resource=ref("Resource")),
    errors=(404,),
)
async def get_resource(call: Call) -> Any:
    return {"resource": await queries.get_resource(call.user, call.path_int("id"))}


@endpoint(
    "PATCH",
    "/resources/{id}",
    summary="Edit a resource (moderators); send only what changes",
    tag="resources",
    body=obj(None, **_FIELDS, state={"type": "string", "enum": [s.value for s in State]}),
    response=obj(["resource"], resource=ref("Resource")),
    errors=(403, 404),
)
async def update_resource(call: Call) -> Any:
    resource = await actions.update_resource(call.member(), call.path_int("id"), call.body)
    return {"resource": queries.shape(resource)}


@endpoint(
    "POST",
    "/resources/{id}/archive",
    summary="Archive a resource (moderators)",
    tag="resources",
    response=obj(["resource"], resource=ref("Resource")),
    errors=(403, 404),
)
async def archive_resource(call: Call) -> Any:
    resource = await actions.archive_resource(call.member(), call.path_int("id"))
    return {"resource": queries.shape(resource)}
