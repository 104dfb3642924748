"""Preview, server drafts (kept across sessions, deleted on post), quote-reply."""

from __future__ import annotations


async def _thread(client, member, slug="common-ground"):
    r = await client.post(
        f"/api/v1/spaces/{slug}/threads",
        headers=member.auth,
        json={"title": "Evenings", "body": "The *evenings* are hard.\n\nSecond line."},
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_preview_renders_like_a_post_and_stores_nothing(client, members):
    m = members["undecided"]
    r = await client.post(
        "/api/v1/preview",
        headers=m.auth,
        json={"body": "Hi *there* <script>alert(1)</script> [x](javascript:alert(1))"},
    )
    assert r.status_code == 200, r.text
    html = r.json()["body_html"]
    assert "<em>there</em>" in html and "<script" not in html and 'href="javascript' not in html
    # The same text, posted, has exactly the previewed HTML.
    body = "Hi *there*, a [link](https://example.org) and\n\n- a list"
    preview = (await client.post("/api/v1/preview", headers=m.auth, json={"body": body})).json()[
        "body_html"
    ]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads", headers=m.auth, json={"title": "Same", "body": body}
    )
    assert r.json()["post"]["body_html"] == preview
    assert (
        await client.post("/api/v1/preview", headers=m.auth, json={"body": "  "})
    ).status_code == 422
    assert (await client.post("/api/v1/preview", json={"body": "x"})).status_code == 401


async def test_drafts_round_trip_and_go_when_the_post_is_created(client, members):
    m = members["staying"]
    thread = (await _thread(client, m))["thread"]
    key = f"thread-{thread['id']}"
    assert (await client.get(f"/api/v1/drafts/{key}", headers=m.auth)).status_code == 404
    r = await client.put(f"/api/v1/drafts/{key}", headers=m.auth, json={"body": "Half a thought"})
    assert (
        r.status_code == 200
        and r.json()["draft"]["body"] == "Half a thought"
        and r.json()["draft"]["key"] == key
    )
    r = await client.put(f"/api/v1/drafts/{key}", headers=m.auth, json={"body": "A whole thought"})
    assert (await client.get(f"/api/v1/drafts/{key}", headers=m.auth)).json()["draft"][
        "body"
    ] == "A whole thought"
    # Someone else's drafts are theirs alone.
    assert (
        await client.get(f"/api/v1/drafts/{key}", headers=members["undecided"].auth)
    ).status_code == 404
    await client.post(
        f"/api/v1/threads/{thread['id']}/posts", headers=m.auth, json={"body": "A whole thought"}
    )
    assert (await client.get(f"/api/v1/drafts/{key}", headers=m.auth)).status_code == 404

    r = await client.put(
        "/api/v1/drafts/new-common-ground", headers=m.auth, json={"title": "Maybe", "body": "..."}
    )
    assert r.json()["draft"]["title"] == "Maybe"
    await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=m.auth,
        json={"title": "Maybe", "body": "Now."},
    )
    assert (await client.get("/api/v1/drafts/new-common-ground", headers=m.auth)).status_code == 404
    assert (
        await client.delete("/api/v1/drafts/new-common-ground", headers=m.auth)
    ).status_code == 204


async def test_draft_keys_must_name_something_readable(client, members):
    leaving = members["leaving"]
    private = (await _thread(client, members["staying"], slug="staying"))["thread"]
    for key in (f"thread-{private['id']}", "new-staying", "new-nowhere", "thread-x", "../etc"):
        r = await client.put(f"/api/v1/drafts/{key}", headers=leaving.auth, json={"body": "x"})
        assert r.status_code == 404, key
    r = await client.put("/api/v1/drafts/new-leaving", headers=leaving.auth, json={"body": 5})
    assert r.status_code == 422


async def test_page_preview_save_restore_and_quote(client, browser, members):
    m = members["undecided"]
    created = await _thread(client, members["staying"])
    tid, pid = created["thread"]["id"], created["post"]["id"]
    await browser.sign_in(m.username)
    r = await browser.submit(
        f"/t/{tid}", f"/t/{tid}/reply", {"body": "My **draft** reply", "action": "preview"}
    )
    assert (
        r.status_code == 200
        and "<strong>draft</strong>" in r.text
        and "My **draft** reply</textarea>" in r.text
    )
    r = await browser.submit(
        f"/t/{tid}", f"/t/{tid}/reply", {"body": "My **draft** reply", "action": "draft"}
    )
    assert "Draft saved on the server" in r.text
    # A new session (sign out, sign in): the draft is back.
    await browser.submit("/", "/logout", {})
    await browser.sign_in(m.username)
    page = (await browser.get(f"/t/{tid}")).text
    assert "My **draft** reply</textarea>" in page and "Your saved draft is back" in page
    # Quick exit's save (sendBeacon posts the form to /drafts/save).
    r = await browser.submit(
        f"/t/{tid}", "/drafts/save", {"key": f"thread-{tid}", "body": "Saved on the way out"}
    )
    assert r.status_code == 204
    quoted = (await browser.get(f"/t/{tid}?quote={pid}")).text
    assert (
        "Saved on the way out\n\n&gt; The *evenings* are hard.\n&gt;\n&gt; Second line." in quoted
    )
    assert f"[in this post](/p/{pid})" in quoted
    r = await browser.submit(
        f"/t/{tid}",
        f"/t/{tid}/reply",
        {"body": "> hard\n>\n> — @sam_staying, [in this post](/p/1)\n\nYes."},
    )
    assert r.status_code == 303
    page = (await browser.get(f"/t/{tid}")).text
    assert "Your saved draft is back" not in page
    new = await browser.submit(
        "/s/common-ground/new", None, {"title": "Later", "body": "Not yet", "action": "draft"}
    )
    assert new.status_code == 200
    assert 'value="Later"' in (await browser.get("/s/common-ground/new")).text


async def test_an_edit_can_be_kept_as_a_draft_by_who_may_edit_and_goes_when_saved(client, members):
    m = members["staying"]
    post = (await _thread(client, m))["post"]
    key = f"edit-{post['id']}"
    r = await client.put(
        f"/api/v1/drafts/{key}", headers=m.auth, json={"body": "The evenings are easier now."}
    )
    assert r.status_code == 200, r.text
    # Another member may read the post but not edit it, so may not keep an edit of it.
    assert (
        await client.put(
            f"/api/v1/drafts/{key}", headers=members["undecided"].auth, json={"body": "Mine now"}
        )
    ).status_code in (403, 404)
    assert (
        await client.put("/api/v1/drafts/edit-99999999999", headers=m.auth, json={"body": "x"})
    ).status_code == 404
    r = await client.patch(
        f"/api/v1/posts/{post['id']}", headers=m.auth, json={"body": "The evenings are easier now."}
    )
    assert r.status_code == 200, r.text
    assert (await client.get(f"/api/v1/drafts/{key}", headers=m.auth)).status_code == 404
