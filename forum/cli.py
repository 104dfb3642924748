"""The `crossroads` command: serve, migrate, create-user, status, rerender, check, and the
commands plugins declare (seed-demo, check-links).

`main` builds one registry (forum.registry) from the plugins, makes the parser from the
commands it holds, and runs the chosen one with it; `run_db` starts that same registry with
the one start-up routine the server uses (forum.startup.started).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from forum.plugins import Command, Plugin
from forum.settings import Settings, SettingsError


def _parser(commands: Any) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crossroads", description="Crossroads peer-support forum")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in commands.values():
        command.configure(sub.add_parser(command.name, help=command.help))
    return parser


def main(argv: list[str] | None = None, *, plugins: list[Plugin] | None = None) -> int:
    """Run one command line; returns the exit code. `plugins`: the app's (default_plugins())."""
    from forum.app import default_plugins
    from forum.registry import build_registry, commands_of

    plugins = default_plugins() if plugins is None else plugins
    args = _parser(commands_of(plugins)).parse_args(
        argv
    )  # `--help` needs no more than the commands
    registry = build_registry(plugins)
    try:
        settings = Settings.from_env()
        if args.command == "serve":
            from forum.ratelimit import build_policies

            build_policies(settings.rate_limits, registry.policies)
    except SettingsError as exc:
        print(f"crossroads: {exc}", file=sys.stderr)
        return 2
    return registry.commands[args.command].run(args, settings, registry)


def run_db(
    settings: Settings,
    work: Callable[[], Awaitable[int]],
    *,
    migrate: bool = True,
    registry: Any = None,
) -> int:
    """Run `work` with the database up (migrated first, unless told not to) and the app's plugins
    started, through the server's own start-up routine (forum.startup.started) but without rate
    limits: an operator's command is not a member's request.

    `registry`: the command line's (forum.registry.Registry); built from default_plugins() when
    not given (benches). Actions publish as they do in the server: the command gets the same kind
    of event bus, so with Redis configured the running servers' live pages hear of it."""
    from forum.startup import started

    if registry is None:
        from forum.app import default_plugins
        from forum.registry import build_registry

        registry = build_registry(default_plugins())

    async def go() -> int:
        async with started(
            settings, registry, schema="migrate" if migrate else "none", limits=False
        ):
            return await work()

    return asyncio.run(go())


def serve(args: argparse.Namespace, settings: Settings, registry: Any) -> int:
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
        run_db(settings, _nothing, registry=registry)
        os.environ["CROSSROADS_SCHEMA"] = "none"
    print(
        f"Crossroads on http://{args.host}:{args.port}  (database: {_redact(settings.database_url)})"
    )
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


def check(args: argparse.Namespace, settings: Settings, registry: Any) -> int:
    """Report counters and search rows that differ from the rows they come from; with --repair,
    fix them. Exit 0 when nothing was wrong (or everything was repaired), 1 when drift was found
    and left. The search index is compared (and repaired) a range of posts at a time."""
    from forum.check import find_drift, repair, repair_search, search_drift

    async def search(fix: bool) -> tuple[int, int]:
        found = fixed = 0
        async for batch in search_drift():
            for item in batch:
                print(item.describe())
            found += len(batch)
            if fix:
                fixed += await repair_search(batch)
        return found, fixed

    async def work() -> int:
        drift = await find_drift()
        for item in drift:
            print(item.describe())
        found, fixed = await search(args.repair)
        total = len(drift) + found
        if not total:
            print("All counters and search entries match their rows.")
            return 0
        if not args.repair:
            print(
                f"{total} value(s) differ from their rows; run `crossroads check --repair` to set them right."
            )
            return 1
        fixed += await repair(drift)
        left = len(await find_drift())
        async for batch in search_drift():
            left += len(batch)
        print(f"Repaired {fixed} value(s); {left} still differ.")
        return 1 if left else 0

    return run_db(settings, work, migrate=False, registry=registry)


async def _nothing() -> int:
    return 0


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def migrate(args: argparse.Namespace, settings: Settings, registry: Any) -> int:
    if args.check:
        from forum.db import pending_model_changes

        missing = asyncio.run(pending_model_changes(settings.database_url, list(registry.models)))
        for line in missing:
            print(f"crossroads: model change without a migration: {line}", file=sys.stderr)
        if missing:
            print("Run: tortoise -c forum.dbconfig.TORTOISE_ORM makemigrations", file=sys.stderr)
            return 1
        print("Migrations match the models.")
        return 0
    code = run_db(settings, _nothing, registry=registry)
    print("Database is up to date; default spaces exist.")
    return code


def status(args: argparse.Namespace, settings: Settings, registry: Any) -> int:
    """The /metrics figures in the terminal: from a server's /metrics (--url), or read here.

    Read here: the queue from the database, and the live figures (requests, streams, limits,
    circuit, pool) from the metrics directory of the `crossroads serve` on --port, if it runs.
    """
    from forum.metrics import format_status, parse_exposition

    if args.url:
        import httpx

        headers = (
            {"Authorization": f"Bearer {settings.metrics_token}"} if settings.metrics_token else {}
        )
        try:
            response = httpx.get(args.url, headers=headers, timeout=10)
        except httpx.HTTPError as exc:
            print(f"crossroads: could not read {args.url}: {exc}", file=sys.stderr)
            return 1
        if response.status_code != 200:
            print(
                f"crossroads: {args.url} answered {response.status_code} (is CROSSROADS_METRICS_TOKEN set?)",
                file=sys.stderr,
            )
            return 1
        print(format_status(parse_exposition(response.text)))
        return 0

    from forum.server import metrics_dir

    where = metrics_dir(args.port)

    async def work() -> int:
        from prometheus_client import CollectorRegistry, generate_latest
        from prometheus_client.multiprocess import MultiProcessCollector

        from forum.metrics import Metrics, _WithFigures

        figures = await Metrics(list(registry.figures)).figures()
        collected = CollectorRegistry()
        live = os.path.isdir(where) and any(name.endswith(".db") for name in os.listdir(where))
        if live:
            MultiProcessCollector(collected, path=where)
        print(
            format_status(
                parse_exposition(generate_latest(_WithFigures(collected, figures)).decode())
            )
        )
        if not live:
            print(f"(no live figures: no server on port {args.port} has written to {where})")
        return 0

    return run_db(settings, work, migrate=False, registry=registry)


def rerender_command(args: argparse.Namespace, settings: Settings, registry: Any) -> int:
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
            print(
                f"{p.kind}: {p.done} checked, {p.changed} changed, {p.skipped} edited meanwhile "
                f"(left as written), {p.too_complex} over the rendering budget (old HTML kept)"
            )
        return 0

    try:
        return run_db(settings, work, migrate=False, registry=registry)
    except KeyboardInterrupt:
        print(
            "\nStopped; run `crossroads rerender` again to carry on where it stopped.",
            file=sys.stderr,
        )
        return 130


def _read_password() -> str:
    password = os.environ.get("CROSSROADS_PASSWORD")
    if password:
        return password
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\n")


def create_user(args: argparse.Namespace, settings: Settings, registry: Any) -> int:
    from forum.accounts import actions
    from forum.accounts.schemas import Registration
    from forum.contracts import parse
    from forum.errors import CrossroadsError

    password = _read_password()
    roles = [] if args.role == "member" else [args.role]
    if args.credential and args.role != "therapist":
        print("crossroads: --credential is for --role therapist", file=sys.stderr)
        return 2

    async def work() -> int:
        try:
            data = parse(
                Registration,
                {"username": args.username, "password": password, "path": args.path},
            )
            user = await actions.register(data, roles=roles, credential=args.credential)
        except CrossroadsError as exc:
            detail = "; ".join(f"{k}: {v}" for k, v in exc.fields.items()) or exc.message
            print(f"crossroads: {detail}", file=sys.stderr)
            return 1
        print(
            f"Created {user.username} (path {user.path.value}, roles {', '.join(user.roles) or 'member'})."
        )
        return 0

    return run_db(settings, work, registry=registry)


def _serve_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)


def _migrate_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help="only report model changes that have no migration yet (exit 1 if any)",
    )


def _create_user_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username")
    parser.add_argument("--path", default="undecided", choices=["staying", "leaving", "undecided"])
    parser.add_argument(
        "--role", default="member", choices=["member", "moderator", "therapist", "admin"]
    )
    parser.add_argument(
        "--credential", default=None, help='therapist credential shown on the badge, e.g. "LMFT"'
    )


def _status_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port of the local `crossroads serve` whose live figures to read (default 8000)",
    )
    parser.add_argument(
        "--url",
        default=None,
        help="read this server's /metrics instead (e.g. http://10.0.0.5:8000/metrics); "
        "sends CROSSROADS_METRICS_TOKEN",
    )


def _rerender_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--batch", type=int, default=200, help="posts per batch (default 200)")
    parser.add_argument(
        "--all",
        action="store_true",
        dest="everything",
        help="every post whatever its version, and every AMA description, question and answer",
    )


def _check_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repair",
        action="store_true",
        help="set every drifted value to what the rows say, and rewrite drifted search rows",
    )


# The core forum's commands (forum.registry.CORE declares them, with forum.seed's seed-demo).
CORE_COMMANDS = (
    Command("serve", "run the web app", serve, _serve_args),
    Command(
        "migrate",
        "bring the database schema up to date; create default spaces",
        migrate,
        _migrate_args,
    ),
    Command(
        "create-user",
        "create a user (password from CROSSROADS_PASSWORD or stdin)",
        create_user,
        _create_user_args,
    ),
    Command(
        "status",
        "print the figures /metrics exposes (queue, limits, streams, latency)",
        status,
        _status_args,
    ),
    Command(
        "rerender",
        "re-render stored posts whose render version is old (resumable)",
        rerender_command,
        _rerender_args,
    ),
    Command(
        "check",
        "compare counters, the search index and other derived data with the rows (exit 1 on drift)",
        check,
        _check_args,
    ),
)


if __name__ == "__main__":
    sys.exit(main())
