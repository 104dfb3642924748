"""Moderation as the app factory sees it: models, pages, API, screens, the review queue."""

from __future__ import annotations

import asyncio
from typing import Any

from forum.accounts.models import User
from forum.plugins import Contributions, Plugin
from forum.validation import parse_time


def _nav(viewer: User | None) -> tuple[str, str] | None:
    return ("Moderation", "/moderation") if viewer is not None and viewer.is_moderator else None


def _contribute() -> Contributions:
    from moderation import crisis_texts, labels
    from moderation import priorities as P
    from moderation.models import QUEUE_ORDER_INDEX
    from moderation.queries import erase_reports, export_reports
    from moderation.queue import ModerationQueue
    from moderation.screens import ModerationScreen
    from moderation.web import routes

    return Contributions(
        routes=tuple(routes),
        api_modules=("moderation.api",),
        review_kinds=(crisis_texts.review_kind(),),
        subject_types=P.SUBJECT_TYPES,
        screeners=(ModerationScreen(),),
        review_queue=ModerationQueue(),
        nav_links=(_nav,),
        exporters=(export_reports,),
        erasers=(crisis_texts.erase_member, erase_reports, labels.erase_member),
        subject_erasers=(labels.erase_subject_text,),
        figures=(_queue_figures,),
        raw_indexes=(QUEUE_ORDER_INDEX,),
    )


async def _serve(rt: Any) -> None:
    from moderation import crisis_texts

    # Crisis text spooled while the database was down reaches the queue once it is back
    # (cancelled with the runtime's other tasks at shutdown: forum.startup).
    rt.tasks.append(
        asyncio.get_running_loop().create_task(
            crisis_texts.drain_forever(rt.settings.spool_retry_seconds)
        )
    )


async def _queue_figures() -> list[Any]:
    """Open queue items and the oldest one's age per kind and priority, for /metrics."""
    from tortoise.functions import Count, Min

    from forum import runtime
    from forum.metrics import Figure
    from moderation.models import OPEN_STATUSES, QueueItem

    rows = await (
        QueueItem.filter(status__in=OPEN_STATUSES)
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .group_by("kind", "priority")
        .values("kind", "priority", "n", "oldest")
    )
    now = runtime.now()
    out = []
    for row in sorted(rows, key=lambda r: (-r["priority"], r["kind"])):  # crisis first
        labels = {"kind": row["kind"], "priority": str(row["priority"])}
        out.append(
            Figure("crossroads_queue_open_items", "Open moderation queue items.", labels, row["n"])
        )
        # SQLite hands aggregates back as text, without a zone: stored times are UTC.
        oldest = parse_time(row["oldest"], "oldest") if row["oldest"] is not None else None
        age = (now - oldest).total_seconds() if oldest else 0.0
        out.append(
            Figure(
                "crossroads_queue_oldest_age_seconds", "Age of the oldest open item.", labels, age
            )
        )
    return out


plugin = Plugin(
    name="moderation",
    models=("moderation.models",),
    contribute=_contribute,
    serve=_serve,
)
