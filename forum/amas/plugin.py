"""How the amas feature plugs into the app (models, routes, API modules, startup hooks)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from forum.plugins import Plugin
from forum.settings import Settings


def _routes() -> list[BaseRoute]:
    from forum.amas.web import routes

    return list(routes)


async def _startup(settings: Settings) -> None:
    from forum import runtime
    from forum.accounts import privacy
    from forum.accounts.privacy import EXPORTERS
    from forum.amas import actions, queries
    from forum.events import end_streams_on_signal

    actions.register_review_kinds()
    if queries.export_member not in EXPORTERS:
        EXPORTERS.append(queries.export_member)
    if actions.erase_member not in privacy.ERASERS:
        privacy.ERASERS.append(actions.erase_member)
    # Under uvicorn, open event streams end as soon as shutdown begins.
    end_streams_on_signal(runtime.get().bus)


plugin = Plugin(
    name="amas",
    models=["forum.amas.models"],
    routes=_routes,
    api_modules=["forum.amas.api"],
    startup=_startup,
)
