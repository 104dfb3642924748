"""create_app(settings, plugins) -> Starlette: the app's registry, routes, middleware, lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from tortoise import Tortoise

from forum import db, runtime
from forum.middleware import (
    BodyLimitMiddleware,
    DatabaseFaultMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
)
from forum.plugins import Plugin
from forum.registry import build_registry
from forum.requestlog import RequestLogMiddleware
from forum.settings import Settings
from forum.startup import started

log = logging.getLogger("crossroads")


def default_plugins() -> list[Plugin]:
    """The composition root is the one place that knows every package (the core forum is
    always there: forum.registry.CORE)."""
    from forum.amas.plugin import plugin as amas_plugin
    from forum.resources.plugin import plugin as resources_plugin
    from moderation.plugin import plugin as moderation_plugin

    return [resources_plugin, amas_plugin, moderation_plugin]


async def prepare_database(
    settings: Settings, models: Sequence[str], *, schema: str, raw_indexes: Sequence[str] = ()
) -> None:
    """Bring the schema up (migrations, or a fresh generate for tests) and default spaces.

    `models`: the plugins' model modules; `raw_indexes`: the plugins' extra CREATE INDEX
    statements, run after a generated schema (migrations make them themselves)."""
    from forum.spaces.actions import ensure_default_spaces

    config = db.tortoise_config(settings.database_url, models)
    if schema == "migrate":
        from tortoise.migrations.api import migrate

        await migrate(config=config)
        await Tortoise.close_connections()
    await Tortoise.init(config=config, _enable_global_fallback=True)
    if schema == "generate":
        from forum.search import schema as search_schema

        await Tortoise.generate_schemas(safe=True)
        await search_schema.install(Tortoise.get_connection("default"))
        for statement in raw_indexes:  # what the RunSQL migrations add beyond the models
            await Tortoise.get_connection("default").execute_script(statement)
    await ensure_default_spaces()
    await _fill_name_keys()


# Characters a current name key never holds but a key from before separators were ignored may.
_OLD_KEY_MARKS = ("-", "_", ".")


async def _fill_name_keys() -> None:
    """Bring every stored lookalike key (forum.accounts.names.name_key) up to date. Idempotent.

    Accounts from before lookalike checks get their key; keys stored before separators were
    ignored (they still hold '-', '_' or '.') are recomputed, and so are reserved names' keys
    (``strip_separators`` turns an old key into the new one). Two existing accounts may now share
    a key (``lantern-keeper`` and ``lantern_keeper``): both keep their names and keep working --
    the key is not unique in the database, it only stops *new* look-alikes at registration.
    """
    from tortoise.expressions import Q

    from forum.accounts.models import ReservedName, User
    from forum.accounts.names import name_key, strip_separators

    stale = Q(name_key=None) | Q(*(Q(name_key__contains=m) for m in _OLD_KEY_MARKS), join_type="OR")
    for user in await User.filter(stale, deleted_at=None).only("id", "username", "name_key"):
        key = name_key(user.username)
        if key != user.name_key:
            await User.filter(id=user.id).update(name_key=key)
    reserved = Q(*(Q(name_key__contains=m) for m in _OLD_KEY_MARKS), join_type="OR")
    for row in await ReservedName.filter(reserved).only("id", "name_key"):
        key = strip_separators(row.name_key)
        if key != row.name_key:
            await ReservedName.filter(id=row.id).update(name_key=key)


def create_app(
    settings: Settings | None = None,
    *,
    plugins: list[Plugin] | None = None,
    schema: str = "migrate",
) -> Starlette:
    """The app made of the core forum and `plugins` (`default_plugins()` when not given).

    Builds the app's own registry (`app.state.registry`, forum.registry) from what the plugins
    declare: its routes, API, policies, review kinds and hooks are those and no others.
    `schema`: "migrate" (run migrations at start), "generate" (tests), "none" (already migrated).
    Raises SettingsError for a malformed rate-limit override, RegistryError for plugins that
    contradict each other."""
    settings = settings or Settings.from_env()
    plugins = default_plugins() if plugins is None else plugins
    # Tortoise logs every SQL statement with its values (post bodies, hashes) at DEBUG: never let
    # a debug log level anywhere turn that on.
    for name in ("tortoise.db_client", "aiosqlite"):
        logging.getLogger(name).setLevel(logging.WARNING)
    registry = build_registry(plugins)

    from forum.ratelimit import build_policies

    build_policies(
        settings.rate_limits, registry.policies
    )  # a malformed override stops start-up here
    from forum.metrics import Metrics, metrics_view

    metrics = Metrics(list(registry.figures))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        async with started(settings, registry, schema=schema, serve=True, metrics=metrics) as rt:
            app.state.runtime = rt  # requests enter it (forum.middleware.RequestContextMiddleware)
            try:
                yield {}
            finally:
                app.state.runtime = None

    from forum.api.base import api_routes, not_found
    from forum.web.base import STATIC_DIR

    routes: list[BaseRoute] = [
        Route("/healthz", healthz, name="health.live"),
        Route("/readyz", readyz, name="health.ready"),
        Route("/metrics", metrics_view, name="metrics"),
        *api_routes(registry.endpoints),
        *registry.routes,
        Mount("/static", app=StaticFiles(directory=str(STATIC_DIR)), name="static"),
        Route("/robots.txt", robots, name="robots"),
    ]

    async def page_not_found(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return await not_found(request, exc)
        from forum.errors import NotFoundError
        from forum.web.base import error_page

        return await error_page(request, NotFoundError("We couldn't find that page."))

    async def method_not_allowed(request: Request, exc: Exception) -> Response:
        """405 with ``Allow`` (Starlette's routing found the path but not the method)."""
        allow = (getattr(exc, "headers", None) or {}).get("Allow", "")
        message = f"This address does not accept {request.method} requests."
        if request.url.path.startswith("/api/"):
            response: Response = JSONResponse(
                {"error": {"code": "method_not_allowed", "message": message}}, status_code=405
            )
        else:
            response = _error_html(settings, "Not allowed", message, 405)
        if allow:
            response.headers["Allow"] = allow
        return response

    async def server_error(request: Request, exc: Exception) -> Response:
        from forum.requestlog import route_name

        # The route's name, not the path: paths carry usernames and ids (see forum.requestlog).
        log.exception("unhandled error on %s %s", request.method, route_name(request.scope))
        message = "Something went wrong on our side."
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"error": {"code": "internal", "message": message}}, status_code=500
            )
        return _error_html(settings, "Something went wrong", message, 500)

    async def client_error(request: Request, exc: Exception) -> Response:
        """A domain error raised outside a view (the parsing layer in forum.validation)."""
        from forum.errors import CrossroadsError

        assert isinstance(exc, CrossroadsError)
        if request.url.path.startswith("/api/"):
            from forum.api.base import error_response

            return error_response(exc)
        from forum.web.base import error_page

        return await error_page(request, exc)

    from forum.errors import CrossroadsError
    from forum.validation import guard_routes

    app = CrossroadsApp(
        routes=guard_routes(routes),
        middleware=[
            Middleware(BodyLimitMiddleware),
            Middleware(RequestContextMiddleware, settings=settings),
            Middleware(DatabaseFaultMiddleware),
        ],
        exception_handlers={
            404: page_not_found,
            405: method_not_allowed,
            500: server_error,
            CrossroadsError: client_error,
        },
        lifespan=lifespan,
    )
    app.security_headers = settings
    app.request_log = (settings, metrics.request_done)
    app.state.settings = settings
    app.state.registry = registry
    app.state.runtime = None
    # Jinja2 stats every template file on every lookup while auto_reload is on (a thread page
    # looks up ~30: _post.html once per post). Only development edits templates under a running
    # server. Measured: 4-11 us per lookup off against 18-40 us on (2 busy cores).
    from forum.web.base import env as template_env

    template_env.auto_reload = settings.env == "development"
    return app


class CrossroadsApp(Starlette):
    """Starlette with the security headers outermost: outside ``ServerErrorMiddleware`` too, so
    the 500 page carries the CSP, ``noindex`` and the rest like every other response."""

    security_headers: Settings | None = None
    # (settings, on_done): the request log and request metrics, outermost of all, so a 500 is
    # logged and timed like any response and carries its X-Request-ID (forum.requestlog).
    request_log: tuple[Settings, Any] | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Every request runs with this app's runtime (and so its registry): two apps in one
        process never serve each other's routes, policies or hooks (forum.runtime)."""
        rt = getattr(self.state, "runtime", None) if scope["type"] != "lifespan" else None
        if rt is None:
            await super().__call__(scope, receive, send)
            return
        with runtime.use(rt):
            await super().__call__(scope, receive, send)

    def build_middleware_stack(self) -> Any:
        stack = super().build_middleware_stack()
        if self.security_headers is not None:
            stack = SecurityHeadersMiddleware(stack, settings=self.security_headers)
        if self.request_log is not None:
            settings, on_done = self.request_log
            stack = RequestLogMiddleware(stack, settings=settings, on_done=on_done)
        return stack


def _error_html(settings: Settings, title: str, message: str, status: int) -> Response:
    """A page without the database (the 500 page): the site's layout, the Quick exit, noindex."""
    from forum.web.base import env

    try:
        body = env.get_template("error.html").render(
            viewer=None,
            csrf_token="",
            quick_exit_url=settings.quick_exit_url,
            nav_links=[],
            unread=0,
            errors={},
            values={},
            title=title,
            message=message,
        )
    except Exception:  # noqa: BLE001 - the fallback must not fail
        import html

        exit_url = html.escape(settings.quick_exit_url)
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="robots" content="noindex, nofollow, noarchive">'
            f"<title>{html.escape(title)}</title></head><body>"
            # Quick exit inside a landmark (axe "region"), as on every other page.
            f'<header><a class="quick-exit" id="quick-exit" href="{exit_url}" rel="noreferrer">Quick exit</a></header>'
            f"<main><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></main></body></html>"
        )
    return Response(body, status_code=status, media_type="text/html; charset=utf-8")


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Each dependency's state; degraded (200) when Redis is down and we fell back."""
    checks: dict[str, str] = {}
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means not ready
        checks["database"] = "down"
    rt = runtime.get()
    checks["rate_limiter"] = await rt.limiter.status() if rt.limiter is not None else "ok"
    checks["events"] = await rt.bus.status()
    if checks["database"] != "ok":
        status, code = "down", 503
    elif any(v != "ok" for v in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JSONResponse({"status": status, "checks": checks}, status_code=code)


async def robots(request: Request) -> Response:
    return Response("User-agent: *\nDisallow: /\n", media_type="text/plain")
