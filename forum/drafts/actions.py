"""Save, read and delete drafts; preview a post as it would be rendered.

A draft key names where the text will go: `thread-{id}` (a reply; the thread must be
readable), `new-{space slug}` (a new thread in a readable space) or `edit-{post id}` (a new
version of a post the member may edit). A draft is deleted when the post it became is created
or the edit it held is saved (forum.threads.actions calls `discard`). Drafts are
not screened or published: they are the member's own notes until posted, and go with the
account when it is deleted.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from tortoise.exceptions import IntegrityError

from forum import db, throttle
from forum.access import access_space, access_thread, require_member
from forum.accounts.models import User
from forum.db import transaction
from forum.drafts.models import Draft
from forum.drafts.schemas import DraftText, Preview
from forum.errors import NotFoundError
from forum.text import render
from forum.threads.queries import get_post_for_edit
from forum.validation import parse_id

KEY_RE = re.compile(r"^(thread)-([0-9]{1,10})$|^(new)-([a-z0-9-]{1,40})$|^(edit)-([0-9]{1,10})$")


async def check_key(user: User, key: str) -> str:
    """The key, if it names a reply to a readable thread, a new thread in a readable space, or an
    edit of a post the member may edit (its author, or a moderator). Anything else is 404 (the
    same as a thread the member cannot read); a post they may read but not edit is 403."""
    match = KEY_RE.match(key)
    if match is None:
        raise NotFoundError("No such draft.")
    if match.group(1):
        await access_thread(user, parse_id(match.group(2), message="No such draft."))
    elif match.group(3):
        await access_space(user, match.group(4))
    else:
        await get_post_for_edit(user, parse_id(match.group(6), message="No such draft."))
    return key


def shape(draft: Draft) -> dict[str, Any]:
    return {
        "key": draft.key,
        "body": draft.body,
        "title": draft.title,
        "updated_at": draft.updated_at,
    }


async def save_draft(user: User | None, key: str, data: DraftText) -> Draft:
    """Create or replace the member's draft under `key`. Errors: 404 key, 429 `draft_save`."""
    user = require_member(user)
    key = await check_key(user, key)
    text, heading = data.body, data.title
    await throttle.hit("draft_save", user=user)
    updated = await Draft.filter(user_id=user.id, key=key).update(body=text, title=heading)
    if not updated:
        try:
            async with transaction():
                await Draft.create(user_id=user.id, key=key, body=text, title=heading)
        except IntegrityError:
            await Draft.filter(user_id=user.id, key=key).update(body=text, title=heading)
    return await Draft.get(user_id=user.id, key=key)


async def get_draft(user: User | None, key: str) -> Draft:
    user = require_member(user)
    key = await check_key(user, key)
    draft = await Draft.get_or_none(user_id=user.id, key=key)
    if draft is None:
        raise NotFoundError("No such draft.")
    return draft


async def find_draft(user: User, key: str) -> Draft | None:
    """The member's draft under a key the caller already checked (pages restoring a form).

    Hand-written SQL (`forum.db.fetch`): the thread page reads it on every view, and building
    this one-row lookup with the query builder cost more than running it."""
    rows = await db.fetch(_find_sql(), user.id, key)
    return db.instance(Draft, rows[0]) if rows else None


@cache
def _find_sql() -> str:
    return f"SELECT {db.columns(Draft, 'd')} FROM drafts d WHERE d.user_id = $1 AND d.key = $2"


async def find_draft_and_unread_notices(user: User, key: str) -> tuple[Draft | None, int]:
    """`find_draft`, and the member's unread notice count (the page header's), in one statement.

    For a page that reads both after its own writes (the thread page moves the read mark, which
    reads notices): the count is then the one the page must show, and `render` takes it as given.
    """
    rows = await db.fetch(_find_with_unread_sql(), user.id, key)
    row = rows[0]
    draft = db.instance(Draft, row, "d_") if row["d_id"] is not None else None
    return draft, int(row["unread_notices"])


@cache
def _find_with_unread_sql() -> str:
    return (
        f"SELECT {db.columns(Draft, 'd', 'd_')}, (SELECT count(*) FROM notifications n "
        "WHERE n.user_id = $1 AND n.read_at IS NULL) AS unread_notices "
        "FROM (SELECT 1 AS one) o LEFT JOIN drafts d ON d.user_id = $1 AND d.key = $2"
    )


async def delete_draft(user: User | None, key: str) -> None:
    user = require_member(user)
    key = await check_key(user, key)
    await Draft.filter(user_id=user.id, key=key).delete()


async def discard(user_id: int, key: str) -> None:
    """The post was created: its draft goes (inside the post's transaction)."""
    await Draft.filter(user_id=user_id, key=key).delete()


async def preview(user: User | None, data: Preview) -> str:
    """The HTML a post with this Markdown would have: the same render and bleach rules, off
    the event loop. Errors: 422 (too complex), 429 (`preview` policy)."""
    user = require_member(user)
    await throttle.hit("preview", user=user)
    return await render(data.body)


async def export_member(user: User) -> dict[str, Any]:
    """An `exporters` hook (forum.plugins): the member's drafts, text included.

    Returns {"drafts": [{key, body, title, updated_at}]}, oldest first."""
    return {"drafts": [shape(d) for d in await Draft.filter(user_id=user.id).order_by("id")]}


async def erase_member(user: User) -> None:
    """An `erasers` hook (forum.plugins): unposted words go with the account."""
    await Draft.filter(user_id=user.id).delete()
