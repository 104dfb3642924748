"""React to a post, or take a reaction back. One of each kind per member per post.

Recipe: parse the kind -> access the post (missing and unreadable look alike) ->
refuse one's own post and unpublished ones -> spend the `react` allowance (only when
something changes) -> one write, with a grouped `reaction` notice to the post's author
(no names: who reacted is shown on the post, to its author only). A member the author
blocked is counted nowhere the author reads, and their reaction does not notify.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from forum import throttle
from forum.access import access_post, require_member
from forum.accounts.models import User
from forum.blocks.queries import blocker_ids_of
from forum.db import transaction
from forum.errors import NotFoundError, ValidationError
from forum.following import notices
from forum.following.actions import announce_after_commit
from forum.reactions.models import Reaction
from forum.threads.models import Post, PostStatus

# Chosen for this community's tone: support, recognition, gratitude — nothing to vote down.
KINDS: dict[str, str] = {
    "strength": "Sending strength",
    "been-there": "Been there",
    "thank-you": "Thank you",
}


def check_kind(kind: str) -> str:
    """One of `KINDS`; NotFoundError (404, as the path it comes in) otherwise."""
    if kind not in KINDS:
        # A kind that does not exist is a path that does not exist.
        raise NotFoundError(f"No such reaction. Reactions are: {', '.join(KINDS)}.")
    return kind


async def _reactable(user: User, post_id: int) -> Post:
    post = await access_post(user, post_id)
    if post.status != PostStatus.PUBLISHED:
        raise ValidationError(
            "Only published posts take reactions.", fields={"kind": "not a published post"}
        )
    if post.author_id == user.id:
        raise ValidationError("You can't react to your own post.", fields={"kind": "your own post"})
    return post


async def add_reaction(user: User | None, post_id: int, kind: str) -> Post:
    """Add `kind` to the post (idempotent). Returns the post. Errors: 404, 422, 429."""
    user = require_member(user)
    kind = check_kind(kind)
    post = await _reactable(user, post_id)
    if await Reaction.exists(post_id=post.id, user_id=user.id, kind=kind):
        return post
    await throttle.hit("react", user=user)
    try:
        async with transaction():
            await Reaction.create(post_id=post.id, user_id=user.id, kind=kind)
            if not await _blocked_by(post.author_id, user.id):
                await notices.send_grouped(post.author_id, "reaction", ("post", post.id))
                await announce_after_commit([post.author_id])
    except IntegrityError:  # the same tap twice at once: one reaction
        pass
    return post


async def remove_reaction(user: User | None, post_id: int, kind: str) -> Post:
    """Take `kind` back (idempotent; removed posts too, so nothing lingers). Errors: 404."""
    user = require_member(user)
    kind = check_kind(kind)
    post = await access_post(user, post_id)
    await Reaction.filter(post_id=post.id, user_id=user.id, kind=kind).delete()
    return post


async def _blocked_by(author_id: int, reactor_id: int) -> bool:
    return author_id in await blocker_ids_of(reactor_id, [author_id])
