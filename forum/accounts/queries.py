"""Account reads on every page's path: the signed-in member, the unread notice count."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from forum import db
from forum.accounts.models import Session, User


@cache
def _session_sql() -> str:
    # Built once from the models' columns, so a new column on users is read without a change here.
    return (
        f"SELECT s.expires_at AS s_expires_at, {db.columns(User, 'u', 'u_')} "
        "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.key_hash = $1"
    )


async def get_session_member(key_hash: str) -> tuple[User, datetime] | None:
    """The member a session cookie belongs to and when that session ends, in one statement
    (every signed-in page starts with it); None for no such session. Whether the session is
    still good (expired, member deleted or suspended) is the caller's rule (forum.web.base)."""
    rows = await db.fetch(_session_sql(), key_hash)
    if not rows:
        return None
    row = rows[0]
    expires_at = db.values(Session, row, "s_")["expires_at"]
    return db.instance(User, row, "u_"), expires_at


async def unread_notice_count(user_id: int) -> int:
    """How many of the member's notices are unread (the count in every page's header)."""
    rows = await db.fetch(
        "SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL", user_id
    )
    return int(rows[0]["n"])
