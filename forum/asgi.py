"""ASGI entry points for uvicorn."""

from __future__ import annotations

import os

from starlette.applications import Starlette

from forum.app import create_app
from forum.settings import Settings


def create() -> Starlette:
    return create_app(Settings.from_env(), schema=os.environ.get("CROSSROADS_SCHEMA", "migrate"))


def __getattr__(name: str) -> Starlette:
    # `forum.asgi:app` for multi-worker uvicorn; built lazily so importing is cheap.
    if name == "app":
        return create()
    raise AttributeError(name)
