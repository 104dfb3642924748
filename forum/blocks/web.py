"""Pages: block a member (from any post), the list of blocks with Unblock."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from forum.access import require_member
from forum.auth import load_viewer
from forum.blocks import actions, queries
from forum.blocks.schemas import BlockChoice
from forum.errors import CrossroadsError
from forum.web.base import form_text, page, read_form, read_input, render


@page
async def block_confirm(request: Request) -> Response:
    """GET: what blocking does, and a button. POST: block, then the list of blocks."""
    viewer = require_member(await load_viewer(request))
    username = request.path_params["username"]
    if request.method == "POST":
        await actions.block_member(viewer, username)
        return RedirectResponse("/account/blocks?done=blocked", status_code=303)
    target = await actions._target(username)
    back = request.query_params.get("back", "")
    return await render(
        request,
        "blocks/confirm.html",
        {
            "username": target.username,
            "back": back if back.startswith("/t/") and "//" not in back else None,
        },
    )


@page
async def blocks_index(request: Request) -> Response:
    viewer = require_member(await load_viewer(request))
    message = None
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        username = form_text(await read_form(request), "username").strip()
        try:
            choice = await read_input(request, BlockChoice)
            if choice.action == "unblock":
                await actions.unblock_member(viewer, choice.username)
                return RedirectResponse("/account/blocks?done=unblocked", status_code=303)
            await actions.block_member(viewer, choice.username)
            return RedirectResponse("/account/blocks?done=blocked", status_code=303)
        except CrossroadsError as exc:
            errors, values = {"username": exc.message}, {"username": username}
    done = request.query_params.get("done")
    if done == "blocked":
        message = (
            "Blocked. You won't see their posts, questions or reactions, and they are not told."
        )
    elif done == "unblocked":
        message = "Unblocked. Their posts show again."
    page_ = await queries.list_blocks(viewer, cursor=request.query_params.get("cursor"))
    return await render(
        request,
        "blocks/index.html",
        {"page": page_, "done": message, "errors": errors, "values": values},
        status_code=422 if errors else 200,
    )


routes = [
    Route(
        "/members/{username}/block", block_confirm, methods=["GET", "POST"], name="blocks.confirm"
    ),
    Route("/account/blocks", blocks_index, methods=["GET", "POST"], name="blocks.index"),
]
