"""API: therapist verification, AMAs, questions, votes, answers, and the live event stream."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from forum import crisis, pagination
from forum.access import require_moderator
from forum.accounts.actions import credential_is_valid, is_suspended
from forum.accounts.models import User
from forum.accounts.schemas import UserEnvelope, user_out
from forum.amas import actions, queries
from forum.amas.actions import QuestionResult
from forum.amas.models import AmaQuestion
from forum.amas.schemas import (
    AmaEnvelope,
    AmaList,
    AmaListQuery,
    AmaPage,
    AmaPageQuery,
    AnswerEnvelope,
    ApplicationEnvelope,
    Applications,
    NewAma,
    NewAnswer,
    NewQuestion,
    QuestionEnvelope,
    Revocation,
    Therapists,
    VerificationApplication,
)
from forum.api.base import Call, endpoint, page_out
from forum.auth import SESSION_COOKIE, load_viewer
from forum.blocks.queries import blocked_ids
from forum.db import column_values
from forum.errors import NotFoundError, NotSignedInError
from forum.serialize import jsonable
from forum.streams import LiveFeed, live, open_stream

# SSE tuning (module attributes so tests and operators can adjust them).
HEARTBEAT_SECONDS = 15.0
# An open stream re-checks its member's access this often (path changed to the other side, suspended, deleted).
ACCESS_RECHECK_SECONDS = 30.0
MAX_STREAMS_PER_MEMBER = 5
RETRY_MS = 3000

# --------------------------------------------------------------------------- therapists


@endpoint(
    "POST",
    "/therapists/applications",
    summary="Apply to be shown as a verified therapist",
    tag="therapists",
    body=VerificationApplication,
    response=ApplicationEnvelope,
    status=201,
    errors=(403, 409, 422),
)
async def apply(call: Call) -> ApplicationEnvelope:
    application = await actions.apply_for_verification(
        call.member(), call.data(VerificationApplication)
    )
    return ApplicationEnvelope.model_validate(
        {"application": queries.shape_application(application)}
    )


@endpoint(
    "GET",
    "/therapists/applications",
    summary="Your verification applications, newest first",
    tag="therapists",
    response=Applications,
)
async def my_applications(call: Call) -> Applications:
    return Applications.model_validate({"items": await queries.my_applications(call.member())})


@endpoint(
    "GET",
    "/therapists",
    summary="Verified therapists (moderators)",
    tag="therapists",
    response=Therapists,
    errors=(403,),
)
async def therapists(call: Call) -> Therapists:
    return Therapists.model_validate({"items": await queries.list_therapists(call.member())})


@endpoint(
    "POST",
    "/therapists/{id}/revoke",
    summary="Withdraw a member's verified therapist status (moderators)",
    tag="therapists",
    body=Revocation,
    authorise=require_moderator,
    response=UserEnvelope,
    errors=(403, 404, 409, 422),
)
async def revoke(call: Call) -> UserEnvelope:
    user = await actions.revoke_therapist(call.member(), call.path_int("id"), call.data(Revocation))
    return UserEnvelope(user=user_out(user))


# --------------------------------------------------------------------------- AMAs


@endpoint(
    "POST",
    "/amas",
    summary="Schedule an AMA (moderators; the host must be a verified therapist)",
    tag="amas",
    body=NewAma,
    parse_body=False,
    response=AmaEnvelope,
    status=201,
    errors=(403, 422),
)
async def schedule(call: Call) -> AmaEnvelope:
    member = call.member()
    ama = await actions.schedule_ama(member, await actions.parse_new_ama(member, call.body))
    return AmaEnvelope.model_validate({"ama": queries.shape_ama(ama)})


@endpoint(
    "GET",
    "/amas",
    summary="AMAs you can see: live, upcoming, then past ones (latest first)",
    tag="amas",
    query=AmaListQuery,
    response=AmaList,
    description="The first page holds every live and upcoming AMA and the latest past ones; later pages "
    "(`cursor`) hold older past AMAs only.",
    errors=(400, 422),
)
async def list_amas(call: Call) -> AmaList:
    groups, next_cursor = await queries.list_amas(
        call.member(),
        cursor=call.query("cursor"),
        limit=pagination.limit_from(call.query("limit"), queries.PAST_PER_PAGE),
    )
    return AmaList.model_validate(
        {
            "items": [*groups["live"], *groups["upcoming"], *groups["past"]],
            "next_cursor": next_cursor,
            **groups,
        }
    )


@endpoint(
    "GET",
    "/amas/{id}",
    summary="An AMA and a page of its questions",
    tag="amas",
    query=AmaPageQuery,
    response=AmaPage,
    errors=(404, 422),
)
async def get_ama(call: Call) -> AmaPage:
    ama_id = call.path_int("id")
    last = await queries.last_event_id(ama_id)
    ama, page = await queries.get_ama_page(
        call.member(),
        ama_id,
        sort=call.query("sort"),
        answered=call.query("answered"),
        cursor=call.query("cursor"),
        limit=pagination.limit_from(call.query("limit"), queries.QUESTIONS_PER_PAGE),
    )
    return AmaPage.model_validate({"ama": ama, "questions": page_out(page), "last_event_id": last})


async def _question_out(call: Call, result: QuestionResult) -> QuestionEnvelope:
    out: dict[str, Any] = {
        "question": await queries.get_question(call.member(), result.question.id)
    }
    if result.verdict.crisis:
        out["crisis_resources"] = await crisis.crisis_resources()
    return QuestionEnvelope.model_validate(out)


async def _question(call: Call) -> QuestionEnvelope:
    question = await queries.get_question(call.member(), call.path_int("id"))
    return QuestionEnvelope.model_validate({"question": question})


@endpoint(
    "POST",
    "/amas/{id}/questions",
    summary="Ask a question (until the AMA ends)",
    tag="amas",
    body=NewQuestion,
    response=QuestionEnvelope,
    status=201,
    errors=(403, 404, 422, 429),
)
async def ask(call: Call) -> QuestionEnvelope:
    result = await actions.ask_question(call.member(), call.path_int("id"), call.data(NewQuestion))
    return await _question_out(call, result)


@endpoint(
    "GET",
    "/questions/{id}",
    summary="One AMA question with its answers",
    tag="amas",
    response=QuestionEnvelope,
    errors=(404,),
)
async def get_question(call: Call) -> QuestionEnvelope:
    return await _question(call)


@endpoint(
    "DELETE",
    "/questions/{id}",
    summary="Withdraw your unanswered question (or remove one, as a moderator)",
    tag="amas",
    errors=(403, 404, 409),
)
async def withdraw(call: Call) -> Any:
    await actions.withdraw_question(call.member(), call.path_int("id"))
    return None


@endpoint(
    "POST",
    "/questions/{id}/votes",
    summary="Vote for a question (once; repeating is harmless)",
    tag="amas",
    response=QuestionEnvelope,
    errors=(404, 409, 429),
)
async def vote(call: Call) -> QuestionEnvelope:
    await actions.vote(call.member(), call.path_int("id"))
    return await _question(call)


@endpoint(
    "DELETE",
    "/questions/{id}/votes",
    summary="Withdraw your vote",
    tag="amas",
    response=QuestionEnvelope,
    errors=(404, 409),
)
async def unvote(call: Call) -> QuestionEnvelope:
    await actions.unvote(call.member(), call.path_int("id"))
    return await _question(call)


@endpoint(
    "POST",
    "/questions/{id}/answers",
    summary="Answer a question (the AMA's host only; follow-ups allowed)",
    tag="amas",
    body=NewAnswer,
    response=AnswerEnvelope,
    status=201,
    errors=(403, 404, 409, 422),
)
async def answer(call: Call) -> AnswerEnvelope:
    user = call.member()
    created = await actions.answer_question(user, call.path_int("id"), call.data(NewAnswer))
    return AnswerEnvelope.model_validate({"answer": actions.answer_data(created, user)})


# --------------------------------------------------------------------------- live events


def format_event(event: dict[str, Any]) -> str:
    data = json.dumps(jsonable(event["data"]), ensure_ascii=False, separators=(",", ":"))
    return f"id: {event['id']}\nevent: {event['kind']}\ndata: {data}\n\n"


def _encoded(event: dict[str, Any]) -> bytes:
    """The event as SSE bytes, made once per process: the bus hands every local subscriber the same dict."""
    cached: bytes | None = event.get("_sse")
    if cached is None:
        cached = event["_sse"] = format_event(event).encode()
    return cached


def _last_event_id(call: Call) -> int | None:
    """Canonical ASCII digits below 2**63 (event ids are not row ids: no column bound), else None."""
    raw = call.request.headers.get("last-event-id") or call.query("last_event_id")
    raw = raw.strip() if raw else ""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or (len(raw) > 1 and raw[0] == "0"):
        return None
    value = int(raw)
    return value if value < 2**63 else None


@endpoint(
    "GET",
    "/amas/{id}/events",
    summary="Live events: new questions, vote counts, answers (Server-Sent Events)",
    tag="amas",
    auth="optional",
    media_type="text/event-stream",
    query=[
        (
            "last_event_id",
            "query",
            {
                "type": "integer",
                "description": "replay events after this id (the Last-Event-ID header wins)",
            },
        )
    ],
    response={
        "type": "string",
        "description": "events `question`, `question_removed`, `votes`, `answer`; "
        "each `data` is JSON; `: heartbeat` comments every 15 s",
    },
    errors=(401, 404, 429),
    description="Authenticate with a bearer token or the site's session cookie. Reconnecting with Last-Event-ID "
    "replays what was missed. At most 5 open streams per member (429 beyond that).",
)
async def events(call: Call) -> Any:
    user = call.user or await load_viewer(call.request)
    # The credential that opens the stream: when it ends, the stream ends (see _still_allowed).
    credential = (
        {"token": call.token}
        if call.user
        else {"session_key": call.request.cookies.get(SESSION_COOKIE)}
    )
    if user is None:
        raise NotSignedInError("Sign in (bearer token or session cookie) to follow an AMA live.")
    ama = await actions.access_ama(user, call.path_int("id"))
    last = _last_event_id(call)
    # The cap counts this member's streams in every process (Redis) or in this one (in-process bus).
    return await open_stream(
        AmaFeed(ama.id, last, user.id, credential),
        member_id=user.id,
        slot_key=f"ama-streams:{user.id}",
        max_per_member=MAX_STREAMS_PER_MEMBER,
        policy="ama_streams",
        refusal=f"You already have {MAX_STREAMS_PER_MEMBER} live AMA streams open; close one and try again.",
    )


async def _still_allowed(user_id: int, ama_id: int, credential: dict[str, str | None]) -> bool:
    """The stream's credential still signs its member in, and the AMA is still theirs to follow."""
    if not await credential_is_valid(**credential):
        return False
    user = await User.get_or_none(id=user_id, deleted_at=None)
    if user is None or is_suspended(user):
        return False
    try:
        await actions.access_ama(user, ama_id)
    except NotFoundError:
        return False
    return True


async def _logged(
    ama_id: int, after: int, until: int | None = None
) -> AsyncIterator[dict[str, Any]]:
    while True:
        batch = await queries.events_after(ama_id, after, until=until)
        for event in batch:
            yield event
            after = event["id"]
        if len(batch) < queries.REPLAY_LIMIT:
            return


class AmaFeed(LiveFeed):
    """Every event of one AMA after `last` (or from now), each exactly once and in order, minus
    what the viewer blocked: questions by members they blocked, and the votes and answers on them
    (issue 16), live and in replay.

    Event ids are per-AMA sequence numbers in commit order (see actions._emit). The loop subscribes
    first and then reads the log, so nothing falls between the two; an event that arrives ahead of
    its predecessors (two processes published in a different order than they committed, or a
    publish was lost while Redis was away) makes us read the missing ones from the log first; and
    after a `RESYNC` (Redis came back) we read whatever the log holds beyond what we sent.
    """

    def __init__(
        self,
        ama_id: int,
        last: int | None,
        member_id: int | None = None,
        credential: dict[str, str | None] | None = None,
    ) -> None:
        self.channel = actions.channel(ama_id)
        self.ama_id = ama_id
        self.last = last
        self.member_id = member_id
        self.credential = credential
        self.sent = 0
        self.hidden_authors: set[int] = set()
        self.hidden_questions: set[int] = set()
        self.heartbeat_seconds = HEARTBEAT_SECONDS
        self.recheck_seconds = ACCESS_RECHECK_SECONDS

    async def _load_hidden(self) -> None:
        if self.member_id is None:
            return
        self.hidden_authors = set(await blocked_ids(self.member_id))
        self.hidden_questions = (
            set(
                await column_values(
                    AmaQuestion.filter(ama_id=self.ama_id, author_id__in=self.hidden_authors), "id"
                )
            )
            if self.hidden_authors
            else set()
        )

    def _shown(self, event: dict[str, Any]) -> bool:
        """False for an event about a question by a member the viewer blocked."""
        data = event.get("data") or {}
        question_id = data.get("question_id") if event.get("kind") == "answer" else data.get("id")
        about = event.get("about")
        if about is not None and about in self.hidden_authors:
            if isinstance(question_id, int):
                self.hidden_questions.add(question_id)
            return False
        return question_id not in self.hidden_questions

    async def _replay(self, until: int | None = None) -> AsyncIterator[bytes]:
        async for event in _logged(self.ama_id, self.sent, until=until):
            if self._shown(event):
                yield _encoded(event)
            self.sent = event["id"]

    async def opening(self) -> AsyncIterator[bytes]:
        await self._load_hidden()
        current = await queries.last_event_id(self.ama_id)
        self.sent = (
            current if self.last is None else min(self.last, current)
        )  # a future id means "from now"
        yield f"retry: {RETRY_MS}\n: connected\n\n".encode()
        if self.sent < current:
            async for chunk in self._replay():
                yield chunk

    async def on_event(self, event: dict[str, Any]) -> AsyncIterator[bytes]:
        seq = event.get("id")
        if not isinstance(seq, int) or seq <= self.sent:
            return  # already sent (replayed, or filled in from the log)
        if seq > self.sent + 1:
            async for chunk in self._replay(until=seq - 1):
                yield chunk
        if self._shown(event):
            yield _encoded(event)
        self.sent = seq

    async def catch_up(self) -> AsyncIterator[bytes]:
        async for chunk in self._replay():
            yield chunk

    async def check_in(self) -> bool:
        """Re-checks the credential and access (the AMA is still theirs to follow), and re-reads blocks."""
        if self.member_id is None or self.credential is None:
            return True
        if not await _still_allowed(self.member_id, self.ama_id, self.credential):
            return False
        await self._load_hidden()
        return True


async def _stream(
    ama_id: int, last: int | None, member_id: int | None = None
) -> AsyncIterator[bytes]:
    """The AMA's events as SSE bytes (forum.streams.live over an AmaFeed), without slot or credential."""
    async for chunk in live(AmaFeed(ama_id, last, member_id), member_id):
        yield chunk
