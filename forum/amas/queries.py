"""AMA reads, shaped for pages and the API, in a fixed number of queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count

from forum import events, pagination
from forum.access import readable_space_ids, require_member, require_moderator
from forum.accounts.models import User, badges_for
from forum.amas.actions import ANSWER_GRACE, NOTICE, access_ama, can_withdraw, phase
from forum.amas.models import (
    Ama,
    AmaAnswer,
    AmaEvent,
    AmaQuestion,
    AmaVote,
    QuestionStatus,
    TherapistApplication,
)
from forum.blocks.queries import hidden_for
from forum.db import column_values
from forum.errors import ValidationError
from forum.pagination import Page
from forum.runtime import now

QUESTIONS_PER_PAGE = 50
REPLAY_LIMIT = 1000


def _author(username: str, roles: Any, credential: str | None, deleted_at: Any) -> dict[str, Any]:
    if deleted_at is not None:
        return {"username": "former member", "badges": []}
    return {"username": username, "badges": badges_for(roles, credential)}


def shape_ama(
    ama: Ama, *, question_count: int | None = None, at: datetime | None = None
) -> dict[str, Any]:
    current = phase(ama, at)
    out = {
        "id": ama.id,
        "title": ama.title,
        "description_html": ama.description_html,
        "host": {
            "id": ama.host.id,
            "username": ama.host.username,
            "badges": badges_for(ama.host.roles, ama.host.credential),
        },
        "space": ama.space.slug,
        "space_name": ama.space.name,
        "starts_at": ama.starts_at,
        "ends_at": ama.ends_at,
        "answers_close_at": ama.ends_at + ANSWER_GRACE,
        "status": current,
        "accepting_questions": current != "past",
        "notice": NOTICE,
    }
    if question_count is not None:
        out["question_count"] = question_count
    return out


PAST_PER_PAGE = 25


async def _question_counts(ama_ids: list[int]) -> dict[int, int]:
    if not ama_ids:
        return {}
    rows = (
        await AmaQuestion.filter(ama_id__in=ama_ids, status=QuestionStatus.PUBLISHED)
        .annotate(n=Count("id"))
        .group_by("ama_id")
        .values("ama_id", "n")
    )
    return {r["ama_id"]: r["n"] for r in rows}


async def list_amas(
    viewer: User | None, *, cursor: str | None = None, limit: int = PAST_PER_PAGE
) -> tuple[dict[str, list[dict[str, Any]]], str | None]:
    """Live and upcoming AMAs (soonest first; first page only) and a page of past ones (latest first),
    in spaces the member can read; returns the groups and the cursor of the next page of past AMAs."""
    viewer = require_member(viewer)
    space_ids = await readable_space_ids(viewer)
    visible = Q(space_id__in=space_ids) | Q(
        host_id=viewer.id
    )  # hosts see their own AMAs (see access_ama)
    at = now()
    after = pagination.decode(cursor, datetime.fromisoformat, int)
    current: list[Ama] = []
    if after is None:
        current = (
            await Ama.filter(visible, ends_at__gt=at)
            .select_related("space", "host")
            .order_by("starts_at", "id")
        )
    past_query = Ama.filter(visible, ends_at__lte=at)
    if after is not None:
        ends, last_id = after
        past_query = past_query.filter(Q(ends_at__lt=ends) | Q(ends_at=ends, id__lt=last_id))
    page = pagination.page_of(
        await past_query.select_related("space", "host")
        .order_by("-ends_at", "-id")
        .limit(limit + 1),
        limit,
        lambda a: (a.ends_at.isoformat(), a.id),
    )
    past, next_cursor = page.items, page.next_cursor
    counts = await _question_counts([a.id for a in (*current, *past)])
    out: dict[str, list[dict[str, Any]]] = {"upcoming": [], "live": [], "past": []}
    for ama in (*current, *past):
        shaped = shape_ama(ama, question_count=counts.get(ama.id, 0), at=at)
        out[shaped["status"]].append(shaped)
    return out, next_cursor


def parse_sort(value: str | None) -> str:
    if value in (None, "", "top", "new"):
        return value or "top"
    message = "sort is top or new."
    raise ValidationError(message, fields={"sort": message})


def parse_answered(value: str | None) -> bool | None:
    if value in (None, "", "all"):
        return None
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    message = "answered is true or false."
    raise ValidationError(message, fields={"answered": message})


_Q_FIELDS = (
    "id",
    "ama_id",
    "author_id",
    "author__username",
    "author__roles",
    "author__credential",
    "author__deleted_at",
    "body_html",
    "status",
    "status_reason",
    "vote_count",
    "answer_count",
    "created_at",
)


async def get_ama_page(
    viewer: User | None,
    ama_id: int,
    *,
    sort: str | None = None,
    answered: str | None = None,
    cursor: str | None = None,
    limit: int = QUESTIONS_PER_PAGE,
) -> tuple[dict[str, Any], Page[dict[str, Any]]]:
    viewer = require_member(viewer)
    ama = await access_ama(viewer, ama_id)
    order = parse_sort(sort)
    only = parse_answered(answered)
    offset = 0
    if cursor:
        (offset,) = pagination.decode(cursor, int) or [0]
        if not isinstance(offset, int) or offset < 0:
            offset = 0
    visible = Q(status=QuestionStatus.PUBLISHED) | Q(
        status=QuestionStatus.PENDING, author_id=viewer.id
    )
    if viewer.is_moderator:
        visible = Q(status__in=[QuestionStatus.PUBLISHED, QuestionStatus.PENDING])
    query = AmaQuestion.filter(visible, ama_id=ama.id)
    hidden = await hidden_for(viewer)
    if hidden:  # questions by members the viewer blocked
        query = query.exclude(author_id__in=hidden)
    if only is True:
        query = query.filter(answer_count__gt=0)
    elif only is False:
        query = query.filter(answer_count=0)
    ordering = ("-vote_count", "id") if order == "top" else ("-id",)
    rows = await query.order_by(*ordering).offset(offset).limit(limit + 1).values(*_Q_FIELDS)
    # An offset page (votes move while it is read): the cursor is where the next page starts.
    page = pagination.page_of(rows, limit, lambda _: (offset + limit,))
    return shape_ama(ama), page.with_items(await shape_questions(page.items, viewer, ama))


async def shape_questions(
    rows: list[dict[str, Any]], viewer: User, ama: Ama
) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    mine: set[int] = set()
    answers: dict[int, list[dict[str, Any]]] = {}
    if ids:
        mine = set(
            await column_values(
                AmaVote.filter(question_id__in=ids, user_id=viewer.id), "question_id"
            )
        )
        for a in (
            await AmaAnswer.filter(question_id__in=ids)
            .order_by("id")
            .values(
                "id",
                "question_id",
                "author__username",
                "author__roles",
                "author__credential",
                "author__deleted_at",
                "body_html",
                "created_at",
            )
        ):
            answers.setdefault(a["question_id"], []).append(
                {
                    "id": a["id"],
                    "author": _author(
                        a["author__username"],
                        a["author__roles"],
                        a["author__credential"],
                        a["author__deleted_at"],
                    ),
                    "body_html": a["body_html"],
                    "created_at": a["created_at"],
                }
            )
    out = []
    for r in rows:
        status = QuestionStatus(r["status"])
        is_mine = r["author_id"] == viewer.id
        out.append(
            {
                "id": r["id"],
                "ama_id": r["ama_id"],
                "author": _author(
                    r["author__username"],
                    r["author__roles"],
                    r["author__credential"],
                    r["author__deleted_at"],
                ),
                "body_html": r["body_html"],
                "status": status.value,
                "status_reason": r["status_reason"] if status == QuestionStatus.PENDING else None,
                "vote_count": r["vote_count"],
                "voted_by_me": r["id"] in mine,
                "answered": r["answer_count"] > 0,
                "answers": answers.get(r["id"], []),
                "mine": is_mine,
                "can_withdraw": can_withdraw(viewer, r["author_id"], r["answer_count"]),
                "created_at": r["created_at"],
            }
        )
    return out


async def get_question(viewer: User, question_id: int) -> dict[str, Any]:
    from forum.amas.actions import access_question

    question, ama = await access_question(viewer, question_id)
    rows = await AmaQuestion.filter(id=question.id).values(*_Q_FIELDS)
    return (await shape_questions(rows, viewer, ama))[0]


async def events_after(
    ama_id: int, last_id: int, limit: int = REPLAY_LIMIT, until: int | None = None
) -> list[dict[str, Any]]:
    """Logged events with last_id < seq (<= until), oldest first, shaped as published on the bus
    but showing each subject as it is *now* (forum.events.render_replay): a question withdrawn,
    removed, held or erased since replays as ``question_removed``, never with its old text."""
    query = AmaEvent.filter(ama_id=ama_id, seq__gt=last_id)
    if until is not None:
        query = query.filter(seq__lte=until)
    rows = await query.order_by("seq").limit(limit).values("seq", "kind", "data")
    return await events.render_replay(rows, REPLAY_RENDERERS)


def _removed(question_id: Any) -> tuple[str, dict[str, Any]]:
    return "question_removed", {"id": question_id}


async def _live_questions(ids: list[Any]) -> dict[int, dict[str, Any]]:
    """Published questions by id (author fields included)."""
    wanted = [i for i in ids if isinstance(i, int)]
    if not wanted:
        return {}
    rows = await AmaQuestion.filter(id__in=wanted, status=QuestionStatus.PUBLISHED).values(
        *_Q_FIELDS
    )
    return {r["id"]: r for r in rows}


async def _replay_questions(refs: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    live = await _live_questions([r.get("id") for r in refs])
    out = []
    for ref in refs:
        ref_id = ref.get("id")
        row = live.get(ref_id) if ref_id is not None else None
        if row is None:
            out.append(_removed(ref.get("id")))
            continue
        out.append(
            (
                "question",
                {
                    "id": row["id"],
                    "ama_id": row["ama_id"],
                    "author": _author(
                        row["author__username"],
                        row["author__roles"],
                        row["author__credential"],
                        row["author__deleted_at"],
                    ),
                    "body_html": row["body_html"],
                    "vote_count": row["vote_count"],
                    "answered": row["answer_count"] > 0,
                    "answers": [],
                    "created_at": row["created_at"],
                },
            )
        )
    return out


async def _replay_votes(refs: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    live = await _live_questions([r.get("id") for r in refs])
    return [
        ("votes", {"id": ref["id"], "vote_count": live[ref["id"]]["vote_count"]})
        if ref.get("id") in live
        else _removed(ref.get("id"))
        for ref in refs
    ]


async def _replay_answers(refs: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    ids = [r.get("id") for r in refs if isinstance(r.get("id"), int)]
    rows = (
        {
            a["id"]: a
            for a in await AmaAnswer.filter(id__in=ids).values(
                "id",
                "question_id",
                "question__status",
                "author__username",
                "author__roles",
                "author__credential",
                "author__deleted_at",
                "body_html",
                "created_at",
            )
        }
        if ids
        else {}
    )
    out = []
    for ref in refs:
        a = rows.get(ref.get("id"))
        if a is None or a["question__status"] != QuestionStatus.PUBLISHED:
            out.append(_removed(a["question_id"] if a else ref.get("question_id")))
            continue
        out.append(
            (
                "answer",
                {
                    "question_id": a["question_id"],
                    "id": a["id"],
                    "author": _author(
                        a["author__username"],
                        a["author__roles"],
                        a["author__credential"],
                        a["author__deleted_at"],
                    ),
                    "body_html": a["body_html"],
                    "created_at": a["created_at"],
                },
            )
        )
    return out


async def _replay_removed(refs: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [_removed(ref.get("id")) for ref in refs]


# How each AMA event kind replays (a fixed table): a kind missing here is never replayed with content.
REPLAY_RENDERERS: dict[str, events.ReplayRenderer] = {
    "question": _replay_questions,
    "votes": _replay_votes,
    "answer": _replay_answers,
    "question_removed": _replay_removed,
}


async def last_event_id(ama_id: int) -> int:
    rows = await column_values(Ama.filter(id=ama_id), "event_seq")
    return rows[0] if rows else 0


def shape_application(a: TherapistApplication) -> dict[str, Any]:
    return {
        "id": a.id,
        "user_id": a.user_id,
        "credential_type": a.credential_type,
        "jurisdiction": a.jurisdiction,
        "licence_number": a.licence_number,
        "practice_url": a.practice_url,
        "status": a.status.value,
        "reason": a.reason,
        "created_at": a.created_at,
        "decided_at": a.decided_at,
    }


async def my_applications(viewer: User | None) -> list[dict[str, Any]]:
    viewer = require_member(viewer)
    return [
        shape_application(a)
        for a in await TherapistApplication.filter(user_id=viewer.id).order_by("-id")
    ]


async def get_application(viewer: User | None, application_id: int) -> dict[str, Any]:
    """The applicant or a moderator."""
    from forum.errors import NotFoundError

    viewer = require_member(viewer)
    a = await TherapistApplication.get_or_none(id=application_id).select_related("user")
    if a is None or (a.user_id != viewer.id and not viewer.is_moderator):
        raise NotFoundError("No such application.")
    out = shape_application(a)
    out["username"] = a.user.username
    return out


async def list_therapists(viewer: User | None) -> list[dict[str, Any]]:
    """Verified therapists (for the schedule form and the revoke page): moderators only."""
    require_moderator(viewer)
    # Verification sets a credential and revoking clears it: the database narrows to them, the role decides.
    users = (
        await User.filter(deleted_at=None, credential__isnull=False)
        .order_by("username_key")
        .values("id", "username", "roles", "credential")
    )
    return [
        {"id": u["id"], "username": u["username"], "credential": u["credential"]}
        for u in users
        if "therapist" in (u["roles"] or [])
    ]


async def export_member(user: User) -> dict[str, Any]:
    """A member's AMA data for their data export."""
    questions = (
        await AmaQuestion.filter(author_id=user.id)
        .order_by("id")
        .values("id", "ama_id", "body_md", "status", "created_at")
    )
    answers = (
        await AmaAnswer.filter(author_id=user.id)
        .order_by("id")
        .values("id", "question_id", "body_md", "created_at")
    )
    votes = await AmaVote.filter(user_id=user.id).order_by("id").values("question_id", "created_at")
    applications = [
        shape_application(a)
        for a in await TherapistApplication.filter(user_id=user.id).order_by("id")
    ]
    return {
        "ama_questions": questions,
        "ama_answers": answers,
        "ama_votes": votes,
        "therapist_applications": applications,
    }
