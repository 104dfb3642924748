"""The bare baseline for the thread page: Starlette + asyncpg + Jinja2, one query, the same posts.

Issue 15 measures Crossroads's thread page against the least a Python web stack can do for
the same page: one route, one pooled asyncpg query that reads the thread's first 25 published
posts with their authors, and one Jinja2 template (autoescaping on, like Crossroads) that
renders them inside a page of about the same weight (a header with navigation and a reply
form, the posts with their meta links, a footer). No sessions, no CSRF, no security headers,
no rate limits: that is the point of a baseline. `bench.page_bench` starts it with uvicorn,
one worker, beside Crossroads on the same database, and prints the ratio.

    BASELINE_DATABASE_URL=postgres://... BASELINE_THREAD_ID=42 \
        python -m uvicorn bench.baseline_app:app --port 8001

Environment:
    BASELINE_DATABASE_URL  PostgreSQL URL (the bench's database; required)
    BASELINE_THREAD_ID     the thread whose page is served at /t/{id} (any id works; this
                           one is only checked at start-up)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

PAGE = jinja2.Template(
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Thread · Crossroads</title>
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><nav aria-label="Main"><a href="/">Crossroads</a> <a href="/s/common-ground">Common ground</a>
<a href="/amas">Ask a therapist</a> <a href="/resources">Resources</a> <a href="/support">Get help now</a>
<a href="/notifications">Notifications</a> <a href="/account">Account</a></nav></header>
<main id="main">
<h1>{{ thread.title }}</h1>
{% for post in posts %}
<article class="post" id="post-{{ post.id }}" aria-labelledby="pa-{{ post.id }}">
  <header>
    <span class="author" id="pa-{{ post.id }}">{{ post.username }}</span>
    <a class="meta" href="/t/{{ thread.id }}#post-{{ post.id }}"><time datetime="{{ post.created_at.isoformat() }}">{{ post.created_at.strftime("%d %b %Y, %H:%M") }}</time></a>
  </header>
  <div class="body">{{ post.body_html|safe }}</div>
  <footer class="actions"><a href="/t/{{ thread.id }}?quote={{ post.id }}#reply">Quote</a> <a href="/p/{{ post.id }}/report">Report</a></footer>
</article>
{% endfor %}
<form method="post" action="/t/{{ thread.id }}/reply" id="reply">
<label for="body">Your reply</label>
<textarea id="body" name="body" rows="6" autocomplete="off"></textarea>
<button type="submit">Post reply</button>
</form>
</main>
<footer class="site"><a href="/guidelines">Guidelines</a> <a href="/leave-no-trace">Leave no trace</a></footer>
</body>
</html>
""",
    autoescape=True,
)

POSTS = """
SELECT p.id, p.body_html, p.created_at, u.username, t.title
FROM posts p JOIN users u ON u.id = p.author_id JOIN threads t ON t.id = p.thread_id
WHERE p.thread_id = $1 AND p.status = 'published'
ORDER BY p.created_at, p.id
LIMIT 25
"""

_pool: asyncpg.Pool | None = None


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    """Open the connection pool (the size Crossroads uses by default: up to 10)."""
    global _pool
    _pool = await asyncpg.create_pool(os.environ["BASELINE_DATABASE_URL"], min_size=2, max_size=10)
    try:
        yield
    finally:
        await _pool.close()


async def thread_page(request: Request) -> HTMLResponse | PlainTextResponse:
    """GET /t/{id}: one query, one render. 404 for a thread with no published posts."""
    try:
        thread_id = int(request.path_params["thread_id"])
    except ValueError:
        return PlainTextResponse("no such thread", status_code=404)
    assert _pool is not None
    rows: list[Any] = await _pool.fetch(POSTS, thread_id)
    if not rows:
        return PlainTextResponse("no such thread", status_code=404)
    thread = {"id": thread_id, "title": rows[0]["title"]}
    return HTMLResponse(PAGE.render(thread=thread, posts=rows))


async def healthz(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


app = Starlette(
    routes=[Route("/t/{thread_id}", thread_page), Route("/healthz", healthz)], lifespan=lifespan
)
