"""Crisis text that reached no stored subject, kept for moderators (forum.screening.record_unstored).

A refused submission (429, 403, 422, 409, 503, CSRF failure...), a draft being typed, an AMA
answer, a report note, a resource suggestion or a verification application whose words read as
crisis: the words are kept here, for moderators only, behind a queue item of kind "crisis_text"
at crisis priority. The item is opened in its own short transaction, independent of the refused
write; when the database is down the text goes to the local spool (forum.spool) and is written
when it is back (`drain_spool`, run by moderation's plugin in the background).

One open item per member folds their crisis texts (a draft screened on every typing pause, then
the refused post, then the retry): a moderator sees one item listing each text, newest last.

A sender nobody can name (signed out, a bad or expired token) cannot be reached by a moderator
and could otherwise open one crisis-priority item per request (issue 10: thirty 401s were thirty
items). Their texts are bounded and folded, on every refusal path alike: one open item per client
address hash (`client_hash`, a keyed hash, never the address); texts are kept while the sender
is within policy `crisis_unsigned` (per address) and the site within `crisis_unsigned_site`;
past either, the text is only counted (`repeats`) on the open item, and past the site cap a new
address folds into one site-wide item ("many"). The sender still gets the crisis lines, whatever.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from forum import review, runtime, spool, throttle
from forum.accounts.models import ApiToken, Session, User
from forum.db import transaction
from forum.runtime import now
from forum.screening import UnstoredText
from forum.validation import parse_time
from moderation import priorities as P
from moderation.models import CrisisText, QueueItem
from moderation.queue import open_item

log = logging.getLogger("crossroads.moderation.crisis")

KIND = P.CRISIS_TEXT
SUBJECT = P.CRISIS_TEXT_SUBJECT.name
LABELS = {
    "thread": "a new thread",
    "post": "a reply",
    "edit": "an edit",
    "question": "an AMA question",
    "answer": "an AMA answer",
    "report": "a report note",
    "suggestion": "a resource suggestion",
    "verification": "a therapist verification application",
    "draft": "a draft (not yet posted)",
    "form": "a form that was refused before it was read",
}
MAX_FIELD = 20_000
DRAFT_FOLD = timedelta(minutes=30)


MANY = "many"  # the site-wide item signed-out texts fold into past crisis_unsigned_site


def _record(text: UnstoredText) -> dict[str, Any]:
    return {
        "client_hash": text.client_hash if text.author_id is None else None,
        "kind": text.kind,
        "author_id": text.author_id,
        "fields": {k: v[:MAX_FIELD] for k, v in text.fields.items()},
        "reasons": text.reasons,
        "outcome": text.outcome[:300],
        "context": text.context[:300],
        "created_at": now().isoformat(),
        "session_hash": text.session_hash if text.author_id is None else None,
        "token_hash": text.token_hash if text.author_id is None else None,
    }


async def write(record: dict[str, Any]) -> QueueItem:
    """Store one crisis text and open (or fold into the member's open) crisis item. Own transaction."""
    author_id = record.get("author_id")
    async with transaction():
        if author_id is None and record.get("session_hash"):
            session = await Session.get_or_none(key_hash=record["session_hash"])
            author_id = session.user_id if session else None
        if author_id is None and record.get("token_hash"):
            token = await ApiToken.get_or_none(token_hash=record["token_hash"])
            author_id = token.user_id if token else None
        if author_id is not None and not await User.filter(id=author_id).exists():
            author_id = None
        created = (
            parse_time(record["created_at"], "created_at") if record.get("created_at") else now()
        )
        if author_id is None and record.get("client_hash"):
            return await _write_unsigned(record, created)
        if record.get("kind") == "draft" and author_id is not None:
            # The draft screen runs on every typing pause: keep the latest words of one draft, not each pause.
            last = await CrisisText.filter(author_id=author_id).order_by("-id").first()
            item = await QueueItem.filter(open_key=f"crisis_member:{author_id}").first()
            if item and last and last.kind == "draft" and (created - last.created_at) < DRAFT_FOLD:
                last.texts, last.reasons, last.created_at = (
                    record.get("fields") or {},
                    record.get("reasons") or [],
                    created,
                )
                await last.save(update_fields=["texts", "reasons", "created_at"])
                return item
        row = await CrisisText.create(
            author_id=author_id,
            kind=str(record.get("kind") or "form")[:40],
            texts=record.get("fields") or {},
            reasons=record.get("reasons") or [],
            outcome=str(record.get("outcome") or "")[:300],
            context=str(record.get("context") or "")[:300],
            created_at=created,
        )
        # One open item per member (their texts fold into it); a text without a known author
        # gets its own.
        key_type, key_id = (
            ("crisis_member", author_id) if author_id is not None else (SUBJECT, row.id)
        )
        item, _ = await open_item(
            KIND,
            SUBJECT,
            row.id,
            reasons=[
                *(record.get("reasons") or []),
                f"crisis text: {LABELS.get(row.kind, row.kind)}",
            ],
            priority=P.CRISIS,
            author_id=author_id,
            crisis=True,
            key=f"{key_type}:{key_id}",
        )
    return item


async def _write_unsigned(record: dict[str, Any], created: datetime) -> QueueItem:
    """A text from a sender nobody could name: folded into the open item of their address hash (or
    the site-wide one); kept while `record["kept"]` (within the policies), else only counted."""
    kept = record.get("kept", True)
    client = MANY if kept == MANY else record["client_hash"]
    key = f"crisis_client:{client}"
    item = await QueueItem.filter(open_key=key).first()
    if item is not None and kept is not True:
        last = await CrisisText.filter(client_hash=client, author_id=None).order_by("-id").first()
        if last is not None:
            await CrisisText.filter(id=last.id).update(repeats=last.repeats + 1)
            return item
    row = await CrisisText.create(
        author_id=None,
        kind=str(record.get("kind") or "form")[:40],
        texts=record.get("fields") or {},
        reasons=record.get("reasons") or [],
        outcome=str(record.get("outcome") or "")[:300],
        context=str(record.get("context") or "")[:300],
        created_at=created,
        client_hash=client,
    )
    label = "from many signed-out senders" if client == MANY else "from a signed-out sender"
    item, _ = await open_item(
        KIND,
        SUBJECT,
        row.id,
        priority=P.CRISIS,
        author_id=None,
        crisis=True,
        key=key,
        reasons=[
            *(record.get("reasons") or []),
            f"crisis text: {LABELS.get(row.kind, row.kind)}",
            label,
        ],
    )
    return item


async def _admit_unsigned(text: UnstoredText) -> bool | str:
    """Spend the signed-out policies for a text whose sender is not known here: True (keep it),
    False (over the address's cap: count it), or MANY (over the site's cap: fold site-wide)."""
    try:
        if not await throttle.admits("crisis_unsigned", ip=text.client):
            return False
        if not await throttle.admits("crisis_unsigned_site"):
            return MANY
    except Exception:  # the limiter never costs a person in crisis their text
        log.exception("crisis text: rate limiter unavailable; keeping the text")
    return True


def _spool_dir() -> Any:
    return spool.spool_dir(runtime.get().settings.spool_dir)


async def record_unstored(text: UnstoredText) -> None:
    """forum.screening's hook: write now, or spool while the database is down. A text whose
    sender is not known yet (no member id) spends the signed-out policies first, so neither the
    queue nor the spool grows past them (a member named later by session or token is unaffected)."""
    record = _record(text)
    if text.author_id is None:
        record["kept"] = await _admit_unsigned(text)
    try:
        await write(record)
    except Exception:
        log.warning("crisis text: database unavailable, spooled for the queue")
        await spool.append(_spool_dir(), record)


async def drain_spool() -> int:
    """Write every spooled crisis text (returns how many); the rest wait for the next try."""
    return await spool.drain(_spool_dir(), write)


async def drain_forever(interval: float) -> None:
    """moderation's background task: drain at start-up, then every `interval` seconds."""
    while True:
        try:
            await drain_spool()
        except Exception:
            log.exception("crisis spool drain failed")
        await asyncio.sleep(interval)


# --------------------------------------------------------------------------- the queue's view


async def texts_for(item: QueueItem) -> list[CrisisText]:
    """Every text folded into an item (a member's item may hold several), oldest first."""
    start_row = await CrisisText.get_or_none(id=item.subject_id)
    if item.author_id is None and start_row is not None and start_row.client_hash:
        return (
            await CrisisText.filter(
                client_hash=start_row.client_hash,
                author_id=None,
                created_at__gte=start_row.created_at,
            )
            .order_by("id")
            .limit(50)
        )
    if item.author_id is not None:
        start = await CrisisText.get_or_none(id=item.subject_id)
        since = start.created_at if start else item.created_at
        return (
            await CrisisText.filter(author_id=item.author_id, created_at__gte=since)
            .order_by("id")
            .limit(50)
        )
    return await CrisisText.filter(id=item.subject_id).order_by("id")


def _summary(texts: list[CrisisText]) -> str:
    parts = []
    for t in texts:
        words = " / ".join(v for v in (t.texts or {}).values() if v)
        parts.append(f"[{LABELS.get(t.kind, t.kind)}; {t.outcome}] {words}")
        if t.repeats:
            parts.append(
                f"(and {t.repeats} more crisis text{'s' if t.repeats != 1 else ''} from the same "
                "signed-out sender after it, counted but not kept)"
            )
    return "\n\n".join(parts)


async def describe(subject_id: int) -> review.Subject | None:
    row = await CrisisText.get_or_none(id=subject_id)
    if row is None:
        return None
    item = (
        await QueueItem.filter(subject_type=SUBJECT, subject_id=subject_id).order_by("-id").first()
    )
    texts = await texts_for(item) if item else [row]
    return review.Subject(
        text="\n\n".join(t for r in texts for t in (r.texts or {}).values() if isinstance(t, str)),
        title=f"Crisis language in {LABELS.get(row.kind, row.kind)} (not published)",
        summary=_summary(texts),
        author_id=row.author_id,
        fields={"What happened": row.outcome, "Where": row.context or "—"},
    )


async def _acknowledge(
    subject_id: int, moderator: Any, reason: str, data: dict[str, Any]
) -> str | None:
    return None  # the member was told at once that a person will read it; nothing more to send


def review_kind() -> review.Kind:
    """Crisis text nobody stored, as a review kind (declared by moderation's plugin)."""
    return review.Kind(
        name=KIND,
        label="Crisis language (not published)",
        subject_type=P.CRISIS_TEXT_SUBJECT,
        priority=P.CRISIS,
        sanctions=(),  # someone in crisis is cared for, not sanctioned
        decisions=(
            review.Decision("acknowledge", "I've read it and done what is needed", _acknowledge),
        ),
        describe=describe,
    )


async def erase_member(user: Any) -> None:
    """An `erasers` hook (forum.plugins): a deleted member's crisis texts go with them."""
    await CrisisText.filter(author_id=user.id).delete()
