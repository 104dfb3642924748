"""Account writes: register, sign in and out, tokens, password and path, export, delete."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError

from forum import events, runtime, security, throttle
from forum.accounts.models import ROLES, ApiToken, Path, PathChange, ReservedName, Session, User
from forum.accounts.names import name_key, staff_like
from forum.accounts.schemas import (
    PASSWORD_MAX,
    USERNAME_RE,
    AccountChange,
    Registration,
    SignIn,
    check_password,
    check_time_zone,
)
from forum.crisis import check_country
from forum.db import column_values, lock, on_commit, transaction
from forum.errors import (
    ConflictError,
    NotSignedInError,
    PermissionDeniedError,
    ValidationError,
)
from forum.runtime import now
from forum.text import TextError, clean_text

SESSION_DAYS = 14
TOKEN_DAYS = 30
# Changing sides is allowed, but not so often that a member can tour both private spaces.
PATH_CHANGE_COOLDOWN = timedelta(days=7)
SIGN_IN_FAILED = "That username and password do not match."


def check_roles(roles: list[str]) -> list[str]:
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise ValidationError(f"Unknown role: {', '.join(bad)}", fields={"role": "unknown role"})
    return sorted(set(roles))


async def register(
    data: Registration,
    *,
    ip: str | None = None,
    roles: list[str] | None = None,
    credential: str | None = None,
) -> User:
    """A new member from `data` (checked by its model). Spends the `register` allowance of `ip`
    before saying whether the name is taken. Raises ConflictError (field `username`) for a name
    taken, too like another's or a staff name; ValidationError for a bad `credential` or role."""
    name = data.username
    if ip is not None:
        # Spent before we say whether the name is taken: probing for accounts costs allowance.
        await throttle.hit("register", ip=ip)
    key = name_key(name)
    if await User.exists(username_key=name.lower()):
        raise _username_taken()
    if (
        await User.filter(name_key=key, deleted_at=None).exists()
        or await ReservedName.filter(name_key=key, until__gt=now()).exists()
    ):
        raise _username_taken(
            "That username looks too much like another member's. Try another pseudonym."
        )
    if staff_like(name) and not set(roles or []) & {"moderator", "admin", "therapist"}:
        raise _username_taken(
            "That username looks like a staff or therapist name. Try another pseudonym."
        )
    if credential is not None:
        try:
            credential = clean_text(credential, field="credential", max_length=80, multiline=False)
        except TextError as exc:
            raise ValidationError(exc.message, fields={"credential": exc.message}) from None
    password_hash = await security.hash_password(data.password)
    try:
        async with transaction():
            return await User.create(
                username=name,
                username_key=name.lower(),
                name_key=key,
                password_hash=password_hash,
                path=data.path,
                roles=check_roles(roles or []),
                credential=credential or None,
            )
    except IntegrityError:
        raise _username_taken() from None


def _username_taken(
    message: str = "That username is taken. Try another pseudonym.",
) -> ConflictError:
    return ConflictError(message, fields={"username": message})


DEVICE_COOKIE = "crossroads_device"
DEVICE_DAYS = 365


def _device_mac(username_key: str, device_id: str) -> str:
    secret = runtime.get().settings.secret_key
    return hmac.new(
        secret.encode(), f"device:{username_key}:{device_id}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def device_cookie_value(username: str, current: str | None = None) -> str:
    """The signed device cookie set at a successful sign-in: ``<device id>.<mac>``, the MAC over the
    username and the device id, so the cookie names nobody and cannot be forged or moved to
    another account. A valid cookie for the same account is kept (same device id)."""
    key = username.lower()
    device_id = known_device(current, key) if current else None
    device_id = device_id or secrets.token_urlsafe(12)
    return f"{device_id}.{_device_mac(key, device_id)}"


def known_device(cookie: str | None, username: str) -> str | None:
    """The device id if ``cookie`` is a valid device cookie for ``username``, else None."""
    if not cookie or len(cookie) > 100 or "." not in cookie:
        return None
    device_id, _, mac = cookie.partition(".")
    if not hmac.compare_digest(_device_mac(username.lower(), device_id), mac):
        return None
    return device_id


async def authenticate(data: SignIn, *, ip: str | None, device: str | None = None) -> User:
    """Check credentials.

    The `login` allowance is RESERVED before the password is verified (``throttle.hit``: atomic
    check-and-spend per key, on both limiter backends), so however many sign-ins arrive at once,
    at most the allowance (10 per 5 minutes, 30 per hour) of passwords are ever checked per
    username and per client address. A successful sign-in gives its own reservation back (per
    username and per address: the policy counts failures) and clears the username's failures.

    Targeted lockout: ``device`` is the browser's device cookie (``DEVICE_COOKIE``). When it is a
    valid one for this username -- the owner signed in from this browser before -- the attempt
    spends the device's own allowance instead of the username's and the address's, so failures
    from elsewhere cannot lock the owner out of their own device.
    """
    name = data.username.strip()
    secret = data.password
    device_id = known_device(device, name) if device and USERNAME_RE.match(name) else None
    reservation = await throttle.hit("login", username=name.lower(), ip=ip, device=device_id)
    # A name no account can have (too long, odd characters) is a failed sign-in, not a query.
    user = (
        await User.get_or_none(username_key=name.lower(), deleted_at=None)
        if USERNAME_RE.match(name)
        else None
    )
    if not await security.verify_password(
        user.password_hash if user else None, secret[:PASSWORD_MAX]
    ):
        raise NotSignedInError(SIGN_IN_FAILED)
    assert user is not None
    # The policy counts FAILED sign-ins: a right password gives its reservation back (the address's
    # too, so members sharing one -- a library, a shelter's wifi -- never lock each other out).
    await throttle.refund(reservation)
    await throttle.forgive("login", username=name.lower(), device=device_id)
    if is_suspended(user):
        raise PermissionDeniedError(suspension_message(user))
    if security.needs_rehash(user.password_hash):
        user.password_hash = await security.hash_password(secret)
        await user.save(update_fields=["password_hash"])
    return user


def is_suspended(user: User, at: datetime | None = None) -> bool:
    return user.suspended_until is not None and user.suspended_until > (at or now())


def is_silenced(user: User, at: datetime | None = None) -> bool:
    return user.silenced_until is not None and user.silenced_until > (at or now())


def suspension_message(user: User) -> str:
    until = user.suspended_until.strftime("%Y-%m-%d %H:%M UTC") if user.suspended_until else ""
    reason = f" Reason: {user.suspension_reason}" if user.suspension_reason else ""
    return f"This account is suspended until {until}.{reason}"


def require_can_write(user: User) -> None:
    """Silenced or suspended members can read but not write."""
    if is_suspended(user):
        raise PermissionDeniedError(suspension_message(user))
    if is_silenced(user):
        until = user.silenced_until.strftime("%Y-%m-%d %H:%M UTC") if user.silenced_until else ""
        reason = f" Reason: {user.silence_reason}" if user.silence_reason else ""
        raise PermissionDeniedError(f"You can read but not post until {until}.{reason}")


async def lock_writer(user_id: int, *others: int | None, check_write: bool = True) -> User:
    """Inside a transaction: lock the acting member's row (and `others`, e.g. the author a moderator
    acts on) first in the lock order, and re-check that the actor still exists and may write.

    An account deleted, or a member suspended, while their request was on its way is refused
    here, under the same lock `delete_account` takes, so nothing is written after the deletion
    was acknowledged. Raises NotSignedInError (account gone) or PermissionDeniedError.
    """
    rows = await lock(User, user_id, *others)
    me = rows.get(user_id)
    if me is None or me.deleted_at is not None:
        raise NotSignedInError("This account no longer exists.")
    if check_write:
        require_can_write(me)
    return me


@dataclass
class NewSecret:
    """A freshly minted session key or API token: the clear value is shown once."""

    value: str
    expires_at: datetime


async def start_session(user: User, *, previous_key: str | None = None) -> NewSecret:
    """Sign a browser in, with a brand-new key (the old one, if any, stops working)."""
    key = security.new_token()
    expires = now() + timedelta(days=SESSION_DAYS)
    async with transaction():
        if previous_key:
            await end_session(previous_key)
        await Session.create(key_hash=security.token_hash(key), user=user, expires_at=expires)
    return NewSecret(key, expires)


def announce_credentials_changed(user_id: int) -> None:
    """After the surrounding transaction commits, tell every process that this member's sessions,
    tokens or access changed: their open live streams re-check at once (forum.events)."""

    async def publish() -> None:
        try:
            bus = runtime.get().bus
        except Exception:  # noqa: BLE001 - no app running (the command line): no streams to end
            return
        await bus.publish(events.member_channel(user_id), {"kind": events.CREDENTIALS_CHANGED})

    on_commit(publish)


async def credential_is_valid(*, token: str | None = None, session_key: str | None = None) -> bool:
    """Whether the bearer token or session key that opened something still signs its member in."""
    current = now()
    row: ApiToken | Session | None
    if token is not None:
        row = await ApiToken.get_or_none(
            token_hash=security.token_hash(token), revoked_at=None
        ).select_related("user")
    elif session_key is not None:
        row = await Session.get_or_none(key_hash=security.token_hash(session_key)).select_related(
            "user"
        )
    else:
        return False
    return (
        row is not None
        and row.expires_at > current
        and row.user.deleted_at is None
        and not is_suspended(row.user, current)
    )


async def end_session(key: str) -> None:
    async with transaction():
        key_hash = security.token_hash(key)
        for user_id in set(await column_values(Session.filter(key_hash=key_hash), "user_id")):
            announce_credentials_changed(user_id)
        await Session.filter(key_hash=key_hash).delete()


async def create_token(user: User) -> NewSecret:
    token = security.new_token()
    expires = now() + timedelta(days=TOKEN_DAYS)
    await ApiToken.create(token_hash=security.token_hash(token), user=user, expires_at=expires)
    return NewSecret(token, expires)


async def revoke_token(token: str) -> None:
    async with transaction():
        token_hash = security.token_hash(token)
        for user_id in set(await column_values(ApiToken.filter(token_hash=token_hash), "user_id")):
            announce_credentials_changed(user_id)
        await ApiToken.filter(token_hash=token_hash, revoked_at=None).update(revoked_at=now())


async def end_all_sessions(user: User) -> None:
    """Sign out everywhere: every browser session and every API token (and every stream they opened)."""
    async with transaction():
        await Session.filter(user_id=user.id).delete()
        await ApiToken.filter(user_id=user.id, revoked_at=None).update(revoked_at=now())
        announce_credentials_changed(user.id)


async def change_password(user: User, current: str, new: str) -> None:
    """Re-entering the password spends the member's `reauth` allowance first (5 per 15 minutes):
    someone at an unlocked device cannot guess the password here without limit. A right password
    gives it back (the policy counts wrong ones)."""
    reservation = await throttle.hit("reauth", user=user)
    if not current or not await security.verify_password(user.password_hash, current):
        message = "That is not your current password."
        raise ValidationError(message, fields={"current_password": message})
    await throttle.refund(reservation)  # the policy counts wrong passwords only
    password = check_password(new, "new_password")  # checked by the model too: the rule is here
    user.password_hash = await security.hash_password(password)
    async with transaction():
        await user.save(update_fields=["password_hash"])
        # Anyone who knew the old password is signed out everywhere.
        await Session.filter(user_id=user.id).delete()
        await ApiToken.filter(user_id=user.id, revoked_at=None).update(revoked_at=now())
        announce_credentials_changed(user.id)


async def change_path(user: User, new: Path) -> User:
    """Move the member to `new` (at most once per `PATH_CHANGE_COOLDOWN`; the change is logged).
    Raises ValidationError (field `path`) within the cooldown."""
    if new == user.path:
        return user
    current = now()
    if user.path_changed_at and current - user.path_changed_at < PATH_CHANGE_COOLDOWN:
        next_at = (user.path_changed_at + PATH_CHANGE_COOLDOWN).strftime("%Y-%m-%d %H:%M UTC")
        message = f"You can change your path again after {next_at}."
        raise ValidationError(message, fields={"path": message})
    async with transaction():
        await PathChange.create(user=user, old_path=user.path.value, new_path=new.value)
        user.path = new
        user.path_changed_at = current
        await user.save(update_fields=["path", "path_changed_at"])
        announce_credentials_changed(user.id)  # open streams of the old side's AMAs end
    return user


async def set_country(user: User, country: str | None) -> User:
    """The member's country (checked by the model: two letters, upper case), whose crisis lines
    come first (forum.crisis); None clears it (then the browser's language decides)."""
    user.country = check_country(country)
    await User.filter(id=user.id).update(country=user.country)
    return user


async def change_time_zone(user: User, zone: str, *, only_if_unset: bool = False) -> User:
    """Show times in `zone` (one of `time_zones()`, checked by the model). `only_if_unset`: the
    browser's guess never overrides a choice."""
    zone = check_time_zone(zone)
    if only_if_unset and user.time_zone:
        return user
    user.time_zone = zone
    await User.filter(id=user.id).update(time_zone=zone)
    return user


async def change_account(user: User, data: AccountChange) -> User:
    """What `data` carries, in its order (forum.accounts.schemas.AccountChange): the password,
    the country, the path, the time zone. Each step raises as its own action does."""
    sent = data.model_fields_set
    if "new_password" in sent and data.new_password is not None:
        await change_password(user, data.current_password, data.new_password)
    if "country" in sent:
        user = await set_country(user, data.country)
    if "path" in sent and data.path is not None:
        user = await change_path(user, data.path)
    if "time_zone" in sent and data.time_zone is not None:
        user = await change_time_zone(user, data.time_zone)
    return user
