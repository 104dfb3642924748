"""Resource-directory fixtures: the moderation queue as moderators see it, and local HTTP servers for link checks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest_asyncio


def resource_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Weekend retreat for couples",
        "url": "https://example.org/retreat",
        "description": "Two days of guided conversation for couples working to stay together.",
        "kind": "retreat",
        "paths": ["staying"],
        "format": "in-person",
        "location": "Springfield",
    }
    body.update(overrides)
    return body


async def create_resource(client: Any, moderator: Any, **overrides: Any) -> dict[str, Any]:
    r = await client.post(
        "/api/v1/resources", headers=moderator.auth, json=resource_body(**overrides)
    )
    assert r.status_code == 201, r.text
    return r.json()["resource"]


class ModerationQueue:
    """What moderators are asked: the open items in the app's real queue (the database)."""

    async def items(self) -> list[dict[str, Any]]:
        from moderation.models import OPEN_STATUSES, QueueItem

        rows = await QueueItem.filter(status__in=OPEN_STATUSES).order_by("id")
        return [
            {
                "kind": r.kind,
                "subject_id": r.subject_id,
                "reasons": r.reasons,
                "priority": r.priority,
                "author_id": r.author_id,
                "note": r.note,
            }
            for r in rows
        ]


@pytest_asyncio.fixture
async def queue(app: Any) -> ModerationQueue:
    return ModerationQueue()


@dataclass
class LinkServer:
    """A tiny HTTP/1.1 server on 127.0.0.1 with fixed answers, recording each request."""

    port: int = 0
    hits: list[tuple[str, str]] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        method, path, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
        self.hits.append((method, path))
        if path == "/hang":
            await (
                self.release.wait()
            )  # never answers while the test runs: the checker must time out
            writer.close()
            return
        status, extra = {
            "/ok": ("200 OK", ""),
            "/missing": ("404 Not Found", ""),
            "/moved": ("301 Moved Permanently", "Location: /ok\r\n"),
            "/moved-to-missing": ("302 Found", "Location: /missing\r\n"),
            "/no-head": ("405 Method Not Allowed" if method == "HEAD" else "200 OK", ""),
            "/error": ("500 Internal Server Error", ""),
        }.get(path, ("404 Not Found", ""))
        body = b"" if method == "HEAD" else b"hello"
        writer.write(
            f"HTTP/1.1 {status}\r\nContent-Length: {len(body) if method != 'HEAD' else 5}\r\n"
            f"Content-Type: text/plain\r\nConnection: close\r\n{extra}\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()


@pytest_asyncio.fixture
async def link_server() -> AsyncIterator[LinkServer]:
    server_state = LinkServer()
    server = await asyncio.start_server(server_state.handle, "127.0.0.1", 0)
    server_state.port = server.sockets[0].getsockname()[1]
    try:
        yield server_state
    finally:
        server_state.release.set()
        server.close()
        await server.wait_closed()
