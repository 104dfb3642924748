"""Templates link by route name (`path_for`, forum.web.base), so a route can move: issue 14 §4."""

from __future__ import annotations

import re

import httpx
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette
from starlette.routing import Route
from tortoise.backends.base.executor import EXECUTOR_CACHE

from forum.app import create_app
from forum.web.base import TEMPLATES_DIR
from tests.conftest import PASSWORD, Browser, test_settings

# An attribute whose value is a site path written out by hand: href="/t/…", action="/account",
# src="/static/…", data-live="/api/…". Links to other sites and fragments ("#reply") are fine.
HARD_CODED = re.compile(r'\b(?:href|action|src|formaction|data-[\w-]+)="/(?!/)')


def test_no_template_writes_a_site_path_by_hand():
    found = [
        f"{path.relative_to(TEMPLATES_DIR)}:{n}: {line.strip()[:120]}"
        for path in sorted(TEMPLATES_DIR.rglob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if HARD_CODED.search(line)
    ]
    assert not found, "use path_for('route.name', …) instead:\n" + "\n".join(found)


async def test_a_moved_route_moves_every_link_to_it(settings):
    """Serve threads at /thread/{id} instead of /t/{id}: the pages' links follow the route."""
    EXECUTOR_CACHE.clear()
    app = create_app(settings, schema="generate")
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await _move_and_follow(app, Browser(client))


async def _move_and_follow(app: Starlette, browser: Browser) -> None:
    await browser.submit(
        "/register", None, {"username": "Moving_Day", "password": PASSWORD, "path": "staying"}
    )
    r = await browser.submit("/s/staying/new", None, {"title": "Boxes", "body": "So many boxes."})
    assert r.status_code == 303
    thread_id = int(re.search(r"/t/(\d+)", r.headers["location"]).group(1))

    routes = app.router.routes
    for i, route in enumerate(routes):
        if isinstance(route, Route) and route.path.startswith("/t/"):  # show, reply, follow
            moved = route.path.replace("/t/", "/thread/", 1)
            routes[i] = Route(moved, route.endpoint, methods=route.methods, name=route.name)
    app.state.route_paths = None  # the name -> route table is built again from the new routes

    space = (await browser.get("/s/staying")).text
    assert f'href="/thread/{thread_id}"' in space and f'href="/t/{thread_id}"' not in space
    page = await browser.get(f"/thread/{thread_id}")
    assert page.status_code == 200 and "So many boxes." in page.text
    assert f'action="/thread/{thread_id}/reply"' in page.text
    assert f"/t/{thread_id}" not in page.text


async def test_the_pages_assets_are_served_where_they_are_linked(client):
    """Stylesheets, scripts and the icon are linked through the static mount's name and load."""
    page = await client.get("/")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    for asset in assets:
        assert (await client.get(asset)).status_code == 200, asset


def test_core_templates_link_to_a_plugins_route_only_where_it_exists(tmp_path):
    """An app without the resource directory, AMAs or moderation (`plugins=[]`) has no route for
    their pages, so the core's templates guard every link to one with ``has_route``."""
    app = create_app(test_settings(f"sqlite://{tmp_path / 'core.db'}"), plugins=[])
    core = {getattr(route, "name", None) for route in app.routes}
    unguarded = []
    for path in sorted(TEMPLATES_DIR.rglob("*.html")):
        if path.relative_to(TEMPLATES_DIR).parts[0] in ("amas", "resources", "moderation"):
            continue  # the plugin's own pages: rendered only where it is
        text = path.read_text()
        for name in re.findall(r"path_for\('([\w.]+)'", text):
            if name not in core and f"has_route('{name}')" not in text:
                unguarded.append(f"{path.relative_to(TEMPLATES_DIR)}: {name}")
    assert not unguarded, unguarded


async def test_a_core_only_app_serves_its_pages_without_the_plugins_links(tmp_path):
    EXECUTOR_CACHE.clear()
    app = create_app(
        test_settings(f"sqlite://{tmp_path / 'core.db'}"), plugins=[], schema="generate"
    )
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, client=("203.0.113.7", 40000))
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as one,
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as two,
        ):
            author, reader = Browser(one), Browser(two)
            for browser, name in ((author, "Core_Author"), (reader, "Core_Reader")):
                r = await browser.submit(
                    "/register", None, {"username": name, "password": PASSWORD, "path": "staying"}
                )
                assert r.status_code == 303
            r = await author.submit(
                "/s/staying/new", None, {"title": "Plain", "body": "Just core."}
            )
            assert r.status_code == 303
            thread = r.headers["location"].split("?")[0]
            for url in ("/", "/s/staying", thread, "/s/staying/new", "/no-such-page"):
                page = await reader.get(url)
                assert page.status_code == (404 if url == "/no-such-page" else 200), url
                assert 'href="/resources' not in page.text and 'href="/amas' not in page.text
            page = await reader.get(thread)
            assert "Just core." in page.text and "/report" not in page.text
            assert 'href="/support"' in (await reader.get("/no-such-page")).text
