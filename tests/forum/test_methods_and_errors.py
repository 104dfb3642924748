"""Unsafe methods and error pages: CSRF for every method but GET/HEAD, 405 with Allow, and the
500 page carrying the security headers, noindex and the Quick exit like every page."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.routing import Route

from forum.app import create_app
from tests.conftest import Browser, make_member


async def _my_post(browser: Browser, username: str) -> int:
    await make_member(username)
    await browser.sign_in(username)
    r = await browser.submit(
        "/s/common-ground/new", None, {"title": "Mine", "body": "Please keep me."}
    )
    assert r.status_code == 303
    page = await browser.get(r.headers["location"])
    import re

    return int(re.search(r"/p/(\d+)/delete", page.text).group(1))


async def test_head_with_a_session_cookie_never_deletes_a_post(browser: Browser, app):
    post_id = await _my_post(browser, "hana_head")
    r = await browser.client.head(f"/p/{post_id}/delete")
    assert r.status_code == 200  # the confirmation page's headers, nothing more
    page = await browser.get(f"/p/{post_id}/history")
    assert page.status_code == 200
    thread = await browser.get("/s/common-ground")
    assert "Mine" in thread.text


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])
async def test_other_methods_are_405_with_allow(browser: Browser, app, method):
    post_id = await _my_post(browser, "mia_method")
    r = await browser.client.request(method, f"/p/{post_id}/delete")
    assert r.status_code == 405
    assert set(r.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}
    r = await browser.client.request(method, "/api/v1/threads/1")
    assert r.status_code == 405 and r.headers["allow"]
    assert r.json()["error"]["code"] == "method_not_allowed"
    assert "Mine" in (await browser.get("/s/common-ground")).text


async def test_post_without_a_token_deletes_nothing(browser: Browser, app):
    post_id = await _my_post(browser, "nia_token")
    r = await browser.client.post(f"/p/{post_id}/delete", data={})
    assert r.status_code == 403
    assert "Mine" in (await browser.get("/s/common-ground")).text


async def _boom(request: Any) -> Any:
    raise RuntimeError("a bug")


@pytest.mark.parametrize("path", ["/boom", "/api/v1/boom"])
async def test_the_500_page_carries_the_security_headers_and_the_quick_exit(settings, path):
    application = create_app(settings, schema="generate")
    application.router.routes.insert(0, Route(path, _boom))
    async with LifespanManager(application) as manager:
        transport = httpx.ASGITransport(app=manager.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            r = await client.get(path)
    assert r.status_code == 500
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-robots-tag"].startswith("noindex")
    assert r.headers["x-frame-options"] == "DENY" and r.headers["cache-control"] == "no-store"
    if path.startswith("/api/"):
        assert r.json()["error"]["code"] == "internal"
    else:
        assert "Quick exit" in r.text and 'name="robots" content="noindex' in r.text
