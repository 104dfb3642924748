"""Moderation as the app factory sees it: models, pages, API, screens, the review queue."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

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
    from moderation.queries import erase_reports, export_reports
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
    if erase_reports not in ERASERS:
        ERASERS.append(erase_reports)
    from forum.threads.actions import POST_ERASERS
    from moderation import labels

    if labels.erase_member not in ERASERS:
        ERASERS.append(labels.erase_member)
    if labels.erase_post_text not in POST_ERASERS:
        POST_ERASERS.append(labels.erase_post_text)
    from forum.amas.actions import QUESTION_ERASERS

    if labels.erase_question_text not in QUESTION_ERASERS:
        QUESTION_ERASERS.append(labels.erase_question_text)


async def _shutdown() -> None:
    from forum import runtime

    tasks, runtime.get().tasks[:] = list(runtime.get().tasks), []
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _queue_figures() -> list[Any]:
    """Open queue items and the oldest one's age per kind and priority, for /metrics."""
    from tortoise.functions import Count, Min

    from forum import runtime
    from forum.metrics import Figure
    from moderation.models import OPEN_STATUSES, QueueItem

    rows = await (QueueItem.filter(status__in=OPEN_STATUSES).annotate(n=Count("id"), oldest=Min("created_at"))
                  .group_by("kind", "priority").values("kind", "priority", "n", "oldest"))
    now = runtime.now()
    out = []
    for row in sorted(rows, key=lambda r: (-r["priority"], r["kind"])):  # crisis first
        labels = {"kind": row["kind"], "priority": str(row["priority"])}
        out.append(Figure("crossroads_queue_open_items", "Open moderation queue items.", labels, row["n"]))
        oldest = row["oldest"]
        if isinstance(oldest, str):  # SQLite hands aggregates back as text
            from datetime import UTC, datetime

            oldest = datetime.fromisoformat(oldest)
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
        age = (now - oldest).total_seconds() if oldest else 0.0
        out.append(Figure("crossroads_queue_oldest_age_seconds", "Age of the oldest open item.", labels, age))
    return out


plugin = Plugin(
    name="moderation",
    models=["moderation.models"],
    routes=_routes,
    api_modules=["moderation.api"],
    startup=_startup,
    shutdown=_shutdown,
    extra={"figures": _queue_figures},
)
