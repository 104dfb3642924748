"""Rate limits as the domain layer sees them: `check` (free) and `hit` (spends).

Actions call these after validating and authorising, right before writing, so a
rejected or forbidden submission costs nothing.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from forum import runtime
from forum.errors import RateLimitedError

if TYPE_CHECKING:
    from forum.accounts.models import User
from forum.ratelimit import Decision, Limiter, Policy, ip_key, recorded

NEW_MEMBER_PERIOD = timedelta(days=1)


def _keys(
    policy: Policy,
    user: User | None,
    ip: str | None,
    username: str | None,
    device: str | None = None,
) -> list[str]:
    kind = policy.key
    if kind == "username_ip" and device:
        # A device the owner signed in from before has an allowance of its own: failures from
        # elsewhere (a targeted lockout of the username or of a shared address) do not spend it.
        return [f"device:{device}"]
    if kind == "member":
        return [f"u:{user.id}"] if user else ([f"ip:{ip_key(ip)}"] if ip else [])
    if kind == "ip":
        return [f"ip:{ip_key(ip)}"] if ip else []
    if kind == "site":
        return ["site"]
    if kind == "username_ip":
        keys = [_name_key(username)] if username else []
        return keys + ([f"ip:{ip_key(ip)}"] if ip else [])
    # member_or_ip
    if user:
        return [f"u:{user.id}"]
    return [f"ip:{ip_key(ip)}"] if ip else []


def _name_key(username: str) -> str:
    """Sign-in attempts name anything at all: a long or odd name is counted by its digest, so
    nobody can make the limiter store kilobyte keys."""
    name = username.strip().lower()
    if len(name) > 64 or not name.isprintable() or "}" in name:
        name = "#" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"name:{name}"


def _policy_for(name: str, user: User | None) -> Policy | None:
    rt = runtime.get()
    policy = rt.policies.get(name) if rt.limiter is not None else None
    if policy is None:
        return None
    if user is not None and any(user.has_role(r) for r in policy.exempt_roles):
        return None
    if user is not None and policy.new_member_windows and _is_new(user):
        policy = replace(policy, windows=policy.new_member_windows)
    return policy


def _is_new(user: User) -> bool:
    return runtime.now() - user.created_at < NEW_MEMBER_PERIOD


@dataclass
class Reservation:
    """What one ``hit`` spent: per key of the policy, the limiter's decision (its receipt says which
    entry to give back). Empty when the policy does not apply (no limiter, an exempt role)."""

    policy: Policy | None = None
    spent: list[tuple[str, Decision]] = field(default_factory=list)


def _limiter() -> Limiter:
    """The app's limiter, where a policy applies (`_policy_for` finds none without a limiter)."""
    limiter = runtime.get().limiter
    assert limiter is not None, "a policy applies only where there is a limiter"
    return limiter


async def _give_back(reservation: Reservation) -> None:
    if reservation.policy is None:  # nothing was spent
        return
    limiter = _limiter()
    seen = recorded.get()
    for key, decision in reservation.spent:
        await limiter.refund(reservation.policy, key, decision)
        if seen is not None:  # the RateLimit header then tells the allowance as it now stands
            seen[:] = [decision.refunded() if d is decision else d for d in seen]
    reservation.spent.clear()


async def _run(
    name: str,
    spend: bool,
    user: User | None,
    ip: str | None,
    username: str | None,
    device: str | None = None,
) -> Reservation:
    policy = _policy_for(name, user)
    reservation = Reservation(policy)
    if policy is None:
        return reservation
    limiter = _limiter()
    for key in _keys(policy, user, ip, username, device):
        decision = await (limiter.hit(policy, key) if spend else limiter.test(policy, key))
        seen = recorded.get()
        if seen is not None:
            seen.append(decision)
        if not decision.allowed:
            # Refused by this key: what the earlier keys spent bought nothing, so it goes back
            # (a client refused by its address's limit cannot still wear down a username's).
            await _give_back(reservation)
            metrics = runtime.get().metrics
            if metrics is not None:
                metrics.refused(name)
            raise RateLimitedError(
                _message(decision.retry_after), retry_after=decision.retry_after, policy=name
            )
        if decision.receipt is not None:
            reservation.spent.append((key, decision))
    return reservation


def _message(seconds: int) -> str:
    # Rounded up, like Retry-After: the words never promise an earlier time than the header.
    if seconds < 90:
        when = f"{seconds} second{'s' if seconds != 1 else ''}"
    elif seconds < 5400:
        when = f"{math.ceil(seconds / 60)} minutes"
    else:
        when = f"{math.ceil(seconds / 3600)} hours"
    return f"You're going a little fast. Please try again in {when}; nothing you wrote is lost."


async def check(
    name: str, *, user: User | None = None, ip: str | None = None, username: str | None = None
) -> None:
    await _run(name, False, user, ip, username)


async def hit(
    name: str,
    *,
    user: User | None = None,
    ip: str | None = None,
    username: str | None = None,
    device: str | None = None,
) -> Reservation:
    """Spend one allowance for every key of the policy, atomically per key (check-and-spend in one
    step on both backends), so N parallel callers get at most the allowance between them. Call it
    BEFORE the expensive or secret-revealing work (a password check) -- a reservation, not a tally.
    Returns the reservation, for ``refund`` when the attempt turns out not to count.
    Raises ``RateLimitedError`` (429); a refused hit spends nothing on any key."""
    return await _run(name, True, user, ip, username, device)


async def refund(reservation: Reservation) -> None:
    """Give back what ``hit`` reserved, exactly (the very entries it added, on the backend that
    added them), for a policy that counts only failures: `login` and `reauth` count wrong
    passwords, so a right one gives its reservation back. Calling it twice is harmless."""
    if reservation.spent:
        await _give_back(reservation)


async def forgive(name: str, *, username: str | None = None, device: str | None = None) -> None:
    """Clear a username's (or a device's) failures of policy `name`: after a successful sign-in
    the owner starts afresh. The client address keeps what it spent."""
    policy = _policy_for(name, None)
    if policy is None:
        return
    keys = ([_name_key(username)] if username else []) + ([f"device:{device}"] if device else [])
    for key in keys:
        await _limiter().clear(policy, key)


async def admits(name: str, *, ip: str | None = None) -> bool:
    """Spend one allowance of policy `name` for a sender nobody could name (keyed by client
    address, or once for the whole site); True while within it. Unlike `hit` it raises nothing
    and adds no RateLimit headers: a caller uses it to bound its own bookkeeping (the crisis
    texts of signed-out senders), never to refuse the request. No limiter or policy: True."""
    policy = _policy_for(name, None)
    if policy is None:
        return True
    limiter = _limiter()
    for key in _keys(policy, None, ip, None) or [f"ip:{ip_key_of(ip)}"]:
        if not (await limiter.hit(policy, key)).allowed:
            return False
    return True


def ip_key_of(ip: str | None) -> str:
    """The client address as the limiter groups it (IPv6 by /64); "unknown" without one."""
    return ip_key(ip)
