"""Block and unblock a member by pseudonym.

What a block does (the guidelines say the same to members): the blocker no longer sees the
blocked member's threads, posts, AMA questions or reactions, and is not notified of their
replies or mentions. Neither member is told. It does not stop the blocked member reading
the spaces they belong to (a spouse on the same side can still read them), and it does not
hide anyone from moderators' work: reports, the queue and moderation notices are untouched.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from forum import events, runtime
from forum.access import require_member
from forum.accounts.models import User
from forum.blocks.models import Block
from forum.blocks.queries import forget_hidden
from forum.db import transaction
from forum.errors import NotFoundError, ValidationError


async def _target(username: str) -> User:
    if not 3 <= len(username) <= 30:
        raise NotFoundError("No member by that name.")
    target = await User.get_or_none(username_key=username.lower(), deleted_at=None)
    if target is None:
        raise NotFoundError("No member by that name.")
    return target


async def block_member(user: User | None, username: str) -> dict[str, bool]:
    """Block `username` (idempotent). Errors: 404 unknown, 422 oneself."""
    user = require_member(user)
    target = await _target(username)
    if target.id == user.id:
        raise ValidationError("You can't block yourself.", fields={"username": "that is you"})
    try:
        async with transaction():
            if not await Block.exists(blocker_id=user.id, blocked_id=target.id):
                await Block.create(blocker_id=user.id, blocked_id=target.id)
    except IntegrityError:
        pass
    forget_hidden(user)
    await _announce(user.id)
    return {"blocked": True}


async def unblock_member(user: User | None, username: str) -> dict[str, bool]:
    """Undo a block (idempotent). Errors: 404 unknown."""
    user = require_member(user)
    target = await _target(username)
    await Block.filter(blocker_id=user.id, blocked_id=target.id).delete()
    forget_hidden(user)
    await _announce(user.id)
    return {"blocked": False}


async def _announce(user_id: int) -> None:
    """Tell the member's open streams (every process) that their blocks changed: an AMA stream
    re-reads them at once (forum.streams.live), instead of at its next 30-second re-check."""
    try:
        bus = runtime.get().bus
    except RuntimeError:  # no app running (the command line): no streams to tell
        return
    await bus.publish(events.member_channel(user_id), {"kind": events.BLOCKS_CHANGED})
