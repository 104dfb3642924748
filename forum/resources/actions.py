"""Resource directory writes: moderators curate, members suggest, the link checker reports.

Each action validates, authorises, rate-limits and writes in one transaction. The
moderation queue reaches the suggestion and broken-link decisions through
`forum.review` (declared in `review_kinds`, forum.resources.plugin).
"""

from __future__ import annotations

from typing import Any

from forum import crisis, review, screening, throttle
from forum.access import require_member, require_moderator
from forum.accounts.actions import require_can_write
from forum.accounts.models import User
from forum.contracts import parse
from forum.db import transaction
from forum.errors import NotFoundError, ValidationError
from forum.resources.models import (
    KIND_LABELS,
    Audience,
    Format,
    Kind,
    Resource,
    ResourceSuggestion,
    State,
    SuggestionStatus,
    paths_of,
)
from forum.resources.schemas import (
    DATES_ORDER,
    FIELDS,
    NewResource,
    ResourceChange,
    Suggestion,
    check_url,
)
from forum.runtime import now

SUGGESTION_KIND, BROKEN_LINK_KIND = "resource_suggestion", "broken_link"


def _check_dates_against(resource: Resource, values: dict[str, Any]) -> None:
    starts = values.get("starts_on", resource.starts_on)
    ends = values.get("ends_on", resource.ends_on)
    if starts and ends and ends < starts:
        raise ValidationError(DATES_ORDER, fields={"ends_on": DATES_ORDER})


# --------------------------------------------------------------------------- moderators


async def create_resource(user: User | None, data: NewResource) -> Resource:
    """A moderator lists a resource. Raises PermissionDeniedError (not a moderator)."""
    moderator = require_moderator(user)
    async with transaction():
        return await Resource.create(**data.columns(), created_by=moderator, state=State.ACTIVE)


async def _get(resource_id: int) -> Resource:
    resource = await Resource.get_or_none(id=resource_id)
    if resource is None:
        raise NotFoundError("No such resource.")
    return resource


async def erase_member(user: User) -> None:
    """An `erasers` hook (forum.plugins): a deleted member's suggestions lose their note to the
    moderators and their author; what they suggest (a public listing) stays for the moderators to decide."""
    await ResourceSuggestion.filter(author_id=user.id).update(note="", author_id=None)


async def update_resource(user: User | None, resource_id: int, data: ResourceChange) -> Resource:
    """A moderator changes what `data` sends. Raises PermissionDeniedError, NotFoundError,
    ValidationError (the end date before the start date, one of them as stored)."""
    require_moderator(user)
    values = data.columns()
    async with transaction():
        resource = await Resource.select_for_update().get_or_none(id=resource_id)
        if resource is None:
            raise NotFoundError("No such resource.")
        _check_dates_against(resource, values)
        if "url" in values and values["url"] != resource.url:
            # A new address has not been checked yet; a broken one is presumably fixed (the edit
            # form sends the current state back, so "broken" as it was means "not chosen").
            if resource.state == State.BROKEN and values.get("state", State.BROKEN) == State.BROKEN:
                values["state"] = State.ACTIVE
            values["last_checked_at"] = values["last_status"] = None
        for name, value in values.items():
            setattr(resource, name, value)
        await resource.save()
    return resource


async def archive_resource(user: User | None, resource_id: int) -> Resource:
    require_moderator(user)
    async with transaction():
        resource = await _get(resource_id)
        if resource.state != State.ARCHIVED:
            resource.state = State.ARCHIVED
            await resource.save(update_fields=["state", "updated_at"])
    return resource


# --------------------------------------------------------------------------- members


async def suggest_resource(user: User | None, data: Suggestion) -> ResourceSuggestion:
    """A member suggests a resource; a moderator decides (review kind `SUGGESTION_KIND`).
    Raises NotSignedInError, PermissionDeniedError (suspended), RateLimitedError."""
    await screening.crisis_screen(
        "suggestion",
        user,
        **data.model_dump(include={"title", "description", "location", "cost_note", "note"}),
    )
    member = require_member(user)
    require_can_write(member)
    values = data.columns()
    await throttle.hit("resource_suggestion", user=member)
    async with transaction():
        suggestion = await ResourceSuggestion.create(**values, author=member)
        await review.submit(
            SUGGESTION_KIND,
            suggestion.id,
            reasons=[f"{KIND_LABELS[values['kind']]} suggested by a member"],
            author=member,
            note=values.get("note", ""),
        )
    return suggestion


# --------------------------------------------------------------------------- queue decisions


def _suggestion_values(s: ResourceSuggestion) -> dict[str, Any]:
    return {
        "title": s.title,
        "url": s.url,
        "description": s.description,
        "kind": s.kind.value,
        "paths": paths_of(s.audience),
        "format": s.format.value,
        "location": s.location,
        "country": "",
        "starts_on": s.starts_on.isoformat() if s.starts_on else "",
        "ends_on": s.ends_on.isoformat() if s.ends_on else "",
        "cost_note": s.cost_note,
    }


async def approve_suggestion(
    suggestion_id: int, moderator: User, reason: str, data: dict[str, Any]
) -> str | None:
    """Create the resource from the suggestion with the moderator's edits (`data`) applied."""
    async with transaction():
        suggestion = await ResourceSuggestion.select_for_update().get_or_none(id=suggestion_id)
        if suggestion is None or suggestion.status != SuggestionStatus.PENDING:
            return None  # deciding twice is harmless
        merged = _suggestion_values(suggestion) | {
            k: v for k, v in (data or {}).items() if k in FIELDS
        }
        values = parse(NewResource, merged).columns()
        resource = await Resource.create(**values, created_by=moderator, state=State.ACTIVE)
        suggestion.resource_id = resource.id
        await review.record_decision(suggestion, SuggestionStatus.APPROVED, moderator, reason)
    return f"Thank you: your suggestion “{resource.title}” is now in the resource directory."


async def reject_suggestion(
    suggestion_id: int, moderator: User, reason: str, data: dict[str, Any]
) -> str | None:
    async with transaction():
        suggestion = await ResourceSuggestion.select_for_update().get_or_none(id=suggestion_id)
        if suggestion is None or suggestion.status != SuggestionStatus.PENDING:
            return None
        await review.record_decision(suggestion, SuggestionStatus.REJECTED, moderator, reason)
    why = f" The moderator's reason: {reason}" if reason else ""
    return f"Thank you for suggesting “{suggestion.title}”. It was not added to the resource directory.{why}"


async def keep_listed(
    resource_id: int, moderator: User, reason: str, data: dict[str, Any]
) -> str | None:
    """A broken-link item: the link works after all, or the moderator gave a corrected address."""
    async with transaction():
        resource = await Resource.select_for_update().get_or_none(id=resource_id)
        if resource is None:
            return None
        if (data or {}).get("url") not in (None, "", resource.url):
            resource.url = check_url(data["url"])
            resource.last_checked_at = resource.last_status = None
        if resource.state == State.BROKEN:
            resource.state = State.ACTIVE
        await resource.save()
    return None


async def archive_broken(
    resource_id: int, moderator: User, reason: str, data: dict[str, Any]
) -> str | None:
    async with transaction():
        resource = await Resource.select_for_update().get_or_none(id=resource_id)
        if resource is not None and resource.state != State.ARCHIVED:
            resource.state = State.ARCHIVED
            await resource.save(update_fields=["state", "updated_at"])
    return None


async def describe_suggestion(suggestion_id: int) -> review.Subject | None:
    return (await describe_suggestions([suggestion_id])).get(suggestion_id)


async def describe_suggestions(ids: list[int]) -> dict[int, review.Subject]:
    return {s.id: _suggestion_subject(s) for s in await ResourceSuggestion.filter(id__in=ids)}


def _suggestion_subject(s: ResourceSuggestion) -> review.Subject:
    fields = _suggestion_values(s)
    fields["paths"] = ", ".join(fields["paths"])
    if s.note:
        fields["note from the member"] = s.note
    return review.Subject(
        title=f"Suggested resource: {s.title}",
        summary=s.description,
        url=None,
        author_id=s.author_id,
        fields=fields,
        editable=FIELDS,
    )


async def describe_broken(resource_id: int) -> review.Subject | None:
    return (await describe_broken_many([resource_id])).get(resource_id)


async def describe_broken_many(ids: list[int]) -> dict[int, review.Subject]:
    return {r.id: _broken_subject(r) for r in await Resource.filter(id__in=ids)}


def _broken_subject(r: Resource) -> review.Subject:
    checked = r.last_checked_at.strftime("%Y-%m-%d %H:%M UTC") if r.last_checked_at else "never"
    return review.Subject(
        title=f"Broken link: {r.title}",
        summary=f"The last link check ({checked}) got: {r.last_status or 'no answer'}.",
        url=f"/resources/{r.id}",
        fields={
            "url": r.url,
            "kind": r.kind.value,
            "state": r.state.value,
            "last status": r.last_status or "",
        },
        editable=("url",),
    )


def review_kinds() -> tuple[review.Kind, ...]:
    """The directory's review kinds, declared by its plugin (forum.resources.plugin)."""
    return (
        review.Kind(
            name=SUGGESTION_KIND,
            label="Resource suggestion",
            subject_type="resource_suggestion",
            decisions=(
                review.Decision(
                    "approve", "Add to the directory (with your edits)", approve_suggestion
                ),
                review.Decision("reject", "Decline", reject_suggestion, needs_reason=True),
            ),
            describe=describe_suggestion,
            describe_many=describe_suggestions,
            priority=10,
        ),
        review.Kind(
            name=BROKEN_LINK_KIND,
            label="Broken resource link",
            subject_type="resource",
            decisions=(
                review.Decision(
                    "approve",
                    "Keep listed (the link works, or use the corrected address)",
                    keep_listed,
                ),
                review.Decision("reject", "Archive the resource", archive_broken),
            ),
            describe=describe_broken,
            describe_many=describe_broken_many,
            priority=20,
        ),
    )


# --------------------------------------------------------------------------- link checks


async def record_check(resource_id: int, *, ok: bool, status: str) -> Resource | None:
    """Store what a link check saw; a failure marks the resource broken and asks a moderator."""
    async with transaction():
        resource = await Resource.select_for_update().get_or_none(id=resource_id)
        if resource is None:
            return None
        resource.last_checked_at = now()
        resource.last_status = status[:200]
        newly_broken = not ok and resource.state == State.ACTIVE
        if newly_broken:
            resource.state = State.BROKEN
        elif ok and resource.state == State.BROKEN:
            resource.state = State.ACTIVE
        await resource.save(update_fields=["last_checked_at", "last_status", "state", "updated_at"])
        if newly_broken:
            await review.submit(
                BROKEN_LINK_KIND,
                resource.id,
                reasons=[f"Link check failed: {resource.last_status}"],
                # A crisis line that cannot be reached matters more than a workshop.
                priority=50 if resource.kind == Kind.HOTLINE else None,
            )
    return resource


# --------------------------------------------------------------------------- defaults

# The shipped hotlines are forum.crisis's default lines (the ones with a web page), each with a
# key so start-up creates it once, in the same order.
_HOTLINE_KEYS = (
    "hotline:us-988",
    "hotline:us-ndvh",
    "hotline:uk-ie-samaritans",
    "hotline:ca-988",
    "hotline:au-lifeline",
    "hotline:br-cvv",
    "hotline:intl-findahelpline",
)
DEFAULT_HOTLINES: list[dict[str, Any]] = [
    {
        "title": line["title"],
        "description": line["description"],
        "url": line["url"],
        "country": line["country"],
        "phone": line["phone"] or "",
        "sms": line["sms"] or "",
        "hours": line["hours"] or "",
        "key": key,
        "position": n,
    }
    for n, (key, line) in enumerate(
        zip(_HOTLINE_KEYS, [entry for entry in crisis.DEFAULT_LINES if entry["url"]], strict=True),
        1,
    )
]


async def ensure_default_hotlines() -> int:
    """Create each shipped hotline once (a moderator's later edits or archiving stick). Idempotent.

    A shipped line created before hotlines had numbers gets its numbers (only where still empty)."""
    created = 0
    for spec in DEFAULT_HOTLINES:
        defaults = {k: v for k, v in spec.items() if k != "key"}
        defaults |= {
            "kind": Kind.HOTLINE,
            "audience": Audience.BOTH,
            "format": Format.ONLINE,
            "location": "",
        }
        row, was_created = await Resource.get_or_create(key=spec["key"], defaults=defaults)
        created += int(was_created)
        if not was_created and not (row.phone or row.sms or row.hours):
            await Resource.filter(id=row.id).update(
                phone=spec["phone"], sms=spec["sms"], hours=spec["hours"]
            )
    return created
