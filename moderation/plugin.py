"""Moderation as the app factory sees it."""

from __future__ import annotations

from forum.plugins import Plugin

plugin = Plugin(name="moderation")
