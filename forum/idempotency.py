"""`Idempotency-Key` for every API request that creates something (contract, round 2).

A member's repeat of a create with the same key within 24 hours gets the first answer (status
and body) and creates nothing; the same key with a different request is 422
`idempotency_key_reused`. One mechanism, in the API layer (`forum.api.base` calls `once`):

1. The claim: a row (user, key, hash of method + path + body) is inserted and committed
   *before* the create runs. The unique (user, key) index makes a concurrent twin's insert
   fail; the twin then waits (bounded, WAIT_SECONDS) for the first request's answer.
2. The create's own transaction marks the row `committed` (`forum.db.transaction` calls
   `mark_committed` before it commits), so even if the process dies before the answer is
   stored, a repeat knows the create happened and answers 409 instead of creating it again.
3. The answer (2xx and 4xx but 409/429) is stored on the row; a 5xx, 409, 429, 503 or an
   exception releases the claim (unless the create committed), so a retry can run afresh.
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from starlette.responses import Response
from tortoise.exceptions import IntegrityError

from forum.accounts.models import IdempotencyKey, User
from forum.errors import ConflictError, MalformedError, ValidationError
from forum.runtime import now

HEADER = "idempotency-key"
KEEP = timedelta(hours=24)
WAIT_SECONDS = 10.0  # how long a twin waits for the first request's answer
ABANDONED = timedelta(seconds=60)  # an uncommitted claim this old is taken over (its process died)
_claim: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "crossroads_idempotency_claim", default=None
)


class KeyReusedError(ValidationError):
    code = "idempotency_key_reused"


def check_key(value: str) -> str:
    """1-255 visible ASCII characters (0x21-0x7E), else MalformedError (400)."""
    if not 1 <= len(value) <= 255 or any(not 0x21 <= ord(c) <= 0x7E for c in value):
        raise MalformedError("Idempotency-Key must be 1 to 255 visible ASCII characters.")
    return value


def creates(method: str, status: int, auth: str) -> bool:
    """Whether an API endpoint takes `Idempotency-Key`: every POST that creates something (201)
    for a signed-in member (the key is per member; registration has none yet)."""
    return method == "POST" and status == 201 and auth != "none"


def request_hash(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\0".join([method.encode(), path.encode(), body])).hexdigest()


async def mark_committed() -> None:
    """Called by `forum.db.transaction` just before an outermost transaction commits: the
    create this request claimed is now durable together with this mark."""
    claim = _claim.get()
    if claim is not None:
        await IdempotencyKey.filter(id=claim).update(committed=True)


def _stored(row: IdempotencyKey) -> Response:
    saved = json.loads(row.response or "{}")
    headers = {"Idempotent-Replayed": "true"}
    if saved.get("location"):
        headers["Location"] = saved["location"]
    return Response(
        saved.get("body", ""),
        status_code=row.status or 200,
        media_type=saved.get("type") or "application/json",
        headers=headers,
    )


def _api_keeps(response: Response) -> bool:
    return 200 <= response.status_code < 500 and response.status_code not in (409, 429)


def form_keeps(response: Response) -> bool:
    """A page form's answer is kept when it carried the write out: every create page answers a
    write with a redirect (303). A page rendered again (a refusal, a preview, a saved draft)
    releases the token, so the person can correct and send the same form again."""
    return 300 <= response.status_code < 400


async def once(
    user: User,
    key: str,
    digest: str,
    produce: Callable[[], Awaitable[Response]],
    keeps: Callable[[Response], bool] = _api_keeps,
) -> Response:
    """Run `produce` at most once for (user, key); see the module docstring. `keeps` says which
    answers are stored for repeats (others release the key)."""
    key = check_key(key)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        current = now()
        try:
            row = await IdempotencyKey.create(
                user_id=user.id, key=key, request_hash=digest, claimed_at=current
            )
            break
        except IntegrityError:
            pass
        existing = await IdempotencyKey.get_or_none(user_id=user.id, key=key)
        if existing is None:
            continue  # released meanwhile: claim it
        if existing.created_at < current - KEEP:
            await IdempotencyKey.filter(id=existing.id, created_at=existing.created_at).delete()
            continue
        if existing.request_hash != digest:
            raise KeyReusedError(
                "This Idempotency-Key was already used for a different request.",
                fields={"Idempotency-Key": "Use a new key for a new request."},
            )
        if existing.status is not None:
            return _stored(existing)
        if not existing.committed and existing.claimed_at < current - ABANDONED:
            taken = await IdempotencyKey.filter(
                id=existing.id, claimed_at=existing.claimed_at, status=None
            ).update(claimed_at=current)
            if taken:
                row = existing
                break
        if time.monotonic() > deadline:
            raise ConflictError(
                "A request with this Idempotency-Key is still being carried out. Ask again shortly."
            )
        await asyncio.sleep(0.05)

    token = _claim.set(row.id)
    try:
        response = await produce()
    except BaseException:
        _claim.reset(token)
        await _release(row.id)
        raise
    _claim.reset(token)
    if keeps(response) and hasattr(response, "body"):
        saved = {
            "body": bytes(response.body).decode("utf-8", "replace"),
            "type": response.headers.get("content-type"),
            "location": response.headers.get("location"),
        }
        await IdempotencyKey.filter(id=row.id).update(
            status=response.status_code, response=json.dumps(saved)
        )
    else:
        await _release(row.id)
    return response


async def _release(claim: int) -> None:
    """Free the key for a retry, unless the create committed (then a repeat must not redo it)."""
    row = await IdempotencyKey.get_or_none(id=claim)
    if row is None:
        return
    if row.committed:
        body = '{"error":{"code":"conflict","message":"This request was carried out, but its answer was lost. Reload to see the result."}}'
        await IdempotencyKey.filter(id=claim).update(
            status=409, response=json.dumps({"body": body})
        )
    else:
        await IdempotencyKey.filter(id=claim, status=None).delete()


async def scrub(user_id: int, texts: list[str]) -> None:
    """A member erased words (a post, a title): stored answers of theirs that quote them keep
    their status and shape with those strings blanked, so a repeat still creates nothing and
    the text exists nowhere (forum.threads.actions.erase_post)."""
    wanted = {t for t in texts if t}
    if not wanted:
        return

    def blank(value: object) -> object:
        if isinstance(value, str):
            return "" if value in wanted else value
        if isinstance(value, list):
            return [blank(v) for v in value]
        if isinstance(value, dict):
            return {k: blank(v) for k, v in value.items()}
        return value

    for row in await IdempotencyKey.filter(
        user_id=user_id, status__not_isnull=True, response__not_isnull=True
    ):
        saved = json.loads(row.response or "{}")
        try:
            body = json.loads(saved.get("body") or "null")
        except ValueError:
            continue
        cleaned = blank(body)
        if cleaned != body:
            saved["body"] = json.dumps(cleaned, ensure_ascii=False, separators=(",", ":"))
            await IdempotencyKey.filter(id=row.id).update(response=json.dumps(saved))
