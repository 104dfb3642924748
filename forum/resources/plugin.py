"""What the resource directory adds to an app (declared, not installed: forum.plugins)."""

from __future__ import annotations

from forum.plugins import Command, Contributions, Plugin
from forum.ratelimit import DAY, HOUR, Policy, Window
from forum.settings import Settings

# Suggestions land in the moderators' queue: keep one member from flooding it. Declared with its
# feature; like any policy it can be overridden with CROSSROADS_RATE_LIMITS=resource_suggestion=N/Ss.
SUGGESTION_POLICY = Policy(
    "resource_suggestion",
    (Window(5, HOUR), Window(20, DAY)),
    description="resource suggestions per member",
)


def _contribute() -> Contributions:
    from forum.resources import actions, queries
    from forum.resources.web import routes

    return Contributions(
        routes=tuple(routes),
        api_modules=("forum.resources.api",),
        policies=(SUGGESTION_POLICY,),
        review_kinds=actions.review_kinds(),
        # Crisis lines are edited in one place, the directory (forum.crisis falls back to its own).
        crisis_lines=queries.crisis_lines,
        space_context=(queries.space_resources,),
        exporters=(queries.export_suggestions,),
        erasers=(actions.erase_member,),
    )


def _commands() -> tuple[Command, ...]:
    from forum.resources.cli import CHECK_LINKS

    return (CHECK_LINKS,)


async def _startup(settings: Settings) -> None:
    from forum.resources import actions

    await actions.ensure_default_hotlines()


plugin = Plugin(
    name="resources",
    models=("forum.resources.models",),
    contribute=_contribute,
    commands=_commands,
    startup=_startup,
)
