"""The committed migrations build the schema on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

import asyncpg
import pytest

from tests.live import ROOT, run_cli
from tests.services import fresh_postgres_database


def test_migrations_match_the_models(tmp_path):
    result = run_cli(tmp_path, "migrate", "--check")
    assert result.returncode == 0, result.stderr


def _migrate_twice_and_use(tmp_path, database_url: str) -> None:
    env = {
        "CROSSROADS_DATABASE_URL": database_url,
        "CROSSROADS_PASSWORD": "a long enough passphrase",
    }
    for _ in range(2):  # idempotent
        result = run_cli(tmp_path, "migrate", env=env)
        assert result.returncode == 0, result.stderr
        assert "up to date" in result.stdout
    made = run_cli(tmp_path, "create-user", "river_stone", "--path", "leaving", env=env)
    assert made.returncode == 0, made.stderr
    again = run_cli(tmp_path, "create-user", "River_Stone", env=env)
    assert again.returncode != 0 and "taken" in again.stderr.lower()


def test_migrate_on_sqlite(tmp_path):
    _migrate_twice_and_use(tmp_path, f"sqlite://{tmp_path / 'fresh.sqlite3'}")


@pytest.mark.postgres
async def test_migrate_on_postgres(tmp_path):
    async with fresh_postgres_database("crossroads_mig") as url:
        _migrate_twice_and_use(tmp_path, url)
        conn = await asyncpg.connect(url)
        try:
            slugs = {r["slug"] for r in await conn.fetch("SELECT slug FROM spaces")}
            users = await conn.fetchval("SELECT count(*) FROM users")
        finally:
            await conn.close()
        assert slugs == {"staying", "leaving", "common-ground"} and users == 1


def _sqlite_indexes(path) -> set[tuple[str, bool, tuple[str, ...]]]:
    """(table, unique, columns) of every index, whatever it is named."""
    import sqlite3

    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = set()
        for table in tables:
            for _, name, unique, *_ in db.execute(f'PRAGMA index_list("{table}")'):
                columns = tuple(r[2] for r in db.execute(f'PRAGMA index_info("{name}")'))
                out.add((table, bool(unique), columns))
    return out


def test_migrated_sqlite_schema_keeps_every_index_and_unique_rule(tmp_path):
    # Altering a column on SQLite rebuilds its table; an index or a uniqueness rule lost on the
    # way would, say, let one member's report count twice. Migrated and generated must agree.
    import subprocess
    import sys

    migrated, generated = tmp_path / "migrated.sqlite3", tmp_path / "generated.sqlite3"
    result = run_cli(tmp_path, "migrate", env={"CROSSROADS_DATABASE_URL": f"sqlite://{migrated}"})
    assert result.returncode == 0, result.stderr
    script = (
        "import asyncio\nfrom tortoise import Tortoise\nfrom forum.app import default_plugins\n"
        "from forum.db import tortoise_config\n"
        "async def main():\n"
        f"    await Tortoise.init(config=tortoise_config('sqlite://{generated}', "
        "[m for p in default_plugins() for m in p.models]))\n"
        "    await Tortoise.generate_schemas()\n    await Tortoise.close_connections()\n"
        "asyncio.run(main())\n"
    )
    made = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert made.returncode == 0, made.stderr
    want, have = _sqlite_indexes(generated), _sqlite_indexes(migrated)
    assert want - have == set(), "indexes the models declare but the migrations lost"


def test_no_model_docstring_breaks_sqlite_migrations():
    # Tortoise turns a model's docstring into its table comment, and its SQLite schema editor
    # splits statements at ";": a semicolon there breaks `crossroads migrate` on SQLite.
    import importlib
    import inspect

    from tortoise.models import Model

    from forum.app import default_plugins
    from forum.db import FORUM_MODELS

    offenders = []
    for module_name in [*FORUM_MODELS, *(m for p in default_plugins() for m in p.models)]:
        for name, obj in vars(importlib.import_module(module_name)).items():
            if inspect.isclass(obj) and issubclass(obj, Model) and obj.__module__ == module_name:
                if ";" in (obj.__doc__ or ""):
                    offenders.append(f"{module_name}.{name}")
    assert offenders == [], f"replace ';' in the docstrings of {offenders}"


def test_no_migration_imports_the_live_code():
    """A migration means the same thing forever: it holds its own enums, SQL and data steps, and
    imports nothing from `forum` or `moderation`, whose models and enums keep changing."""
    import ast
    from pathlib import Path

    live = []
    for path in sorted((Path(__file__).parents[2] / "forum" / "migrations").glob("0*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            live += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in ("forum", "moderation")
            ]
    assert live == []
