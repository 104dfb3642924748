"""AMA questions in the moderation queue: held, flagged and reported, declared like every review kind.

The AMAs' plugin declares `review_kinds()` (with the verification and answer kinds of
forum.amas.actions); the queue (moderation) lists, decides and logs them through forum.review
alone. Publishing and taking a question down go through forum.amas.actions, so every open AMA
page sees the change; the author is told with a notice linked to the question.
"""

from __future__ import annotations

from typing import Any

from forum import review
from forum.accounts.models import User
from forum.accounts.notifications import taken_down_text, tell_reviewed
from forum.amas.actions import QUESTION, access_question, publish_held_question, remove_question
from forum.amas.models import AmaQuestion, QuestionStatus
from forum.errors import NotFoundError, PermissionDeniedError

HELD_QUESTION, FLAGGED_QUESTION = "held_question", "flagged_question"


# How a decision's notice names the subject (forum.accounts.notifications.tell_reviewed).
_WHAT = "question to the AMA “{title}”"


def _subject(question: AmaQuestion, **more: Any) -> review.Subject:
    ama = question.ama
    return review.Subject(
        title=f"Question to the AMA “{ama.title}”",
        summary=question.body_md,
        url=f"/amas/{question.ama_id}#q-{question.id}",
        author_id=question.author_id,
        space=ama.space.slug,
        text=question.body_md,
        **more,
    )


async def _subjects(ids: list[int]) -> dict[int, review.Subject]:
    rows = await AmaQuestion.filter(id__in=ids).select_related("ama", "ama__space")
    return {q.id: _subject(q) for q in rows}


async def describe(question_id: int) -> review.Subject | None:
    """The question and its AMA, for the item page."""
    question = await AmaQuestion.get_or_none(id=question_id).select_related("ama", "ama__space")
    if question is None:
        return None
    detail = {
        "question": {
            "id": question.id,
            "ama_id": question.ama_id,
            "ama_title": question.ama.title,
            "body_html": question.body_html,
            "body_md": question.body_md,
            "status": question.status.value,
            "status_reason": question.status_reason,
            "created_at": question.created_at,
        }
    }
    return _subject(question, detail=detail)


async def reportable(member: User, question_id: int) -> review.Subject:
    """A published question someone else asked, that this member can see (the report form's subject).

    Raises NotFoundError (not visible, or not published) or PermissionDeniedError (their own)."""
    question, _ = await access_question(member, question_id)
    if question.author_id == member.id:
        raise PermissionDeniedError(
            "You can't report your own question. You can withdraw it instead."
        )
    if question.status != QuestionStatus.PUBLISHED:
        raise NotFoundError("No such question.")
    await question.fetch_related("author", "ama", "ama__space")
    return _subject(
        question,
        author=question.author.username,
        created_at=question.created_at,
        body_html=question.body_html,
        back_label="Back to the AMA",
    )


async def publish(
    question_id: int, moderator: User, reason: str, data: dict[str, Any]
) -> str | None:
    """A held question goes live (its author is told); a published one stays as it is."""
    question = await AmaQuestion.get_or_none(id=question_id)
    if question is None or question.status != QuestionStatus.PENDING:
        return None
    await publish_held_question(question.id)
    await tell_reviewed(question.author_id, ("ama_question", question.id), _WHAT, taken_down=False)
    return None


async def take_down(
    question_id: int, moderator: User, reason: str, data: dict[str, Any]
) -> str | None:
    """A held question is not published, a published one is removed (and off every open page)."""
    question = await AmaQuestion.get_or_none(id=question_id)
    if question is None or question.status not in (
        QuestionStatus.PENDING,
        QuestionStatus.PUBLISHED,
    ):
        return None
    was_pending = question.status == QuestionStatus.PENDING
    await remove_question(question.id, taken_down_text(was_pending, reason))
    await tell_reviewed(
        question.author_id,
        ("ama_question", question.id),
        _WHAT,
        taken_down=True,
        was_pending=was_pending,
        reason=reason,
    )
    return None


def review_kinds() -> tuple[review.Kind, ...]:
    """Held and flagged (or reported) AMA questions (declared by forum.amas.plugin)."""
    common: dict[str, Any] = {
        "subject_type": QUESTION,
        "describe": describe,
        "describe_many": _subjects,
    }
    return (
        review.Kind(
            name=HELD_QUESTION,
            label="Held AMA question",
            decisions=(
                review.Decision("approve", "Publish the question", publish),
                review.Decision(
                    "reject",
                    "Don't publish (the author sees your reason)",
                    take_down,
                    needs_reason=True,
                    aliases=("remove",),
                ),
            ),
            opens_on=(review.HOLD,),
            sanctions=("suspend",),
            priority=40,
            **common,
        ),
        review.Kind(
            name=FLAGGED_QUESTION,
            label="Flagged AMA question",
            decisions=(
                review.Decision("approve", "Keep it up", publish, aliases=("dismiss",)),
                review.Decision(
                    "reject",
                    "Remove the question (the author sees your reason)",
                    take_down,
                    needs_reason=True,
                    aliases=("remove",),
                    then="Remove",
                ),
            ),
            # A member's report of a question joins the question's flagged item.
            opens_on=(review.FLAG, review.REPORT),
            reportable=reportable,
            priority=20,
            **common,
        ),
    )
