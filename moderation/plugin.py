"""Moderation as the app factory sees it: models, pages, API, screens, the review queue."""

from __future__ import annotations

import asyncio
import contextlib

from starlette.routing import BaseRoute

from forum.accounts.models import User
from forum.plugins import Plugin
from forum.settings import Settings


def _routes() -> list[BaseRoute]:
    from moderation.web import routes

    return list(routes)


def _nav(viewer: User | None) -> tuple[str, str] | None:
    return ("Moderation", "/moderation") if viewer is not None and viewer.is_moderator else None


async def _startup(settings: Settings) -> None:
    from forum import review, runtime, screening
    from forum.accounts.privacy import ERASERS, EXPORTERS
    from forum.web.base import NAV_LINKS
    from moderation import crisis_texts
    from moderation.queries import export_reports
    from moderation.queue import ModerationQueue
    from moderation.screens import ModerationScreen

    screening.install([ModerationScreen()])
    review.install(ModerationQueue())
    crisis_texts.register_kind()
    # Crisis text spooled while the database was down reaches the queue once it is back.
    runtime.get().tasks.append(
        asyncio.get_running_loop().create_task(crisis_texts.drain_forever(settings.spool_retry_seconds))
    )
    if _nav not in NAV_LINKS:
        NAV_LINKS.append(_nav)
    if export_reports not in EXPORTERS:
        EXPORTERS.append(export_reports)
    if crisis_texts.erase_member not in ERASERS:
        ERASERS.append(crisis_texts.erase_member)


async def _shutdown() -> None:
    from forum import runtime

    tasks, runtime.get().tasks[:] = list(runtime.get().tasks), []
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task


plugin = Plugin(
    name="moderation",
    models=["moderation.models"],
    routes=_routes,
    api_modules=["moderation.api"],
    startup=_startup,
    shutdown=_shutdown,
)
