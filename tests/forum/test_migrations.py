"""The committed migrations build the schema on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from tests.live import run_cli
from tests.services import postgres_url


def test_migrations_match_the_models(tmp_path):
    result = run_cli(tmp_path, "migrate", "--check")
    assert result.returncode == 0, result.stderr


def _migrate_twice_and_use(tmp_path, database_url: str) -> None:
    env = {"CROSSROADS_DATABASE_URL": database_url, "CROSSROADS_PASSWORD": "a long enough passphrase"}
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
    base = postgres_url()
    name = f"crossroads_mig_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(base)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        _migrate_twice_and_use(tmp_path, base.rsplit("/", 1)[0] + f"/{name}")
        conn = await asyncpg.connect(base.rsplit("/", 1)[0] + f"/{name}")
        try:
            slugs = {r["slug"] for r in await conn.fetch("SELECT slug FROM spaces")}
            users = await conn.fetchval("SELECT count(*) FROM users")
        finally:
            await conn.close()
        assert slugs == {"staying", "leaving", "common-ground"} and users == 1
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


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
