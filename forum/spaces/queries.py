from __future__ import annotations

from typing import Any

from forum.access import can_post_in_space, can_read_space
from forum.accounts.models import User
from forum.spaces.models import Space
from forum.threads.models import PostStatus, Thread


async def list_spaces(viewer: User | None) -> list[dict[str, Any]]:
    """The spaces this viewer can see; the other side's space is simply not there.

    Guests see the shared space only, and cannot read it until they sign in.
    """
    result = []
    spaces = await Space.all()
    pinned = {s.start_here_thread_id for s in spaces if s.start_here_thread_id}
    titles = (
        dict(
            await Thread.filter(id__in=pinned, status=PostStatus.PUBLISHED).values_list(
                "id", "title"
            )
        )
        if pinned
        else {}
    )
    for space in spaces:
        readable = can_read_space(viewer, space)
        if not readable and (viewer is not None or space.audience is not None):
            continue
        result.append(
            {
                "slug": space.slug,
                "name": space.name,
                "description": space.description,
                "audience": space.audience,
                "can_read": readable,
                "can_post": can_post_in_space(viewer, space),
                # Named only to those who can read the space.
                "start_here": {
                    "id": space.start_here_thread_id,
                    "title": titles[space.start_here_thread_id],
                }
                if readable and space.start_here_thread_id in titles
                else None,
            }
        )
    return result


async def list_guidelines() -> list[Space]:
    """The public guidelines of every space (the guidelines page is open to guests)."""
    return list(await Space.all())


async def get_start_here(viewer: User | None, space: Space) -> dict[str, Any] | None:
    """The space's pinned "Start here" thread, if the viewer may see it: {id, title}."""
    if not space.start_here_thread_id or not can_read_space(viewer, space):
        return None
    row = await Thread.filter(
        id=space.start_here_thread_id, space_id=space.id, status=PostStatus.PUBLISHED
    ).values("id", "title")
    return row[0] if row else None
