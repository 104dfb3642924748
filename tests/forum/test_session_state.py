"""Pooled PostgreSQL connections go back to the pool without a reset statement
(`forum.db.PooledConnection`), which is only safe while no code leaves session state behind on a
connection. This test fails when code starts to: a session-level SET, LISTEN, an advisory lock or
set_config() would leak to the next request that borrows the connection. Use SET LOCAL inside a
transaction instead, or give such code a connection of its own."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEAKS = re.compile(
    # SQL keywords in capitals, as every statement in this codebase is written (prose says "listen").
    r"""(?i:pg_advisory_(?:x?lock|unlock)(?!_all)|set_config\s*\()|\bLISTEN\s|["']\s*SET\s+(?!LOCAL\b)""",
)


def test_no_code_leaves_session_state_on_a_pooled_connection() -> None:
    found = []
    for folder in ("forum", "moderation"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "db.py" and path.parent.name == "forum":
                continue  # the docstring that states the rule
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if LEAKS.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == [], "session state on a pooled connection:\n" + "\n".join(found)


def test_the_check_sees_what_it_looks_for() -> None:
    for leak in (
        '"SET statement_timeout = 0"',
        "SELECT pg_advisory_lock(1)",
        "LISTEN crossroads",
        "SELECT set_config('x', 'y', false)",
    ):
        assert LEAKS.search(leak), leak
    for fine in ('"SET LOCAL lock_timeout = 1000"', "UPDATE posts SET body_md = ''", "UNLISTEN *"):
        assert not LEAKS.search(fine), fine
