"""What AMAs add to an app (declared, not installed: forum.plugins)."""

from __future__ import annotations

from typing import Any

from forum.plugins import Contributions, Plugin


def _contribute() -> Contributions:
    from forum.amas import actions, queries, review
    from forum.amas.web import routes

    return Contributions(
        routes=tuple(routes),
        api_modules=("forum.amas.api",),
        review_kinds=(*review.review_kinds(), *actions.review_kinds()),
        exporters=(queries.export_member,),
        erasers=(actions.erase_member,),
    )


async def _serve(rt: Any) -> None:
    from forum.events import end_streams_on_signal

    # Under uvicorn, open event streams end as soon as shutdown begins.
    end_streams_on_signal(rt.bus)


plugin = Plugin(
    name="amas",
    models=("forum.amas.models",),
    contribute=_contribute,
    serve=_serve,
)
