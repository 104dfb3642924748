"""Pages: register, sign in/out, account settings, my posts, notifications, export, delete."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from forum import crisis, csrf, runtime
from forum.accounts import actions, privacy
from forum.accounts.actions import SESSION_DAYS
from forum.accounts.models import User
from forum.accounts.schemas import (
    AccountChange,
    AccountDeletion,
    Registration,
    SignIn,
    time_zones,
)
from forum.auth import SESSION_COOKIE, load_viewer
from forum.contracts import form_fields, parse
from forum.errors import CrossroadsError, NotSignedInError, ValidationError
from forum.following import notices
from forum.threads import queries
from forum.validation import parse_id_or_none
from forum.web.base import (
    form_text,
    page,
    read_form,
    read_input,
    render,
    set_session_cookie,
)

# The countries offered on the account page (any two-letter code works through the API).
COUNTRIES = [
    ("US", "United States"),
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("CA", "Canada"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
    ("FR", "France"),
    ("BE", "Belgium"),
    ("DE", "Germany"),
    ("NL", "Netherlands"),
    ("ES", "Spain"),
    ("MX", "Mexico"),
    ("IT", "Italy"),
    ("PT", "Portugal"),
    ("SE", "Sweden"),
    ("DK", "Denmark"),
    ("NO", "Norway"),
    ("FI", "Finland"),
    ("CH", "Switzerland"),
    ("AT", "Austria"),
    ("ZA", "South Africa"),
    ("IN", "India"),
    ("SG", "Singapore"),
]


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


async def _sign_in(request: Request, user_id: int, target: str) -> Response:
    user = await User.get(id=user_id)
    secret = await actions.start_session(user, previous_key=request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse(_safe_next(target), status_code=303)
    set_session_cookie(response, secret.value, SESSION_DAYS * 86400)
    # This browser is now one the owner signed in from: it keeps a sign-in allowance of its own.
    response.set_cookie(
        actions.DEVICE_COOKIE,
        actions.device_cookie_value(user.username, request.cookies.get(actions.DEVICE_COOKIE)),
        max_age=actions.DEVICE_DAYS * 86400,
        httponly=True,
        samesite="lax",
        secure=runtime.get().settings.production,
        path="/",
    )
    csrf.rotate_cookie(request, response)
    return response


@page
async def register(request: Request) -> Response:
    if request.method == "GET":
        return await render(request, "accounts/register.html", {"values": {"path": "undecided"}})
    form = await read_form(request)
    values = {k: form_text(form, k) for k in ("username", "path")}
    try:
        data = await read_input(request, Registration)
        user = await actions.register(data, ip=request.state.client_ip)
    except CrossroadsError as exc:
        return await render(
            request,
            "accounts/register.html",
            {"values": values, "errors": exc.fields, "message": exc.message},
            status_code=exc.status,
        )
    return await _sign_in(request, user.id, "/welcome")


@page
async def login(request: Request) -> Response:
    target = request.query_params.get("next", "/")
    if request.method == "GET":
        return await render(request, "accounts/login.html", {"next": target})
    form = await read_form(request)
    values = {"username": form_text(form, "username")}
    target = form_text(form, "next") or "/"
    try:
        user = await actions.authenticate(
            await read_input(request, SignIn),
            ip=request.state.client_ip,
            device=request.cookies.get(actions.DEVICE_COOKIE),
        )
    except CrossroadsError as exc:
        status = 401 if isinstance(exc, NotSignedInError) else exc.status
        return await render(
            request,
            "accounts/login.html",
            {"values": values, "errors": exc.fields, "message": exc.message, "next": target},
            status_code=status,
        )
    return await _sign_in(request, user.id, target)


@page
async def logout(request: Request) -> Response:
    key = request.cookies.get(SESSION_COOKIE)
    if key:
        await actions.end_session(key)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    csrf.rotate_cookie(request, response)
    return response


async def _require_viewer(request: Request) -> User:
    viewer = await load_viewer(request)
    if viewer is None:
        raise NotSignedInError("Please sign in first.")
    return viewer


@page
async def welcome(request: Request) -> Response:
    viewer = await _require_viewer(request)
    return await render(request, "accounts/welcome.html", {"user": viewer})


# The account page's forms, by their `form` field: which fields of AccountChange each sends.
_ACCOUNT_FORMS = {
    "password": ("current_password", "new_password"),
    "path": ("path",),
    "country": ("country",),
    "timezone": ("time_zone",),
}


@page
async def account(request: Request) -> Response:
    viewer = await _require_viewer(request)
    context: dict[str, object] = {
        "values": {"path": viewer.path.value},
        "countries": COUNTRIES,
        "browser_country": crisis.country_from_accept_language(
            request.headers.get("accept-language")
        ),
    }
    status = 200
    if request.method == "POST":
        form = await read_form(request)
        which = form_text(form, "form")
        try:
            # Each form sends its own fields of the one input model PATCH /me takes.
            fields = _ACCOUNT_FORMS.get(which)
            if fields is not None:
                sent = form_fields(form, AccountChange)
                data = parse(AccountChange, {k: sent.get(k, "") for k in fields})
            if which == "password":
                await actions.change_account(viewer, data)
                # Changing the password signed every session out; keep this one signed in.
                return await _sign_in(request, viewer.id, "/account?changed=password")
            if which in ("path", "country"):
                await actions.change_account(viewer, data)
                return RedirectResponse(f"/account?changed={which}", status_code=303)
            if which == "timezone":
                auto = form_text(form, "auto") == "1"  # the browser's guess (static/js/site.js)
                assert data.time_zone is not None
                await actions.change_time_zone(viewer, data.time_zone, only_if_unset=auto)
                return RedirectResponse("/account?changed=timezone", status_code=303)
            if which == "signout-all":
                await actions.end_all_sessions(viewer)
                response = RedirectResponse("/", status_code=303)
                response.delete_cookie(SESSION_COOKIE, path="/")
                return response
            raise ValidationError("Unknown form.")
        except ValidationError as exc:
            context.update({"errors": exc.fields, "message": exc.message, "form": which})
            context["values"] = {"path": form_text(form, "path") or viewer.path.value}
            status = 422
    context["changed"] = request.query_params.get("changed")
    context["zones"] = sorted(z for z in time_zones() if "/" in z or z == "UTC")
    return await render(request, "accounts/account.html", context, status_code=status)


@page
async def export(request: Request) -> Response:
    viewer = await _require_viewer(request)
    data = await privacy.export_data(viewer)
    body = json.dumps(data, indent=2, ensure_ascii=False)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{privacy.export_filename()}"'},
    )


@page
async def delete_account(request: Request) -> Response:
    viewer = await _require_viewer(request)
    if request.method == "GET":
        return await render(request, "accounts/delete.html")
    form = await read_form(request)
    if form_text(form, "confirm") != "delete":
        return await render(
            request,
            "accounts/delete.html",
            {"errors": {"confirm": "Tick the box to confirm."}},
            status_code=422,
        )
    try:
        await privacy.delete_account(viewer, await read_input(request, AccountDeletion))
    except ValidationError as exc:
        return await render(
            request, "accounts/delete.html", {"errors": exc.fields}, status_code=422
        )
    response = RedirectResponse("/?deleted=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@page
async def my_posts(request: Request) -> Response:
    viewer = await _require_viewer(request)
    posts = await queries.list_my_posts(viewer, cursor=request.query_params.get("cursor"))
    return await render(request, "accounts/my_posts.html", {"page": posts})


@page
async def notifications(request: Request) -> Response:
    viewer = await _require_viewer(request)
    if request.method == "POST":
        form = await read_form(request)
        raw = form.get("id")
        ids = None  # no id: mark all read
        if raw is not None:
            one = parse_id_or_none(raw)
            if one is None:
                raise ValidationError(
                    "That is not a notice.", fields={"id": "That is not a notice."}
                )
            ids = [one]
        await notices.mark_read(viewer, ids)
        return RedirectResponse("/notifications", status_code=303)
    unread_only = request.query_params.get("unread") == "1"
    page_ = await notices.list_notifications(
        viewer, unread_only=unread_only, cursor=request.query_params.get("cursor")
    )
    return await render(
        request, "accounts/notifications.html", {"page": page_, "unread_only": unread_only}
    )


routes = [
    Route("/register", register, methods=["GET", "POST"], name="accounts.register"),
    Route("/login", login, methods=["GET", "POST"], name="accounts.login"),
    Route("/logout", logout, methods=["POST"], name="accounts.logout"),
    Route("/welcome", welcome, name="accounts.welcome"),
    Route("/account", account, methods=["GET", "POST"], name="accounts.settings"),
    Route("/account/export", export, name="accounts.export"),
    Route("/account/delete", delete_account, methods=["GET", "POST"], name="accounts.delete"),
    Route("/me/posts", my_posts, name="accounts.my_posts"),
    Route("/notifications", notifications, methods=["GET", "POST"], name="accounts.notifications"),
]
