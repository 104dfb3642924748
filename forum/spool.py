"""A local spool for crisis text the database could not take (docs/moderation.md, "The crisis rule").

When PostgreSQL is down, someone's crisis post is refused (503) but must still reach a moderator.
The text is appended here, one JSON object per line, to a file only this user can read (it holds
what people wrote in crisis); `drain()` writes every record once the database answers again and
removes the file only after each record was written. A local file, not Redis: it survives an
outage of either, and needs nothing that might itself be down.

Records are written at least once: a crash between writing a record and removing the file writes
it again on the next drain (the queue then shows it twice; better than never).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("crossroads.spool")

FILE_NAME = "crisis.jsonl"
_lock = asyncio.Lock()


def spool_dir(configured: str) -> Path:
    """The configured directory, else $XDG_STATE_HOME/crossroads/spool."""
    if configured:
        return Path(configured)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "crossroads" / "spool"


def _append(directory: Path, record: dict[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    fd = os.open(directory / FILE_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


async def append(directory: Path, record: dict[str, Any]) -> None:
    """Add one record (a JSON object), durably (fsync), off the event loop."""
    async with _lock:
        await asyncio.to_thread(_append, directory, record)


def pending(directory: Path) -> int:
    """How many records wait (for `crossroads status`, tests)."""
    path = directory / FILE_NAME
    if not path.exists():
        return 0
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


async def drain(directory: Path, write: Callable[[dict[str, Any]], Awaitable[object]]) -> int:
    """Write every spooled record with `write` (which raises while the database is down).

    Returns how many were written. On the first failure, the written ones are dropped from the
    file and the rest stay for the next try."""
    path = directory / FILE_NAME
    async with _lock:
        if not path.exists():
            return 0
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        done = 0
        try:
            for line in lines:
                try:
                    record = json.loads(line)
                except ValueError:
                    log.error("spool: dropping a line that is not JSON")
                    done += 1
                    continue
                await write(record)
                done += 1
        except Exception:
            log.warning("spool: database still unavailable; %d record(s) wait", len(lines) - done)
        rest = lines[done:]
        if rest:
            tmp = path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, ("\n".join(rest) + "\n").encode())
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, path)
        else:
            path.unlink(missing_ok=True)
        return done
