"""A member's own data: export everything (one exporter, one serialiser for page and API), or delete it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from forum import runtime, throttle
from forum.accounts.actions import announce_credentials_changed
from forum.accounts.models import (
    ApiToken,
    IdempotencyKey,
    Notification,
    PathChange,
    ReservedName,
    Session,
    User,
)
from forum.accounts.names import RESERVED_DAYS, name_key
from forum.accounts.notifications import render_notifications
from forum.accounts.schemas import AccountDeletion
from forum.db import lock, transaction
from forum.errors import ValidationError
from forum.runtime import now
from forum.security import verify_password
from forum.serialize import jsonable
from forum.threads.actions import erase_post
from forum.threads.models import Post, PostRevision, Thread

# Each feature's plugin declares its part of a member's export (`exporters`: async (user) -> dict
# merged into the export) and what it erases when they delete their account (`erasers`:
# async (user) -> None, called inside the deleting transaction); the app's registry holds them.


async def export_data(user: User) -> dict[str, Any]:
    posts = (
        await Post.filter(author_id=user.id)
        .order_by("id")
        .values("id", "thread_id", "thread__title", "body_md", "status", "created_at", "edited_at")
    )
    threads = (
        await Thread.filter(author_id=user.id)
        .order_by("id")
        .values("id", "title", "space__slug", "created_at")
    )
    data: dict[str, Any] = {
        "user": {
            "id": user.id,
            "username": user.username,
            "path": user.path.value,
            "roles": user.roles,
            "credential": user.credential,
            "created_at": user.created_at.isoformat(),
        },
        "path_changes": [
            {"from": c["old_path"], "to": c["new_path"], "at": c["changed_at"].isoformat()}
            for c in await PathChange.filter(user_id=user.id)
            .order_by("id")
            .values("old_path", "new_path", "changed_at")
        ],
        "threads": [
            {
                "id": t["id"],
                "title": t["title"],
                "space": t["space__slug"],
                "created_at": t["created_at"].isoformat(),
            }
            for t in threads
        ],
        "posts": [
            {
                "id": p["id"],
                "thread_id": p["thread_id"],
                "thread_title": p["thread__title"],
                "body": p["body_md"],
                "status": p["status"],
                "created_at": p["created_at"].isoformat(),
                "edited_at": p["edited_at"].isoformat() if p["edited_at"] else None,
            }
            for p in posts
        ],
        "notifications": [
            {"kind": n["kind"], "message": n["text"], "at": n["created_at"].isoformat()}
            for n in await render_notifications(
                user, await Notification.filter(user_id=user.id).order_by("id")
            )
        ],
    }
    revisions: dict[int, list[dict[str, Any]]] = {}
    for r in (
        await PostRevision.filter(post__author_id=user.id)
        .order_by("id")
        .values("post_id", "body_md", "created_at")
    ):
        revisions.setdefault(r["post_id"], []).append(
            {"body": r["body_md"], "replaced_at": r["created_at"]}
        )
    for post in data["posts"]:
        post["earlier_versions"] = revisions.get(post["id"], [])
    for exporter in runtime.registry().exporters:
        data.update(await exporter(user))
    return _serialisable(data)


def _serialisable(data: dict[str, Any]) -> dict[str, Any]:
    """The one serialiser of an export (page and API): times as ISO 8601, enums as values."""
    out: dict[str, Any] = jsonable(data)  # a dict stays a dict
    return out


def export_filename() -> str:
    """A neutral file name: it says nothing about the site or the member if seen in Downloads."""
    return "export.json"


async def delete_account(user: User, data: AccountDeletion) -> None:
    """Erase what the member wrote and who they were; replies elsewhere keep a placeholder.
    The password check spends the `reauth` allowance first (as ``change_password``); a right
    password gives it back."""
    reservation = await throttle.hit("reauth", user=user)
    if not await verify_password(user.password_hash, data.password):
        message = "Enter your current password to confirm."
        raise ValidationError(message, fields={"password": message})
    await throttle.refund(reservation)  # the policy counts wrong passwords only

    async with transaction():
        # The lock order (docs/architecture.md): the member's row first, then the threads they
        # wrote in. A reply or edit on its way takes the same member lock and re-checks the
        # account inside its transaction (accounts.actions.lock_writer), so once this commits
        # nothing the member sends can still land.
        me = (await lock(User, user.id)).get(user.id)
        if me is None or me.deleted_at is not None:
            return
        posts = await Post.filter(author_id=user.id).order_by("id")
        await lock(Thread, *{p.thread_id for p in posts})
        for post in posts:
            await erase_post(post)
        await Session.filter(user_id=user.id).delete()
        await ApiToken.filter(user_id=user.id).delete()
        await IdempotencyKey.filter(
            user_id=user.id
        ).delete()  # stored answers quote what they wrote
        await Notification.filter(user_id=user.id).delete()
        await PathChange.filter(user_id=user.id).delete()
        for eraser in runtime.registry().erasers:
            await eraser(user)
        announce_credentials_changed(user.id)
        # The pseudonym stays reserved for names.RESERVED_DAYS; the row takes a placeholder no one can
        # register (':' is not allowed in usernames), so deletion never collides with a new account.
        await ReservedName.create(
            name_key=user.name_key or name_key(user.username),
            until=now() + timedelta(days=RESERVED_DAYS),
        )
        key = f"deleted:{user.id}"
        await User.filter(id=user.id).update(
            username=key,
            username_key=key,
            name_key=None,
            password_hash="!",
            roles=[],
            credential=None,
            deleted_at=now(),
        )
