"""AMA writes: therapist verification, scheduling, questions, votes, answers.

Each action validates, authorises, rate-limits and writes in one transaction.
Every change watchers should see is appended to the AMA's event log (`AmaEvent`,
same transaction) and published on the bus only after the commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from forum import db, events, idempotency, review, runtime, screening, throttle, validation
from forum.access import can_read_space, require_member, require_moderator, space_by_slug
from forum.accounts.actions import lock_writer, require_can_write
from forum.accounts.models import User, badges_for
from forum.accounts.notifications import notify
from forum.amas.models import (
    Ama,
    AmaAnswer,
    AmaEvent,
    AmaQuestion,
    AmaVote,
    ApplicationStatus,
    QuestionStatus,
    TherapistApplication,
)
from forum.amas.schemas import (
    CHOOSE_HOST,
    CHOOSE_SPACE,
    NewAma,
    NewAnswer,
    NewQuestion,
    Revocation,
    VerificationApplication,
)
from forum.contracts import SEVERAL, parse
from forum.db import column_values, on_commit, transaction
from forum.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from forum.runtime import now
from forum.screening import HOLD, Draft, Verdict
from forum.serialize import jsonable
from forum.text import render

VERIFICATION_KIND = "therapist_verification"
# What moderation and its log call a question (forum.amas.review declares its review kinds).
QUESTION = review.SubjectType(
    "ama_question", words="AMA question", noun="question", taken_down="removed"
)
ANSWER_KIND = "ama_answer"  # an answer the screens flagged: published, and checked by a moderator
ANSWER_REMOVED_HTML = "<p><em>Removed by a moderator.</em></p>"
# After an AMA ends, members can no longer ask or vote, but the host may still answer for this long.
ANSWER_GRACE = timedelta(hours=24)
NOTICE = (
    "This AMA is education and peer support, not therapy or individual clinical advice. "
    "Nothing here creates a therapist–client relationship. If you are in crisis, use the crisis lines "
    "under Resources or call your local emergency number."
)


def channel(ama_id: int) -> str:
    return f"ama:{ama_id}"


# --------------------------------------------------------------------------- checks


async def _host(value: int | str) -> User:
    """The member `value` names (an id, or a user name) if they are a verified therapist, else
    ValidationError (field `host_id`)."""
    user: User | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        user_id = validation.parse_id_or_none(value)
        user = await User.get_or_none(id=user_id, deleted_at=None) if user_id else None
    elif isinstance(value, str) and value.strip():
        raw = value.strip()
        if raw.isascii() and raw.isdigit():
            user_id = validation.parse_id_or_none(raw)
            user = await User.get_or_none(id=user_id, deleted_at=None) if user_id else None
        elif len(raw) <= 64:
            user = await User.get_or_none(username_key=raw.lower(), deleted_at=None)
    if user is None:
        raise ValidationError(CHOOSE_HOST, fields={"host_id": CHOOSE_HOST})
    if not user.has_role("therapist"):
        message = f"{user.username} is not a verified therapist, so they cannot host an AMA."
        raise ValidationError(message, fields={"host_id": message})
    return user


# --------------------------------------------------------------------------- events


async def _emit(ama_id: int, kind: str, data: dict[str, Any], *, about: int | None = None) -> None:
    """Log the event in this transaction; publish it once the transaction commits.

    `about`: the id of the member who asked the question the event concerns; it travels on the
    bus beside the payload (never to clients) so each stream can leave out what its viewer
    blocked (issue 16)."""
    payload = jsonable(data)
    # The UPDATE locks the AMA's row until commit: a second writer waits here, so event numbers
    # are dense per AMA and follow commit order, and a stream can trust "next is seq + 1".
    await Ama.filter(id=ama_id).update(event_seq=F("event_seq") + 1)
    seq = (await column_values(Ama.filter(id=ama_id), "event_seq"))[0]
    # The log keeps only the ids: replay shows the subject as it is now (forum.events).
    await AmaEvent.create(ama_id=ama_id, seq=seq, kind=kind, data=events.reference(payload))
    message: dict[str, Any] = {"id": seq, "kind": kind, "data": payload}
    if about is not None:
        message["about"] = about

    async def publish() -> None:
        await runtime.get().bus.publish(channel(ama_id), message)

    on_commit(publish)


def _author(user: User) -> dict[str, Any]:
    return {"username": user.username, "badges": badges_for(user.roles, user.credential)}


def question_event_data(q: AmaQuestion, author: User) -> dict[str, Any]:
    return {
        "id": q.id,
        "ama_id": q.ama_id,
        "author": _author(author),
        "body_html": q.body_html,
        "vote_count": q.vote_count,
        "answered": q.answer_count > 0,
        "answers": [],
        "created_at": q.created_at,
    }


# --------------------------------------------------------------------------- therapist verification


async def apply_for_verification(
    user: User | None, data: VerificationApplication
) -> TherapistApplication:
    """A member asks to be shown as a verified therapist: one application waiting at a time, and
    a moderator checks it (review kind `VERIFICATION_KIND`). Raises NotSignedInError,
    PermissionDeniedError (suspended), ConflictError (already verified, or one is waiting)."""
    await screening.crisis_screen("verification", user, **data.model_dump())
    member = require_member(user)
    require_can_write(member)
    values = data.model_dump()
    if member.has_role("therapist"):
        raise ConflictError("You are already a verified therapist.")
    async with transaction():
        locked = await User.select_for_update().get(id=member.id)
        if await TherapistApplication.filter(
            user_id=locked.id, status=ApplicationStatus.PENDING
        ).exists():
            raise ConflictError("You already have an application waiting for a moderator.")
        application = await TherapistApplication.create(user_id=member.id, **values)
        await review.submit(
            VERIFICATION_KIND,
            application.id,
            reasons=[
                f"Therapist verification: {values['credential_type']}, {values['jurisdiction']}"
            ],
            author=member,
        )
    return application


def credential_label(application: TherapistApplication) -> str:
    return f"{application.credential_type}, {application.jurisdiction}"[:80]


async def approve_application(
    application_id: int, moderator: User, reason: str, data: dict[str, Any]
) -> str | None:
    async with transaction():
        # The applicant's row before the application's (lock order: users first).
        await db.lock(
            User,
            *await column_values(TherapistApplication.filter(id=application_id), "user_id"),
        )
        application = await TherapistApplication.select_for_update().get_or_none(id=application_id)
        if application is None or application.status != ApplicationStatus.PENDING:
            return None  # deciding twice is harmless
        user = await User.select_for_update().get(id=application.user_id)
        user.roles = sorted({*(user.roles or []), "therapist"})
        user.credential = credential_label(application)
        await user.save(update_fields=["roles", "credential"])
        await review.record_decision(application, ApplicationStatus.APPROVED, moderator, reason)
    return (
        f"You are now a verified therapist ({user.credential}); your badge shows beside your name."
    )


async def reject_application(
    application_id: int, moderator: User, reason: str, data: dict[str, Any]
) -> str | None:
    async with transaction():
        # The applicant's row before the application's (lock order: users first).
        await db.lock(
            User,
            *await column_values(TherapistApplication.filter(id=application_id), "user_id"),
        )
        application = await TherapistApplication.select_for_update().get_or_none(id=application_id)
        if application is None or application.status != ApplicationStatus.PENDING:
            return None
        await review.record_decision(application, ApplicationStatus.REJECTED, moderator, reason)
    why = f" The moderator's reason: {reason}" if reason else ""
    return f"Your therapist verification was not approved.{why} You may apply again."


async def revoke_therapist(user: User | None, member_id: int, data: Revocation) -> User:
    """A moderator withdraws `member_id`'s verified therapist status; they are told why.
    Raises PermissionDeniedError (not a moderator), NotFoundError, ConflictError (not one)."""
    moderator = require_moderator(user)
    why = data.reason
    async with transaction():
        member = await User.select_for_update().get_or_none(id=member_id, deleted_at=None)
        if member is None:
            raise NotFoundError("No such member.")
        if not member.has_role("therapist"):
            raise ConflictError(f"{member.username} is not a verified therapist.")
        member.roles = [r for r in member.roles or [] if r != "therapist"]
        member.credential = None
        await member.save(update_fields=["roles", "credential"])
        await TherapistApplication.filter(
            user_id=member.id, status=ApplicationStatus.APPROVED
        ).update(
            status=ApplicationStatus.REVOKED,
            reason=why,
            decided_by_id=moderator.id,
            decided_at=now(),
        )
        await notify(
            member.id,
            "therapist_revoked",
            "Your verified therapist status was withdrawn by a moderator. Reason: {reason}",
            link="/amas/verify",
            reason=why,
        )
    return member


async def describe_application(application_id: int) -> review.Subject | None:
    return (await describe_applications([application_id])).get(application_id)


async def describe_applications(ids: list[int]) -> dict[int, review.Subject]:
    return {
        a.id: _application_subject(a)
        for a in await TherapistApplication.filter(id__in=ids).select_related("user")
    }


def _application_subject(a: TherapistApplication) -> review.Subject:
    return review.Subject(
        title=f"Therapist verification: {a.user.username}",
        summary="Check the licence with the jurisdiction's public register before approving.",
        url=f"/amas/verify/{a.id}",
        author_id=a.user_id,
        fields={
            "credential type": a.credential_type,
            "jurisdiction": a.jurisdiction,
            "licence number": a.licence_number,
            "practice web page": a.practice_url,
            "status": a.status.value,
        },
    )


def review_kinds() -> tuple[review.Kind, ...]:
    """The AMAs' review kinds, declared by their plugin (forum.amas.plugin)."""
    return (
        review.Kind(
            name=VERIFICATION_KIND,
            label="Therapist verification",
            subject_type=review.SubjectType("therapist_application", "therapist verification"),
            decisions=(
                review.Decision(
                    "approve", "Verify (gives the therapist role and badge)", approve_application
                ),
                review.Decision("reject", "Decline", reject_application, needs_reason=True),
            ),
            describe=describe_application,
            describe_many=describe_applications,
            priority=10,
        ),
        review.Kind(
            name=ANSWER_KIND,
            label="AMA answer to check",
            subject_type=review.SubjectType("ama_answer", "AMA answer"),
            decisions=(
                review.Decision("approve", "Keep the answer", keep_answer),
                review.Decision(
                    "remove",
                    "Remove the answer (the host sees your reason)",
                    remove_answer,
                    needs_reason=True,
                ),
            ),
            describe=describe_answer,
            priority=20,
        ),
    )


async def describe_answer(answer_id: int) -> review.Subject | None:
    answer = await AmaAnswer.get_or_none(id=answer_id).select_related("question__ama", "author")
    if answer is None:
        return None
    ama = answer.question.ama
    return review.Subject(
        title=f"Answer by {answer.author.username} in the AMA “{ama.title}”",
        summary=answer.body_md,
        url=f"/amas/{ama.id}#q-{answer.question_id}",
        author_id=answer.author_id,
        fields={"question": answer.question.body_md[:500]},
    )


async def keep_answer(
    answer_id: int, moderator: User, reason: str, data: dict[str, Any]
) -> str | None:
    return None


async def remove_answer(
    answer_id: int, moderator: User, reason: str, data: dict[str, Any]
) -> str | None:
    answer = await AmaAnswer.get_or_none(id=answer_id).select_related("question__ama")
    if answer is None or answer.body_html == ANSWER_REMOVED_HTML:
        return None  # deciding twice is harmless
    await AmaAnswer.filter(id=answer_id).update(body_md="", body_html=ANSWER_REMOVED_HTML)
    return f"Your answer in the AMA “{answer.question.ama.title}” was removed. The moderator's reason: {reason}"


# --------------------------------------------------------------------------- AMAs


async def access_ama(user: User | None, ama_id: int) -> Ama:
    """The AMA if this member may see it (its space is theirs to read, or they host it); NotFound otherwise.

    A host sees their own AMA even in a side's space they could not otherwise read (a therapist is
    usually on neither side): the AMA page only, never the space's threads.
    """
    ama = await Ama.get_or_none(id=ama_id).select_related("space", "host")
    hosting = (
        user is not None
        and ama is not None
        and ama.host_id == user.id
        and user.has_role("therapist")
    )
    if ama is None or user is None or not (can_read_space(user, ama.space) or hosting):
        raise NotFoundError("No such AMA.")
    return ama


async def parse_new_ama(user: User | None, raw: Mapping[str, Any]) -> NewAma:
    """`raw` (a JSON body, or a form's fields) as NewAma for the moderator `user`, with what only
    the database can say (`space` is a space, `host_id` a verified therapist) added to the
    model's own refusals, so every problem is said at once. `host` is taken for `host_id`.
    Raises PermissionDeniedError (not a moderator: before anything is checked),
    ValidationError (422)."""
    require_moderator(user)
    if "host_id" not in raw and "host" in raw:
        raw = {**raw, "host_id": raw["host"]}
    errors: dict[str, str] = {}
    data: NewAma | None = None
    try:
        data = parse(NewAma, raw)
    except ValidationError as exc:
        errors = dict(exc.fields)
    if "space" not in errors and await space_by_slug(raw.get("space")) is None:
        errors["space"] = CHOOSE_SPACE
    host = raw.get("host_id")
    if "host_id" not in errors and isinstance(host, int | str):
        try:
            await _host(host)
        except ValidationError as exc:
            errors.update(exc.fields)
    if errors or data is None:
        message = next(iter(errors.values())) if len(errors) == 1 else SEVERAL
        raise ValidationError(message, fields=errors)
    return data


async def schedule_ama(user: User | None, data: NewAma) -> Ama:
    """A moderator schedules an AMA hosted by a verified therapist; the host is told.
    Raises PermissionDeniedError (not a moderator), ValidationError (no such space, or the
    host is not a verified therapist: see parse_new_ama)."""
    moderator = require_moderator(user)
    errors: dict[str, str] = {}
    space = await space_by_slug(data.space)
    if space is None:
        errors["space"] = CHOOSE_SPACE
    try:
        host = await _host(data.host_id)
    except ValidationError as exc:
        errors.update(exc.fields)
    if errors or space is None:  # no space is an error above
        message = next(iter(errors.values())) if len(errors) == 1 else SEVERAL
        raise ValidationError(message, fields=errors)
    values = data.model_dump(include={"title", "description", "starts_at", "ends_at"})
    description_html = await render(values["description"], field="description")
    async with transaction():
        ama = await Ama.create(
            **values,
            description_html=description_html,
            host=host,
            space=space,
            created_by=moderator,
        )
        await notify(
            host.id, "ama_scheduled", "You are hosting the AMA “{title}”.", subject=("ama", ama.id)
        )
    ama.space, ama.host = space, host
    return ama


def phase(ama: Ama, at: datetime | None = None) -> str:
    at = at or now()
    if at < ama.starts_at:
        return "upcoming"
    if at < ama.ends_at:
        return "live"
    return "past"


@dataclass
class QuestionResult:
    question: AmaQuestion
    verdict: Verdict

    @property
    def held(self) -> bool:
        return self.question.status == QuestionStatus.PENDING


def _require_open(ama: Ama, what: str) -> None:
    if now() >= ama.ends_at:
        message = f"This AMA has ended, so {what} are closed."
        raise ValidationError(message, fields={"body": message})


async def ask_question(user: User | None, ama_id: int, data: NewQuestion) -> QuestionResult:
    """A member asks a question while the AMA is open (held for review when the screens say so).
    Raises NotSignedInError, NotFoundError, PermissionDeniedError, ValidationError (ended),
    RateLimitedError (`ama_question`)."""
    await screening.crisis_screen("question", user, body=data.body)
    member = require_member(user)
    ama = await access_ama(member, ama_id)
    require_can_write(member)
    _require_open(ama, "new questions")
    await throttle.check(
        "ama_question", user=member
    )  # free; a refused question skips the screens below
    text = data.body
    draft = Draft("question", member, ama.space, text, title=ama.title)
    verdict = await screening.screen(draft)
    await throttle.hit("ama_question", user=member)
    html = await render(text)
    status = QuestionStatus.PENDING if verdict.action == HOLD else QuestionStatus.PUBLISHED
    async with transaction():
        await lock_writer(
            member.id
        )  # an account deleted meanwhile asks nothing (lock order: users first)
        question = await AmaQuestion.create(
            ama=ama,
            author=member,
            body_md=text,
            body_html=html,
            status=status,
            status_reason=verdict.message if status == QuestionStatus.PENDING else None,
        )
        await screening.record(draft, verdict, QUESTION.name, question.id)
        if status == QuestionStatus.PUBLISHED:
            await _emit(ama.id, "question", question_event_data(question, member), about=member.id)
    return QuestionResult(question, verdict)


async def access_question(
    user: User, question_id: int, *, lock: bool = False
) -> tuple[AmaQuestion, Ama]:
    """The question and its AMA if this member may see it (published, or pending and theirs or a moderator's)."""
    query = AmaQuestion.select_for_update() if lock else AmaQuestion
    question = await query.get_or_none(id=question_id)
    if question is None:
        raise NotFoundError("No such question.")
    try:
        ama = await access_ama(user, question.ama_id)
    except NotFoundError:
        raise NotFoundError("No such question.") from None  # hidden answers like missing
    visible = question.status == QuestionStatus.PUBLISHED or (
        question.status == QuestionStatus.PENDING
        and (user.is_moderator or user.id == question.author_id)
    )
    if not visible:
        raise NotFoundError("No such question.")
    return question, ama


def can_withdraw(user: User, author_id: int, answer_count: int) -> bool:
    """The author may take back an unanswered question; a moderator may remove any question."""
    return user.is_moderator or (author_id == user.id and answer_count == 0)


# A plugin's `subject_erasers` (forum.plugins) run inside the withdrawing transaction with the
# subject type and id of a question its author withdrew, so other layers drop their copies of its text (moderation's
# screen labels); the app's registry holds them, for posts too.
WITHDRAWN_HTML = "<p><em>Withdrawn by its author.</em></p>"


async def withdraw_question(user: User | None, question_id: int) -> AmaQuestion:
    """The author takes back an unanswered question; a moderator may remove any question.

    Withdrawing erases the text in the same transaction (docs/privacy.md): `body_md` blanked,
    `body_html` a placeholder, copies in stored Idempotency-Key answers blanked, the plugins' `subject_erasers`
    run; the live log holds ids only, so replay shows it withdrawn. A moderator's removal keeps
    the text for the record (it is not the author's choice). Raises PermissionDeniedError (403,
    not the author) or ConflictError (409, already answered)."""
    member = require_member(user)
    async with transaction():
        question, ama = await access_question(member, question_id, lock=True)
        mine = question.author_id == member.id
        if not can_withdraw(member, question.author_id, question.answer_count):
            if not mine:
                raise PermissionDeniedError("Only the person who asked can withdraw this question.")
            raise ConflictError(
                "This question has been answered, so it can no longer be withdrawn."
            )
        was_public = question.status == QuestionStatus.PUBLISHED
        question.status = QuestionStatus.WITHDRAWN if mine else QuestionStatus.REMOVED
        await question.save(update_fields=["status"])
        if mine:
            words = [question.body_md, question.body_html]
            question.body_md, question.body_html, question.status_reason = "", WITHDRAWN_HTML, None
            await question.save(update_fields=["body_md", "body_html", "status_reason"])
            await idempotency.scrub(member.id, words)
            for eraser in runtime.registry().subject_erasers:
                await eraser(QUESTION.name, question.id)
        if was_public:
            await _emit(ama.id, "question_removed", {"id": question.id})
    return question


async def publish_held_question(question_id: int) -> AmaQuestion | None:
    """For the moderation queue: a held question a moderator approved goes live."""
    async with transaction():
        question = await AmaQuestion.select_for_update().get_or_none(id=question_id)
        if question is None or question.status != QuestionStatus.PENDING:
            return question
        question.status = QuestionStatus.PUBLISHED
        question.status_reason = None
        await question.save(update_fields=["status", "status_reason"])
        author = await User.get(id=question.author_id)
        await _emit(
            question.ama_id, "question", question_event_data(question, author), about=author.id
        )
    return question


async def remove_question(question_id: int, reason: str) -> AmaQuestion | None:
    """For the moderation queue: a held question is not published, a published one is taken down
    (and off every open page); `reason` is what its author sees on it."""
    async with transaction():
        question = await AmaQuestion.select_for_update().get_or_none(id=question_id)
        if question is None or question.status not in (
            QuestionStatus.PENDING,
            QuestionStatus.PUBLISHED,
        ):
            return question
        was_public = question.status == QuestionStatus.PUBLISHED
        question.status = QuestionStatus.REMOVED
        question.status_reason = reason
        await question.save(update_fields=["status", "status_reason"])
        if was_public:
            await _emit(question.ama_id, "question_removed", {"id": question.id})
    return question


async def _vote_event(question: AmaQuestion) -> None:
    count = (await column_values(AmaQuestion.filter(id=question.id), "vote_count"))[0]
    question.vote_count = count
    await _emit(
        question.ama_id, "votes", {"id": question.id, "vote_count": count}, about=question.author_id
    )


async def vote(user: User | None, question_id: int) -> AmaQuestion:
    """One vote per member per question; voting twice is harmless (even at the same instant).
    Returns the question (its `vote_count` as this request saw it; the API reads it afresh)."""
    member = require_member(user)
    question, ama = await access_question(member, question_id)
    require_can_write(member)
    if question.status != QuestionStatus.PUBLISHED:
        raise ConflictError("This question is not open for votes.")
    if now() >= ama.ends_at:
        raise ConflictError("This AMA has ended, so votes are closed.")
    if await AmaVote.exists(question_id=question.id, user_id=member.id):
        return question
    await throttle.hit("vote", user=member)
    try:
        async with transaction():
            await AmaVote.create(question_id=question.id, user_id=member.id)
            await AmaQuestion.filter(id=question.id).update(vote_count=F("vote_count") + 1)
            await _vote_event(question)
    except IntegrityError:
        pass  # a concurrent request of the same member got there first
    return question


async def unvote(user: User | None, question_id: int) -> AmaQuestion:
    member = require_member(user)
    question, ama = await access_question(member, question_id)
    if now() >= ama.ends_at:
        raise ConflictError("This AMA has ended, so votes are closed.")
    async with transaction():
        deleted = await AmaVote.filter(question_id=question.id, user_id=member.id).delete()
        if deleted:
            await AmaQuestion.filter(id=question.id).update(vote_count=F("vote_count") - 1)
            await _vote_event(question)
    return question


async def answer_question(user: User | None, question_id: int, data: NewAnswer) -> AmaAnswer:
    """The host's answer. It goes through the same screens as every post: a blocked word refuses it;
    crisis language, personal details or a flagged word publish it (the host is verified) with a
    queue item for a moderator (kind "ama_answer"), at crisis priority for crisis language."""
    await screening.crisis_screen("answer", user, body=data.body)
    member = require_member(user)
    question, ama = await access_question(member, question_id)
    if ama.host_id != member.id:
        raise PermissionDeniedError("Only this AMA's host can answer its questions.")
    if not member.has_role("therapist"):
        # Hosting rights come from the verification: once it is revoked, the host answers nothing more.
        raise PermissionDeniedError(
            "Your verified therapist status was withdrawn, so you can no longer answer."
        )
    require_can_write(member)
    if question.status != QuestionStatus.PUBLISHED:
        raise ConflictError("This question is not published, so it cannot be answered.")
    if now() >= ama.ends_at + ANSWER_GRACE:
        message = "The answering period for this AMA has closed (24 hours after its end)."
        raise ValidationError(message, fields={"body": message})
    text = data.body
    draft = Draft("answer", member, ama.space, text, title=ama.title)
    verdict = await screening.screen(draft)
    html = await render(text)
    async with transaction():
        await lock_writer(member.id)
        answer = await AmaAnswer.create(
            question_id=question.id, author=member, body_md=text, body_html=html
        )
        if verdict.needs_queue:
            await review.submit(
                ANSWER_KIND,
                answer.id,
                reasons=verdict.reasons,
                priority=verdict.priority,
                author=member,
                space_slug=ama.space.slug,
                crisis=verdict.crisis,
            )
            screening.mark_queued(verdict)
        await AmaQuestion.filter(id=question.id).update(answer_count=F("answer_count") + 1)
        await _emit(
            ama.id,
            "answer",
            {"question_id": question.id, **answer_data(answer, member)},
            about=question.author_id,
        )
        if question.author_id != member.id:
            await notify(
                question.author_id,
                "ama_answer",
                "{actor} answered your question in “{title}”.",
                subject=("ama_question", question.id),
                actor_id=member.id,
            )
    return answer


def answer_data(answer: AmaAnswer, author: User) -> dict[str, Any]:
    return {
        "id": answer.id,
        "author": _author(author),
        "body_html": answer.body_html,
        "created_at": answer.created_at,
    }


# --------------------------------------------------------------------------- account deletion

ERASED_HTML = "<p><em>Deleted by its author.</em></p>"


async def erase_member(user: User) -> None:
    """A member deletes their account (an `erasers` hook, forum.plugins; runs in that transaction).

    Their questions and answers lose their text: an unanswered question is withdrawn (live pages drop it),
    an answered one stays as a placeholder so the host's answers keep their place. The live log holds
    only ids, so replay shows them erased (forum.events), and verification applications (licence
    number, jurisdiction, practice page) are deleted.
    """
    questions = await AmaQuestion.filter(author_id=user.id).values(
        "id", "ama_id", "status", "answer_count"
    )
    answers = await AmaAnswer.filter(author_id=user.id).values("id", "question__ama_id")
    question_ids = {q["id"] for q in questions}
    answer_ids = {a["id"] for a in answers}
    for q in questions:
        if q["status"] == QuestionStatus.PUBLISHED and q["answer_count"] == 0:
            await _emit(q["ama_id"], "question_removed", {"id": q["id"]})
        if q["answer_count"] == 0 and q["status"] in (
            QuestionStatus.PUBLISHED,
            QuestionStatus.PENDING,
        ):
            await AmaQuestion.filter(id=q["id"]).update(status=QuestionStatus.WITHDRAWN)
    if question_ids:
        await AmaQuestion.filter(id__in=question_ids).update(
            body_md="", body_html=ERASED_HTML, status_reason=None
        )
    if answer_ids:
        await AmaAnswer.filter(id__in=answer_ids).update(body_md="", body_html=ERASED_HTML)
    # The live log holds ids only (forum.events): replay shows these as erased from now on.
    await TherapistApplication.filter(user_id=user.id).delete()
