"""`crossroads seed-demo`: fill an empty database with a believable demo community.

About 40 pseudonymous members (staying, leaving and undecided), a moderator
(`demo_moderator`) and a verified therapist (`demo_therapist`, LMFT) write threads
and replies in the three default spaces, spread over the last 90 days. Every member
signs in with the demo password: `CROSSROADS_DEMO_PASSWORD` if set, otherwise
"crossroads-demo" (printed at the end; refused in production, where you must choose one).

Everything goes through the real actions (`register`, `create_thread`, `create_post`),
so the spaces' rules, text checks, Markdown rendering and screening all apply. While
seeding, rate limits are off and the demo cast counts as established members (no
new-member review); the dates are moved back afterwards, so the demo spans the last
90 days with ids in date order.
The whole run is one transaction: it either fills the database or leaves it untouched.
The texts live in `forum.seed_content`.
"""

from __future__ import annotations

import os
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from forum.cli import run_db
from forum.plugins import Command

if TYPE_CHECKING:
    import argparse

    from forum.accounts.models import User
    from forum.seed_content import Opener
    from forum.settings import Settings

DEMO_PASSWORD = "crossroads-demo"
PASSWORD_ENV = "CROSSROADS_DEMO_PASSWORD"
DEFAULT_THREADS_PER_SPACE = 36
DEFAULT_MEMBERS = 40
SPAN = timedelta(days=90)
REPLIES_PER_THREAD = (5, 15)
# The newest thread starts this long ago, so even it has a conversation by now.
NEWEST_THREAD_AGE = timedelta(hours=30)
# ... and the newest reply is at least this old.
NEWEST_POST_AGE = timedelta(minutes=10)

Progress = Callable[..., Any]


class SeedRefused(Exception):
    """The database is not a fresh one; nothing was written."""


def demo_password() -> tuple[str, bool]:
    """(password, whether it came from the environment)."""
    chosen = os.environ.get(PASSWORD_ENV, "")
    return (chosen, True) if chosen else (DEMO_PASSWORD, False)


# --------------------------------------------------------------------------- planning


@dataclass
class _Reply:
    at: datetime
    author: str
    body: str


@dataclass
class _ThreadPlan:
    space: str
    author: str
    title: str
    body: str
    topics: frozenset[str]
    # The opener as written (before any lead-in), for replies that quote it.
    original: str
    # Set for every plan right after all are made (their times are spread over the whole set).
    at: datetime = field(default=None)  # type: ignore[assignment]
    replies: list[_Reply] = field(default_factory=list)
    # Filled in while writing.
    thread_id: int | None = None
    last_post_at: datetime | None = None
    open: bool = True


def member_names(total: int = DEFAULT_MEMBERS) -> dict[str, list[str]]:
    """`total` pseudonyms split across the paths in the proportions of the full cast."""
    from forum.seed_content import USERNAMES

    full = sum(len(v) for v in USERNAMES.values())
    total = max(3, min(total, full))
    counts = {path: max(1, round(total * len(names) / full)) for path, names in USERNAMES.items()}
    counts["undecided"] = max(1, total - counts["staying"] - counts["leaving"])
    return {path: USERNAMES[path][: counts[path]] for path in USERNAMES}


def members_for(threads_per_space: int) -> int:
    """The full cast for a real demo; a smaller one for a small run (tests), since hashing costs."""
    return max(12, min(DEFAULT_MEMBERS, 4 * threads_per_space))


_SENTENCE_END = re.compile(r"(?<=[.?!])\s")


def _first_sentence(body: str) -> str | None:
    text = body.split("\n", 1)[0]
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    if (
        25 <= len(sentence) <= 140
        and sentence[0].isalpha()
        and not any(c in sentence for c in '*>"[]')
    ):
        return sentence
    return None


def _pick_openers(rng: random.Random, space: str, count: int) -> list[tuple[str, str, Opener]]:
    """`count` (title, body, opener): every opener once before any is reused with its other title."""
    from forum.seed_content import OPENER_CLOSINGS, OPENER_LEADS, OPENERS

    openers = OPENERS[space]
    picked: list[tuple[str, str, Opener]] = []
    round_ = 0
    while len(picked) < count:
        order = list(range(len(openers)))
        rng.shuffle(order)
        for index in order[: count - len(picked)]:
            opener = openers[index]
            title = opener.titles[(round_ + index) % len(opener.titles)]
            body = opener.body
            # A reused opener always reads a little differently; fresh ones sometimes do.
            if round_ > 0 or rng.random() < 0.25:
                body = f"{rng.choice(OPENER_LEADS)} {body}"
            if round_ > 0 or rng.random() < 0.2:
                body = f"{body}\n\n{rng.choice(OPENER_CLOSINGS)}"
            picked.append((title, body, opener))
        round_ += 1
    return picked


def _vary_reply(rng: random.Random, space: str, body: str, quote: str | None) -> str:
    """A lead-in, a sign-off, or (given `quote`) the opener's first line quoted on top."""
    from forum.seed_content import REPLY_CLOSINGS, REPLY_LEADS

    roll = rng.random()
    if quote and roll < 0.1 and ">" not in body:
        body = f"> {quote}\n\n{body}"
    elif roll < 0.25:
        body = f"{rng.choice(REPLY_LEADS)} {body}"
    if rng.random() < 0.18:
        body = f"{body}\n\n{rng.choice(REPLY_CLOSINGS[space])}"
    return body


class _Rotation:
    """Deals names out in shuffled rounds, so everyone gets a turn before anyone gets two."""

    def __init__(self, rng: random.Random, names: list[str]) -> None:
        self.rng = rng
        self.names = list(names)
        self.queue: list[str] = []

    def next(self, avoid: frozenset[str] | set[str] = frozenset()) -> str:
        for _ in range(2):
            if not self.queue:
                self.queue = list(self.names)
                self.rng.shuffle(self.queue)
            for i, name in enumerate(self.queue):
                if name not in avoid:
                    return self.queue.pop(i)
            self.queue = []
        return self.rng.choice(self.names)


def plan_threads(
    rng: random.Random,
    threads_per_space: int,
    names: dict[str, list[str]],
    now: datetime,
) -> list[_ThreadPlan]:
    """The whole demo, decided up front: who writes what, and when. Oldest thread first."""
    from forum.seed_content import (
        FOLLOWUPS,
        GENERAL_REPLIES,
        MODERATOR,
        MODERATOR_REPLIES,
        REPLIES,
        SPACES,
        THERAPIST,
        THERAPIST_REPLIES,
    )

    everyone = [n for path in ("staying", "leaving", "undecided") for n in names[path]]
    openers_by = {
        "staying": _Rotation(rng, names["staying"]),
        "leaving": _Rotation(rng, names["leaving"]),
        # Common ground is home to the undecided; both sides start threads there too.
        "common-ground": _Rotation(
            rng, names["undecided"] * 2 + names["staying"] + names["leaving"]
        ),
    }
    repliers_by = {
        "staying": _Rotation(rng, names["staying"]),
        "leaving": _Rotation(rng, names["leaving"]),
        "common-ground": _Rotation(rng, everyone),
    }

    plans: list[_ThreadPlan] = []
    for space in SPACES:
        for title, body, opener in _pick_openers(rng, space, threads_per_space):
            plans.append(
                _ThreadPlan(
                    space, openers_by[space].next(), title, body, opener.topic_set, opener.body
                )
            )
    rng.shuffle(plans)  # spaces interleave over time

    oldest, newest = now - SPAN, now - NEWEST_THREAD_AGE
    starts = sorted(oldest + (newest - oldest) * rng.random() for _ in plans)
    for plan, start in zip(plans, starts, strict=True):
        plan.at = start.replace(microsecond=0)

    for plan in plans:
        space = plan.space
        count = rng.randint(*REPLIES_PER_THREAD)
        # Mostly replies on the opener's topics, the rest ones that fit any thread.
        broad = [r.text for r in REPLIES[space] if "any" in r.topics] + GENERAL_REPLIES
        topical = [r.text for r in REPLIES[space] if "any" not in r.topics and r.fits(plan.topics)]
        on_topic = min(len(topical), max(2, round(count * 0.6)))
        texts = rng.sample(topical, on_topic) + rng.sample(broad, count - on_topic)
        rng.shuffle(texts)
        authors: list[str] = []
        previous = plan.author
        for _ in texts:
            # Repliers don't answer themselves back to back, nor the author straight away.
            name = repliers_by[space].next(avoid={previous, plan.author})
            authors.append(name)
            previous = name
        # The author comes back to say thank you, or how it went.
        if count >= 4 and rng.random() < 0.6:
            at = rng.randint(max(3, count // 2), count - 1)
            followups = [
                f.text for f in FOLLOWUPS[space] if "any" in f.topics or f.fits(plan.topics)
            ]
            authors[at], texts[at] = plan.author, rng.choice(followups)
        if space == "common-ground":
            # Staff drop in now and then, never over the author's own follow-up.
            if rng.random() < 0.3:
                at = rng.randint(1, count - 1)
                fitting = [r.text for r in THERAPIST_REPLIES if r.fits(plan.topics)]
                if fitting and authors[at] != plan.author:
                    authors[at], texts[at] = THERAPIST, rng.choice(fitting)
            if rng.random() < 0.15:
                at = rng.randint(2, count - 1)
                if authors[at] not in (plan.author, THERAPIST):
                    authors[at], texts[at] = MODERATOR, rng.choice(MODERATOR_REPLIES)
        quote = _first_sentence(plan.original)
        bodies = []
        for author, text in zip(authors, texts, strict=True):
            if author not in (plan.author, THERAPIST, MODERATOR):
                text = _vary_reply(rng, space, text, quote)
                if text.startswith(">"):
                    quote = None  # one member quoting the opener per thread is plenty
            bodies.append(text)
        for when, author, text in zip(
            _reply_times(rng, plan.at, len(bodies), now), authors, bodies, strict=True
        ):
            plan.replies.append(_Reply(when, author, text))
    return plans


def _reply_times(rng: random.Random, start: datetime, count: int, now: datetime) -> list[datetime]:
    """Increasing times after `start`: a quick first answer, then a tail over days."""
    gaps = [timedelta(minutes=rng.uniform(15, 8 * 60))]
    gaps += [
        timedelta(minutes=min(36 * 60, max(10, rng.expovariate(1 / (7 * 60)))))
        for _ in range(count - 1)
    ]
    room = (now - NEWEST_POST_AGE) - start
    total = sum(gaps, timedelta())
    if total > room:
        gaps = [g * (room / total) * 0.98 for g in gaps]
    times, previous = [], start
    for gap in gaps:
        at = (previous + gap).replace(microsecond=0)
        previous = max(at, previous + timedelta(seconds=1))
        times.append(previous)
    return times


# --------------------------------------------------------------------------- writing


async def seed(
    threads_per_space: int = DEFAULT_THREADS_PER_SPACE,
    *,
    progress: Progress = print,
    rng_seed: int = 7,
    members: int | None = None,
    password: str | None = None,
) -> dict[str, int]:
    """Fill an empty database with demo members, threads and replies; returns the counts.

    Needs the database up and a runtime running (the app's lifespan, or `run_db`: forum.startup).
    Raises SeedRefused, writing nothing, if the database already has a thread or a
    demo username is taken.
    """
    from forum import runtime
    from forum.accounts.models import User
    from forum.db import column_values, transaction
    from forum.seed_content import MODERATOR, SPACES, THERAPIST
    from forum.threads.models import Thread

    if threads_per_space < 1:
        raise ValueError("threads_per_space must be at least 1")
    if await Thread.exists():
        raise SeedRefused(
            "seed-demo fills an empty database, and this one already has threads. "
            "Point CROSSROADS_DATABASE_URL at a new database to try the demo."
        )
    names = member_names(members if members is not None else members_for(threads_per_space))
    wanted = [n for group in names.values() for n in group] + [MODERATOR, THERAPIST]
    taken = await column_values(
        User.filter(username_key__in=[n.lower() for n in wanted]), "username"
    )
    if taken:
        raise SeedRefused(
            f"seed-demo fills an empty database, but the demo username(s) {', '.join(sorted(taken))} "
            "already exist. Use a new database."
        )
    password = password or demo_password()[0]
    rng = random.Random(rng_seed)
    now = runtime.now()
    plans = plan_threads(rng, threads_per_space, names, now)
    total_posts = sum(1 + len(p.replies) for p in plans)
    progress(
        f"Seeding demo content: {len(wanted)} members, {len(plans)} threads "
        f"({threads_per_space} per space), {total_posts} posts over the last {SPAN.days} days."
    )

    outer = runtime.get()
    # Seeding is the operator's own bulk write: no rate limits, and the demo cast are
    # established members rather than newcomers whose first posts wait for review. Only this
    # block sees that runtime; the app's own (and its requests') keep theirs.
    with runtime.use(
        replace(outer, limiter=None, settings=replace(outer.settings, new_member_review=0))
    ):
        async with transaction():
            users = await _create_members(names, password, now, rng, progress)
            counts = await _write(plans, users, progress, total_posts)
            counts["resources"] = await _create_resources(users[MODERATOR], now, progress)

    counts["members"] = len(users)
    for space in SPACES:
        progress(
            f"  {space:<14} {counts[f'threads:{space}']:>4} threads  {counts[f'replies:{space}']:>5} replies"
        )
    if counts["held"] or counts["rejected"]:
        progress(
            f"  {counts['held']} post(s) were held by the screens and {counts['rejected']} refused; "
            "see the moderation queue."
        )
    return counts


async def _create_members(
    names: dict[str, list[str]],
    password: str,
    now: datetime,
    rng: random.Random,
    progress: Progress,
) -> dict[str, User]:
    from forum.accounts.actions import register
    from forum.accounts.models import User
    from forum.accounts.schemas import Registration
    from forum.contracts import parse
    from forum.seed_content import MODERATOR, THERAPIST, THERAPIST_CREDENTIAL

    cast: list[tuple[str, str, list[str], str | None]] = [
        (name, path, [], None) for path, group in names.items() for name in group
    ]
    cast += [
        (MODERATOR, "undecided", ["moderator"], None),
        (THERAPIST, "undecided", ["therapist"], THERAPIST_CREDENTIAL),
    ]
    users: dict[str, User] = {}
    for name, path, roles, credential in cast:
        data = parse(Registration, {"username": name, "password": password, "path": path})
        user = await register(data, roles=roles, credential=credential)
        # Members joined before the demo's conversations began; staff before them.
        joined = now - SPAN - timedelta(days=rng.uniform(1, 30) if not roles else 45)
        joined = joined.replace(microsecond=0)
        await User.filter(id=user.id).update(created_at=joined)
        user.created_at = joined
        users[name] = user
    progress(
        f"Created {len(users)} members ({', '.join(f'{len(v)} {k}' for k, v in names.items())}, "
        f"{MODERATOR}, {THERAPIST})."
    )
    return users


async def _write(
    plans: list[_ThreadPlan], users: dict[str, User], progress: Progress, total: int
) -> dict[str, int]:
    """Write every post in date order (so ids follow time), then set each thread's dates."""
    from forum.contracts import parse
    from forum.errors import CrossroadsError
    from forum.seed_content import SPACES
    from forum.threads.actions import create_post, create_thread
    from forum.threads.models import Post, Thread
    from forum.threads.schemas import NewPost, NewThread

    counts = {"threads": 0, "replies": 0, "held": 0, "rejected": 0}
    for space in SPACES:
        counts[f"threads:{space}"] = counts[f"replies:{space}"] = 0
    events: list[tuple[datetime, int, _ThreadPlan, _Reply | None]] = []
    for plan in plans:
        events.append((plan.at, 0, plan, None))
        events += [(reply.at, 1, plan, reply) for reply in plan.replies]
    events.sort(key=lambda e: (e[0], e[1]))

    done, shown = 0, 0
    for at, _, plan, reply in events:
        done += 1
        if reply is None:
            try:
                result = await create_thread(
                    users[plan.author],
                    plan.space,
                    parse(NewThread, {"title": plan.title, "body": plan.body}),
                )
            except CrossroadsError:
                counts["rejected"] += 1
                plan.open = False
                continue
            plan.thread_id, plan.last_post_at = result.thread.id, at
            await Thread.filter(id=result.thread.id).update(created_at=at)
            await Post.filter(id=result.post.id).update(created_at=at)
            if result.held:
                counts["held"] += 1
                plan.open = False  # a held thread takes no replies until a moderator approves it
            counts["threads"] += 1
            counts[f"threads:{plan.space}"] += 1
        elif plan.open and plan.thread_id is not None:
            try:
                result = await create_post(
                    users[reply.author], plan.thread_id, parse(NewPost, {"body": reply.body})
                )
            except CrossroadsError:
                counts["rejected"] += 1
                continue
            await Post.filter(id=result.post.id).update(created_at=at)
            if result.held:
                counts["held"] += 1
            else:
                plan.last_post_at = at
            counts["replies"] += 1
            counts[f"replies:{plan.space}"] += 1
        step = done * 10 // len(events)
        if step != shown:
            shown = step
            progress(_bar(done, len(events), counts))

    for plan in plans:
        if plan.thread_id is not None and plan.last_post_at is not None:
            await Thread.filter(id=plan.thread_id).update(last_post_at=plan.last_post_at)
    counts["posts"] = counts["threads"] + counts["replies"]
    return counts


async def _create_resources(moderator: User, now: datetime, progress: Progress) -> int:
    """The shipped crisis hotlines and the fictional example.org directory entries."""
    from forum.contracts import parse
    from forum.resources.actions import create_resource, ensure_default_hotlines
    from forum.resources.schemas import NewResource
    from forum.seed_content import DEMO_RESOURCES

    await ensure_default_hotlines()
    for spec in DEMO_RESOURCES:
        data = {k: v for k, v in spec.items() if k != "days"}
        days = spec.get("days")
        if isinstance(days, tuple):
            data["starts_on"] = (now + timedelta(days=days[0])).date().isoformat()
            data["ends_on"] = (now + timedelta(days=days[1])).date().isoformat()
        await create_resource(moderator, parse(NewResource, data))
    progress(f"Added {len(DEMO_RESOURCES)} fictional example.org resources to the directory.")
    return len(DEMO_RESOURCES)


def _bar(done: int, total: int, counts: dict[str, int], width: int = 24) -> str:
    filled = width * done // total
    return (
        f"  [{'#' * filled}{'.' * (width - filled)}] {100 * done // total:>3}%  "
        f"{counts['threads']} threads, {counts['replies']} replies"
    )


# --------------------------------------------------------------------------- command


def _say(message: str) -> None:
    print(message, flush=True)


def seed_demo(args: argparse.Namespace, settings: Settings, registry: Any = None) -> int:
    """`crossroads seed-demo`: `seed` on the command line's registry (exit 0, 1 refused, 2 bad input)."""
    from forum.accounts.schemas import check_password
    from forum.errors import ValidationError

    threads = getattr(args, "threads", DEFAULT_THREADS_PER_SPACE)
    if threads < 1:
        print("crossroads: --threads must be at least 1", file=sys.stderr)
        return 2
    password, from_env = demo_password()
    try:
        check_password(password)
    except ValidationError as exc:
        print(
            f"crossroads: {PASSWORD_ENV}: {exc.fields.get('password', exc.message)}",
            file=sys.stderr,
        )
        return 2
    if settings.production and not from_env:
        print(
            f"crossroads: refusing to create demo accounts with the published demo password in "
            f"production; set {PASSWORD_ENV} to a password of your own.",
            file=sys.stderr,
        )
        return 1

    async def work() -> int:
        try:
            counts = await seed(threads, progress=_say, password=password)
        except SeedRefused as exc:
            print(f"crossroads: {exc}", file=sys.stderr)
            return 1
        _say(
            f"Done: {counts['members']} members, {counts['threads']} threads, "
            f"{counts['replies']} replies ({counts['posts']} posts), {counts['resources']} demo resources."
        )
        if from_env:
            _say(f"Demo members sign in with the password from {PASSWORD_ENV}.")
        else:
            _say(
                f'Demo members sign in with the password "{password}" (set {PASSWORD_ENV} to choose another).'
            )
        _say(
            "Try demo_moderator (moderator), demo_therapist (therapist, LMFT), or a member such as "
            "still_waters (staying), open_window (leaving), in_the_middle (undecided)."
        )
        return 0

    return run_db(settings, work, registry=registry)


def _seed_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--threads", type=int, default=36, help="threads per space")


SEED_COMMAND = Command(
    "seed-demo", "fill an empty database with demo content", seed_demo, _seed_args
)
