"""`crossroads check-links`: check every listed resource's link and flag failures for moderators."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from forum.cli import run_db
from forum.plugins import Command
from forum.settings import Settings


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--concurrency", type=int, default=8, help="links checked at the same time (default 8)"
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for each link (default 10)"
    )
    parser.add_argument(
        "--active-only",
        action="store_true",
        help="skip resources already marked broken (they are rechecked by default)",
    )


def check_links_command(args: argparse.Namespace, settings: Settings, registry: Any = None) -> int:
    """Check the links; exit 1 when one failed (it is marked broken and queued), 2 for bad input."""
    if args.concurrency < 1 or args.timeout <= 0:
        print("crossroads: --concurrency must be at least 1 and --timeout above 0", file=sys.stderr)
        return 2

    async def work() -> int:
        from forum.resources.linkcheck import check_links

        # Failures go to the moderation queue the registry holds (forum.review.submit).
        report = await check_links(
            concurrency=args.concurrency,
            timeout=args.timeout,
            include_broken=not args.active_only,
            progress=lambda line: print(line, flush=True),
        )
        return 1 if report.failed else 0

    # Reads and records only: the schema must already be current (`crossroads migrate`).
    return run_db(settings, work, migrate=False, registry=registry)


CHECK_LINKS = Command(
    "check-links",
    "check every active resource's link; failures are marked broken and queued for moderators",
    check_links_command,
    _add_arguments,
)
