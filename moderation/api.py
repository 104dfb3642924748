"""API: the moderation queue, decisions, sanctions, logs, watched words; reports and the draft screen."""

from __future__ import annotations

from typing import Any

from forum import pagination
from forum.access import require_moderator
from forum.api.base import Call, endpoint
from forum.contracts import Page, PageQuery, page_out
from forum.validation import parse_id_or_none
from moderation import actions, labels, queries
from moderation.schemas import (
    Claimed,
    Decided,
    Decision,
    DraftScreen,
    DraftToScreen,
    FlagMarked,
    FlagWrong,
    ItemState,
    Lift,
    LogEntry,
    LogQuery,
    MemberView,
    MyReports,
    NewSanction,
    NewWatchedWord,
    OneWatchedWord,
    PublicLogEntry,
    QueueCounts,
    QueueItem,
    QueueItemView,
    QueueQuery,
    Report,
    Reported,
    Sanction,
    SilenceLifted,
    SuspensionLifted,
    WatchedWordChange,
    WatchedWords,
)
from moderation.screens import screen_draft

_MOD = "moderation"


def _item_out(item: Any) -> ItemState:
    return ItemState(
        id=item.id,
        status=item.status.value,
        resolution=item.resolution,
        claimed_by=item.claimed_by.username if item.claimed_by_id and item.claimed_by else None,
        claimed_until=item.claimed_until,
    )


def _word_out(row: Any) -> OneWatchedWord:
    return OneWatchedWord.model_validate(
        {
            "word": {
                "id": row.id,
                "pattern": row.pattern,
                "action": row.action,
                "created_at": row.created_at,
            }
        }
    )


def _reported(report: Any) -> Reported:
    return Reported.model_validate(
        {
            "report": {"id": report.id, "reason": report.reason},
            "message": "Thank you. A moderator will look at it; "
            "you'll get a notification when they have.",
        }
    )


@endpoint(
    "GET",
    "/moderation/queue",
    summary="Open queue items, most urgent first",
    tag=_MOD,
    query=QueueQuery,
    response=Page[QueueItem],
    errors=(400, 401, 403, 422),
)
async def queue_list(call: Call) -> Page[QueueItem]:
    q = call.params(QueueQuery)
    page = await queries.list_queue(
        call.member(),
        kind=q.kind,
        space=q.space,
        status=q.status,
        cursor=q.cursor,
        limit=pagination.limit_from(q.limit),
    )
    return page_out(QueueItem, page)


@endpoint(
    "GET",
    "/moderation/queue/counts",
    summary="Open items per kind and the age of the oldest",
    tag=_MOD,
    response=QueueCounts,
    errors=(401, 403),
)
async def queue_counts(call: Call) -> QueueCounts:
    return QueueCounts.model_validate({"items": await queries.queue_counts(call.member())})


@endpoint(
    "GET",
    "/moderation/queue/{id}",
    summary="One queue item with its context, reports, decisions and the author's history",
    tag=_MOD,
    response=QueueItemView,
    errors=(401, 403, 404),
)
async def queue_item(call: Call) -> Any:
    return QueueItemView.model_validate(
        {"item": await queries.get_item(call.member(), call.path_int("id"))}
    )


@endpoint(
    "POST",
    "/moderation/queue/{id}/flag-wrong",
    summary="Mark an item's automatic flags wrong",
    tag=_MOD,
    body=FlagWrong,
    authorise=require_moderator,
    response=FlagMarked,
    errors=(401, 403, 404, 409, 422),
    description="Kept as a label for the next training round of the screens, with the flagged text while "
    "its author has not erased it. 409 when the item has no automatic flag (reports, new member). "
    "Marking twice returns the same label (created: false).",
)
async def queue_flag_wrong(call: Call) -> FlagMarked:
    label, created = await labels.mark_wrong(
        call.member(), call.path_int("id"), call.data(FlagWrong)
    )
    return FlagMarked.model_validate(
        {"label": labels.label_out(label, call.member().username), "created": created}
    )


@endpoint(
    "POST",
    "/moderation/queue/{id}/claim",
    summary="Claim an item for a few minutes",
    tag=_MOD,
    response=Claimed,
    errors=(401, 403, 404, 409),
    description="409 while another moderator holds an unexpired claim; 403 for an escalated item unless "
    "you are an admin.",
)
async def queue_claim(call: Call) -> Claimed:
    return Claimed(item=_item_out(await actions.claim(call.member(), call.path_int("id"))))


@endpoint(
    "DELETE",
    "/moderation/queue/{id}/claim",
    summary="Release your claim",
    tag=_MOD,
    response=Claimed,
    errors=(401, 403, 404, 409),
)
async def queue_release(call: Call) -> Claimed:
    return Claimed(item=_item_out(await actions.release(call.member(), call.path_int("id"))))


@endpoint(
    "POST",
    "/moderation/queue/{id}/resolve",
    summary="Decide an item",
    tag=_MOD,
    body=Decision,
    authorise=require_moderator,
    response=Decided,
    errors=(401, 403, 404, 409, 422),
    description="Idempotent: the same decision twice changes nothing (changed=false). Extra body fields are "
    "passed to the kind's handler (a moderator's edits of a resource suggestion).",
)
async def queue_resolve(call: Call) -> Decided:
    outcome = await actions.resolve(call.member(), call.path_int("id"), call.data(Decision))
    return Decided(item=_item_out(outcome.item), changed=outcome.changed)


@endpoint(
    "GET",
    "/moderation/users/{id}",
    summary="A member's moderation history and current sanctions",
    tag=_MOD,
    response=MemberView,
    errors=(401, 403, 404),
)
async def member_show(call: Call) -> Any:
    return MemberView.model_validate(
        {"member": await queries.get_member(call.member(), call.path_int("id"))}
    )


async def _sanction(call: Call, kind: str) -> Any:
    user = await actions.sanction(call.member(), call.path_int("id"), kind, call.data(NewSanction))
    until = user.suspended_until if kind == "suspend" else user.silenced_until
    reason = user.suspension_reason if kind == "suspend" else user.silence_reason
    return Sanction.model_validate(
        {"user_id": user.id, "kind": kind, "until": until, "reason": reason}
    )


@endpoint(
    "POST",
    "/moderation/users/{id}/suspensions",
    summary="Suspend a member (no sign-in; sessions and tokens end)",
    tag=_MOD,
    body=NewSanction,
    authorise=require_moderator,
    response=Sanction,
    status=201,
    errors=(401, 403, 404, 422),
)
async def suspend_member(call: Call) -> Any:
    return await _sanction(call, "suspend")


@endpoint(
    "POST",
    "/moderation/users/{id}/silences",
    summary="Silence a member (can read, cannot post)",
    tag=_MOD,
    body=NewSanction,
    authorise=require_moderator,
    response=Sanction,
    status=201,
    errors=(401, 403, 404, 422),
)
async def silence_member(call: Call) -> Any:
    return await _sanction(call, "silence")


@endpoint(
    "DELETE",
    "/moderation/users/{id}/suspensions",
    summary="Lift a suspension now",
    tag=_MOD,
    body=Lift,
    authorise=require_moderator,
    response=SuspensionLifted,
    errors=(401, 403, 404),
)
async def lift_suspension(call: Call) -> SuspensionLifted:
    user = await actions.lift(call.member(), call.path_int("id"), "suspend", call.data(Lift))
    return SuspensionLifted(user_id=user.id, suspended_until=user.suspended_until)


@endpoint(
    "DELETE",
    "/moderation/users/{id}/silences",
    summary="Lift a silence now",
    tag=_MOD,
    body=Lift,
    authorise=require_moderator,
    response=SilenceLifted,
    errors=(401, 403, 404),
)
async def lift_silence(call: Call) -> SilenceLifted:
    user = await actions.lift(call.member(), call.path_int("id"), "silence", call.data(Lift))
    return SilenceLifted(user_id=user.id, silenced_until=user.silenced_until)


@endpoint(
    "GET",
    "/moderation/log",
    summary="The moderation log: who did what, to which subject, when and why",
    tag=_MOD,
    query=LogQuery,
    response=Page[LogEntry],
    errors=(400, 401, 403, 422),
)
async def log_list(call: Call) -> Page[LogEntry]:
    q = call.params(LogQuery)
    page = await queries.list_log(
        call.member(),
        cursor=q.cursor,
        limit=pagination.limit_from(q.limit),
        member_id=parse_id_or_none(q.member) if q.member else None,
    )
    return page_out(LogEntry, page)


@endpoint(
    "GET",
    "/transparency-log",
    summary="What moderators did, for members: no names, no removed content",
    tag=_MOD,
    query=PageQuery,
    response=Page[PublicLogEntry],
    errors=(400, 401, 422),
)
async def public_log(call: Call) -> Page[PublicLogEntry]:
    q = call.params(PageQuery)
    page = await queries.list_public_log(
        call.member(), cursor=q.cursor, limit=pagination.limit_from(q.limit)
    )
    return page_out(PublicLogEntry, page)


@endpoint(
    "GET",
    "/moderation/watched-words",
    summary="Watched words and what each does",
    tag=_MOD,
    response=WatchedWords,
    errors=(401, 403),
)
async def words_list(call: Call) -> WatchedWords:
    return WatchedWords.model_validate({"items": await queries.list_watched_words(call.member())})


@endpoint(
    "POST",
    "/moderation/watched-words",
    summary="Watch a word or phrase",
    tag=_MOD,
    body=NewWatchedWord,
    authorise=require_moderator,
    response=OneWatchedWord,
    status=201,
    errors=(401, 403, 409, 422),
)
async def words_add(call: Call) -> OneWatchedWord:
    row = await actions.add_watched_word(call.member(), call.data(NewWatchedWord))
    return _word_out(row)


@endpoint(
    "PATCH",
    "/moderation/watched-words/{id}",
    summary="Change what a watched word does",
    tag=_MOD,
    body=WatchedWordChange,
    authorise=require_moderator,
    response=OneWatchedWord,
    errors=(401, 403, 404, 422),
)
async def words_update(call: Call) -> OneWatchedWord:
    row = await actions.update_watched_word(
        call.member(), call.path_int("id"), call.data(WatchedWordChange)
    )
    return _word_out(row)


@endpoint(
    "DELETE",
    "/moderation/watched-words/{id}",
    summary="Stop watching a word",
    tag=_MOD,
    errors=(401, 403),
)
async def words_remove(call: Call) -> Any:
    await actions.remove_watched_word(call.member(), call.path_int("id"))
    return None


@endpoint(
    "POST",
    "/posts/{id}/reports",
    summary="Report a post to the moderators",
    tag="posts",
    body=Report,
    response=Reported,
    status=201,
    errors=(401, 403, 404, 422, 429),
    description="Reports on one post fold into one queue item. You can't report your own post.",
)
async def report_post(call: Call) -> Reported:
    report = await actions.report(call.member(), "post", call.path_int("id"), call.data(Report))
    return _reported(report)


@endpoint(
    "POST",
    "/questions/{id}/reports",
    summary="Report an AMA question to the moderators",
    tag="amas",
    body=Report,
    response=Reported,
    status=201,
    errors=(401, 403, 404, 422, 429),
    description="Reports on one question fold into one queue item. You can't report your own question.",
)
async def report_question(call: Call) -> Reported:
    report = await actions.report(
        call.member(), "ama_question", call.path_int("id"), call.data(Report)
    )
    return _reported(report)


@endpoint(
    "GET",
    "/me/reports",
    summary="Your reports and whether each has been handled",
    tag="posts",
    response=MyReports,
    errors=(401,),
)
async def my_reports(call: Call) -> MyReports:
    return MyReports.model_validate({"items": await queries.list_my_reports(call.member())})


@endpoint(
    "POST",
    "/drafts/screen",
    summary="Screen a draft before posting (crisis lines, privacy warning, blocked words)",
    tag="posts",
    body=DraftToScreen,
    # The crisis screen reads what was sent before anything is refused (moderation.screens):
    # screen_draft takes the raw values and checks them itself.
    parse_body=False,
    response=DraftScreen,
    errors=(401,),
)
async def draft_screen(call: Call) -> DraftScreen:
    return DraftScreen.model_validate(
        await screen_draft(call.member(), call.body.get("body"), call.body.get("title"))
    )
