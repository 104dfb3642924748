"""A page's SQL query count does not grow with what is on it."""

from __future__ import annotations

from forum.db import counting_queries
from tests.conftest import Browser


async def _thread_with_replies(client, members, replies: int) -> int:
    authors = [members["undecided"], members["staying"], members["leaving"]]
    r = await client.post("/api/v1/spaces/common-ground/threads", headers=authors[0].auth,
                          json={"title": f"{replies} replies", "body": "Opening post."})
    thread_id = r.json()["thread"]["id"]
    for i in range(replies):
        author = authors[i % len(authors)]
        r = await client.post(f"/api/v1/threads/{thread_id}/posts", headers=author.auth, json={"body": f"Reply {i}"})
        assert r.status_code == 201
    return thread_id


async def _count(client, url: str, **kwargs) -> int:
    with counting_queries() as counter:
        r = await client.get(url, **kwargs)
    assert r.status_code == 200, r.text
    return counter.count


async def test_thread_page_query_count_does_not_depend_on_posts(client, members, browser: Browser):
    small = await _thread_with_replies(client, members, 2)
    large = await _thread_with_replies(client, members, 40)
    viewer = members["staying"]
    api_small = await _count(client, f"/api/v1/threads/{small}?limit=50", headers=viewer.auth)
    api_large = await _count(client, f"/api/v1/threads/{large}?limit=50", headers=viewer.auth)
    assert 0 < api_small == api_large
    await browser.sign_in(viewer.username)
    page_small = await _count(browser.client, f"/t/{small}")
    page_large = await _count(browser.client, f"/t/{large}")
    assert page_small == page_large
    # Member, header count, thread, posts; follow/read state (3); moving the read mark (at most 2 writes);
    # the member's blocks, the page's reactions, their saved draft (1 each).
    assert 0 < page_large <= 12, f"{page_large} queries for one thread page"
    # A second look at a thread read to its end writes nothing.
    assert await _count(browser.client, f"/t/{large}") < page_large


async def test_space_list_query_count_does_not_depend_on_threads(client, members, browser: Browser):
    viewer = members["staying"]
    before = await _count(client, "/api/v1/spaces/common-ground/threads", headers=viewer.auth)
    for _ in range(2):
        await _thread_with_replies(client, members, 1)
    mid = await _count(client, "/api/v1/spaces/common-ground/threads", headers=viewer.auth)
    for _ in range(6):
        await _thread_with_replies(client, members, 1)
    after = await _count(client, "/api/v1/spaces/common-ground/threads", headers=viewer.auth)
    assert mid == after and before <= after
