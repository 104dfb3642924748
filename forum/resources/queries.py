"""Resource directory reads: the filtered directory, one resource, a space's aside, crisis lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from tortoise.expressions import Q

from forum import pagination
from forum.accounts.models import User
from forum.errors import NotFoundError, PermissionDeniedError, ValidationError
from forum.resources.models import (
    FORMAT_LABELS,
    KIND_LABELS,
    Audience,
    Format,
    Kind,
    Resource,
    ResourceSuggestion,
    State,
    paths_of,
)
from forum.runtime import now

SPACE_ASIDE_LIMIT = 8


@dataclass(frozen=True)
class Filters:
    kind: Kind | None = None
    path: str | None = None  # staying | leaving
    format: Format | None = None
    location: str = ""
    country: str | None = None
    q: str = ""
    include_ended: bool = False
    state: State = State.ACTIVE

    def as_params(self) -> dict[str, str]:
        """The filters as query parameters (for links to further pages)."""
        out = {
            "kind": self.kind.value if self.kind else "",
            "path": self.path or "",
            "format": self.format.value if self.format else "",
            "location": self.location,
            "country": self.country or "",
            "q": self.q,
            "ended": "1" if self.include_ended else "",
            "state": self.state.value if self.state != State.ACTIVE else "",
        }
        return {k: v for k, v in out.items() if v}


def parse_filters(params: Mapping[str, str], viewer: User | None) -> Filters:
    """Query parameters -> Filters; an unknown value is a 422 naming the parameter."""
    errors: dict[str, str] = {}

    def choice(name: str, allowed: dict[str, Any]) -> Any:
        raw = (params.get(name) or "").strip()
        if not raw:
            return None
        if raw not in allowed:
            errors[name] = f"{name} is one of: {', '.join(allowed)}."
            return None
        return allowed[raw]

    kind = choice("kind", {k.value: k for k in Kind})
    path = choice("path", {"staying": "staying", "leaving": "leaving"})
    fmt = choice("format", {f.value: f for f in Format})
    state = choice("state", {s.value: s for s in State}) or State.ACTIVE
    country = (params.get("country") or "").strip().upper() or None
    if country is not None and not (len(country) == 2 and country.isalpha() and country.isascii()):
        errors["country"] = "country is a two-letter code such as US, GB or IE."
    location = (params.get("location") or "").strip()[:120]
    q = (params.get("q") or "").strip()[:120]
    include_ended = (params.get("ended") or params.get("include_ended") or "") in (
        "1",
        "true",
        "yes",
        "on",
    )
    if errors:
        raise ValidationError("Some filters are not valid.", fields=errors)
    if state != State.ACTIVE and (viewer is None or not viewer.is_moderator):
        raise PermissionDeniedError("Only moderators can see archived and broken resources.")
    return Filters(kind, path, fmt, location, country, q, include_ended, state)


def domain_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def today() -> date:
    return now().date()


def _not_ended(on: date) -> Q:
    """Events whose last day is today or later, and everything without dates."""
    return Q(ends_on__gte=on) | Q(ends_on=None, starts_on__gte=on) | Q(ends_on=None, starts_on=None)


def shape(r: Resource, *, on: date | None = None) -> dict[str, Any]:
    on = on or today()
    last_day = r.ends_on or r.starts_on
    return {
        "id": r.id,
        "title": r.title,
        "url": r.url,
        "domain": domain_of(r.url),
        "description": r.description,
        "kind": r.kind.value,
        "kind_label": KIND_LABELS[r.kind],
        "paths": paths_of(r.audience),
        "format": r.format.value,
        "format_label": FORMAT_LABELS[r.format],
        "location": r.location,
        "country": r.country,
        "phone": r.phone or None,
        "sms": r.sms or None,
        "hours": r.hours or None,
        "starts_on": r.starts_on.isoformat() if r.starts_on else None,
        "ends_on": r.ends_on.isoformat() if r.ends_on else None,
        "ended": bool(last_day and last_day < on),
        "cost_note": r.cost_note,
        "state": r.state.value,
        "last_checked_at": r.last_checked_at,
        "last_status": r.last_status,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def _filtered(filters: Filters, on: date) -> Any:
    query = Resource.filter(state=filters.state)
    if filters.kind:
        query = query.filter(kind=filters.kind)
    if filters.path:
        query = query.filter(audience__in=[filters.path, Audience.BOTH])
    if filters.format:
        # Hybrid events serve both the people looking for in-person and for online help.
        query = query.filter(format__in=[filters.format, Format.HYBRID])
    if filters.location:
        query = query.filter(location__icontains=filters.location)
    if filters.country:
        query = query.filter(Q(country=filters.country) | Q(country=None))
    if filters.q:
        query = query.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q))
    if not filters.include_ended:
        query = query.filter(_not_ended(on))
    return query


async def list_resources(
    viewer: User | None,
    filters: Filters,
    *,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    country: str | None = None,
) -> pagination.Page[dict[str, Any]]:
    """The directory, one keyset page. **Crisis lines first**: the first page opens with every
    matching hotline (the viewer's `country` first, then lines for anywhere, then the rest), and
    the pages go on with everything else. With a path: that path's own resources first, then
    shared ones; otherwise by title."""
    from forum.crisis import order_lines

    on = today()
    hotlines: list[dict[str, Any]] = []
    if cursor is None and filters.kind in (None, Kind.HOTLINE):
        rows = (
            await _filtered(filters, on)
            .filter(kind=Kind.HOTLINE)
            .order_by("position", "title", "id")
        )
        by_id = {r.id: r for r in rows}
        ranked = order_lines(
            [{"id": r.id, "country": r.country, "name": r.title, "url": r.url} for r in rows],
            country,
        )
        hotlines = [shape(by_id[line["id"]], on=on) for line in ranked if "id" in line]
    if filters.kind == Kind.HOTLINE:
        return pagination.Page(hotlines, None)
    query = _filtered(filters, on).exclude(kind=Kind.HOTLINE)

    by_path = filters.path is not None
    after = pagination.decode(cursor, *((str, str, int) if by_path else (str, int)))
    if by_path:
        # The path's own resources, then shared ones: one (title, id) range per audience on the
        # (state, audience, title, id) index, read only as far as the page needs (no sort of the
        # whole directory).
        audiences = sorted({str(filters.path), Audience.BOTH.value}, reverse=True)
        start = after[0] if after is not None else audiences[0]
        rows = []
        for audience in audiences:
            if audience > start:
                continue  # pages already gone past
            part = query.filter(audience=audience)
            if after is not None and audience == start:
                _, title, last_id = after
                part = part.filter(Q(title__gt=title) | Q(title=title, id__gt=last_id))
            rows += await part.order_by("title", "id").limit(limit + 1 - len(rows))
            if len(rows) > limit:
                break
    else:
        if after is not None:
            title, last_id = after
            query = query.filter(Q(title__gt=title) | Q(title=title, id__gt=last_id))
        rows = await query.order_by("title", "id").limit(limit + 1)
    page = pagination.page_of(
        rows, limit, lambda r: (r.audience.value, r.title, r.id) if by_path else (r.title, r.id)
    )
    return page.with_items([*hotlines, *(shape(r, on=on) for r in page.items)])


async def get_resource(viewer: User | None, resource_id: int) -> dict[str, Any]:
    """Active resources for everyone; archived and broken ones for moderators only."""
    resource = await Resource.get_or_none(id=resource_id)
    if resource is None or (
        resource.state != State.ACTIVE and not (viewer and viewer.is_moderator)
    ):
        raise NotFoundError("No such resource.")
    return shape(resource)


async def space_resources(space: Any, viewer: User | None) -> dict[str, Any]:
    """A `space_context` hook (forum.plugins): the resources for this space's path, beside its threads.

    A path's own space shows that path's resources first, then shared ones; common ground
    (no single audience) shows the resources that serve both paths.
    """
    on = today()
    query = Resource.filter(state=State.ACTIVE).exclude(kind=Kind.HOTLINE).filter(_not_ended(on))
    if space.audience in (Audience.STAYING, Audience.LEAVING):
        query = query.filter(audience__in=[space.audience, Audience.BOTH]).order_by(
            "-audience", "title", "id"
        )
    else:
        query = query.filter(audience=Audience.BOTH).order_by("title", "id")
    rows = await query.limit(SPACE_ASIDE_LIMIT)
    return {
        "resources": [
            {
                "id": r.id,
                "url": r.url,
                "title": r.title,
                "kind": KIND_LABELS[r.kind],
                "domain": domain_of(r.url),
            }
            for r in rows
        ]
    }


async def crisis_lines(country: str | None = None) -> list[dict[str, Any]]:
    """Hotlines from the directory, shaped like `forum.crisis.DEFAULT_LINES`
    (`{name, phone, sms, url, country, hours, title, description}`).

    Lines whose link check failed stay listed (the phone number still works); archived
    ones do not. With a country, its lines come first, then those for anywhere, then
    the rest; the emergency-number reminder always comes last (forum.crisis.order_lines).
    """
    from forum.crisis import order_lines

    rows = await Resource.filter(
        kind=Kind.HOTLINE, state__in=[State.ACTIVE, State.BROKEN]
    ).order_by("position", "title", "id")
    if not rows:
        return []
    lines = [hotline_out(r) for r in rows]
    return order_lines(lines, country)


def hotline_out(r: Resource) -> dict[str, Any]:
    """One hotline as a crisis line."""
    return {
        "name": r.title,
        "title": r.title,
        "description": r.description,
        "phone": r.phone or None,
        "sms": r.sms or None,
        "url": r.url,
        "country": r.country,
        "hours": r.hours or None,
    }


def shape_suggestion(s: ResourceSuggestion) -> dict[str, Any]:
    """A suggestion as its author sees it."""
    return {
        "id": s.id,
        "title": s.title,
        "url": s.url,
        "description": s.description,
        "kind": s.kind.value,
        "paths": paths_of(s.audience),
        "status": s.status.value,
        "reason": s.reason,
        "resource_id": s.resource_id,
        "created_at": s.created_at,
    }


async def list_my_suggestions(user: User) -> list[dict[str, Any]]:
    return [
        shape_suggestion(s)
        for s in await ResourceSuggestion.filter(author_id=user.id).order_by("-id").limit(200)
    ]


async def export_suggestions(user: User) -> dict[str, Any]:
    """An `exporters` hook (forum.plugins): a member's own suggestions."""
    items = await list_my_suggestions(user)
    for item in items:
        item["created_at"] = item["created_at"].isoformat()
    return {"resource_suggestions": items}
