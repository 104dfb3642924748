"""API: register, tokens, me, export, delete (the contract: forum.accounts.schemas)."""

from __future__ import annotations

from forum.accounts import actions, privacy
from forum.accounts.schemas import (
    AccountChange,
    AccountDeletion,
    Export,
    NewToken,
    Registration,
    SignIn,
    UserEnvelope,
    user_out,
)
from forum.api.base import Call, endpoint


@endpoint(
    "POST",
    "/auth/register",
    summary="Create an account",
    tag="accounts",
    auth="none",
    body=Registration,
    response=UserEnvelope,
    status=201,
    errors=(409, 429),
)
async def register(call: Call) -> UserEnvelope:
    user = await actions.register(call.data(Registration), ip=call.ip)
    return UserEnvelope(user=user_out(user))


@endpoint(
    "POST",
    "/auth/tokens",
    summary="Sign in: get a bearer token",
    tag="accounts",
    auth="none",
    body=SignIn,
    response=NewToken,
    status=201,
    errors=(401, 403, 429),
)
async def create_token(call: Call) -> NewToken:
    user = await actions.authenticate(call.data(SignIn), ip=call.ip)
    secret = await actions.create_token(user)
    return NewToken(token=secret.value, expires_at=secret.expires_at)


@endpoint(
    "DELETE", "/auth/tokens/current", summary="Sign out: this token stops working", tag="accounts"
)
async def revoke_token(call: Call) -> None:
    call.member()
    assert call.token is not None
    await actions.revoke_token(call.token)


@endpoint(
    "DELETE",
    "/me/sessions",
    summary="Sign out everywhere: every session and token, this one too",
    tag="accounts",
    description="Open live streams of the member end within seconds, on every process.",
)
async def end_sessions(call: Call) -> None:
    await actions.end_all_sessions(call.member())


@endpoint(
    "GET",
    "/me",
    summary="The signed-in member",
    tag="accounts",
    response=UserEnvelope,
)
async def me(call: Call) -> UserEnvelope:
    return UserEnvelope(user=user_out(call.member()))


@endpoint(
    "PATCH",
    "/me",
    summary="Change path, password, country or time zone",
    tag="accounts",
    body=AccountChange,
    response=UserEnvelope,
    errors=(429,),
    description="Send `path` to change path (at most once a week), or `current_password` and "
    "`new_password` to change the password (which ends every other session and token), or "
    "`country`, or `time_zone`.",
)
async def update_me(call: Call) -> UserEnvelope:
    user = await actions.change_account(call.member(), call.data(AccountChange))
    return UserEnvelope(user=user_out(user))


@endpoint(
    "GET",
    "/me/export",
    summary="Everything we hold about you, as JSON",
    tag="accounts",
    response=Export,
    description="Your account, path changes, threads, posts with their earlier versions, notifications, "
    "drafts, follows and mutes, reactions you gave, blocks you made, reports, sanctions, AMA "
    "questions, votes and answers, verification applications and resource suggestions. "
    "The page's download (/account/export) is the same JSON.",
)
async def export(call: Call) -> Export:
    return Export.model_validate(await privacy.export_data(call.member()))


@endpoint(
    "DELETE",
    "/me",
    summary="Delete your account and what you wrote",
    tag="accounts",
    body=AccountDeletion,
    errors=(429,),
)
async def delete_me(call: Call) -> None:
    await privacy.delete_account(call.member(), call.data(AccountDeletion))
