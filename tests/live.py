"""A real server process and a real browser, for end-to-end tests.

`live_server(...)` runs `crossroads serve` in a subprocess on a free loopback
port with its own settings (SQLite in a temp dir unless told otherwise) and
waits for `/healthz`. `chromium()` opens Debian's Chromium through Playwright.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.services import chromium_path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def _env(tmp: Path, env: dict[str, str]) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("CROSSROADS_")}
    out.update(
        CROSSROADS_DATABASE_URL=f"sqlite://{tmp / 'live.sqlite3'}",
        CROSSROADS_SECRET_KEY="live-test-secret-" + "x" * 32,
        CROSSROADS_NEW_MEMBER_REVIEW="0",
        PYTHONUNBUFFERED="1",
    )
    out.update(env)
    return out


def run_cli(
    tmp: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `crossroads ARGS` with the same environment a live server in `tmp` gets."""
    return subprocess.run(
        [sys.executable, "-m", "forum.cli", *args],
        cwd=ROOT,
        env=_env(tmp, env or {}),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@contextmanager
def live_server(
    tmp: Path,
    env: dict[str, str] | None = None,
    *,
    port: int | None = None,
    args: tuple[str, ...] = (),
    preexec_fn: Any = None,
) -> Iterator[LiveServer]:
    """`crossroads serve ARGS` on a free port; `preexec_fn` runs in the child (e.g. lower its limits)."""
    port = port or free_port()
    log = tmp / f"server-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "forum.cli", "serve", "--port", str(port), *args],
            cwd=ROOT,
            env=_env(tmp, env or {}),
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec_fn,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@asynccontextmanager
async def chromium(**context_options: Any) -> AsyncIterator[Any]:
    """A fresh Chromium browser context (Debian's Chromium, never a downloaded build)."""
    executable = chromium_path()
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = await browser.new_context(**context_options)
            yield context
            await context.close()
        finally:
            await browser.close()


async def sign_in_page(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign a member in through the /login form in a Playwright page, as a person would
    (label, label, button), and wait for the page that follows."""
    await page.goto(f"{base_url}/login")
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_load_state()


async def until_signed_out(base_url: str, cookies: dict[str, str], seconds: float = 10) -> None:
    """Wait until a session's cookies no longer open /account (TimeoutError after `seconds`): a
    Quick exit's beacon may reach the server after the neutral page has shown."""
    async with httpx.AsyncClient(base_url=base_url, cookies=cookies) as client:

        async def signed_out() -> None:
            while (await client.get("/account")).status_code == 200:
                await asyncio.sleep(0.05)

        await asyncio.wait_for(signed_out(), seconds)


async def esc_esc_quick_exit(page: Any, context: Any, base_url: str, exit_url: str) -> None:
    """Press Escape twice in `page` (the Quick exit gesture) and wait until the neutral page shows
    and the server has the beacon (it saves the draft, then ends the session, in one request)."""
    session = {c["name"]: c["value"] for c in await context.cookies(base_url)}
    await page.keyboard.press("Escape")
    await page.keyboard.press("Escape")
    await page.wait_for_url(exit_url)
    await until_signed_out(base_url, session)
