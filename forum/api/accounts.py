"""API: register, tokens, me, export, delete."""

from __future__ import annotations

from typing import Any

from forum.accounts import actions, privacy
from forum.accounts.models import User
from forum.api.base import Call, endpoint, text_field
from forum.api.schemas import PATH, STR, TIME, obj, ref


def user_out(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "path": user.path.value,
        "roles": list(user.roles or []),
        "credential": user.credential,
        "country": user.country,
        "time_zone": user.time_zone,
        "created_at": user.created_at,
    }


@endpoint(
    "POST",
    "/auth/register",
    summary="Create an account",
    tag="accounts",
    auth="none",
    body=obj(["username", "password", "path"], username=STR, password=STR, path=PATH),
    response=obj(["user"], user=ref("User")),
    status=201,
    errors=(409, 429),
)
async def register(call: Call) -> Any:
    user = await actions.register(
        text_field(call.body, "username"),
        text_field(call.body, "password"),
        text_field(call.body, "path"),
        ip=call.ip,
    )
    return {"user": user_out(user)}


@endpoint(
    "POST",
    "/auth/tokens",
    summary="Sign in: get a bearer token",
    tag="accounts",
    auth="none",
    body=obj(["username", "password"], username=STR, password=STR),
    response=obj(["token", "expires_at"], token=STR, expires_at=TIME),
    status=201,
    errors=(401, 403, 429),
)
async def create_token(call: Call) -> Any:
    user = await actions.authenticate(
        text_field(call.body, "username"), text_field(call.body, "password"), ip=call.ip
    )
    secret = await actions.create_token(user)
    return {"token": secret.value, "expires_at": secret.expires_at}


@endpoint(
    "DELETE", "/auth/tokens/current", summary="Sign out: this token stops working", tag="accounts"
)
async def revoke_token(call: Call) -> Any:
    call.member()
    assert call.token is not None
    await actions.revoke_token(call.token)
    return None


@endpoint(
    "DELETE",
    "/me/sessions",
    summary="Sign out everywhere: every session and token, this one too",
    tag="accounts",
    description="Open live streams of the member end within seconds, on every process.",
)
async def end_sessions(call: Call) -> Any:
    await actions.end_all_sessions(call.member())
    return None


@endpoint(
    "GET",
    "/me",
    summary="The signed-in member",
    tag="accounts",
    response=obj(["user"], user=ref("User")),
)
async def me(call: Call) -> Any:
    return {"user": user_out(call.member())}


@endpoint(
    "PATCH",
    "/me",
    summary="Change path, password, country or time zone",
    tag="accounts",
    body=obj(
        path=PATH,
        current_password=STR,
        new_password=STR,
        country={
            "type": ["string", "null"],
            "description": "two-letter code whose crisis lines come first; "
            "null or empty: from the browser's Accept-Language",
        },
        time_zone={
            "type": "string",
            "description": "IANA name, e.g. Europe/London: pages show times in it",
        },
    ),
    response=obj(["user"], user=ref("User")),
    description="Send `path` to change path (at most once a week), or `current_password` and "
    "`new_password` to change the password (which ends every other session and token), or `country`.",
)
async def update_me(call: Call) -> Any:
    user = call.member()
    if "new_password" in call.body:
        await actions.change_password(
            user, call.body.get("current_password"), call.body.get("new_password")
        )
    if "country" in call.body:
        user = await actions.set_country(user, call.body.get("country"))
    if "path" in call.body:
        user = await actions.change_path(user, call.body.get("path"))
    if "time_zone" in call.body:
        user = await actions.change_time_zone(user, call.body.get("time_zone"))
    return {"user": user_out(user)}


_LIST = {"type": "array", "items": {"type": "object"}}
# The export's sections (forum.accounts.privacy.export_data and each plugin's `exporters` hook); the
# same JSON as the page's /account/export download.
EXPORT_SCHEMA = obj(
    ["user", "path_changes", "threads", "posts", "notifications"],
    user={"type": "object"},
    path_changes=_LIST,
    threads=_LIST,
    posts={
        "type": "array",
        "items": {"type": "object", "description": "with earlier_versions: [{body, replaced_at}]"},
    },
    notifications=_LIST,
    drafts=_LIST,
    follows=_LIST,
    reactions=_LIST,
    blocks=_LIST,
    reports=_LIST,
    sanctions=_LIST,
    ama_questions=_LIST,
    ama_votes=_LIST,
    ama_answers=_LIST,
    therapist_applications=_LIST,
    resource_suggestions=_LIST,
)


@endpoint(
    "GET",
    "/me/export",
    summary="Everything we hold about you, as JSON",
    tag="accounts",
    response=EXPORT_SCHEMA,
    description="Your account, path changes, threads, posts with their earlier versions, notifications, "
    "drafts, follows and mutes, reactions you gave, blocks you made, reports, sanctions, AMA "
    "questions, votes and answers, verification applications and resource suggestions. "
    "The page's download (/account/export) is the same JSON.",
)
async def export(call: Call) -> Any:
    return await privacy.export_data(call.member())


@endpoint(
    "DELETE",
    "/me",
    summary="Delete your account and what you wrote",
    tag="accounts",
    body=obj(["password"], password=STR),
    errors=(422,),
)
async def delete_me(call: Call) -> Any:
    await privacy.delete_account(call.member(), call.body.get("password"))
    return None
