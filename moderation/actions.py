"""Moderation writes: reports, claims, decisions, sanctions, watched words.

Every decision runs in one transaction with its log entry and the notices to
the members concerned. Deciding twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from forum import review, screening, throttle
from forum.access import require_member, require_moderator
from forum.accounts.actions import end_all_sessions, require_can_write
from forum.accounts.models import User
from forum.accounts.notifications import notify
from forum.db import lock, transaction
from forum.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from forum.runtime import now
from forum.validation import parse_time
from moderation import priorities as P
from moderation.models import (
    OPEN_STATUSES,
    REPORT_COLUMNS,
    ItemStatus,
    ModLogEntry,
    PostReport,
    QueueItem,
    WatchedWordRow,
)
from moderation.queue import open_item
from moderation.schemas import (
    Decision,
    Lift,
    NewSanction,
    NewWatchedWord,
    Report,
    WatchedWordChange,
    check_note,
)

CLAIM_MINUTES = 10
DEFAULT_DAYS = {"silence": 3, "suspend": 7}
MAX_SANCTION_DAYS = 3650


# --------------------------------------------------------------------------- helpers


def check_until(value: object, *, kind: str, days: object = None) -> datetime:
    """An ISO 8601 end time in the future, or a number of days from now."""
    current = now()
    if (value is None or value == "") and days not in (None, ""):
        try:
            n = float(str(days))
        except ValueError:
            n = -1
        if not 0 < n <= MAX_SANCTION_DAYS:
            message = f"Give a number of days from 1 to {MAX_SANCTION_DAYS}."
            raise ValidationError(message, fields={"days": message})
        return current + timedelta(days=n)
    if value is None or value == "":
        return current + timedelta(days=DEFAULT_DAYS[kind])
    if isinstance(value, datetime):
        until = value
    else:
        until = parse_time(
            value, "until", message="Give the end as a date and time, e.g. 2030-01-31T12:00:00Z."
        )
    if until.tzinfo is None:
        until = until.replace(tzinfo=UTC)
    if until <= current:
        message = "The end must be in the future."
        raise ValidationError(message, fields={"until": message})
    if until > current + timedelta(days=MAX_SANCTION_DAYS):
        message = "That is too far away; at most ten years."
        raise ValidationError(message, fields={"until": message})
    return until


async def write_log(
    moderator: User | None,
    action: str,
    subject_type: str,
    subject_id: int,
    *,
    item: QueueItem | None = None,
    member_id: int | None = None,
    reason: str = "",
    category: str = "other",
    public: bool = False,
) -> ModLogEntry:
    return await ModLogEntry.create(
        moderator_id=moderator.id if moderator else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        item_id=item.id if item else None,
        member_id=member_id,
        reason=reason,
        category=category,
        public=public,
    )


def _when(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


# --------------------------------------------------------------------------- reports


async def report_subject(user: User, subject_type: str, subject_id: int) -> review.Subject:
    """What a member would report: the subject as the report form shows it.

    The subject type's report kind (forum.review.REPORT) decides whether this member may
    report it; raises NotFoundError (nothing reportable there) or PermissionDeniedError."""
    kind = review.kind_for(subject_type, review.REPORT)
    if kind is None or kind.reportable is None:
        raise NotFoundError("There is nothing to report here.")
    return await kind.reportable(user, subject_id)


async def report(user: User | None, subject_type: str, subject_id: int, data: Report) -> PostReport:
    """A member reports a post, an AMA question... (any subject type with a report kind).

    The note is screened for crisis first (the reporter may be the one in crisis). Raises
    NotFoundError, PermissionDeniedError (their own writing; silenced), ValidationError,
    RateLimitedError (policy `report`)."""
    await screening.crisis_screen("report", user, note=data.note)
    user = require_member(user)
    require_can_write(user)
    subject = await report_subject(user, subject_type, subject_id)
    kind = review.kind_for(subject_type, review.REPORT)
    assert kind is not None  # report_subject found it
    column = REPORT_COLUMNS.get(kind.subject.name)
    return await _file_report(
        user,
        kind.name,
        kind.subject.name,
        subject_id,
        subject.author_id,
        subject.space,
        data,
        post_id=subject_id if column == "post_id" else None,
        question_id=subject_id if column == "question_id" else None,
    )


async def _file_report(
    user: User,
    kind: str,
    subject_type: str,
    subject_id: int,
    author_id: int | None,
    space_slug: str | None,
    data: Report,
    *,
    post_id: int | None = None,
    question_id: int | None = None,
) -> PostReport:
    """One member's report, folded with every other open report on the subject into one queue item.

    The report names its subject by exactly one of `post_id` and `question_id`."""
    reason, note_text = data.reason, data.note
    await throttle.hit("report", user=user)
    async with transaction():
        # A second report by the same member keeps their first report, but a more urgent reason
        # still raises the item (someone who reported "other" may see later that it is a crisis).
        item, _ = await open_item(
            kind,
            subject_type,
            subject_id,
            reasons=[f"reported: {reason}"],
            priority=P.REPORT_PRIORITY[reason],
            author_id=author_id,
            space_slug=space_slug,
            crisis=reason == "crisis",
        )
        try:
            async with transaction():
                report = await PostReport.create(
                    item=item,
                    reporter=user,
                    reason=reason,
                    note=note_text,
                    post_id=post_id,
                    question_id=question_id,
                )
        except IntegrityError:  # the same member, twice at once
            return await PostReport.get(item_id=item.id, reporter_id=user.id)
    return report


# --------------------------------------------------------------------------- claims


async def claim(moderator: User | None, item_id: int) -> QueueItem:
    moderator = require_moderator(moderator)
    current = now()

    # An escalated item waits for an admin: a moderator's claim would only keep them out.
    claimable = OPEN_STATUSES if moderator.is_admin else (ItemStatus.OPEN,)
    async with transaction():
        changed = await QueueItem.filter(
            Q(id=item_id),
            Q(status__in=claimable),
            Q(claimed_by_id=None) | Q(claimed_until__lte=current) | Q(claimed_by_id=moderator.id),
        ).update(
            claimed_by_id=moderator.id, claimed_until=current + timedelta(minutes=CLAIM_MINUTES)
        )
        item = await QueueItem.get_or_none(id=item_id).select_related("claimed_by")
        if item is None:
            raise NotFoundError("No such queue item.")
        if not changed:
            if item.status == ItemStatus.RESOLVED:
                raise ConflictError("This item has already been decided.")
            if item.status == ItemStatus.ESCALATED and not moderator.is_admin:
                raise PermissionDeniedError("This item was escalated: only an admin can decide it.")
            who = item.claimed_by.username if item.claimed_by else "another moderator"
            until = f" until {_when(item.claimed_until)}" if item.claimed_until else ""
            raise ConflictError(f"{who} is working on this item{until}.")
    return item


async def release(moderator: User | None, item_id: int) -> QueueItem:
    moderator = require_moderator(moderator)

    query = QueueItem.filter(id=item_id)
    if not moderator.is_admin:  # one conditional update: a claim taken meanwhile is not released
        query = query.filter(
            Q(claimed_by_id=None) | Q(claimed_by_id=moderator.id) | Q(claimed_until__lte=now())
        )
    changed = await query.update(claimed_by_id=None, claimed_until=None)
    item = await QueueItem.get_or_none(id=item_id)
    if item is None:
        raise NotFoundError("No such queue item.")
    if not changed:
        raise ConflictError(
            "Another moderator holds this claim; only they (or an admin) can release it."
        )
    return item


# --------------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class Choice:
    """A decision as the item page and API offer it (`needs_until`: a sanction's end)."""

    name: str
    label: str
    needs_reason: bool = False
    needs_until: bool = False


ESCALATE = Choice("escalate", "Escalate to an admin")


def choices_for(kind: str, *, has_author: bool = False) -> tuple[Choice, ...]:
    """What a moderator may decide on an item of `kind`: the kind's decisions (forum.review),
    then -- when the subject has an author -- its take-down joined with each sanction the kind
    allows ("Remove and silence the author"), then escalation to an admin."""
    spec = review.kinds().get(kind)
    if spec is None:
        return (ESCALATE,)
    out = [Choice(d.name, d.label, d.needs_reason) for d in spec.decisions]
    down = spec.take_down
    if has_author and down is not None:
        out += [
            Choice(s, f"{down.then_words} and {s} the author", needs_reason=True, needs_until=True)
            for s in spec.sanctions
        ]
    return (*out, ESCALATE)


@dataclass
class Outcome:
    item: QueueItem
    changed: bool


async def resolve(moderator: User | None, item_id: int, decision: Decision) -> Outcome:
    """Decide queue item `item_id` (`decision.action`, one the item's kind offers; its reason
    `decision.note`, required by some). Idempotent: the same decision twice changes nothing.
    Raises PermissionDeniedError, NotFoundError, ConflictError (decided otherwise, or claimed
    by another moderator), ValidationError (a decision the item does not offer, a missing
    reason, a sanction's end)."""
    moderator = require_moderator(moderator)
    action, note, data = decision.action, decision.note, decision.edits()
    async with transaction():
        await _lock_subject(
            item_id
        )  # the lock order: users -> threads -> posts -> ... -> queue items
        item = await QueueItem.select_for_update().get_or_none(id=item_id)
        if item is None:
            raise NotFoundError("No such queue item.")
        spec = review.kinds().get(item.kind)
        named = spec.decision(action) if spec else None
        action = named.name if named else action  # the contract's names work on every kind
        if item.status == ItemStatus.RESOLVED:
            if item.resolution == action:
                return Outcome(item, False)  # deciding twice changes nothing
            raise ConflictError(f"This item was already decided ({item.resolution}).")
        if (
            item.claimed_by_id not in (None, moderator.id)
            and item.claimed_until
            and item.claimed_until > now()
        ):
            raise ConflictError(
                "Another moderator has claimed this item. Wait for them, or for the claim to expire."
            )
        choices = {c.name: c for c in choices_for(item.kind, has_author=item.author_id is not None)}
        if action not in choices:
            message = "Choose one of: " + ", ".join(choices) + "."
            raise ValidationError(message, fields={"action": message})
        choice = choices[action]
        reason = check_note(note, required=choice.needs_reason)
        if action == "escalate":
            if item.status == ItemStatus.ESCALATED:
                return Outcome(item, False)
            item.status = ItemStatus.ESCALATED
            item.claimed_by_id, item.claimed_until = None, None
            await item.save()
            await write_log(
                moderator,
                "escalate",
                item.subject_type,
                item.subject_id,
                item=item,
                member_id=item.author_id,
                reason=reason,
                category=P.category_of(item.reasons),
            )
            await _tell_admins(moderator, item, reason)
            return Outcome(item, True)
        if item.status == ItemStatus.ESCALATED and not moderator.is_admin:
            raise PermissionDeniedError("This item was escalated: only an admin can decide it.")
        until = (
            check_until(data.get("until"), kind=action, days=data.get("days"))
            if choice.needs_until
            else None
        )
        assert spec is not None  # choices_for offers only escalation for an unknown kind
        await _decide(moderator, item, spec, action, reason, data, until)
        item.status = ItemStatus.RESOLVED
        item.resolution = action
        item.resolution_note = reason
        item.resolved_by_id = moderator.id
        item.resolved_at = now()
        item.open_key = None
        item.claimed_by_id, item.claimed_until = None, None
        await item.save()
        await write_log(
            moderator,
            action,
            item.subject_type,
            item.subject_id,
            item=item,
            member_id=item.author_id,
            reason=reason,
            category=P.category_of(item.reasons),
            public=action in P.PUBLIC_WORDS,
        )
        await _thank_reporters(item, action)
    return Outcome(item, True)


async def _lock_subject(item_id: int) -> None:
    """Take the locks a decision on this item needs that come before the item in the codebase's
    lock order (docs/architecture.md): the kind's own (`Kind.lock`: a post's author and thread),
    else the subject's author. A decision locking the item first and the author later
    deadlocked with the author's own reply."""
    peek = await QueueItem.get_or_none(id=item_id).values("kind", "subject_id", "author_id")
    if peek is None:
        return
    spec = review.kinds().get(peek["kind"])
    if spec is not None and spec.lock is not None:
        await spec.lock(peek["subject_id"])
        return
    await lock(User, peek["author_id"])


async def _tell_admins(moderator: User, item: QueueItem, reason: str) -> None:
    """An escalated item is for the admins: each gets an in-app notice with a link to it."""
    why = f" Reason: {reason}" if reason else ""
    staff = (
        await User.filter(deleted_at=None).exclude(roles=[]).exclude(id=moderator.id)
    )  # few rows: roles are rare
    for admin in (u for u in staff if u.is_admin):
        await notify(
            admin.id,
            "moderation",
            "{actor} escalated a queue item ({what}) to the admins.{why}",
            link=f"/moderation/items/{item.id}",
            actor_id=moderator.id,
            what=spec.label if (spec := review.kinds().get(item.kind)) else item.kind,
            why=why,
        )


async def _decide(
    moderator: User,
    item: QueueItem,
    spec: review.Kind,
    action: str,
    reason: str,
    data: dict[str, Any],
    until: datetime | None,
) -> None:
    """Run the kind's decision handler (forum.review); a sanction runs its take-down first, then
    silences or suspends the subject's author. The handler's message, if any, goes to the author."""
    decision = spec.take_down if action in review.SANCTIONS else spec.decision(action)
    assert decision is not None  # resolve offered only this kind's choices
    extra = {k: v for k, v in data.items() if k not in ("action", "note", "csrf_token")}
    extra = {k: v for k, v in extra.items() if k not in ("until", "days")}  # the sanction's
    message = await decision.handler(item.subject_id, moderator, reason, extra)
    author_id = item.author_id
    if author_id is None and (message or action in review.SANCTIONS):
        subject = await spec.describe(item.subject_id)
        author_id = subject.author_id if subject else None
    if message and author_id:
        await notify(author_id, "moderation", "{text}", text=message)
    if action in review.SANCTIONS and until is not None and author_id is not None:
        author = await User.get_or_none(id=author_id)
        if author is not None:
            await _sanction(moderator, author, action, until, reason, item=item)


async def _thank_reporters(item: QueueItem, action: str) -> None:
    reports = await PostReport.filter(item_id=item.id, handled_at=None)
    if not reports:
        return
    await PostReport.filter(item_id=item.id, handled_at=None).update(
        handled_at=now(), outcome=action
    )
    spec = review.kinds().get(item.kind)
    if spec is not None and spec.takes_down(action):
        what = f"The {review.subject_type(item.subject_type).short} has been removed."
    else:
        what = "They decided it could stay up."
    for report in reports:
        await notify(
            report.reporter_id,
            "report",
            "Thank you for your report. A moderator has looked at it. {what}",
            what=what,
        )


# --------------------------------------------------------------------------- sanctions


async def _sanction(
    moderator: User,
    member: User,
    kind: str,
    until: datetime,
    reason: str,
    *,
    item: QueueItem | None = None,
) -> None:
    if member.id == moderator.id:
        raise PermissionDeniedError("You can't sanction yourself.")
    if member.is_moderator and not moderator.is_admin:
        raise PermissionDeniedError("Only an admin can sanction a moderator.")
    if kind == "silence":
        await User.filter(id=member.id).update(silenced_until=until, silence_reason=reason)
        await notify(
            member.id,
            "sanction",
            "You can read but not post until {until}. Reason: {reason}",
            until=_when(until),
            reason=reason,
        )
    else:
        await User.filter(id=member.id).update(suspended_until=until, suspension_reason=reason)
        await end_all_sessions(member)
        await notify(
            member.id,
            "sanction",
            "Your account was suspended until {until}. Reason: {reason}",
            until=_when(until),
            reason=reason,
        )
    await write_log(
        moderator,
        kind,
        P.MEMBER.name,
        member.id,
        item=item,
        member_id=member.id,
        reason=f"{reason} (until {_when(until)})",
        category="conduct",
        public=True,
    )


async def _target(user_id: int) -> User:
    member = await User.get_or_none(id=user_id, deleted_at=None)
    if member is None:
        raise NotFoundError("No such member.")
    return member


async def sanction(moderator: User | None, user_id: int, kind: str, data: NewSanction) -> User:
    """Silence (read only) or suspend (no sign-in) a member until `data.until`, or for
    `data.days`, else for `DEFAULT_DAYS[kind]`, with a reason they see. Raises
    PermissionDeniedError, NotFoundError."""
    moderator = require_moderator(moderator)
    member = await _target(user_id)
    text = data.reason
    when = data.until or now() + timedelta(days=data.days or DEFAULT_DAYS[kind])
    async with transaction():
        await _sanction(moderator, member, kind, when, text)
    return await User.get(id=member.id)


async def lift(moderator: User | None, user_id: int, kind: str, data: Lift) -> User:
    """End a silence or suspension now. Lifting what is not in force changes nothing."""
    moderator = require_moderator(moderator)
    member = await _target(user_id)
    text = data.reason
    current = now()
    async with transaction():
        if kind == "silence":
            changed = await User.filter(id=member.id, silenced_until__gt=current).update(
                silenced_until=None, silence_reason=None
            )
            message = "You can post again: a moderator lifted your silence."
        else:
            changed = await User.filter(id=member.id, suspended_until__gt=current).update(
                suspended_until=None, suspension_reason=None
            )
            message = "Your suspension was lifted: you can sign in again."
        if changed:
            await notify(member.id, "sanction", "{text}", text=message)
            await write_log(
                moderator,
                f"lift {kind}",
                P.MEMBER.name,
                member.id,
                member_id=member.id,
                reason=text,
                category="conduct",
                public=True,
            )
    return await User.get(id=member.id)


# --------------------------------------------------------------------------- watched words


async def add_watched_word(moderator: User | None, data: NewWatchedWord) -> WatchedWordRow:
    """A moderator adds a word to the watched list. Raises PermissionDeniedError, ConflictError
    (already listed: field `pattern`)."""
    moderator = require_moderator(moderator)
    text, act = data.pattern, data.action
    try:
        async with transaction():
            row = await WatchedWordRow.create(pattern=text, action=act, created_by=moderator)
            await write_log(
                moderator, "add watched word", P.WATCHED_WORD.name, row.id, reason=f"{text} → {act}"
            )
    except IntegrityError:
        message = "That word is already on the list."
        raise ConflictError(message, fields={"pattern": message}) from None
    return row


async def update_watched_word(
    moderator: User | None, word_id: int, data: WatchedWordChange
) -> WatchedWordRow:
    """A moderator changes what a watched word does. Raises PermissionDeniedError,
    NotFoundError."""
    moderator = require_moderator(moderator)
    row = await WatchedWordRow.get_or_none(id=word_id)
    if row is None:
        raise NotFoundError("No such watched word.")
    act = data.action
    async with transaction():
        row.action = act
        await row.save(update_fields=["action"])
        await write_log(
            moderator,
            "change watched word",
            P.WATCHED_WORD.name,
            row.id,
            reason=f"{row.pattern} → {act}",
        )
    return row


async def remove_watched_word(moderator: User | None, word_id: int) -> None:
    moderator = require_moderator(moderator)
    row = await WatchedWordRow.get_or_none(id=word_id)
    if row is None:
        return
    async with transaction():
        await row.delete()
        await write_log(
            moderator, "remove watched word", P.WATCHED_WORD.name, word_id, reason=row.pattern
        )
