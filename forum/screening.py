"""The screening protocol: how `forum` asks whether a draft may be published.

`forum` never imports `moderation`. The app factory registers moderation's
screeners here; actions call `review()` before writing and `record()` inside
their transaction once the post exists, so a held post and its queue item are
written together or not at all.

**Crisis help on every path** (docs/moderation.md, "The crisis rule"). Every
write action that takes text a person wrote calls `crisis_screen()` *first*,
on the raw submitted text, before it validates, authorises or spends a rate
limit. The verdict is kept on the request's `Watch` (a context variable the
two skins open per request with `watching()`), whatever happens next:

* the skins put `crisis_resources` in the response, success or refusal
  (API: top level / inside `error`; HTML: the crisis lines on whatever page
  is rendered);
* when the request ends and the text did not reach the queue with a stored
  subject (`record()` with a crisis verdict), `settle()` hands it to the
  screeners' `record_unstored`, which keeps the text for moderators only, in
  its own short transaction (or spools it when the database is down).

A refusal before the action ran at all (CSRF failure, expired session, the
database down while loading the member) is covered by the skins: `settle()`
screens the submitted text fields they pass as `fallback`.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from forum import db, runtime
from forum.contracts import Input, parse
from forum.errors import ValidationError
from forum.ratelimit import ip_key

if TYPE_CHECKING:
    from forum.accounts.models import User
    from forum.spaces.models import Space
    from forum.threads.models import Post, Thread

log = logging.getLogger("crossroads.screening")

PUBLISH, HOLD, REJECT = "publish", "hold", "reject"
# The crisis screen reads at most this many characters of each field, whatever the field's own
# limit: a too-long post is still screened (and refused with crisis lines), at a bounded cost.
CRISIS_SCAN_LIMIT = 40_000
_SEVERITY = {PUBLISH: 0, HOLD: 1, REJECT: 2}


@dataclass
class Draft:
    kind: str  # "thread" | "post" | "edit" | "question" | "answer"
    author: User
    space: Space | None
    body_md: str
    title: str | None = None
    thread: Thread | None = None
    post: Post | None = None


@dataclass
class Verdict:
    action: str = PUBLISH
    reasons: list[str] = field(default_factory=list)
    priority: int = 0
    # Shown to the author: why it was held or refused.
    message: str | None = None
    crisis: bool = False
    # Published, but a moderator should still look (flagged words, crisis).
    queue: bool = False
    # Field the message belongs to, for forms (default: body).
    field: str = "body"

    def merge(self, other: Verdict) -> Verdict:
        stricter = other if _SEVERITY[other.action] > _SEVERITY[self.action] else self
        messages = [m for m in (self.message, other.message) if m]
        return Verdict(
            action=stricter.action,
            reasons=[*self.reasons, *[r for r in other.reasons if r not in self.reasons]],
            priority=max(self.priority, other.priority),
            message=stricter.message or (" ".join(messages) if messages else None),
            crisis=self.crisis or other.crisis,
            queue=self.queue or other.queue,
            field=stricter.field,
        )

    @property
    def needs_queue(self) -> bool:
        return self.action == HOLD or self.queue or self.crisis


class Screener(Protocol):
    async def review(self, draft: Draft) -> Verdict: ...

    async def record(
        self, draft: Draft, verdict: Verdict, subject_type: str, subject_id: int
    ) -> None:
        """Called inside the writing transaction when the verdict needs a moderator."""

    async def crisis(self, text: str) -> Verdict:
        """The cheap crisis screen alone (bounded; no database): `crisis` set, or an empty verdict."""

    async def record_unstored(self, text: UnstoredText) -> None:
        """Keep crisis text that was not stored for readers, for moderators only, at crisis priority.

        Runs in its own transaction (never the refused write's); must not raise for a database
        outage (spool the text instead)."""


@dataclass
class UnstoredText:
    """Crisis text that reached no stored subject: refused, or never meant to be stored (drafts).

    `fields` maps field names to the text as submitted; `outcome` says what happened to it for
    the moderator ("refused (429): You're going a little fast", "draft screen"...)."""

    kind: str
    author_id: int | None
    fields: dict[str, str]
    reasons: list[str]
    outcome: str
    context: str = ""  # where it was written, e.g. "/t/12" or "POST /api/v1/threads/12/posts"
    # The sender's session cookie or API token (its stored hash, never the secret), when who they are
    # could not be read (database down): resolved to the member when the text is written.
    session_hash: str | None = None
    token_hash: str | None = None
    # The sender's client address as the rate limiter groups it (forum.ratelimit.ip_key), for
    # bounding and folding the texts of senders nobody can name (moderation/crisis_texts.py).
    # Only used in this process; what is stored is `client_hash`, a keyed hash of it.
    client: str | None = None
    client_hash: str | None = None


@dataclass
class Watch:
    """One request's crisis state (see the module docstring). `verdict` is None until screened."""

    kind: str | None = None
    author_id: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    verdict: Verdict | None = None
    queued: bool = False  # reached the queue with its stored subject (record())
    country: str | None = None  # whose lines come first
    lines: list[dict[str, Any]] | None = None
    client: str | None = None  # the client address (request.state.client_ip), never stored

    @property
    def crisis(self) -> bool:
        return self.verdict is not None and self.verdict.crisis


_watch: contextvars.ContextVar[Watch | None] = contextvars.ContextVar(
    "crossroads_crisis_watch", default=None
)


def current() -> Watch | None:
    return _watch.get()


@asynccontextmanager
async def watching(country: str | None = None, client: str | None = None) -> AsyncIterator[Watch]:
    """Open a fresh Watch for one request (the skins do this around every handler); `client` is
    the sender's address (request.state.client_ip)."""
    watch = Watch(country=country, client=client)
    token = _watch.set(watch)
    try:
        yield watch
    finally:
        _watch.reset(token)


def _scan_text(fields: Mapping[str, str]) -> str:
    return "\n\n".join(v[:CRISIS_SCAN_LIMIT] for v in fields.values() if v)


async def _crisis_verdict(text: str) -> Verdict:
    verdict = Verdict()
    if not text.strip():
        return verdict
    for screener in _screeners():
        verdict = verdict.merge(await screener.crisis(text))
    return verdict


async def crisis_screen(kind: str, author: User | None, /, **fields: object) -> Verdict:
    """The first step of every write that takes someone's words: the cheap crisis screen on the raw
    submitted fields (strings only; anything else is the parser's business), kept on the request's
    Watch whatever the action does next. Returns the crisis verdict (`.crisis`)."""
    texts = {name: value for name, value in fields.items() if isinstance(value, str) and value}
    verdict = await _crisis_verdict(_scan_text(texts))
    watch = current()
    if watch is not None and not watch.crisis:
        watch.kind, watch.fields, watch.verdict = kind, texts, verdict
        watch.author_id = author.id if author is not None else None
    return verdict


In = TypeVar("In", bound=Input)


async def parse_screened(model: type[In], data: Mapping[str, Any], author: User | None) -> In:
    """`forum.contracts.parse`, for both skins: when the model refuses the submission and its
    action screens text (`model.screen_as`), the raw text fields are crisis-screened as that
    action would have done first (`crisis_screen`), so a refusal of crisis text carries the lines
    and reaches a moderator as that kind of submission."""
    try:
        return parse(model, data)
    except ValidationError:
        if model.screen_as is not None:
            fields = {name: data.get(name) for name in model.model_fields}
            await crisis_screen(model.screen_as, author, **fields)
        raise


async def crisis_lines() -> list[dict[str, Any]] | None:
    """The request's crisis lines when its text read as crisis, else None (resolved once)."""
    watch = current()
    if watch is None or not watch.crisis:
        return None
    if watch.lines is None:
        from forum import crisis

        watch.lines = await crisis.crisis_resources(watch.country)
    return watch.lines


async def screen_submitted(fields: Mapping[str, str], *, author_id: int | None = None) -> None:
    """The skins' net for a submission refused before any action screened it (CSRF failure,
    expired session, database down): screen its text fields as kind "form"."""
    watch = current()
    if watch is None or watch.verdict is not None:
        return
    texts = {k: v for k, v in fields.items() if isinstance(v, str) and v}
    verdict = await _crisis_verdict(_scan_text(texts))
    watch.kind, watch.fields, watch.verdict, watch.author_id = "form", texts, verdict, author_id


async def settle(
    outcome: str,
    *,
    fallback: Mapping[str, str] | None = None,
    author_id: int | None = None,
    context: str = "",
    session_hash: str | None = None,
    token_hash: str | None = None,
) -> list[dict[str, Any]] | None:
    """End of a request: the crisis lines its response must carry (None when not crisis), after
    making sure crisis text that reached no stored subject is kept for a moderator.

    `outcome` describes what happened ("published", "refused (429): ..."); `fallback` is the
    submitted text fields, screened here when no action screened them (refused before it ran)."""
    watch = current()
    if watch is None:
        return None
    if fallback:
        await screen_submitted(fallback, author_id=author_id)
    if not watch.crisis:
        return None
    assert watch.verdict is not None
    if not watch.queued:
        watch.queued = True  # once per request, even if settle is called again
        unstored = UnstoredText(
            kind=watch.kind or "form",
            author_id=watch.author_id if watch.author_id is not None else author_id,
            fields=dict(watch.fields),
            reasons=list(watch.verdict.reasons),
            outcome=outcome,
            context=context,
            session_hash=session_hash,
            token_hash=token_hash,
            client=_client_key(watch.client),
            client_hash=_client_hash(watch.client),
        )
        for screener in _screeners():
            try:
                await screener.record_unstored(unstored)
            except Exception:  # never turn a refusal into a 500; the screener spools what it can
                log.exception("could not keep crisis text for moderators")
    return await crisis_lines()


def _client_key(ip: str | None) -> str:
    return ip_key(ip)


def _client_hash(ip: str | None) -> str:
    """A keyed hash of the client address as the limiter groups it: the same sender folds into
    one moderator item, and no address is stored (docs/privacy.md)."""
    secret = runtime.get().settings.secret_key
    return hmac.new(
        secret.encode(), f"crisis-client:{_client_key(ip)}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def mark_queued(verdict: Verdict) -> None:
    """The action stored the text and queued it at crisis priority with its subject."""
    watch = current()
    if watch is None or not verdict.crisis:
        return

    async def queued() -> None:
        watch.queued = True

    try:
        db.on_commit(queued)  # a rolled-back write leaves the text unqueued: settle() keeps it
    except RuntimeError:
        watch.queued = True


def _screeners() -> tuple[Screener, ...]:
    """The screens the app in force declared (its registry's; none outside a running app)."""
    rt = runtime.current()
    return rt.registry.screeners if rt is not None and rt.registry is not None else ()


async def review(draft: Draft) -> Verdict:
    verdict = Verdict()
    for screener in _screeners():
        verdict = verdict.merge(await screener.review(draft))
    return verdict


async def record(draft: Draft, verdict: Verdict, subject_type: str, subject_id: int) -> None:
    if not verdict.needs_queue:
        return
    for screener in _screeners():
        await screener.record(draft, verdict, subject_type, subject_id)
    mark_queued(verdict)


async def screen(draft: Draft) -> Verdict:
    """`review`, with a refusal raised as a 422 on the field it concerns (the form keeps the text)."""
    verdict = await review(draft)
    if verdict.action == REJECT:
        message = verdict.message or "This can't be posted as written."
        raise ValidationError(message, fields={verdict.field: message})
    return verdict
