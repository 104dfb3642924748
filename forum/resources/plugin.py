"""How the resources feature plugs into the app (models, routes, API modules, startup hooks)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from forum.plugins import Plugin
from forum.settings import Settings


def _routes() -> list[BaseRoute]:
    from forum.resources.web import routes

    return list(routes)


async def _startup(settings: Settings) -> None:
    from forum import crisis
    from forum.accounts.privacy import ERASERS, EXPORTERS
    from forum.resources import actions, queries
    from forum.web.threads import SPACE_CONTEXT

    await actions.ensure_default_hotlines()
    actions.register_review_kinds()
    crisis.install(queries.crisis_lines)
    if queries.space_resources not in SPACE_CONTEXT:
        SPACE_CONTEXT.append(queries.space_resources)
    if queries.export_suggestions not in EXPORTERS:
        EXPORTERS.append(queries.export_suggestions)
    if actions.erase_member not in ERASERS:
        ERASERS.append(actions.erase_member)


plugin = Plugin(
    name="resources",
    models=["forum.resources.models"],
    routes=_routes,
    api_modules=["forum.resources.api"],
    startup=_startup,
)
