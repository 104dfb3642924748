"""How the amas feature plugs into the app (models, routes, API modules, startup hooks)."""

from forum.plugins import Plugin

plugin = Plugin(name="amas")
