"""Moderation as the app factory sees it: models, pages, API, screens, the review queue."""

from __future__ import annotations

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
    from forum import review, screening
    from forum.accounts.privacy import EXPORTERS
    from forum.web.base import NAV_LINKS
    from moderation.queries import export_reports
    from moderation.queue import ModerationQueue
    from moderation.screens import ModerationScreen

    screening.install([ModerationScreen()])
    review.install(ModerationQueue())
    if _nav not in NAV_LINKS:
        NAV_LINKS.append(_nav)
    if export_reports not in EXPORTERS:
        EXPORTERS.append(export_reports)


plugin = Plugin(
    name="moderation",
    models=["moderation.models"],
    routes=_routes,
    api_modules=["moderation.api"],
    startup=_startup,
)
