"""The `crossroads` command: serve, migrate, create-user, seed-demo."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable

from forum.settings import Settings, SettingsError

COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {}


def command(name: str) -> Callable[[Callable[[argparse.Namespace, Settings], int]], Callable[[argparse.Namespace, Settings], int]]:
    def register(fn: Callable[[argparse.Namespace, Settings], int]) -> Callable[[argparse.Namespace, Settings], int]:
        COMMANDS[name] = fn
        return fn

    return register


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crossroads", description="Crossroads peer-support forum")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    mig = sub.add_parser("migrate", help="bring the database schema up to date; create default spaces")
    mig.add_argument("--check", action="store_true",
                     help="only report model changes that have no migration yet (exit 1 if any)")
    user = sub.add_parser("create-user", help="create a user (password from CROSSROADS_PASSWORD or stdin)")
    user.add_argument("username")
    user.add_argument("--path", default="undecided", choices=["staying", "leaving", "undecided"])
    user.add_argument("--role", default="member", choices=["member", "moderator", "therapist", "admin"])
    user.add_argument("--credential", default=None, help='therapist credential shown on the badge, e.g. "LMFT"')
    status = sub.add_parser("status", help="print the figures /metrics exposes (queue, limits, streams, latency)")
    status.add_argument("--port", type=int, default=8000,
                        help="port of the local `crossroads serve` whose live figures to read (default 8000)")
    status.add_argument("--url", default=None,
                        help="read this server's /metrics instead (e.g. http://10.0.0.5:8000/metrics); "
                             "sends CROSSROADS_METRICS_TOKEN")
    rer = sub.add_parser("rerender", help="re-render stored posts whose render version is old (resumable)")
    rer.add_argument("--batch", type=int, default=200, help="posts per batch (default 200)")
    rer.add_argument("--all", action="store_true", dest="everything",
                     help="every post whatever its version, and every AMA description, question and answer")
    seed = sub.add_parser("seed-demo", help="fill an empty database with demo content")
    seed.add_argument("--threads", type=int, default=36, help="threads per space")
    check = sub.add_parser("check", help="compare counters and other derived data with the rows (exit 1 on drift)")
    check.add_argument("--repair", action="store_true", help="set every drifted value to what the rows say")
    for extra in EXTRA_PARSERS:
        extra(sub)
    return parser


# Other packages add subcommands: (subparsers) -> None, and register with @command.
EXTRA_PARSERS: list[Callable[[argparse._SubParsersAction], None]] = []  # type: ignore[type-arg]


def main(argv: list[str] | None = None) -> int:
    _load_extra_commands()
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        if args.command == "serve":
            from forum.ratelimit import build_policies

            build_policies(settings.rate_limits)
    except SettingsError as exc:
        print(f"crossroads: {exc}", file=sys.stderr)
        return 2
    return COMMANDS[args.command](args, settings)


def _load_extra_commands() -> None:
    import importlib

    for module in ("forum.seed", "forum.resources.cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def run_db(settings: Settings, work: Callable[[], Awaitable[int]], *, migrate: bool = True) -> int:
    """Run `work` with the database up (migrated first, unless told not to)."""
    from tortoise import Tortoise

    from forum import db, runtime
    from forum.app import default_plugins, prepare_database

    async def go() -> int:
        models = [m for p in default_plugins() for m in p.models]
        db.EXTRA_MODELS[:] = models
        if migrate:
            await prepare_database(settings, models, schema="migrate")
        else:
            await Tortoise.init(config=db.tortoise_config(settings.database_url, models), _enable_global_fallback=True)
        # Actions publish as they do in the server (a reply notifies, a block tells open streams):
        # the command gets the same kind of event bus, so with Redis configured the running
        # servers' live pages hear of it, and without it the events simply go nowhere.
        from forum.events import build_bus

        bus = build_bus(settings.redis_url, settings.redis_prefix)
        runtime.install(runtime.Runtime(settings=settings, bus=bus))
        try:
            return await work()
        finally:
            runtime.install(None)
            await bus.aclose()
            await Tortoise.close_connections()

    return asyncio.run(go())


@command("serve")
def serve(args: argparse.Namespace, settings: Settings) -> int:
    if args.workers > 1 and not settings.redis_url:
        print(
            "crossroads: --workers > 1 needs CROSSROADS_REDIS_URL, so rate limits and live "
            "events are shared by every process.",
            file=sys.stderr,
        )
        return 2
    from forum.metrics import MULTIPROC_ENV, prepare_multiprocess_dir
    from forum.server import metrics_dir, uvicorn_options

    # Every worker (and `crossroads status`) finds the metrics here; set before prometheus_client
    # is imported anywhere, emptied so that a restart does not add up the last run's counts.
    os.environ[MULTIPROC_ENV] = metrics_dir(args.port)
    prepare_multiprocess_dir(os.environ[MULTIPROC_ENV])
    import uvicorn

    if args.workers > 1:
        # Migrate once here, not in every worker at the same moment.
        run_db(settings, _nothing)
        os.environ["CROSSROADS_SCHEMA"] = "none"
    print(f"Crossroads on http://{args.host}:{args.port}  (database: {_redact(settings.database_url)})")
    uvicorn.run(
        "forum.asgi:app" if args.workers > 1 else "forum.asgi:create",
        host=args.host,
        port=args.port,
        workers=args.workers,
        factory=args.workers == 1,
        log_level="info",
        **uvicorn_options(settings),
    )
    return 0


@command("check")
def check(args: argparse.Namespace, settings: Settings) -> int:
    """Report counters that differ from their rows; with --repair, fix them. Exit 0 when nothing
    was wrong (or everything was repaired), 1 when drift was found and left."""
    from forum.check import find_drift, repair

    async def work() -> int:
        drift = await find_drift()
        for item in drift:
            print(item.describe())
        if not drift:
            print("All counters match their rows.")
            return 0
        if not args.repair:
            print(f"{len(drift)} value(s) differ from their rows; run `crossroads check --repair` to set them right.")
            return 1
        fixed = await repair(drift)
        left = await find_drift()
        print(f"Repaired {fixed} value(s); {len(left)} still differ.")
        return 1 if left else 0

    return run_db(settings, work, migrate=False)


async def _nothing() -> int:
    return 0


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


@command("migrate")
def migrate(args: argparse.Namespace, settings: Settings) -> int:
    if args.check:
        import asyncio

        from forum.app import default_plugins
        from forum.db import pending_model_changes

        models = [m for p in default_plugins() for m in p.models]
        missing = asyncio.run(pending_model_changes(settings.database_url, models))
        for line in missing:
            print(f"crossroads: model change without a migration: {line}", file=sys.stderr)
        if missing:
            print("Run: tortoise -c forum.dbconfig.TORTOISE_ORM makemigrations", file=sys.stderr)
            return 1
        print("Migrations match the models.")
        return 0
    code = run_db(settings, _nothing)
    print("Database is up to date; default spaces exist.")
    return code


@command("status")
def status(args: argparse.Namespace, settings: Settings) -> int:
    """The /metrics figures in the terminal: from a server's /metrics (--url), or read here.

    Read here: the queue from the database, and the live figures (requests, streams, limits,
    circuit, pool) from the metrics directory of the `crossroads serve` on --port, if it runs.
    """
    from forum.metrics import format_status, parse_exposition

    if args.url:
        import httpx

        headers = {"Authorization": f"Bearer {settings.metrics_token}"} if settings.metrics_token else {}
        try:
            response = httpx.get(args.url, headers=headers, timeout=10)
        except httpx.HTTPError as exc:
            print(f"crossroads: could not read {args.url}: {exc}", file=sys.stderr)
            return 1
        if response.status_code != 200:
            print(f"crossroads: {args.url} answered {response.status_code} (is CROSSROADS_METRICS_TOKEN set?)",
                  file=sys.stderr)
            return 1
        print(format_status(parse_exposition(response.text)))
        return 0

    from forum.server import metrics_dir

    where = metrics_dir(args.port)

    async def work() -> int:
        from prometheus_client import CollectorRegistry, generate_latest
        from prometheus_client.multiprocess import MultiProcessCollector

        from forum.app import default_plugins
        from forum.metrics import Metrics, _WithFigures

        figures = await Metrics([p.extra["figures"] for p in default_plugins() if "figures" in p.extra]).figures()
        registry = CollectorRegistry()
        live = os.path.isdir(where) and any(name.endswith(".db") for name in os.listdir(where))
        if live:
            MultiProcessCollector(registry, path=where)
        print(format_status(parse_exposition(generate_latest(_WithFigures(registry, figures)).decode())))  # type: ignore[arg-type]
        if not live:
            print(f"(no live figures: no server on port {args.port} has written to {where})")
        return 0

    return run_db(settings, work, migrate=False)


@command("rerender")
def rerender_command(args: argparse.Namespace, settings: Settings) -> int:
    """Re-render stored texts in batches, showing progress (forum.rerender)."""
    from forum.rerender import Progress, rerender

    if args.batch < 1:
        print("crossroads: --batch must be at least 1", file=sys.stderr)
        return 2

    def report(p: Progress) -> None:
        share = f"{p.done * 100 // p.total}%" if p.total else "100%"
        print(f"\r{p.kind}: {p.done}/{p.total} ({share}), {p.changed} changed", end="", flush=True)

    async def work() -> int:
        results = await rerender(batch=args.batch, everything=args.everything, report=report)
        print()
        for p in results:
            print(f"{p.kind}: {p.done} checked, {p.changed} changed, {p.skipped} edited meanwhile "
                  f"(left as written), {p.too_complex} over the rendering budget (old HTML kept)")
        return 0

    try:
        return run_db(settings, work, migrate=False)
    except KeyboardInterrupt:
        print("\nStopped; run `crossroads rerender` again to carry on where it stopped.", file=sys.stderr)
        return 130


def _read_password() -> str:
    password = os.environ.get("CROSSROADS_PASSWORD")
    if password:
        return password
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\n")


@command("create-user")
def create_user(args: argparse.Namespace, settings: Settings) -> int:
    from forum.accounts import actions
    from forum.errors import CrossroadsError

    password = _read_password()
    roles = [] if args.role == "member" else [args.role]
    if args.credential and args.role != "therapist":
        print("crossroads: --credential is for --role therapist", file=sys.stderr)
        return 2

    async def work() -> int:
        try:
            user = await actions.register(args.username, password, args.path, roles=roles, credential=args.credential)
        except CrossroadsError as exc:
            detail = "; ".join(f"{k}: {v}" for k, v in exc.fields.items()) or exc.message
            print(f"crossroads: {detail}", file=sys.stderr)
            return 1
        print(f"Created {user.username} (path {user.path.value}, roles {', '.join(user.roles) or 'member'}).")
        return 0

    return run_db(settings, work)


if __name__ == "__main__":
    # Run the importable module's main, so commands other modules register land in one table.
    from forum.cli import main as _main

    sys.exit(_main())
