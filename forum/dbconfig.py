"""TORTOISE_ORM for Tortoise's own CLI (`tortoise -c forum.dbconfig.TORTOISE_ORM makemigrations`)."""

from __future__ import annotations

import os

from forum.app import default_plugins
from forum.db import tortoise_config

TORTOISE_ORM = tortoise_config(
    os.environ.get("CROSSROADS_DATABASE_URL", "sqlite://./crossroads.db"),
    [m for p in default_plugins() for m in p.models],
)
