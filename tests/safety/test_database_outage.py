"""A crisis post while PostgreSQL is down: 503 with crisis lines from code, and the text spooled
and written to the moderators' queue once the database is back. The test runs its OWN PostgreSQL
cluster on a free port and stops and starts it (never the machine's)."""

from __future__ import annotations

import asyncio
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from tortoise.backends.base.executor import EXECUTOR_CACHE

from forum import crisis, spool
from forum.app import create_app
from tests.conftest import csrf_from, make_member, test_settings
from tests.safety.conftest import CRISIS


def _bin() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        pytest.skip("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
    return os.path.dirname(found[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A throw-away PostgreSQL cluster: initdb into a temp dir, pg_ctl start/stop on its own port."""

    def __init__(self) -> None:
        self.bin = _bin()
        self.port = _free_port()
        self.dir = tempfile.mkdtemp(prefix="crossroads-pg-")
        self.user = None
        if os.geteuid() == 0:  # initdb refuses to run as root
            self.user = pwd.getpwnam("postgres")
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self.data = os.path.join(self.dir, "data")
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _run(self, tool: str, *args: str) -> None:
        cmd = [os.path.join(self.bin, tool), *args]
        if self.user is not None:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(
            cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            self.data,
            "-o",
            opts,
            "-w",
            "-t",
            "60",
            "-l",
            os.path.join(self.dir, "log"),
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    c = Cluster()
    c.start()
    try:
        yield c
    finally:
        c.destroy()


@pytest_asyncio.fixture
async def outage_app(cluster: Cluster) -> AsyncIterator[Any]:
    EXECUTOR_CACHE.clear()
    settings = test_settings(cluster.url, spool_retry_seconds=0.2)
    application = create_app(settings, schema="generate")
    async with LifespanManager(application) as manager:
        yield manager.app, settings


async def _wait_for(condition: Any, *, bound: float = 60.0) -> None:
    """Poll an async condition until true, failing after `bound` seconds (no fixed sleeps)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + bound
    while not await condition():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


async def test_crisis_text_during_a_database_outage_gets_lines_and_reaches_the_queue_after(
    cluster, outage_app
):
    app, settings = outage_app
    transport = httpx.ASGITransport(app=app, client=("203.0.113.20", 40100))
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=("203.0.113.21", 40101)),
            base_url="http://testserver",
        ) as web,
    ):
        member = await make_member("nora_night", "staying")
        mod = await make_member("mo_outage", "undecided", roles=["moderator"])
        r = await client.post(
            "/api/v1/spaces/staying/threads",
            headers=member.auth,
            json={"title": "Evening", "body": "A calm post."},
        )
        thread_id = r.json()["thread"]["id"]
        login = await web.get("/login")
        await web.post(
            "/login",
            data={
                "csrf_token": csrf_from(login.text),
                "username": "nora_night",
                "password": "correct horse battery",
            },
        )
        form = await web.get(f"/t/{thread_id}")
        token = csrf_from(form.text)

        cluster.stop()
        api = await client.post(
            f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": CRISIS}
        )
        assert api.status_code == 503 and api.headers["Retry-After"]
        assert api.json()["error"]["crisis_resources"] == crisis.default_lines(None)
        page = await web.post(
            f"/t/{thread_id}/reply", data={"csrf_token": token, "body": "html: " + CRISIS}
        )
        assert page.status_code == 503 and 'href="tel:988"' in page.text
        directory = spool.spool_dir(settings.spool_dir)
        assert spool.pending(directory) == 2, "both texts wait in the spool"

        cluster.start()

        async def arrived() -> bool:
            r = await client.get(
                "/api/v1/moderation/queue", headers=mod.auth, params={"kind": "crisis_text"}
            )
            return (
                r.status_code == 200
                and len(r.json()["items"]) >= 1
                and spool.pending(directory) == 0
            )

        await _wait_for(arrived)
        from moderation.models import CrisisText

        texts = await CrisisText.all().order_by("id")
        assert [list(t.texts.values()) for t in texts] == [[CRISIS], ["html: " + CRISIS]]
        assert [t.author_id for t in texts] == [member.id, member.id], [t.outcome for t in texts]
        assert texts[0].outcome.startswith("refused (503)")
