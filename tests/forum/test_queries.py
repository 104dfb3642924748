"""A page's SQL query count does not grow with what is on it."""

from __future__ import annotations

from forum.db import counting_queries
from tests.conftest import Browser

# The thread page, signed in, on a second look (nothing to write): the session with its member,
# the thread with its space and the reader's follow/unread state, the posts with their authors and
# reaction counts, the saved draft with the header's notice count (docs/benchmarks.md). Blocks,
# held posts, placeholders and reactions are all inside those statements.
THREAD_PAGE_STATEMENTS = 4


async def _thread_with_replies(client, members, replies: int) -> int:
    authors = [members["undecided"], members["staying"], members["leaving"]]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=authors[0].auth,
        json={"title": f"{replies} replies", "body": "Opening post."},
    )
    thread_id = r.json()["thread"]["id"]
    for i in range(replies):
        author = authors[i % len(authors)]
        r = await client.post(
            f"/api/v1/threads/{thread_id}/posts", headers=author.auth, json={"body": f"Reply {i}"}
        )
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
    # THREAD_PAGE_STATEMENTS, and moving the read mark on a first look (at most 2 writes).
    assert 0 < page_large <= THREAD_PAGE_STATEMENTS + 2, f"{page_large} queries for one thread page"
    # A second look at a thread read to its end writes nothing.
    assert await _count(browser.client, f"/t/{large}") < page_large


async def test_thread_page_statement_count_stays_at_four(client, members, browser: Browser):
    viewer, other, blocked = members["staying"], members["undecided"], members["leaving"]
    thread_id = await _thread_with_replies(client, members, 6)
    posts = (await client.get(f"/api/v1/threads/{thread_id}?limit=50", headers=viewer.auth)).json()[
        "posts"
    ]["items"]
    others = [p["id"] for p in posts if p["author"]["username"] == other.username]
    mine = [p["id"] for p in posts if p["author"]["username"] == viewer.username]
    assert others and mine
    for post_id in others:  # reactions on others' posts, one of them the reader's own
        for member in (viewer, blocked):
            r = await client.put(f"/api/v1/posts/{post_id}/reactions/strength", headers=member.auth)
            assert r.status_code == 200, r.text
    r = await client.put(f"/api/v1/me/blocks/{blocked.username}", headers=viewer.auth)
    assert r.status_code == 200, r.text
    await browser.sign_in(viewer.username)
    await _count(browser.client, f"/t/{thread_id}")  # the first look moves the read mark (writes)
    assert await _count(browser.client, f"/t/{thread_id}") == THREAD_PAGE_STATEMENTS
    # The reader's own post with a reaction adds the one statement that names who sent it.
    r = await client.put(f"/api/v1/posts/{mine[0]}/reactions/thank-you", headers=other.auth)
    assert r.status_code == 200, r.text
    assert await _count(browser.client, f"/t/{thread_id}") == THREAD_PAGE_STATEMENTS + 1


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
