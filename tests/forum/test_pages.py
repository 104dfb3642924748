"""The HTML skin: forms with CSRF, errors beside fields, text kept, security headers."""

from __future__ import annotations

from tests.conftest import PASSWORD, Browser, csrf_from


async def test_register_sign_in_post_and_reply_in_pages(browser: Browser, browser2: Browser, app):
    r = await browser.submit(
        "/register", None, {"username": "Morning_Walk", "password": PASSWORD, "path": "staying"}
    )
    assert r.status_code == 303 and r.headers["location"] == "/welcome"
    assert "Welcome, Morning_Walk" in (await browser.get("/welcome")).text
    r = await browser.submit(
        "/s/staying/new", None, {"title": "Day one", "body": "I found out *today*."}
    )
    assert r.status_code == 303
    thread_url = r.headers["location"].split("?")[0]
    page = await browser.get(thread_url)
    assert "Day one" in page.text and "I found out <em>today</em>." in page.text

    await browser2.submit(
        "/register", None, {"username": "Evening_Tea", "password": PASSWORD, "path": "staying"}
    )
    r = await browser2.submit(thread_url, thread_url + "/reply", {"body": "You're not alone."})
    assert r.status_code == 303
    page = await browser.get(thread_url)
    assert "You&#39;re not alone." in page.text or "You're not alone." in page.text
    assert "1 reply" in (await browser.get("/s/staying")).text


async def test_form_errors_keep_what_was_typed(browser: Browser, app):
    r = await browser.submit(
        "/register", None, {"username": "a b", "password": "short", "path": "leaving"}
    )
    assert r.status_code == 422
    assert 'value="a b"' in r.text
    assert 'id="e-username"' in r.text and 'id="e-password"' in r.text
    assert 'value="leaving" checked' in r.text

    await browser.submit(
        "/register", None, {"username": "Keeper", "password": PASSWORD, "path": "leaving"}
    )
    long_body = "My words matter. " * 10
    r = await browser.submit("/s/leaving/new", None, {"title": "x" * 151, "body": long_body})
    assert r.status_code == 422
    assert long_body.strip() in r.text and 'id="e-title"' in r.text


async def test_post_without_csrf_is_refused(browser: Browser, app):
    await browser.submit(
        "/register", None, {"username": "Csrf_Check", "password": PASSWORD, "path": "staying"}
    )
    r = await browser.client.post("/s/staying/new", data={"title": "t", "body": "b"})
    assert r.status_code == 403 and "expired" in r.text
    r = await browser.client.post(
        "/s/staying/new", data={"title": "t", "body": "b", "csrf_token": "forged"}
    )
    assert r.status_code == 403
    threads = await browser.get("/s/staying")
    assert "No threads yet" in threads.text


async def test_csrf_token_from_another_browser_is_refused(browser: Browser, browser2: Browser, app):
    page = await browser2.get("/login")
    foreign = csrf_from(page.text)
    r = await browser.client.post(
        "/login", data={"csrf_token": foreign, "username": "x", "password": "y"}
    )
    assert r.status_code == 403


async def test_sign_in_rotates_session_and_sign_out_ends_it(browser: Browser, app):
    from tests.conftest import make_member

    await make_member("rotator", "staying")
    await browser.get("/login")
    browser.client.cookies.set(
        "crossroads_session", "planted-by-attacker", domain="testserver.local"
    )
    await browser.sign_in("rotator")
    session = browser.client.cookies.get("crossroads_session", domain="testserver.local")
    assert session and session != "planted-by-attacker"
    assert (await browser.get("/account")).status_code == 200
    account = await browser.get("/account")
    r = await browser.client.post("/logout", data={"csrf_token": csrf_from(account.text)})
    assert r.status_code == 303
    browser.client.cookies.set("crossroads_session", session, domain="testserver.local")
    assert (await browser.get("/account")).status_code == 303  # old session is dead


async def test_wrong_password_page_keeps_username(browser: Browser, app):
    r = await browser.submit("/login", None, {"username": "someone", "password": "nope nope nope"})
    assert r.status_code == 401 and 'value="someone"' in r.text and "do not match" in r.text


async def test_security_headers_on_every_page(browser: Browser, app):
    for url in ["/", "/login", "/guidelines", "/api/v1/spaces", "/no-such-page"]:
        r = await browser.get(url)
        csp = r.headers["content-security-policy"]
        assert (
            "default-src 'self'" in csp
            and "frame-ancestors 'none'" in csp
            and "unsafe-inline" not in csp
        )
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "noindex" in r.headers["x-robots-tag"]
    page = await browser.get("/")
    assert '<meta name="robots" content="noindex' in page.text
    assert "<script>" not in page.text and " style=" not in page.text
    assert "http://" not in page.text.replace("http://testserver", "") or "quick-exit" in page.text


async def test_cookies_are_httponly_and_samesite(browser: Browser, app):
    from tests.conftest import make_member

    await make_member("cookie_jar", "staying")
    await browser.get("/login")
    page = await browser.get("/login")
    r = await browser.client.post(
        "/login",
        data={"csrf_token": csrf_from(page.text), "username": "cookie_jar", "password": PASSWORD},
    )
    cookies = r.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("crossroads_session="))
    assert "HttpOnly" in session and "SameSite=lax" in session.replace("Lax", "lax")
    assert "Secure" not in session  # development; production adds Secure


async def test_quick_exit_is_on_every_page(browser: Browser, app):
    for url in ["/", "/login", "/guidelines"]:
        text = (await browser.get(url)).text
        assert 'id="quick-exit"' in text and 'href="https://weather.com/"' in text


async def test_pages_are_not_cached(browser: Browser, app):
    assert (await browser.get("/")).headers["cache-control"] == "no-store"


async def test_account_page_changes_path_and_password(browser: Browser, app):
    await browser.submit(
        "/register", None, {"username": "Path_Page", "password": PASSWORD, "path": "undecided"}
    )
    r = await browser.submit("/account", None, {"form": "path", "path": "leaving"})
    assert r.status_code == 303
    assert (await browser.get("/s/leaving")).status_code == 200
    r = await browser.submit(
        "/account",
        None,
        {"form": "password", "current_password": "wrong!!!!!!", "new_password": "whatever12345"},
    )
    assert r.status_code == 422 and "not your current password" in r.text


async def test_export_download_and_delete_account_in_pages(browser: Browser, app):
    await browser.submit(
        "/register", None, {"username": "Page_Leaver", "password": PASSWORD, "path": "staying"}
    )
    await browser.submit("/s/staying/new", None, {"title": "Notes", "body": "private notes"})
    export = await browser.get("/account/export")
    assert export.headers["content-disposition"].startswith("attachment")
    assert export.json()["posts"][0]["body"] == "private notes"
    r = await browser.submit("/account/delete", None, {"password": PASSWORD})
    assert r.status_code == 422  # confirmation box not ticked
    r = await browser.submit("/account/delete", None, {"password": PASSWORD, "confirm": "delete"})
    assert r.status_code == 303 and r.headers["location"] == "/?deleted=1"
    assert (await browser.get("/account")).status_code == 303


async def test_garbage_ids_are_404_not_500(browser: Browser, app):
    await browser.submit(
        "/register", None, {"username": "Poker", "password": PASSWORD, "path": "staying"}
    )
    for url in ["/t/abc", "/t/99999999", "/p/xyz/edit", "/s/../etc", "/t/1?after=@@@"]:
        r = await browser.get(url)
        assert r.status_code in (400, 404), (url, r.status_code)
