"""The automatic screens run on every new or edited post (forum.screening).

One screener runs the four checks and merges their verdicts; `record` opens
(or folds into) the queue item inside the post's own transaction.

The crisis decision: a post with crisis language is **published**, not held
(unless another screen holds it), and queued at the top priority. Holding a
cry for help would answer someone reaching out with silence; peers can
respond at once, the poster sees crisis lines in the same response, and a
moderator sees it before anything else in the queue.
"""

from __future__ import annotations

from typing import Any

from forum import review, runtime, screening, throttle
from forum.access import require_member
from forum.crisis import crisis_resources
from forum.errors import CrossroadsError
from forum.offload import run_cpu
from forum.screening import HOLD, PUBLISH, REJECT, Draft, UnstoredText, Verdict
from forum.text import check_text
from moderation import crisis_texts, queue
from moderation import priorities as P
from moderation.detect import (
    ModelHit,
    WatchedWord,
    find_crisis,
    find_personal_data,
    find_watched,
    model_hit_shows,
    score_both,
    score_crisis,
)
from moderation.models import WatchedWordRow

NEW_MEMBER_MESSAGE = (
    "Welcome! A new member's first posts are read by a moderator before everyone can see them. "
    "You'll get a notification as soon as it is published."
)
PERSONAL_DATA_MESSAGE = (
    "This post seems to include personal details ({what}). Your spouse, or people who know you, may be "
    "reading here, so a moderator will check it before anyone else can see it. "
    "You can edit it to remove them."
)


MODEL_PERSONAL_MESSAGE = (
    "This post may include personal details, in this part: “{sentence}”. Your spouse, or people who know "
    "you, may be reading here, so a moderator will check it before anyone else can see it. "
    "You can edit it to remove them."
)


def _short(sentence: str, limit: int = 160) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def model_reason(what: str, hit: ModelHit) -> str:
    """The queue reason for a model hit: what and the score. The sentence is not
    copied into the reason (the reason outlives the post if the member erases it)."""
    return f"{what} (model score {hit.score:.2f})"


def possible_crisis_verdict(hit: ModelHit, text: str = "") -> Verdict:
    """The crisis model's hit when the patterns found nothing: confident and in scope (round 4;
    threshold chosen out of fold on the training split, at most 2% of look-alikes; the sentence is
    not advice, a denial or a past crisis resolved: ``model_hit_shows``) shows crisis lines and
    queues at crisis priority; otherwise, if possible, a lower-priority "possible crisis" item."""
    if model_hit_shows(hit, text):
        return Verdict(
            action=PUBLISH,
            reasons=[f"crisis: model score {hit.score:.2f}"],
            priority=P.CRISIS,
            crisis=True,
            queue=True,
        )
    if not hit.possible:
        return Verdict()
    return Verdict(
        action=PUBLISH,
        reasons=[model_reason("possible crisis", hit)],
        priority=P.POSSIBLE_CRISIS,
        queue=True,
    )


def possible_personal_verdict(hit: ModelHit) -> Verdict:
    """The personal-data model's hit: held when confident (author told which sentence), else queued."""
    if hit.confident:
        return Verdict(
            action=HOLD,
            reasons=["personal data", model_reason("possible personal detail", hit)],
            priority=P.PRIVACY,
            message=MODEL_PERSONAL_MESSAGE.format(sentence=_short(hit.sentence)),
        )
    if hit.possible:
        return Verdict(
            reasons=[model_reason("possible personal detail", hit)],
            priority=P.POSSIBLE_PRIVACY,
            queue=True,
        )
    return Verdict()


def crisis_verdict(text: str) -> Verdict:
    """The crisis screen (every write runs it first, refused or not): the patterns, and where they
    find nothing, the crisis model -- a confident hit shows crisis lines too (docs/screens.md)."""
    verdict = pattern_crisis_verdict(text)
    if verdict.crisis:
        return verdict
    hit = score_crisis(text)
    return possible_crisis_verdict(hit, text) if model_hit_shows(hit, text) else Verdict()


def pattern_crisis_verdict(text: str) -> Verdict:
    """The crisis patterns alone (the draft screen; ``screen_text`` adds the model itself)."""
    findings = find_crisis(text)
    if not findings:
        return Verdict()
    return Verdict(
        action=PUBLISH,
        reasons=list(dict.fromkeys(f.reason for f in findings)),
        priority=P.CRISIS,
        crisis=True,
        queue=True,
    )


def personal_data_verdict(text: str) -> Verdict:
    findings = find_personal_data(text)
    if not findings:
        return Verdict()
    what = ", ".join(dict.fromkeys(f.reason.removeprefix("personal data: ") for f in findings))
    return Verdict(
        action=HOLD,
        reasons=["personal data", *dict.fromkeys(f.reason for f in findings)],
        priority=P.PRIVACY,
        message=PERSONAL_DATA_MESSAGE.format(what=what),
    )


def watched_verdict(text: str, words: list[WatchedWord]) -> Verdict:
    verdict = Verdict()
    for word, finding in find_watched(text, words):
        if word.action == "block":
            message = (
                f"This can't be posted as written: “{finding.excerpt}” is not allowed here. "
                "Please rephrase it; your text is kept below."
            )
            part = Verdict(action=REJECT, reasons=[finding.reason], message=message)
        elif word.action == "hold":
            part = Verdict(
                action=HOLD,
                reasons=[finding.reason],
                priority=P.WATCHED_HOLD,
                message="A moderator will read this post before everyone can see it (it uses a word we check).",
            )
        else:
            part = Verdict(reasons=[finding.reason], priority=P.FLAGGED, queue=True)
        verdict = verdict.merge(part)
    return verdict


def new_member_verdict(draft: Draft) -> Verdict:
    limit = runtime.get().settings.new_member_review
    author = draft.author
    if limit <= 0 or draft.kind not in ("thread", "post") or author.is_moderator:
        return Verdict()
    if author.published_posts >= limit:
        return Verdict()
    return Verdict(
        action=HOLD, reasons=["new member"], priority=P.NEW_MEMBER, message=NEW_MEMBER_MESSAGE
    )


async def watched_words() -> list[WatchedWord]:
    rows = await WatchedWordRow.all().values_list("pattern", "action")
    return [WatchedWord(pattern, action) for pattern, action in rows]


def screen_text(text: str, words: list[WatchedWord], layers: str = "all") -> Verdict:
    """Everything but the new-member rule: used for posts and for the draft preview.

    ``layers="all"`` runs the patterns and, where they find nothing, the models
    (once per submission); ``layers="patterns"`` only the patterns (the draft
    screen, called on typing pauses). Pure and synchronous: callers run it off the
    event loop with ``forum.offload.run_cpu`` (the model loads once per worker process).
    """
    crisis = pattern_crisis_verdict(text)
    personal = personal_data_verdict(text)
    verdict = crisis.merge(personal).merge(watched_verdict(text, words))
    if layers == "all" and not (crisis.crisis and personal.action == HOLD):
        crisis_hit, personal_hit = score_both(text)
        if not crisis.crisis:
            verdict = verdict.merge(possible_crisis_verdict(crisis_hit, text))
        if personal.action != HOLD:
            verdict = verdict.merge(possible_personal_verdict(personal_hit))
    return verdict


INLINE_LIMIT = 4000
# The longest draft the preview screens: a post's body limit (forum.threads.actions.BODY_MAX).
DRAFT_MAX = 20_000


class ModerationScreen:
    async def crisis(self, text: str) -> Verdict:
        """The crisis screen alone, first thing in every write (forum.screening.crisis_screen).

        Never refuses: if the worker pool cannot take it (over budget, broken), the first
        `INLINE_LIMIT` characters are screened here, so a refusal still knows about crisis."""
        try:
            return await run_cpu(crisis_verdict, text)
        except CrossroadsError:
            return crisis_verdict(text[:INLINE_LIMIT])

    async def record_unstored(self, text: UnstoredText) -> None:
        await crisis_texts.record_unstored(text)

    async def review(self, draft: Draft) -> Verdict:
        text = f"{draft.title}\n\n{draft.body_md}" if draft.title else draft.body_md
        # Off the event loop, in the worker pool under its CPU budget (forum.offload).
        verdict = await run_cpu(screen_text, text, await watched_words())
        return verdict.merge(new_member_verdict(draft))

    async def record(
        self, draft: Draft, verdict: Verdict, subject_type: str, subject_id: int
    ) -> None:
        # The subject type's kind for held or flagged writing (forum.review), if it has one.
        kind = review.kind_for(subject_type, review.HOLD if verdict.action == HOLD else review.FLAG)
        if kind is None:
            return
        await queue.open_item(
            kind.name,
            kind.subject.name,
            subject_id,
            reasons=verdict.reasons,
            priority=verdict.priority,
            author_id=draft.author.id,
            space_slug=draft.space.slug if draft.space else None,
            crisis=verdict.crisis,
        )


async def screen_draft(user: Any, body: object, title: object = None) -> dict[str, Any]:
    """What the screens would say about a draft (body, and the title if any): notes for the author and crisis lines.

    Crisis language in a draft reaches a moderator too (folded into one item per member), even if it is
    never posted (forum.screening): the crisis screen runs first, before the limit.

    Limited (`draft_screen`: 30 a minute per member, spent before the full screens, so a refused call
    costs little); the screens run in the worker pool (``forum.offload.run_cpu``)."""
    await screening.crisis_screen("draft", user, title=title, body=body)
    require_member(user)
    await throttle.hit("draft_screen", user=user)
    text = body if isinstance(body, str) else ""
    if isinstance(title, str) and title.strip():
        text = f"{title.strip()[:200]}\n\n{text}"
    if not text.strip():
        return {"action": "publish", "notes": [], "crisis": False, "crisis_resources": []}
    try:
        text = check_text(text, "body", DRAFT_MAX, multiline=True)
    except Exception:  # noqa: BLE001 - the preview is a courtesy; posting still validates
        text = text[:DRAFT_MAX]
    verdict = await run_cpu(screen_text, text, await watched_words(), layers="patterns")
    notes = []
    if verdict.crisis:
        notes.append(
            "It sounds like things may be really hard right now. You don't have to go through it alone: "
            "these lines are free and open now. Your post will still be shared with the community."
        )
    if verdict.message:
        notes.append(verdict.message)
    return {
        "action": verdict.action,
        "notes": notes,
        "crisis": verdict.crisis,
        "crisis_resources": (await screening.crisis_lines() or await crisis_resources())
        if verdict.crisis
        else [],
    }
