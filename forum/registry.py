"""One registry per app: what its plugins declared, assembled once by `create_app`.

`build_registry(plugins)` asks the core forum (`CORE`, always first) and each plugin for its
`Contributions` (forum.plugins) and returns a frozen `Registry`. The app holds it
(`app.state.registry`) and so does its runtime (`runtime.get().registry`): request handlers
and the domain read routes, policies, review kinds, screens, hooks and commands from there,
never from a module-level list. Nothing here is global: two registries built in one process
share nothing.

Raises `RegistryError` for a contradiction between plugins (two plugins with one name, a
policy, review kind or command declared twice, one subject type declared differently, two review queues or crisis-line providers).
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from forum.plugins import (
    Command,
    Contributions,
    CrisisLines,
    Eraser,
    Exporter,
    NavLink,
    Plugin,
    SpaceContext,
)

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from forum.api.base import Endpoint
    from forum.ratelimit import Policy
    from forum.review import Kind, Queue, SubjectType
    from forum.screening import Screener


class RegistryError(Exception):
    """Two plugins declared the same thing (see the module docstring)."""


@dataclass(frozen=True)
class Registry:
    """Everything one app's plugins contribute (field meanings: forum.plugins.Contributions).

    `policies` are the declared defaults; the table in force, with `CROSSROADS_RATE_LIMITS`
    applied, is `runtime.get().policies`."""

    plugins: tuple[Plugin, ...]
    models: tuple[str, ...]
    routes: tuple[BaseRoute, ...]
    endpoints: tuple[Endpoint, ...]
    policies: Mapping[str, Policy]
    review_kinds: Mapping[str, Kind]
    subject_types: Mapping[str, SubjectType]
    screeners: tuple[Screener, ...]
    review_queue: Queue | None
    crisis_lines: CrisisLines | None
    exporters: tuple[Exporter, ...]
    erasers: tuple[Eraser, ...]
    subject_erasers: tuple[Eraser, ...]
    nav_links: tuple[NavLink, ...]
    space_context: tuple[SpaceContext, ...]
    commands: Mapping[str, Command]
    figures: tuple[Callable[[], Awaitable[list[Any]]], ...]
    raw_indexes: tuple[str, ...]

    def kind(self, name: str) -> Kind:
        """The review kind `name`; KeyError when no plugin of this app declared it."""
        try:
            return self.review_kinds[name]
        except KeyError:
            raise KeyError(f"unknown review kind {name!r}") from None


# The core forum's API: its modules' @endpoint handlers (their models are its OpenAPI schemas).
CORE_API_MODULES = (
    "forum.api.accounts",
    "forum.api.threads",
    "forum.following.api",
    "forum.reactions.api",
    "forum.blocks.api",
    "forum.drafts.api",
    "forum.api.openapi",
)


def _core() -> Contributions:
    from forum.blocks import queries as blocks
    from forum.blocks import web as web_blocks
    from forum.drafts import actions as drafts
    from forum.drafts import web as web_drafts
    from forum.following import queries as follows
    from forum.ratelimit import DEFAULT_POLICIES
    from forum.reactions import queries as reactions
    from forum.threads import review as threads_review
    from forum.web import accounts as web_accounts
    from forum.web import search as web_search
    from forum.web import threads as web_threads

    features = (follows, reactions, blocks, drafts)
    return Contributions(
        routes=(
            *web_accounts.routes,
            *web_threads.routes,
            *web_search.routes,
            *web_blocks.routes,
            *web_drafts.routes,
        ),
        api_modules=CORE_API_MODULES,
        policies=tuple(DEFAULT_POLICIES.values()),
        review_kinds=threads_review.review_kinds(),
        # Each core feature's part of a member's export and of their account's deletion, so
        # page and API export alike and nothing of theirs outlives the account.
        exporters=tuple(f.export_member for f in features),
        erasers=tuple(f.erase_member for f in features),
    )


def _core_commands() -> tuple[Command, ...]:
    from forum.cli import CORE_COMMANDS
    from forum.seed import SEED_COMMAND

    return (*CORE_COMMANDS, SEED_COMMAND)


# The forum itself: always the registry's first plugin (its models are forum.db.FORUM_MODELS).
CORE = Plugin(name="forum", contribute=_core, commands=_core_commands)


def with_core(plugins: Iterable[Plugin]) -> tuple[Plugin, ...]:
    """The core forum first, then `plugins` (the core given again is not added twice)."""
    return (CORE, *(p for p in plugins if p is not CORE))


def commands_of(plugins: Iterable[Plugin]) -> Mapping[str, Command]:
    """The CLI commands of an app made of `plugins`, by name (cheap: imports no page or model)."""
    return _unique("command", ((cmd.name, cmd) for p in with_core(plugins) for cmd in p.commands()))


def _unique(what: str, items: Iterable[tuple[str, Any]]) -> Mapping[str, Any]:
    out: dict[str, Any] = {}
    for name, item in items:
        if name in out:
            raise RegistryError(f"{what} {name!r} is declared twice")
        out[name] = item
    return MappingProxyType(out)


def _one(what: str, values: Iterable[Any]) -> Any:
    given = [v for v in values if v is not None]
    if len(given) > 1:
        raise RegistryError(f"more than one plugin provides the {what}")
    return given[0] if given else None


def _subject_types(parts: list[Contributions]) -> Mapping[str, SubjectType]:
    """Every subject type declared, by name: plugins' own and their kinds' (forum.review).

    One name is one subject type: the same name declared with different words is refused."""
    out: dict[str, SubjectType] = {}
    declared = [t for c in parts for t in c.subject_types]
    declared += [k.subject for c in parts for k in c.review_kinds]
    for t in declared:
        if not out.setdefault(t.name, t).same_as(t):
            raise RegistryError(f"subject type {t.name!r} is declared twice, differently")
    return MappingProxyType(out)


def build_registry(plugins: Iterable[Plugin]) -> Registry:
    """The registry of an app made of the core forum and `plugins` (in this order)."""
    everyone = with_core(plugins)
    _unique("plugin", ((p.name, p) for p in everyone))
    parts = [p.contribute() for p in everyone]
    modules = [importlib.import_module(m) for c in parts for m in c.api_modules]
    from forum.api.base import endpoints_of

    endpoints = tuple(ep for module in modules for ep in endpoints_of(module))
    _unique("API operation", ((f"{ep.method} {ep.path}", ep) for ep in endpoints))
    return Registry(
        plugins=everyone,
        models=tuple(m for p in everyone for m in p.models),
        routes=tuple(r for c in parts for r in c.routes),
        endpoints=endpoints,
        policies=_unique("rate-limit policy", ((p.name, p) for c in parts for p in c.policies)),
        review_kinds=_unique("review kind", ((k.name, k) for c in parts for k in c.review_kinds)),
        subject_types=_subject_types(parts),
        screeners=tuple(s for c in parts for s in c.screeners),
        review_queue=_one("review queue", (c.review_queue for c in parts)),
        crisis_lines=_one("crisis-line provider", (c.crisis_lines for c in parts)),
        exporters=tuple(e for c in parts for e in c.exporters),
        erasers=tuple(e for c in parts for e in c.erasers),
        subject_erasers=tuple(e for c in parts for e in c.subject_erasers),
        nav_links=tuple(n for c in parts for n in c.nav_links),
        space_context=tuple(x for c in parts for x in c.space_context),
        commands=commands_of(everyone),
        figures=tuple(f for c in parts for f in c.figures),
        raw_indexes=tuple(i for c in parts for i in c.raw_indexes),
    )
