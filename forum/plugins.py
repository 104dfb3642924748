"""What a feature contributes to an app, declared once: no module-level list is appended to.

A feature package (the forum's own core, resources, AMAs, moderation) exports a `Plugin`.
`create_app(settings, plugins=...)` hands the plugins to `forum.registry.build_registry`,
which asks each for its `Contributions` and assembles one `Registry` held by that app
(`app.state.registry`, `runtime.get().registry`). Two apps built in one process with
different plugins see only their own routes, policies, review kinds and hooks.

`contribute` is called lazily (by `build_registry`), so a plugin module stays cheap to import
and free of import cycles; `models` is plain data because the Tortoise config needs it before
anything else is imported.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from forum.settings import Settings

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from forum.accounts.models import User
    from forum.ratelimit import Policy
    from forum.review import Kind, Queue, SubjectType
    from forum.screening import Screener


# (member, connection?) hooks of a member's export and erasure; see forum.accounts.privacy.
Exporter = Callable[..., Awaitable[Any]]
Eraser = Callable[..., Awaitable[Any]]
# (viewer) -> (label, url) or None: a link in every page's navigation.
NavLink = Callable[["User | None"], "tuple[str, str] | None"]
# (space, viewer) -> extra template context for the space page.
SpaceContext = Callable[[Any, Any], Awaitable[dict[str, Any]]]
# (country or None) -> the directory's crisis lines (forum.crisis).
CrisisLines = Callable[[str | None], Awaitable[list[dict[str, Any]]]]


@dataclass(frozen=True)
class Command:
    """A `crossroads` subcommand.

    `configure(parser)` adds its arguments; `run(args, settings, registry)` returns the exit
    code (0 ok, 1 failed, 2 bad usage). `registry` is the one the whole command line was built
    with (`forum.cli.main`), so `run_db` starts the same plugins the server would."""

    name: str
    help: str
    run: Callable[[argparse.Namespace, Settings, Any], int]
    configure: Callable[[argparse.ArgumentParser], None] = lambda parser: None


@dataclass(frozen=True)
class Contributions:
    """Everything one plugin adds. Each field is data or a hook function; nothing is installed.

    - `routes`: HTML routes; `api_modules`: modules whose `@endpoint` handlers (forum.api.base)
      are the plugin's JSON API (the OpenAPI document is generated from their models).
    - `policies`: rate-limit policies (overridable by `CROSSROADS_RATE_LIMITS` like the core's).
    - `review_kinds` and `subject_types` (forum.review: a kind's subject type needs no separate
      declaration; these are subject types no kind is about, e.g. a sanctioned member), `screeners` and `review_queue` (forum.screening, forum.review:
      at most one plugin provides the queue), `crisis_lines` (forum.crisis: at most one provider).
    - `exporters`/`erasers` (a member's export and account deletion, forum.accounts.privacy),
      `subject_erasers` (subject_type, subject_id): the author erased a post (forum.threads.
      actions.erase_post) or withdrew a question, so other layers drop their copies of its text.
    - `nav_links` (every page's navigation), `space_context` (the space page),
      `figures` (extra /metrics figures: async () -> list[forum.metrics.Figure]).
    - `raw_indexes`: CREATE INDEX statements the models cannot express; a RunSQL migration makes
      each, and a generated schema (tests) gets them from here.
    """

    routes: tuple[BaseRoute, ...] = ()
    api_modules: tuple[str, ...] = ()
    policies: tuple[Policy, ...] = ()
    review_kinds: tuple[Kind, ...] = ()
    subject_types: tuple[SubjectType, ...] = ()
    screeners: tuple[Screener, ...] = ()
    review_queue: Queue | None = None
    crisis_lines: CrisisLines | None = None
    exporters: tuple[Exporter, ...] = ()
    erasers: tuple[Eraser, ...] = ()
    subject_erasers: tuple[Eraser, ...] = ()
    nav_links: tuple[NavLink, ...] = ()
    space_context: tuple[SpaceContext, ...] = ()
    figures: tuple[Callable[[], Awaitable[list[Any]]], ...] = ()
    raw_indexes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plugin:
    """A feature as the app factory sees it.

    `contribute()` -> `Contributions` (called once per app by `build_registry`); `commands()` ->
    its CLI commands.
    `startup(settings)` runs once the database is up, for the server, every CLI command and the
    benches alike (`forum.startup.started`): e.g. default rows a feature needs.
    `serve(runtime)` runs only in a server's start-up: long-lived background work (append the
    task to `runtime.tasks`; it is cancelled at shutdown) and signal handling.
    """

    name: str
    models: tuple[str, ...] | list[str] = ()
    contribute: Callable[[], Contributions] = Contributions
    # Its `crossroads` subcommands, apart so that the command line is parsed (and `--help`
    # answered) without importing the whole app; the registry holds them with the rest.
    commands: Callable[[], tuple[Command, ...]] = tuple
    startup: Callable[[Settings], Awaitable[None]] | None = None
    serve: Callable[[Any], Awaitable[None]] | None = None
    shutdown: Callable[[], Awaitable[None]] | None = None
