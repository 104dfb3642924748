"""Pages: landing, guidelines, spaces, threads, replies, edits, deletion, history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from forum import crisis
from forum.access import require_member
from forum.errors import CrossroadsError
from forum.spaces import queries as space_queries
from forum.threads import actions, queries
from forum.threads.actions import PostResult
from forum.web.base import form_text, int_param, load_viewer, page, read_form, render

POSTS_PER_PAGE = 25

# Other packages add to a space page's context (resources adds the `resources` aside):
# async (space, viewer) -> dict merged into the template context.
SPACE_CONTEXT: list[Callable[[Any, Any], Awaitable[dict[str, Any]]]] = []


@page
async def home(request: Request) -> Response:
    viewer = await load_viewer(request)
    if viewer is None:
        return await render(request, "home/landing.html", {"deleted": request.query_params.get("deleted")})
    spaces = await space_queries.list_spaces(viewer)
    recent = {}
    for space in spaces:
        _, threads = await queries.get_space_page(viewer, space["slug"], limit=5)
        recent[space["slug"]] = threads.items
    return await render(request, "home/index.html", {"spaces": spaces, "recent": recent})


@page
async def guidelines(request: Request) -> Response:
    return await render(request, "home/guidelines.html", {"spaces": await space_queries.list_guidelines()})


@page
async def space_show(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    space, threads = await queries.get_space_page(
        viewer, request.path_params["slug"], cursor=request.query_params.get("cursor")
    )
    context: dict[str, Any] = {"space": space, "page": threads}
    for extend in SPACE_CONTEXT:
        context.update(await extend(space, viewer))
    return await render(request, "spaces/show.html", context)


@page
async def thread_new(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    slug = request.path_params["slug"]
    space, _ = await queries.get_space_page(viewer, slug, limit=1)
    if request.method == "GET":
        return await render(request, "threads/new.html", {"space": space})
    form = await read_form(request)
    values = {"title": form_text(form, "title"), "body": form_text(form, "body")}
    try:
        result = await actions.create_thread(viewer, slug, values["title"], values["body"])
    except CrossroadsError as exc:
        return await _form_again(request, "threads/new.html", {"space": space}, values, exc)
    return await _after_write(request, result)


async def _form_again(
    request: Request, template: str, context: dict[str, object], values: dict[str, str], exc: CrossroadsError
) -> Response:
    """The form again, with what the person typed and the reason beside the field."""
    errors = dict(exc.fields) or {"body": exc.message}
    return await render(
        request, template, {**context, "values": values, "errors": errors, "message": exc.message}, status_code=exc.status
    )


async def _after_write(request: Request, result: PostResult) -> Response:
    target = f"/t/{result.thread.id}?last=1#post-{result.post.id}"
    if result.verdict.crisis:
        # Never silently swallowed: crisis resources right now, in this response.
        return await render(
            request,
            "crisis_support.html",
            {"result": result, "target": target, "lines": await crisis.crisis_resources(),
             "noun": "post", "back_label": "Go to your post"},
            status_code=201,
        )
    return RedirectResponse(target, status_code=303)


@page
async def thread_show(request: Request) -> Response:
    viewer = await load_viewer(request)
    viewer = require_member(viewer)
    thread, posts = await queries.get_thread_page(
        viewer,
        int_param(request.path_params["thread_id"]),
        after=request.query_params.get("after"),
        before=request.query_params.get("before"),
        last=request.query_params.get("last") == "1",
        limit=POSTS_PER_PAGE,
    )
    return await render(request, "threads/show.html", {"thread": thread, "page": posts})


@page
async def reply(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    thread_id = int_param(request.path_params["thread_id"])
    form = await read_form(request)
    values = {"body": form_text(form, "body")}
    try:
        result = await actions.create_post(viewer, thread_id, values["body"])
    except CrossroadsError as exc:
        thread, posts = await queries.get_thread_page(viewer, thread_id, last=True, limit=POSTS_PER_PAGE)
        return await _form_again(request, "threads/show.html", {"thread": thread, "page": posts}, values, exc)
    return await _after_write(request, result)


@page
async def post_edit(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    post_id = int_param(request.path_params["post_id"])
    post = await queries.get_post_for_edit(viewer, post_id)
    if request.method == "GET":
        return await render(request, "threads/edit.html", {"post": post, "values": {"body": post.body_md}})
    form = await read_form(request)
    values = {"body": form_text(form, "body")}
    try:
        result = await actions.edit_post(viewer, post_id, values["body"])
    except CrossroadsError as exc:
        return await _form_again(request, "threads/edit.html", {"post": post}, values, exc)
    return await _after_write(request, result)


@page
async def post_delete(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    post_id = int_param(request.path_params["post_id"])
    post = await queries.get_post_for_edit(viewer, post_id)
    if request.method == "GET":
        return await render(request, "threads/delete.html", {"post": post})
    await actions.delete_post(viewer, post_id)
    return RedirectResponse(f"/t/{post.thread_id}#post-{post.id}", status_code=303)


@page
async def post_history(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    post, revisions = await queries.list_revisions(viewer, int_param(request.path_params["post_id"]))
    return await render(request, "threads/history.html", {"post": post, "revisions": revisions})


routes = [
    Route("/", home, name="home.index"),
    Route("/guidelines", guidelines, name="home.guidelines"),
    Route("/s/{slug}", space_show, name="spaces.show"),
    Route("/s/{slug}/new", thread_new, methods=["GET", "POST"], name="threads.new"),
    Route("/t/{thread_id}", thread_show, name="threads.show"),
    Route("/t/{thread_id}/reply", reply, methods=["POST"], name="threads.reply"),
    Route("/p/{post_id}/edit", post_edit, methods=["GET", "POST"], name="posts.edit"),
    Route("/p/{post_id}/delete", post_delete, methods=["GET", "POST"], name="posts.delete"),
    Route("/p/{post_id}/history", post_history, name="posts.history"),
]
