"""API: the resource directory (browse for everyone, curate for moderators, suggest for members)."""

from __future__ import annotations

from forum import crisis, pagination
from forum.access import require_moderator
from forum.api.base import Call, endpoint, page_out
from forum.resources import actions, queries
from forum.resources.models import Resource as ResourceRow
from forum.resources.schemas import (
    CrisisLineQuery,
    CrisisLines,
    NewResource,
    ResourceChange,
    ResourceEnvelope,
    ResourcePage,
    ResourceQuery,
    Suggestion,
    SuggestionEnvelope,
    Suggestions,
)


@endpoint(
    "GET",
    "/resources",
    summary="Browse the resource directory (no account needed)",
    tag="resources",
    auth="optional",
    query=ResourceQuery,
    response=ResourcePage,
    errors=(400, 403, 422),
    description="Events that have ended drop out unless `ended=true`.",
)
async def list_resources(call: Call) -> ResourcePage:
    filters = queries.parse_filters(call.request.query_params, call.user)
    page = await queries.list_resources(
        call.user,
        filters,
        cursor=call.query("cursor"),
        limit=pagination.limit_from(call.query("limit")),
        country=crisis.country_for(call.user, call.request.headers.get("accept-language")),
    )
    return ResourcePage.model_validate(page_out(page))


@endpoint(
    "POST",
    "/resources",
    summary="Add a resource (moderators)",
    tag="resources",
    body=NewResource,
    authorise=require_moderator,
    response=ResourceEnvelope,
    status=201,
    errors=(403,),
)
async def create_resource(call: Call) -> ResourceEnvelope:
    resource = await actions.create_resource(call.member(), call.data(NewResource))
    return _envelope(resource)


@endpoint(
    "GET",
    "/resources/crisis-lines",
    summary="Crisis hotlines, a country's own first (else the member's country, else the browser language's)",
    tag="resources",
    auth="optional",
    query=CrisisLineQuery,
    response=CrisisLines,
)
async def crisis_lines(call: Call) -> CrisisLines:
    country = (call.query("country") or "").strip().upper() or None
    if country is None:  # the member's own setting, else the browser's language region
        country = getattr(call.user, "country", None) or crisis.country_from_accept_language(
            call.request.headers.get("accept-language")
        )
    return CrisisLines.model_validate({"items": await crisis.crisis_resources(country)})


@endpoint(
    "POST",
    "/resources/suggestions",
    summary="Suggest a resource (members; a moderator reviews it)",
    tag="resources",
    body=Suggestion,
    response=SuggestionEnvelope,
    status=201,
    errors=(403, 429),
)
async def suggest_resource(call: Call) -> SuggestionEnvelope:
    suggestion = await actions.suggest_resource(call.member(), call.data(Suggestion))
    return SuggestionEnvelope.model_validate({"suggestion": queries.shape_suggestion(suggestion)})


@endpoint(
    "GET",
    "/resources/suggestions",
    summary="Your suggestions and what became of them",
    tag="resources",
    response=Suggestions,
)
async def my_suggestions(call: Call) -> Suggestions:
    return Suggestions.model_validate({"items": await queries.list_my_suggestions(call.member())})


@endpoint(
    "GET",
    "/resources/{id}",
    summary="One resource",
    tag="resources",
    auth="optional",
    response=ResourceEnvelope,
    errors=(404,),
)
async def get_resource(call: Call) -> ResourceEnvelope:
    resource = await queries.get_resource(call.user, call.path_int("id"))
    return ResourceEnvelope.model_validate({"resource": resource})


@endpoint(
    "PATCH",
    "/resources/{id}",
    summary="Edit a resource (moderators); send only what changes",
    tag="resources",
    body=ResourceChange,
    authorise=require_moderator,
    response=ResourceEnvelope,
    errors=(403, 404),
)
async def update_resource(call: Call) -> ResourceEnvelope:
    resource = await actions.update_resource(
        call.member(), call.path_int("id"), call.data(ResourceChange)
    )
    return _envelope(resource)


@endpoint(
    "POST",
    "/resources/{id}/archive",
    summary="Archive a resource (moderators)",
    tag="resources",
    response=ResourceEnvelope,
    errors=(403, 404),
)
async def archive_resource(call: Call) -> ResourceEnvelope:
    resource = await actions.archive_resource(call.member(), call.path_int("id"))
    return _envelope(resource)


def _envelope(resource: ResourceRow) -> ResourceEnvelope:
    return ResourceEnvelope.model_validate({"resource": queries.shape(resource)})
