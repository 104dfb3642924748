"""Pages: the moderators' queue, an item, logs, watched words, members; members' report page and transparency log."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from forum import review
from forum.access import require_member, require_moderator
from forum.auth import load_viewer
from forum.contracts import parse
from forum.errors import CrossroadsError, NotFoundError
from forum.validation import parse_id_or_none
from forum.web.base import form_text, int_param, page, read_form, read_input
from forum.web.base import render as render_page
from moderation import actions, labels, queries
from moderation.priorities import REPORT_LABELS, REPORT_REASONS
from moderation.schemas import (
    Decision,
    FlagWrong,
    Lift,
    NewSanction,
    NewWatchedWord,
    Report,
    WatchedWordChange,
)
from moderation.screens import screen_draft


def _subject_word(subject_type: object) -> str:
    """A log subject's type in words ("watched word", "member"), never the stored name."""
    return queries.subject_words(str(subject_type or ""))


def _report_label(reason: object) -> str:
    """A report reason as the reporter chose it ("Something else"), not its stored value."""
    return REPORT_LABELS.get(str(reason), str(reason).replace("_", " "))


# Moderator screens show words, not stored names (templates/moderation/): helpers in the context of
# moderation's own pages, not filters added to the forum's shared template environment.
_WORDS = {"subject_word": _subject_word, "report_label": _report_label}


async def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """forum.web.base.render with moderation's word helpers in the context."""
    return await render_page(request, template, {**_WORDS, **(context or {})}, status_code)


async def _moderator(request: Request) -> Any:
    return require_moderator(await load_viewer(request))


@page
async def queue_page(request: Request) -> Response:
    viewer = await _moderator(request)
    q = request.query_params
    kind, space, status = q.get("kind") or None, q.get("space") or None, q.get("status") or None
    items = await queries.list_queue(
        viewer, kind=kind, space=space, status=status, cursor=q.get("cursor"), limit=50
    )
    counts = await queries.queue_counts(viewer)
    for c in counts:
        c["age"] = queries.age_words(c["oldest_age_seconds"])
    return await render(
        request,
        "moderation/queue.html",
        {
            "page": items,
            "counts": counts,
            "kind": kind,
            "space": space,
            "status": status or "open",
            "spaces": await queries.space_slugs(),
            "flash": q.get("done"),
        },
    )


@page
async def item_page(request: Request) -> Response:
    viewer = await _moderator(request)
    item_id = int_param(request.path_params["item_id"])
    return await _item(request, viewer, item_id)


async def _item(
    request: Request,
    viewer: Any,
    item_id: int,
    *,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    item = await queries.get_item(viewer, item_id)
    return await render(
        request,
        "moderation/item.html",
        {
            "item": item,
            "errors": errors or {},
            "message": message,
            "values": values or {},
            "flash": request.query_params.get("done"),
        },
        status_code=status_code,
    )


@page
async def item_claim(request: Request) -> Response:
    viewer = await _moderator(request)
    item_id = int_param(request.path_params["item_id"])
    try:
        if form_text(await read_form(request), "op") == "release":
            await actions.release(viewer, item_id)
        else:
            await actions.claim(viewer, item_id)
    except CrossroadsError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return await _item(request, viewer, item_id, message=exc.message, status_code=exc.status)
    return RedirectResponse(f"/moderation/items/{item_id}", status_code=303)


@page
async def item_resolve(request: Request) -> Response:
    viewer = await _moderator(request)
    item_id = int_param(request.path_params["item_id"])
    form = await read_form(request)
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    try:
        await actions.resolve(viewer, item_id, parse(Decision, values))
    except CrossroadsError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return await _item(
            request,
            viewer,
            item_id,
            errors=dict(exc.fields),
            message=exc.message,
            values=values,
            status_code=exc.status,
        )
    return RedirectResponse("/moderation?done=decided", status_code=303)


@page
async def item_flag_wrong(request: Request) -> Response:
    """The moderator marks the item's automatic flags wrong (moderation.labels.mark_wrong)."""
    viewer = await _moderator(request)
    item_id = int_param(request.path_params["item_id"])
    form = await read_form(request)
    try:
        data = parse(FlagWrong, {"note": form_text(form, "wrong_note")})
        await labels.mark_wrong(viewer, item_id, data)
    except CrossroadsError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return await _item(
            request,
            viewer,
            item_id,
            errors={"wrong_note": exc.fields.get("note", "")} if exc.fields else None,
            message=exc.message,
            values={"wrong_note": form_text(form, "wrong_note")},
            status_code=exc.status,
        )
    return RedirectResponse(f"/moderation/items/{item_id}?done=marked-wrong", status_code=303)


@page
async def log_page(request: Request) -> Response:
    viewer = await _moderator(request)
    member = request.query_params.get("member")
    entries = await queries.list_log(
        viewer,
        cursor=request.query_params.get("cursor"),
        limit=50,
        member_id=parse_id_or_none(member) if member else None,
    )
    return await render(request, "moderation/log.html", {"page": entries, "member": member})


@page
async def words_page(request: Request) -> Response:
    viewer = await _moderator(request)
    errors: dict[str, str] = {}
    message = None
    values: dict[str, str] = {}
    status_code = 200
    if request.method == "POST":
        form = await read_form(request)
        values = {"pattern": form_text(form, "pattern"), "action": form_text(form, "action")}
        try:
            await actions.add_watched_word(viewer, await read_input(request, NewWatchedWord))
            return RedirectResponse("/moderation/words", status_code=303)
        except CrossroadsError as exc:
            errors, message, status_code = dict(exc.fields), exc.message, exc.status
    words = await queries.list_watched_words(viewer)
    return await render(
        request,
        "moderation/words.html",
        {"words": words, "errors": errors, "message": message, "values": values},
        status_code=status_code,
    )


@page
async def word_change(request: Request) -> Response:
    viewer = await _moderator(request)
    word_id = int_param(request.path_params["word_id"])
    form = await read_form(request)
    if form_text(form, "op") == "delete":
        await actions.remove_watched_word(viewer, word_id)
    else:
        await actions.update_watched_word(
            viewer, word_id, await read_input(request, WatchedWordChange)
        )
    return RedirectResponse("/moderation/words", status_code=303)


@page
async def member_page(request: Request) -> Response:
    viewer = await _moderator(request)
    return await _member(request, viewer, int_param(request.path_params["user_id"]))


async def _member(
    request: Request,
    viewer: Any,
    user_id: int,
    *,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    member = await queries.get_member(viewer, user_id)
    return await render(
        request,
        "moderation/member.html",
        {
            "member": member,
            "errors": errors or {},
            "message": message,
            "values": values or {},
            "flash": request.query_params.get("done"),
        },
        status_code=status_code,
    )


@page
async def member_sanction(request: Request) -> Response:
    viewer = await _moderator(request)
    user_id = int_param(request.path_params["user_id"])
    form = await read_form(request)
    values = {k: form_text(form, k) for k in ("kind", "until", "days", "reason", "op")}
    kind = values["kind"] if values["kind"] in ("silence", "suspend") else "silence"
    try:
        if values["op"] == "lift":
            await actions.lift(viewer, user_id, kind, parse(Lift, values))
        else:
            await actions.sanction(viewer, user_id, kind, parse(NewSanction, values))
    except CrossroadsError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return await _member(
            request,
            viewer,
            user_id,
            errors=dict(exc.fields),
            message=exc.message,
            values=values,
            status_code=exc.status,
        )
    return RedirectResponse(f"/moderation/members/{user_id}?done={kind}", status_code=303)


# The report pages live at their subjects' addresses; which subject type each reports is all
# they know of it (its report kind, forum.review, says who may report what).
POST_REPORTS, QUESTION_REPORTS = "post", "ama_question"


@page
async def report_page(request: Request) -> Response:
    return await _report_page(request, POST_REPORTS, "post_id", "/p/{}/report")


@page
async def question_report_page(request: Request) -> Response:
    return await _report_page(request, QUESTION_REPORTS, "question_id", "/amas/questions/{}/report")


async def _report_page(request: Request, subject_type: str, param: str, path: str) -> Response:
    """The report form for one subject; sent, the thank-you page; refused, the form again as typed.

    Sending screens the note for crisis before anything else (moderation.actions.report)."""
    viewer = require_member(await load_viewer(request))
    subject_id = int_param(request.path_params[param])

    async def shown() -> dict[str, Any]:
        subject = await actions.report_subject(viewer, subject_type, subject_id)
        return {
            "noun": review.subject_type(subject_type).short,
            "author": subject.author,
            "created_at": subject.created_at,
            "body_html": subject.body_html,
            "action": path.format(subject_id),
            "back": subject.url,
            "back_label": subject.back_label,
        }

    reasons = [(r, REPORT_LABELS[r]) for r in REPORT_REASONS]
    if request.method == "GET":
        return await render(
            request, "moderation/report.html", {"subject": await shown(), "reasons": reasons}
        )
    form = await read_form(request)
    values = {"reason": form_text(form, "reason"), "note": form_text(form, "note")}
    try:
        data = await read_input(request, Report)  # a refused note is crisis-screened there
        await actions.report(viewer, subject_type, subject_id, data)
    except CrossroadsError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return await render(
            request,
            "moderation/report.html",
            {
                "subject": await shown(),
                "reasons": reasons,
                "values": values,
                "errors": dict(exc.fields) or {"reason": exc.message},
                "message": exc.message,
            },
            status_code=exc.status,
        )
    return await render(
        request, "moderation/reported.html", {"subject": await shown()}, status_code=201
    )


@page
async def my_reports_page(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    return await render(
        request, "moderation/my_reports.html", {"reports": await queries.list_my_reports(viewer)}
    )


@page
async def transparency_page(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    entries = await queries.list_public_log(
        viewer, cursor=request.query_params.get("cursor"), limit=50
    )
    return await render(request, "moderation/transparency.html", {"page": entries})


@page
async def draft_screen_page(request: Request) -> Response:
    """The form's preview (static/js/site.js): JSON notes and crisis lines for what is typed."""
    viewer = await load_viewer(request)
    if viewer is None:
        return JSONResponse({"notes": [], "crisis_resources": []}, status_code=401)
    form = await read_form(request)
    return JSONResponse(
        await screen_draft(viewer, form_text(form, "body"), form_text(form, "title"))
    )


routes = [
    Route("/moderation", queue_page, name="moderation.queue"),
    Route("/moderation/items/{item_id}", item_page, name="moderation.item"),
    Route(
        "/moderation/items/{item_id}/claim", item_claim, methods=["POST"], name="moderation.claim"
    ),
    Route(
        "/moderation/items/{item_id}/resolve",
        item_resolve,
        methods=["POST"],
        name="moderation.resolve",
    ),
    Route(
        "/moderation/items/{item_id}/wrong",
        item_flag_wrong,
        methods=["POST"],
        name="moderation.flag_wrong",
    ),
    Route("/moderation/log", log_page, name="moderation.log"),
    Route("/moderation/words", words_page, methods=["GET", "POST"], name="moderation.words"),
    Route("/moderation/words/{word_id}", word_change, methods=["POST"], name="moderation.word"),
    Route("/moderation/members/{user_id}", member_page, name="moderation.member"),
    Route(
        "/moderation/members/{user_id}/sanctions",
        member_sanction,
        methods=["POST"],
        name="moderation.sanction",
    ),
    Route("/p/{post_id}/report", report_page, methods=["GET", "POST"], name="posts.report"),
    Route(
        "/amas/questions/{question_id}/report",
        question_report_page,
        methods=["GET", "POST"],
        name="amas.question_report",
    ),
    Route("/me/reports", my_reports_page, name="moderation.my_reports"),
    Route("/transparency", transparency_page, name="moderation.transparency"),
    Route("/drafts/screen", draft_screen_page, methods=["POST"], name="drafts.screen"),
]
