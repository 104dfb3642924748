from __future__ import annotations

from typing import Any

from forum.access import can_post_in_space, can_read_space
from forum.accounts.models import User
from forum.spaces.models import Space


async def list_spaces(viewer: User | None) -> list[dict[str, Any]]:
    """The spaces this viewer can see; the other side's space is simply not there.

    Guests see the shared space only, and cannot read it until they sign in.
    """
    result = []
    for space in await Space.all():
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
            }
        )
    return result


async def list_guidelines() -> list[Space]:
    """The public guidelines of every space (the guidelines page is open to guests)."""
    return list(await Space.all())
