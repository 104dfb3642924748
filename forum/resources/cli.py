"""`crossroads check-links`: check every listed resource's link and flag failures for moderators."""

from __future__ import annotations

import argparse
import sys

from forum.cli import EXTRA_PARSERS, command, run_db
from forum.settings import Settings


def _add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "check-links",
        help="check every active resource's link; failures are marked broken and queued for moderators",
    )
    parser.add_argument("--concurrency", type=int, default=8, help="links checked at the same time (default 8)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each link (default 10)")
    parser.add_argument(
        "--active-only", action="store_true", help="skip resources already marked broken (they are rechecked by default)"
    )


EXTRA_PARSERS.append(_add_parser)


@command("check-links")
def check_links_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.concurrency < 1 or args.timeout <= 0:
        print("crossroads: --concurrency must be at least 1 and --timeout above 0", file=sys.stderr)
        return 2

    async def work() -> int:
        from forum.app import default_plugins
        from forum.resources.linkcheck import check_links

        # The plugins' start-up installs the moderation queue that failures go to.
        plugins = default_plugins()
        for plugin in plugins:
            if plugin.startup:
                await plugin.startup(settings)
        try:
            report = await check_links(
                concurrency=args.concurrency,
                timeout=args.timeout,
                include_broken=not args.active_only,
                progress=lambda line: print(line, flush=True),
            )
        finally:
            for plugin in plugins:
                if plugin.shutdown:
                    await plugin.shutdown()
        return 1 if report.failed else 0

    # Reads and records only: the schema must already be current (`crossroads migrate`).
    return run_db(settings, work, migrate=False)
