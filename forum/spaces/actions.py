"""The three default spaces, in the project's own words (shared/design/domain.md)."""

from __future__ import annotations

from typing import Any

from forum.access import access_space, access_thread, require_moderator
from forum.accounts.models import User
from forum.errors import NotFoundError
from forum.spaces.models import Space
from forum.threads.models import PostStatus

DEFAULT_SPACES: list[dict[str, Any]] = [
    {
        "slug": "staying",
        "name": "Staying",
        "audience": "staying",
        "position": 1,
        "description": "For partners who want to keep working on the marriage. Only members on the staying path can see this space.",
        "guidelines": (
            "This space is for the partner fighting for the marriage. Many of us were blindsided; "
            "fear, grief and disorientation are normal here, and wanting to stay is not weakness.\n\n"
            "- Share what you feel, and what helps you get through the day: movement, art, time outdoors.\n"
            "- Be honest about your own share of the problems; journaling prompts are welcome.\n"
            "- Talk about boundaries that keep you grounded.\n"
            "- Members on the leaving path cannot see this space. Your own spouse may still be a member "
            "of the site: keep names, places and other identifying details out of your posts."
        ),
    },
    {
        "slug": "leaving",
        "name": "Leaving",
        "audience": "leaving",
        "position": 2,
        "description": "For partners who want out. Only members on the leaving path can see this space.",
        "guidelines": (
            "This space is for the partner who wants to leave. Wanting to leave is not villainy: often "
            "the marriage no longer fits who you have become, and you may still care deeply.\n\n"
            "- Peers here will not judge you, and will hold you to owning your share.\n"
            "- Give the transition enough time; your partner is likely more disoriented than you think.\n"
            "- Practise honest, non-defensive communication and respect your partner's boundaries.\n"
            "- Members on the staying path cannot see this space. Your own spouse may still be a member "
            "of the site: keep names, places and other identifying details out of your posts."
        ),
    },
    {
        "slug": "common-ground",
        "name": "Common ground",
        "audience": None,
        "position": 3,
        "description": "Shared by every member, whichever path they are on, and home for those still deciding.",
        "guidelines": (
            "Common ground is where both sides hear each other, and where members who are undecided "
            "belong until they choose. The rules here are stricter:\n\n"
            '- No attacking "the other side". Speak from your own experience.\n'
            "- No advocacy for leaving or for staying: nobody here is to be talked into either.\n"
            "- Time frames and ground rules for the transition (no dating, no solo holidays, no large "
            "solo spending, what and when to tell family and children) are good topics.\n"
            "- Professionals help: counsellors, mediators, financial advisers, attorneys."
        ),
    },
]


async def ensure_default_spaces() -> int:
    """Create any default space that is missing; returns how many were created. Idempotent."""
    created = 0
    for spec in DEFAULT_SPACES:
        _, was_created = await Space.get_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
        created += int(was_created)
    return created


async def set_start_here(user: User | None, slug: str, thread_id: int | None) -> None:
    """Pin a published thread of this space as its "Start here" (moderators; None unpins).

    Errors: 403 not a moderator, 404 space or thread (a thread of another space is 404 too).
    """
    moderator = require_moderator(user)
    space = await access_space(moderator, slug)
    if thread_id is None:
        await Space.filter(id=space.id).update(start_here_thread_id=None)
        return
    if not 0 < thread_id < 2**31:  # an id SQLite could hold but PostgreSQL cannot: missing
        raise NotFoundError("No such thread.")
    thread = await access_thread(moderator, thread_id)
    if thread.space_id != space.id or thread.status != PostStatus.PUBLISHED:
        raise NotFoundError("No such thread in this space.")
    await Space.filter(id=space.id).update(start_here_thread_id=thread.id)
