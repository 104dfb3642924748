"""Threads and posts through the JSON API: create, read, page, edit, delete."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import make_member


async def _thread(
    client, member, slug="common-ground", title="Where do I start?", body="First post."
):
    r = await client.post(
        f"/api/v1/spaces/{slug}/threads", headers=member.auth, json={"title": title, "body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_create_thread_and_reply(client, members):
    author, replier = members["staying"], members["undecided"]
    created = await _thread(
        client, author, "common-ground", "Telling the kids", "We have *two* kids."
    )
    thread, post = created["thread"], created["post"]
    assert thread["title"] == "Telling the kids" and thread["space"] == "common-ground"
    assert post["body_html"] == "<p>We have <em>two</em> kids.</p>"
    assert post["status"] == "published" and post["author"] == {
        "username": author.username,
        "badges": [],
    }
    assert "crisis_resources" not in created

    r = await client.post(
        f"/api/v1/threads/{thread['id']}/posts", headers=replier.auth, json={"body": "Same here."}
    )
    assert r.status_code == 201
    page = (await client.get(f"/api/v1/threads/{thread['id']}", headers=author.auth)).json()
    assert [p["body_html"] for p in page["posts"]["items"]] == [
        "<p>We have <em>two</em> kids.</p>",
        "<p>Same here.</p>",
    ]
    assert page["thread"]["reply_count"] == 1
    listing = (
        await client.get("/api/v1/spaces/common-ground/threads", headers=replier.auth)
    ).json()
    assert listing["items"][0]["id"] == thread["id"] and listing["items"][0]["reply_count"] == 1
    assert listing["next_cursor"] is None


async def test_thread_list_orders_by_latest_activity(client, members):
    m = members["undecided"]
    first = await _thread(client, m, title="Older thread")
    second = await _thread(client, m, title="Newer thread")
    titles = [
        t["title"]
        for t in (await client.get("/api/v1/spaces/common-ground/threads", headers=m.auth)).json()[
            "items"
        ]
    ]
    assert titles == ["Newer thread", "Older thread"]
    await client.post(
        f"/api/v1/threads/{first['thread']['id']}/posts", headers=m.auth, json={"body": "bump"}
    )
    titles = [
        t["title"]
        for t in (await client.get("/api/v1/spaces/common-ground/threads", headers=m.auth)).json()[
            "items"
        ]
    ]
    assert titles == ["Older thread", "Newer thread"]
    assert second


async def test_thread_list_pages_with_cursor(client, members):
    m = members["undecided"]
    for i in range(7):
        await _thread(client, m, title=f"Thread {i}")
    seen, cursor = [], None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = (
            await client.get("/api/v1/spaces/common-ground/threads", headers=m.auth, params=params)
        ).json()
        seen += [t["title"] for t in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"Thread {i}" for i in reversed(range(7))]


async def test_pages_never_skip_or_repeat_while_replies_arrive(client, members):
    m = members["undecided"]
    thread_id = (await _thread(client, m, body="post 0"))["thread"]["id"]
    for i in range(1, 10):
        await client.post(
            f"/api/v1/threads/{thread_id}/posts", headers=m.auth, json={"body": f"post {i}"}
        )
    seen, cursor, n = [], None, 10
    while True:
        params = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        page = (
            await client.get(f"/api/v1/threads/{thread_id}", headers=m.auth, params=params)
        ).json()["posts"]
        seen += [p["body_html"] for p in page["items"]]
        # Two replies arrive between every page load.
        for _ in range(2):
            await client.post(
                f"/api/v1/threads/{thread_id}/posts", headers=m.auth, json={"body": f"post {n}"}
            )
            n += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"<p>post {i}</p>" for i in range(len(seen))]
    assert len(seen) == n - 2  # every post but the two added after the last page


async def test_last_page_and_before_cursor(client, members):
    m = members["undecided"]
    thread_id = (await _thread(client, m, body="post 0"))["thread"]["id"]
    for i in range(1, 8):
        await client.post(
            f"/api/v1/threads/{thread_id}/posts", headers=m.auth, json={"body": f"post {i}"}
        )
    last = (
        await client.get(
            f"/api/v1/threads/{thread_id}", headers=m.auth, params={"last": "true", "limit": 3}
        )
    ).json()["posts"]
    assert [p["body_html"] for p in last["items"]] == [
        "<p>post 5</p>",
        "<p>post 6</p>",
        "<p>post 7</p>",
    ]
    before = (
        await client.get(
            f"/api/v1/threads/{thread_id}",
            headers=m.auth,
            params={"before": last["prev_cursor"], "limit": 3},
        )
    ).json()["posts"]
    assert [p["body_html"] for p in before["items"]] == [
        "<p>post 2</p>",
        "<p>post 3</p>",
        "<p>post 4</p>",
    ]


@pytest.mark.parametrize("params", [{"cursor": "!!!"}, {"cursor": "eyJhIjoxfQ"}, {"before": "zzz"}])
async def test_bad_cursor_is_400(client, members, params):
    m = members["undecided"]
    thread_id = (await _thread(client, m))["thread"]["id"]
    r = await client.get(f"/api/v1/threads/{thread_id}", headers=m.auth, params=params)
    assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_request"


@pytest.mark.parametrize("limit", ["0", "101", "abc", "-3"])
async def test_bad_limit_is_422(client, members, limit):
    r = await client.get(
        "/api/v1/spaces/common-ground/threads",
        headers=members["undecided"].auth,
        params={"limit": limit},
    )
    assert r.status_code == 422 and "limit" in r.json()["error"]["fields"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "", "body": "text"}, "title"),
        ({"title": "x" * 151, "body": "text"}, "title"),
        ({"title": "ok", "body": ""}, "body"),
        ({"title": "ok", "body": "x" * 20_001}, "body"),
        ({"title": "ok", "body": "bad\x00byte"}, "body"),
        ({"title": "bell\x07", "body": "text"}, "title"),
        ({"title": ["not", "text"], "body": "text"}, "title"),
        ({"body": "no title"}, "title"),
    ],
)
async def test_invalid_thread_fields_are_422_and_nothing_is_written(client, members, body, field):
    m = members["undecided"]
    r = await client.post("/api/v1/spaces/common-ground/threads", headers=m.auth, json=body)
    assert r.status_code == 422
    assert field in r.json()["error"]["fields"]
    assert (await client.get("/api/v1/spaces/common-ground/threads", headers=m.auth)).json()[
        "items"
    ] == []


async def test_text_is_nfc_normalised(client, members):
    m = members["undecided"]
    decomposed = "Cafe\u0301 talk"
    created = await _thread(client, m, title=decomposed, body=decomposed)
    assert created["thread"]["title"] == "Caf\u00e9 talk"
    assert created["post"]["body_html"] == "<p>Caf\u00e9 talk</p>"


async def test_edit_keeps_history_for_author_and_moderators(client, members):
    author, other, mod = members["undecided"], members["staying"], members["moderator"]
    created = await _thread(client, author, body="first version")
    post_id = created["post"]["id"]
    r = await client.patch(
        f"/api/v1/posts/{post_id}", headers=author.auth, json={"body": "second **version**"}
    )
    assert r.status_code == 200
    assert (
        r.json()["post"]["body_html"] == "<p>second <strong>version</strong></p>"
        and r.json()["post"]["edited_at"]
    )
    for who in (author, mod):
        history = (await client.get(f"/api/v1/posts/{post_id}/revisions", headers=who.auth)).json()[
            "items"
        ]
        assert [h["body_html"] for h in history] == ["<p>first version</p>"]
    assert (
        await client.get(f"/api/v1/posts/{post_id}/revisions", headers=other.auth)
    ).status_code == 403
    assert (
        await client.patch(f"/api/v1/posts/{post_id}", headers=other.auth, json={"body": "hijack"})
    ).status_code == 403


async def test_delete_leaves_placeholder_and_keeps_replies(client, members):
    author, replier = members["undecided"], members["staying"]
    created = await _thread(client, author, body="something I regret")
    thread_id = created["thread"]["id"]
    reply = (
        await client.post(
            f"/api/v1/threads/{thread_id}/posts", headers=replier.auth, json={"body": "hugs"}
        )
    ).json()["post"]
    own_reply = (
        await client.post(
            f"/api/v1/threads/{thread_id}/posts", headers=author.auth, json={"body": "thanks"}
        )
    ).json()["post"]
    assert (
        await client.delete(f"/api/v1/posts/{reply['id']}", headers=author.auth)
    ).status_code == 403
    assert (
        await client.delete(f"/api/v1/posts/{own_reply['id']}", headers=author.auth)
    ).status_code == 204
    assert (
        await client.delete(f"/api/v1/posts/{created['post']['id']}", headers=author.auth)
    ).status_code == 204
    page = (await client.get(f"/api/v1/threads/{thread_id}", headers=replier.auth)).json()
    items = page["posts"]["items"]
    assert [p["status"] for p in items] == ["removed", "published", "removed"]
    assert (
        "regret" not in items[0]["body_html"] and "deleted by its author" in items[0]["body_html"]
    )
    assert items[1]["body_html"] == "<p>hugs</p>"
    assert page["thread"]["reply_count"] == 1
    # A removed post can't be edited back.
    assert (
        await client.patch(
            f"/api/v1/posts/{own_reply['id']}", headers=author.auth, json={"body": "x"}
        )
    ).status_code == 403


async def test_markdown_is_rendered_once_and_stored(client, members, app):
    from forum.threads.models import Post

    m = members["undecided"]
    created = await _thread(client, m, body="[link](https://example.org) <script>alert(1)</script>")
    stored = await Post.get(id=created["post"]["id"])
    assert stored.body_md.startswith("[link]")
    assert (
        "<script" not in stored.body_html
        and 'rel="nofollow ugc noopener noreferrer"' in stored.body_html
    )
    assert stored.render_version >= 1
    # Pages serve exactly what was stored.
    page = (await client.get(f"/api/v1/threads/{created['thread']['id']}", headers=m.auth)).json()
    assert page["posts"]["items"][0]["body_html"] == stored.body_html


async def test_unknown_endpoint_is_json_404(client):
    r = await client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


async def test_openapi_describes_every_endpoint(client, app):
    doc = (await client.get("/api/v1/openapi.json")).json()
    assert doc["openapi"].startswith("3.")
    for path, method in [
        ("/auth/register", "post"),
        ("/auth/tokens", "post"),
        ("/auth/tokens/current", "delete"),
        ("/me", "get"),
        ("/spaces", "get"),
        ("/spaces/{slug}/threads", "get"),
        ("/spaces/{slug}/threads", "post"),
        ("/threads/{id}", "get"),
        ("/threads/{id}/posts", "post"),
        ("/posts/{id}", "patch"),
        ("/posts/{id}", "delete"),
    ]:
        op = doc["paths"][path][method]
        assert op["responses"], (path, method)
    from forum.app import default_plugins
    from forum.registry import build_registry

    for ep in build_registry(
        default_plugins()
    ).endpoints:  # the app's plugins, the same declarations
        assert ep.method.lower() in doc["paths"][ep.path], (ep.method, ep.path)


@pytest.mark.backends("postgres")
async def test_concurrent_replies_keep_counters_exact(client, members):
    m = members["undecided"]
    writers = [await make_member(f"writer_{i}", "undecided") for i in range(8)]
    created = await _thread(client, m)
    thread_id = created["thread"]["id"]

    async def reply(member, i):
        r = await client.post(
            f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": f"reply {i}"}
        )
        assert r.status_code == 201, r.text

    await asyncio.gather(*(reply(writers[i % 8], i) for i in range(40)))
    page = (
        await client.get(
            f"/api/v1/threads/{thread_id}", headers=m.auth, params={"last": "1", "limit": 1}
        )
    ).json()
    assert page["thread"]["reply_count"] == 40
    newest = page["posts"]["items"][0]
    assert page["thread"]["last_post_at"] >= newest["created_at"]


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/v1/spaces/common-ground/threads", {}),
        ("/api/v1/threads/{thread}", {}),
        ("/api/v1/me/posts", {}),
        ("/api/v1/search", {"q": "walk"}),
        ("/api/v1/resources", {}),
        ("/api/v1/resources", {"path": "staying"}),
        ("/api/v1/amas", {}),
        ("/api/v1/amas/{ama}", {}),
        ("/api/v1/moderation/queue", {}),
        ("/api/v1/moderation/log", {}),
        ("/api/v1/transparency-log", {}),
    ],
)
async def test_a_cursor_someone_edited_is_400_on_every_list(client, members, path, params):
    # Well-formed cursors carrying the wrong kinds of value: the list says so, it never fails with a 500.
    from datetime import UTC, datetime, timedelta

    from forum.pagination import encode
    from tests.conftest import make_member

    mod = members["moderator"]
    host = await make_member("dr_cursor", roles=["therapist"], credential="LMFT")
    thread = (await _thread(client, mod))["thread"]["id"]
    now = datetime.now(UTC)
    r = await client.post(
        "/api/v1/amas",
        headers=mod.auth,
        json={
            "title": "Cursor check",
            "description": "d",
            "space": "common-ground",
            "starts_at": now.isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(),
            "host_id": host.id,
        },
    )
    assert r.status_code == 201, r.text
    url = path.format(thread=thread, ama=r.json()["ama"]["id"])
    names = ("cursor", "before") if path.startswith("/api/v1/threads/") else ("cursor",)
    for cursor in (
        encode("x", "y"),
        encode("x", "y", "z"),
        encode("x"),
        encode(None, [1]),
        encode([1], {}),
    ):
        for name in names:
            r = await client.get(url, headers=mod.auth, params={**params, name: cursor})
            assert r.status_code == 400, (name, cursor, r.text[:300])
            assert r.json()["error"]["code"] == "malformed_request"


async def test_openapi_documents_the_round_two_shapes(client):
    """Issue 16's API, as the contract's round-2 section names it: each operation is documented with
    the fields of its body and answer (not a bare object)."""
    doc = (await client.get("/api/v1/openapi.json")).json()

    def resolve(schema):
        while "$ref" in schema:
            schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def fields(schema, *path):
        schema = resolve(schema)
        for step in path:
            schema = resolve(schema["items"] if step == "[]" else schema["properties"][step])
        return set(schema.get("properties", {}))

    def answer(path, method):
        responses = doc["paths"][path][method]["responses"]
        ok = next(code for code in responses if code.startswith("2"))
        return responses[ok]["content"]["application/json"]["schema"]

    def body(path, method):
        return doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]

    assert "following" in fields(answer("/threads/{id}/follow", "put"))
    assert "following" in fields(answer("/threads/{id}/follow", "delete"))
    assert "unread_count" in fields(answer("/threads/{id}/read", "post")) and "post_id" in fields(
        body("/threads/{id}/read", "post")
    )
    assert {"following", "unread_count", "first_unread_post_id"} <= fields(
        answer("/threads/{id}", "get"), "thread"
    )
    assert {"id", "kind", "text", "url", "created_at", "read_at"} <= fields(
        answer("/me/notifications", "get"), "items", "[]"
    )
    assert {"unread_count"} <= fields(answer("/me/notifications/read", "post")) and "ids" in fields(
        body("/me/notifications/read", "post")
    )
    for method in ("put", "delete"):
        assert {"reactions", "my_reactions"} <= fields(
            answer("/posts/{id}/reactions/{kind}", method), "post"
        )
        assert "blocked" in fields(answer("/me/blocks/{username}", method))
    assert {"username", "created_at"} <= fields(answer("/me/blocks", "get"), "items", "[]")
    assert "body_html" in fields(answer("/preview", "post")) and "body" in fields(
        body("/preview", "post")
    )
    assert {"body", "title"} <= fields(body("/drafts/{key}", "put"))
    for method in ("put", "get"):
        assert {"key", "body", "title", "updated_at"} <= fields(
            answer("/drafts/{key}", method), "draft"
        )
    assert "204" in doc["paths"]["/drafts/{key}"]["delete"]["responses"]
    assert "204" in doc["paths"]["/me/sessions"]["delete"]["responses"]
    assert (
        "text/event-stream"
        in doc["paths"]["/me/notifications/events"]["get"]["responses"]["200"]["content"]
    )
    # Times in the member's own zone: a setting of the account.
    assert "time_zone" in fields(body("/me", "patch")) and "time_zone" in fields(
        answer("/me", "get"), "user"
    )
    # Mute is documented beside follow, with the same answer.
    assert fields(answer("/threads/{id}/mute", "put")) == fields(
        answer("/threads/{id}/follow", "put")
    )
