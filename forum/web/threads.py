"""Pages: landing, guidelines, spaces, threads, replies, edits, deletion, history."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from forum import crisis, pagination, runtime
from forum.access import access_post, access_thread, require_member
from forum.auth import load_viewer
from forum.contracts import parse
from forum.drafts import actions as drafts
from forum.drafts.schemas import DraftText, Preview
from forum.errors import ConflictError, CrossroadsError, NotFoundError, ValidationError
from forum.following import actions as following_actions
from forum.following import queries as following_queries
from forum.reactions import actions as reactions
from forum.spaces import queries as space_queries
from forum.spaces.actions import set_start_here
from forum.spaces.schemas import StartHereChoice
from forum.threads import actions, queries
from forum.threads.actions import PostResult
from forum.threads.schemas import NewPost, NewThread, PostEdit
from forum.validation import parse_id_or_none
from forum.web.base import (
    form_text,
    int_param,
    page,
    read_form,
    read_input,
    render,
)

POSTS_PER_PAGE = 25


@page
async def home(request: Request) -> Response:
    viewer = await load_viewer(request)
    if viewer is None:
        return await render(
            request, "home/landing.html", {"deleted": request.query_params.get("deleted")}
        )
    spaces = await space_queries.list_spaces(viewer)
    recent = {}
    for space in spaces:
        _, threads = await queries.get_space_page(viewer, space["slug"], limit=5)
        recent[space["slug"]] = threads.items
    unread = await following_queries.unread_followed_by_space(viewer)
    return await render(
        request, "home/index.html", {"spaces": spaces, "recent": recent, "unread_by_space": unread}
    )


@page
async def leave_no_trace(request: Request) -> Response:
    """A short guide to keeping visits off a shared device (linked from the landing and welcome pages)."""
    return await render(request, "home/leave_no_trace.html", {})


async def guidelines(request: Request) -> Response:
    return await render(
        request, "home/guidelines.html", {"spaces": await space_queries.list_guidelines()}
    )


@page
async def space_show(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    unanswered = request.query_params.get("filter") == "unanswered"
    space, threads = await queries.get_space_page(
        viewer,
        request.path_params["slug"],
        cursor=request.query_params.get("cursor"),
        unanswered=unanswered,
    )
    context: dict[str, Any] = {
        "space": space,
        "page": threads,
        "unanswered": unanswered,
        "start_here": await space_queries.get_start_here(viewer, space),
    }
    # Plugins add to a space page's context (resources: the `resources` aside), from the registry.
    for extend in runtime.registry().space_context:
        context.update(await extend(space, viewer))
    return await render(request, "spaces/show.html", context)


@page
async def thread_new(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    slug = request.path_params["slug"]
    space, _ = await queries.get_space_page(viewer, slug, limit=1)
    key = f"new-{space.slug}"
    if request.method == "GET":
        saved = await drafts.find_draft(viewer, key)
        values = {"title": saved.title or "", "body": saved.body} if saved else {}
        return await render(
            request,
            "threads/new.html",
            {
                "space": space,
                "values": values,
                "draft_key": key,
                "draft_restored": saved is not None,
            },
        )
    form = await read_form(request)
    values = {"title": form_text(form, "title"), "body": form_text(form, "body")}
    context: dict[str, Any] = {"space": space, "draft_key": key}
    try:
        if (extra := await _preview_or_save(viewer, form, key, values)) is not None:
            return await render(request, "threads/new.html", {**context, **extra, "values": values})
        result = await actions.create_thread(viewer, slug, await read_input(request, NewThread))
    except CrossroadsError as exc:
        return await _form_again(request, "threads/new.html", context, values, exc)
    return await _after_write(request, result)


async def _preview_or_save(
    viewer: Any, form: Any, key: str, values: dict[str, str]
) -> dict[str, Any] | None:
    """The form's Preview and Save draft buttons (they work without JavaScript); None to post."""
    action = form_text(form, "action")
    if action == "preview":
        return {"preview_html": await drafts.preview(viewer, parse(Preview, values))}
    if action == "draft":
        await drafts.save_draft(viewer, key, parse(DraftText, values))
        return {"draft_saved": True}
    return None


async def _form_again(
    request: Request,
    template: str,
    context: dict[str, object],
    values: dict[str, str],
    exc: CrossroadsError,
) -> Response:
    """The form again, with what the person typed and the reason beside the field."""
    errors = dict(exc.fields) or {"body": exc.message}
    return await render(
        request,
        template,
        {**context, "values": values, "errors": errors, "message": exc.message},
        status_code=exc.status,
    )


async def _after_write(request: Request, result: PostResult) -> Response:
    target = f"/t/{result.thread.id}?last=1#post-{result.post.id}"
    if result.verdict.crisis:
        return crisis_redirect(target, noun="post", held=result.held)
    return RedirectResponse(target, status_code=303)


_NOUNS = {
    "post": ("writing this", "Go to your post"),
    "question": ("asking", "Back to the AMA"),
    "answer": ("answering", "Back to the AMA"),
}


def crisis_redirect(target: str, *, noun: str, held: bool) -> Response:
    """After a crisis submission: 303 to the support page (POST -> redirect -> GET), so Back never
    asks to resend the form and a reload never posts twice. No text in the address, only where to go next."""
    query = urlencode({"next": target, "noun": noun, **({"held": "1"} if held else {})})
    return RedirectResponse(f"/support?{query}", status_code=303)


@page
async def crisis_support(request: Request) -> Response:
    """You are not alone: the crisis lines (the member's country first) as tap-to-call links."""
    viewer = await load_viewer(request)
    params = request.query_params
    target = params.get("next") or "/"
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"  # never an open redirect
    noun = params.get("noun", "post")
    if noun not in _NOUNS:
        noun = "post"
    thanks, back_label = _NOUNS[noun]
    country = crisis.country_for(viewer, request.headers.get("accept-language"))
    return await render(
        request,
        "crisis_support.html",
        {
            "lines": await crisis.crisis_resources(country),
            "target": target,
            "noun": noun,
            "thanks": thanks,
            "held": params.get("held") == "1",
            "back_label": back_label,
            "crisis_page": True,
        },
    )


@page
async def thread_show(request: Request) -> Response:
    viewer = await load_viewer(request)
    viewer = require_member(viewer)
    thread_id = int_param(request.path_params["thread_id"])
    if request.query_params.get("unread") == "1":
        # "Jump to the first unread post": the page that starts there, scrolled to the marker.
        thread, state = await queries.get_thread_with_state(viewer, thread_id)
        first = state["first_unread_post_id"]
        if first is None:
            return RedirectResponse(f"/t/{thread.id}?last=1", status_code=303)
        return RedirectResponse(
            f"/t/{thread.id}?after={pagination.encode(first - 1)}#new", status_code=303
        )
    thread, state, posts = await queries.get_thread_page(
        viewer,
        thread_id,
        after=request.query_params.get("after"),
        before=request.query_params.get("before"),
        last=request.query_params.get("last") == "1",
        limit=POSTS_PER_PAGE,
    )
    context = await _thread_context(viewer, thread, state, posts)
    # Read after the page moved the read mark (which reads reply and mention notices): the
    # header's count is the one this page must show, so render() is given it (one statement).
    saved, unread = await drafts.find_draft_and_unread_notices(viewer, f"thread-{thread.id}")
    body = saved.body if saved else ""
    quote = parse_id_or_none(
        request.query_params.get("quote")
    )  # out of range or odd: nothing quoted
    if quote is not None:
        body = (body.rstrip() + "\n\n" if body.strip() else "") + await _quote(
            viewer, thread.id, quote
        )
    context.update(
        values={"body": body} if body else {}, draft_restored=saved is not None, unread=unread
    )
    return await render(request, "threads/show.html", context)


async def _quote(viewer: Any, thread_id: int, post_id: int) -> str:
    """A published post of this thread as a Markdown quote with a link back (and a mention, so
    its author hears of it). Nothing for any other post."""
    try:
        post = await access_post(viewer, post_id)
    except CrossroadsError:
        return ""
    if (
        post.thread_id != thread_id
        or post.status != "published"
        or post.author.deleted_at is not None
    ):
        return ""
    quoted = "\n".join(
        f"> {line}" if line.strip() else ">" for line in post.body_md.strip().splitlines()
    )
    return f"{quoted}\n>\n> — @{post.author.username}, [in this post](/p/{post.id})\n\n"


async def _thread_context(
    viewer: Any, thread: Any, state: dict[str, Any], posts: Any
) -> dict[str, Any]:
    """The thread page's context; reading it moves the member's read mark to its last post.
    `state`: the member's follow and unread state of the thread, read before this page."""
    # The marker goes on the first unread post, once the member has been here before.
    marker = state["first_unread_post_id"] if state["visited"] else None
    if posts.items:
        ids = [p["id"] for p in posts.items]
        await following_actions.record_read(viewer.id, thread.id, max(ids), state, ids)
    here = marker is not None and any(p["id"] == marker for p in posts.items)
    return {
        "thread": thread,
        "page": posts,
        "state": state,
        "new_marker": marker,
        "marker_here": here,
    }


@page
async def thread_follow(request: Request) -> Response:
    """One form for follow, unfollow, mute and unmute (`choice`), back to the thread."""
    viewer = require_member(await load_viewer(request))
    thread_id = int_param(request.path_params["thread_id"])
    form = await read_form(request)
    choice = form_text(form, "choice")
    if choice == "follow":
        await following_actions.follow_thread(viewer, thread_id)
    elif choice == "mute":
        await following_actions.mute_thread(viewer, thread_id)
    elif choice in ("unfollow", "unmute"):
        await following_actions.unfollow_thread(viewer, thread_id)
    else:
        raise ValidationError("Choose follow, unfollow, mute or unmute.")
    return RedirectResponse(f"/t/{thread_id}#follow", status_code=303)


@page
async def post_react(request: Request) -> Response:
    """The reaction buttons under a post: add or take back one kind, then back to where it was."""
    viewer = require_member(await load_viewer(request))
    post_id = int_param(request.path_params["post_id"])
    form = await read_form(request)
    # "strength" adds it, "undo:strength" takes it back: a resubmitted form never flips the choice.
    choice = form_text(form, "react")
    if choice.startswith("undo:"):
        await reactions.remove_reaction(viewer, post_id, choice.removeprefix("undo:"))
    else:
        await reactions.add_reaction(viewer, post_id, choice)
    back = form_text(form, "back")
    if not back.startswith("/t/") or "//" in back or "\\" in back:
        back = f"/p/{post_id}"
    return RedirectResponse(f"{back.split('#')[0]}#post-{post_id}", status_code=303)


@page
async def start_here(request: Request) -> Response:
    """Moderators pin (thread_id) or unpin (empty) a space's "Start here" thread."""
    viewer = require_member(await load_viewer(request))
    slug = request.path_params["slug"]
    choice = await read_input(request, StartHereChoice)
    await set_start_here(viewer, slug, choice.thread_id)
    return RedirectResponse(f"/s/{slug}", status_code=303)


@page
async def post_show(request: Request) -> Response:
    """A link to one post: the page of its thread that starts there."""
    viewer = require_member(await load_viewer(request))
    post = await access_post(viewer, int_param(request.path_params["post_id"]))
    return RedirectResponse(
        f"/t/{post.thread_id}?after={pagination.encode(post.id - 1)}#post-{post.id}",
        status_code=303,
    )


@page
async def reply(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    thread_id = int_param(request.path_params["thread_id"])
    form = await read_form(request)
    values = {"body": form_text(form, "body")}
    try:
        extra = await _preview_or_save(viewer, form, f"thread-{thread_id}", values)
        if extra is not None:
            thread, state, posts = await queries.get_thread_page(
                viewer, thread_id, last=True, limit=POSTS_PER_PAGE
            )
            context = {
                **await _thread_context(viewer, thread, state, posts),
                **extra,
                "values": values,
            }
            return await render(request, "threads/show.html", context)
        result = await actions.create_post(viewer, thread_id, await read_input(request, NewPost))
    except CrossroadsError as exc:
        thread, state, posts = await queries.get_thread_page(
            viewer, thread_id, last=True, limit=POSTS_PER_PAGE
        )
        return await _form_again(
            request,
            "threads/show.html",
            await _thread_context(viewer, thread, state, posts),
            values,
            exc,
        )
    return await _after_write(request, result)


@page
async def post_edit(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    post_id = int_param(request.path_params["post_id"])
    post = await queries.get_post_for_edit(viewer, post_id)
    key = f"edit-{post.id}"
    context: dict[str, Any] = {"post": post, "draft_key": key}
    if request.method == "GET":
        # An edit kept as a draft (Save draft, or Quick exit's last save) comes back first.
        saved = await drafts.find_draft(viewer, key)
        return await render(
            request,
            "threads/edit.html",
            {
                **context,
                "values": {"body": saved.body if saved else post.body_md},
                "draft_restored": saved is not None,
            },
        )
    form = await read_form(request)
    values = {"body": form_text(form, "body")}
    try:
        if (extra := await _preview_or_save(viewer, form, key, values)) is not None:
            return await render(
                request, "threads/edit.html", {**context, **extra, "values": values}
            )
        result = await actions.edit_post(viewer, post_id, await read_input(request, PostEdit))
    except ConflictError as exc:
        # Someone changed the post since this form was opened: the form again with their text
        # kept, the post as it reads now, and the current version (saving again is a choice).
        try:
            post = await queries.get_post_for_edit(viewer, post_id)
        except CrossroadsError as gone:  # deleted or removed meanwhile: say so, keep their text
            return await _form_again(request, "threads/edit.html", context, values, gone)
        return await _form_again(
            request, "threads/edit.html", {**context, "post": post, "conflict": True}, values, exc
        )
    except CrossroadsError as exc:
        return await _form_again(request, "threads/edit.html", context, values, exc)
    return await _after_write(request, result)


@page
async def post_delete(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    post_id = int_param(request.path_params["post_id"])
    post = await queries.get_post_for_delete(viewer, post_id)
    if request.method == "GET":
        return await render(request, "threads/delete.html", {"post": post})
    await actions.delete_post(viewer, post_id)
    try:
        await access_thread(viewer, post.thread_id)
    except NotFoundError:  # e.g. their own post on the side they left: back to their posts
        return RedirectResponse("/me/posts", status_code=303)
    return RedirectResponse(f"/t/{post.thread_id}#post-{post.id}", status_code=303)


@page
async def post_history(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    post, revisions = await queries.list_revisions(
        viewer, int_param(request.path_params["post_id"])
    )
    return await render(request, "threads/history.html", {"post": post, "revisions": revisions})


routes = [
    Route("/", home, name="home.index"),
    Route("/support", crisis_support, name="home.crisis_support"),
    Route("/guidelines", guidelines, name="home.guidelines"),
    Route("/leave-no-trace", leave_no_trace, name="home.leave_no_trace"),
    Route("/s/{slug}", space_show, name="spaces.show"),
    Route("/s/{slug}/new", thread_new, methods=["GET", "POST"], name="threads.new"),
    Route("/t/{thread_id}", thread_show, name="threads.show"),
    Route("/t/{thread_id}/reply", reply, methods=["POST"], name="threads.reply"),
    Route("/t/{thread_id}/follow", thread_follow, methods=["POST"], name="threads.follow"),
    Route("/p/{post_id}", post_show, name="posts.show"),
    Route("/s/{slug}/start-here", start_here, methods=["POST"], name="spaces.start_here"),
    Route("/p/{post_id}/react", post_react, methods=["POST"], name="posts.react"),
    Route("/p/{post_id}/edit", post_edit, methods=["GET", "POST"], name="posts.edit"),
    Route("/p/{post_id}/delete", post_delete, methods=["GET", "POST"], name="posts.delete"),
    Route("/p/{post_id}/history", post_history, name="posts.history"),
]
