"""Pages: AMA list, one AMA (ask, vote, answer), scheduling, therapist verification and revocation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from forum import screening
from forum.access import require_member, require_moderator
from forum.amas import actions, queries
from forum.amas.schemas import (
    CREDENTIAL_TYPES,
    NewAma,
    NewAnswer,
    NewQuestion,
    Revocation,
    VerificationApplication,
)
from forum.auth import load_viewer
from forum.contracts import form_fields
from forum.errors import CrossroadsError
from forum.spaces.models import Space
from forum.web.base import form_text, int_param, page, read_form, read_input, render
from forum.web.threads import crisis_redirect


@page
async def index(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    cursor = request.query_params.get("cursor")
    groups, next_cursor = await queries.list_amas(viewer, cursor=cursor)
    return await render(
        request,
        "amas/index.html",
        {
            "groups": groups,
            "older": f"/amas?{urlencode({'cursor': next_cursor})}" if next_cursor else None,
            "later_page": bool(cursor),
        },
    )


async def _show(
    request: Request, ama_id: int, extra: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    viewer = require_member(await load_viewer(request))
    params = request.query_params
    sort, answered = params.get("sort") or "top", params.get("answered") or ""
    if sort not in ("top", "new"):
        sort = "top"
    if answered not in ("", "true", "false"):
        answered = ""
    last = await queries.last_event_id(ama_id)
    ama, questions = await queries.get_ama_page(
        viewer, ama_id, sort=sort, answered=answered, cursor=params.get("cursor")
    )
    base = {"sort": sort, "answered": answered}
    more_link = None
    if questions.next_cursor:
        more_link = f"/amas/{ama_id}?" + urlencode({**base, "cursor": questions.next_cursor})
    context = {
        "ama": ama,
        "questions": questions,
        "sort": sort,
        "answered": answered,
        "last_event_id": last,
        "is_host": ama["host"]["id"] == viewer.id,
        "more_link": more_link,
        "here": f"/amas/{ama_id}?" + urlencode({k: v for k, v in base.items() if v}),
        "answer_errors": {},
        "answer_values": {},
    }
    context.update(extra or {})
    return await render(request, "amas/show.html", context, status_code=status_code)


@page
async def show(request: Request) -> Response:
    return await _show(request, int_param(request.path_params["ama_id"]))


def _back(request: Request, ama_id: int, anchor: str = "") -> str:
    form_back = request.state._state.get("form")
    target = form_text(form_back, "back") if form_back is not None else ""
    if not target.startswith(f"/amas/{ama_id}"):
        target = f"/amas/{ama_id}"
    return target + anchor


@page
async def ask(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    ama_id = int_param(request.path_params["ama_id"])
    form = await read_form(request)
    values = {"body": form_text(form, "body")}
    try:
        data = await read_input(request, NewQuestion)
        result = await actions.ask_question(viewer, ama_id, data)
    except CrossroadsError as exc:
        errors = dict(exc.fields) or {"body": exc.message}
        return await _show(
            request,
            ama_id,
            {"values": values, "errors": errors, "message": exc.message},
            status_code=exc.status,
        )
    target = f"/amas/{ama_id}?sort=new#q-{result.question.id}"
    if result.verdict.crisis:
        return crisis_redirect(target, noun="question", held=result.verdict.action == "hold")
    return RedirectResponse(target, status_code=303)


async def _question_action(request: Request, do: Any) -> Response:
    viewer = require_member(await load_viewer(request))
    question_id = int_param(request.path_params["question_id"])
    await read_form(request)
    question = await do(viewer, question_id)
    return RedirectResponse(_back(request, question.ama_id, f"#q-{question_id}"), status_code=303)


@page
async def vote(request: Request) -> Response:
    return await _question_action(request, actions.vote)


@page
async def unvote(request: Request) -> Response:
    return await _question_action(request, actions.unvote)


@page
async def withdraw(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    question_id = int_param(request.path_params["question_id"])
    question = await actions.withdraw_question(viewer, question_id)
    return RedirectResponse(_back(request, question.ama_id), status_code=303)


@page
async def answer(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    question_id = int_param(request.path_params["question_id"])
    form = await read_form(request)
    body = form_text(form, "body")
    question, ama = await actions.access_question(viewer, question_id)
    try:
        await actions.answer_question(viewer, question_id, await read_input(request, NewAnswer))
    except CrossroadsError as exc:
        if exc.status == 403:
            raise
        return await _show(
            request,
            ama.id,
            {
                "answer_errors": {question_id: exc.fields.get("body", exc.message)},
                "answer_values": {question_id: body},
            },
            status_code=exc.status,
        )
    watch = screening.current()
    if watch is not None and watch.crisis:
        return crisis_redirect(f"/amas/{ama.id}#q-{question_id}", noun="answer", held=False)
    return RedirectResponse(_back(request, ama.id, f"#q-{question_id}"), status_code=303)


async def _space_choices() -> list[tuple[str, str]]:
    return [(s.slug, s.name) for s in await Space.all()]


@page
async def new(request: Request) -> Response:
    viewer = require_moderator(require_member(await load_viewer(request)))
    context = {
        "spaces": await _space_choices(),
        "therapists": await queries.list_therapists(viewer),
    }
    if request.method == "GET":
        return await render(
            request, "amas/new.html", {**context, "values": {"space": "common-ground"}}
        )
    form = await read_form(request)
    values = {
        k: form_text(form, k)
        for k in ("title", "description", "space", "starts_at", "ends_at", "host_id")
    }
    try:
        data = await actions.parse_new_ama(viewer, form_fields(form, NewAma))
        ama = await actions.schedule_ama(viewer, data)
    except CrossroadsError as exc:
        return await render(
            request,
            "amas/new.html",
            {
                **context,
                "values": values,
                "errors": dict(exc.fields) or {"title": exc.message},
                "message": exc.message,
            },
            status_code=exc.status,
        )
    return RedirectResponse(f"/amas/{ama.id}", status_code=303)


@page
async def verify(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    context: dict[str, Any] = {
        "types": CREDENTIAL_TYPES,
        "sent": request.query_params.get("sent") == "1",
    }
    if request.method == "POST":
        form = await read_form(request)
        values = {
            k: form_text(form, k)
            for k in ("credential_type", "jurisdiction", "licence_number", "practice_url")
        }
        try:
            data = await read_input(request, VerificationApplication)
            await actions.apply_for_verification(viewer, data)
        except CrossroadsError as exc:
            context.update(
                values=values, errors=dict(exc.fields) or {"form": exc.message}, message=exc.message
            )
            context["applications"] = await queries.my_applications(viewer)
            return await render(request, "amas/verify.html", context, status_code=exc.status)
        return RedirectResponse("/amas/verify?sent=1", status_code=303)
    context["applications"] = await queries.my_applications(viewer)
    return await render(request, "amas/verify.html", context)


@page
async def application(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    item = await queries.get_application(viewer, int_param(request.path_params["application_id"]))
    return await render(request, "amas/application.html", {"application": item})


@page
async def therapists(request: Request) -> Response:
    viewer = require_moderator(require_member(await load_viewer(request)))
    context: dict[str, Any] = {"revoked": request.query_params.get("revoked")}
    if request.method == "POST":
        form = await read_form(request)
        member_id = int_param(form_text(form, "user_id") or "x")
        try:
            data = await read_input(request, Revocation)
            member = await actions.revoke_therapist(viewer, member_id, data)
        except CrossroadsError as exc:
            if exc.status in (403, 404):
                raise
            context.update(
                errors={member_id: exc.fields.get("reason", exc.message)}, message=exc.message
            )
            context["therapists"] = await queries.list_therapists(viewer)
            return await render(request, "amas/therapists.html", context, status_code=exc.status)
        return RedirectResponse(
            f"/amas/therapists?{urlencode({'revoked': member.username})}", status_code=303
        )
    context["therapists"] = await queries.list_therapists(viewer)
    return await render(request, "amas/therapists.html", context)


routes = [
    Route("/amas", index, name="amas.index"),
    Route("/amas/new", new, methods=["GET", "POST"], name="amas.new"),
    Route("/amas/verify", verify, methods=["GET", "POST"], name="amas.verify"),
    Route("/amas/verify/{application_id}", application, name="amas.application"),
    Route("/amas/therapists", therapists, methods=["GET", "POST"], name="amas.therapists"),
    Route("/amas/{ama_id}", show, name="amas.show"),
    Route("/amas/{ama_id}/questions", ask, methods=["POST"], name="amas.ask"),
    Route("/amas/questions/{question_id}/vote", vote, methods=["POST"], name="amas.vote"),
    Route("/amas/questions/{question_id}/unvote", unvote, methods=["POST"], name="amas.unvote"),
    Route(
        "/amas/questions/{question_id}/withdraw", withdraw, methods=["POST"], name="amas.withdraw"
    ),
    Route("/amas/questions/{question_id}/answer", answer, methods=["POST"], name="amas.answer"),
]
