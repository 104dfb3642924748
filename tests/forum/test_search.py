"""Full-text search: what matches (case, accents, stems, the query language), what never
matches (the other side's space, held and deleted posts), grouping, paging and excerpts, and
the page that keeps the search text out of URLs. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import regex

from tests.conftest import Browser


async def _thread(client, member, slug, title, body):
    r = await client.post(
        f"/api/v1/spaces/{slug}/threads", headers=member.auth, json={"title": title, "body": body}
    )
    assert r.status_code == 201, r.text
    return {"id": r.json()["thread"]["id"], "post_id": r.json()["post"]["id"]}


async def _reply(client, member, thread_id, body):
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": body}
    )
    assert r.status_code == 201, r.text
    return r.json()["post"]


async def _search(client, member, q, **params):
    r = await client.get("/api/v1/search", params={"q": q, **params}, headers=member.auth)
    assert r.status_code == 200, r.text
    return r.json()


async def _titles(client, member, q, **params):
    return {hit["thread_title"] for hit in (await _search(client, member, q, **params))["items"]}


async def test_search_finds_only_readable_spaces(client, members):
    await _thread(
        client,
        members["staying"],
        "staying",
        "Counselling together",
        "We found a counsellor for *both* of us.",
    )
    await _thread(
        client,
        members["leaving"],
        "leaving",
        "Telling the kids",
        "Which counsellor helped you tell them?",
    )
    await _thread(
        client,
        members["undecided"],
        "common-ground",
        "Weekends",
        "A counsellor suggested a weekly walk.",
    )

    async def found(member, q):
        return {hit["space"] for hit in (await _search(client, member, q))["items"]}

    assert await found(members["staying"], "counsellor") == {"staying", "common-ground"}
    assert await found(members["leaving"], "counsellor") == {"leaving", "common-ground"}
    assert await found(members["undecided"], "counsellor") == {"common-ground"}
    assert await found(members["moderator"], "counsellor") == {
        "staying",
        "leaving",
        "common-ground",
    }
    # Every word must match; the thread title counts.
    assert await found(members["leaving"], "kids counsellor") == {"leaving"}
    # The other side's words: no hit, and an answer shaped exactly like a search for nonsense.
    other = await _search(client, members["staying"], "kids")
    nonsense = await _search(client, members["staying"], "zzyzxq")
    assert other == nonsense == {"items": [], "next_cursor": None}
    hit = (await _search(client, members["staying"], "weekly"))["items"][0]
    assert (
        hit["thread_title"] == "Weekends"
        and "weekly walk" in hit["excerpt"]
        and "<" not in hit["excerpt"]
    )
    assert "<mark>weekly</mark>" in hit["excerpt_html"]


async def _publish_all() -> None:
    """The screens may hold these texts for a moderator (mixed scripts, a name): approve them, as
    a moderator would, so the test is about search."""
    from forum.db import transaction
    from forum.threads.actions import set_post_status
    from forum.threads.models import Post, PostStatus

    async with transaction():
        for post in await Post.filter(status=PostStatus.PENDING):
            await set_post_status(post, PostStatus.PUBLISHED)


async def test_case_and_accents_do_not_matter(client, members):
    m = members["undecided"]
    await _thread(client, m, "common-ground", "My résumé", "RÉSUMÉ rewritten at last.")
    await _thread(client, m, "common-ground", "Иван и я", "Мы говорили с Иваном вчера.")
    await _thread(client, m, "common-ground", "Termine", "Die Ärzte sagten, wir sollten reden.")
    await _thread(client, m, "common-ground", "Plain words", "Nothing special in this café chat.")
    await _publish_all()
    for q in [
        "résumé",
        "Resume",
        "RESUME",
        "résumé",
    ]:  # the last one decomposed (e + combining accent)
        assert await _titles(client, m, q) == {"My résumé"}, q
    for q in ["иван", "ИВАН", "Иван"]:
        assert await _titles(client, m, q) == {"Иван и я"}, q
    for q in ["ärzte", "ARZTE", "Ärzte"]:
        assert await _titles(client, m, q) == {"Termine"}, q
    assert await _titles(client, m, "CAFE") == {"Plain words"}


async def test_query_language(client, members):
    m = members["undecided"]
    await _thread(
        client, m, "common-ground", "Big house", "We are selling the big house this spring."
    )
    await _thread(client, m, "common-ground", "House rules", "The house feels big and empty.")
    await _thread(
        client, m, "common-ground", "Counselling", "Our counsellors were kind and patient."
    )
    assert await _titles(client, m, '"big house"') == {"Big house"}
    assert await _titles(client, m, "big house") == {"Big house", "House rules"}
    assert await _titles(client, m, "house -selling") == {"House rules"}
    assert await _titles(client, m, 'house -"big house"') == {"House rules"}
    assert await _titles(client, m, "spring or patient") == {"Big house", "Counselling"}
    assert await _titles(client, m, "selling or counsellor") == {
        "Big house",
        "Counselling",
    }  # endings folded
    assert await _titles(client, m, "rules spring") == set()
    for bad in ["", "a", "x" * 101, "-house", '"" -big', "or"]:
        r = await client.get("/api/v1/search", params={"q": bad}, headers=m.auth)
        assert r.status_code == 422 and r.json()["error"]["fields"].get("q"), bad
    r = await client.get("/api/v1/search", params={"q": "house", "sort": "loudest"}, headers=m.auth)
    assert r.status_code == 422 and r.json()["error"]["fields"].get("sort")
    assert (await client.get("/api/v1/search?q=house")).status_code == 401


async def test_held_and_deleted_posts_never_match(client, members):
    from forum.db import transaction
    from forum.threads.actions import set_post_status
    from forum.threads.models import Post, PostStatus

    author = members["undecided"]
    kept = await _thread(client, author, "common-ground", "Kept", "A marigold in the garden.")
    deleted = await _reply(client, author, kept["id"], "The marigold reply I regret.")
    held = await _thread(
        client, author, "common-ground", "Held thread", "Marigold seeds from my neighbour."
    )
    r = await client.delete(f"/api/v1/posts/{deleted['id']}", headers=author.auth)
    assert r.status_code == 204, r.text
    async with transaction():
        await set_post_status(
            await Post.get(id=held["post_id"]), PostStatus.PENDING, "Held for a moderator."
        )
    for viewer in (author, members["moderator"]):
        page = await _search(client, viewer, "marigold")
        assert [(h["thread_title"], h["matches"]) for h in page["items"]] == [("Kept", 1)]
        assert await _titles(client, viewer, "regret") == set()
        assert await _titles(client, viewer, "neighbour") == set()


async def test_results_are_grouped_by_thread(client, members):
    m = members["undecided"]
    t = await _thread(client, m, "common-ground", "Evenings", "Journaling helps me most evenings.")
    await _reply(client, m, t["id"], "Journaling prompts from the workshop.")
    newest = await _reply(client, m, t["id"], "More journaling tonight.")
    await _thread(client, m, "common-ground", "Mornings", "A walk, then journaling.")
    page = await _search(client, m, "journaling")
    by_title = {h["thread_title"]: h for h in page["items"]}
    assert set(by_title) == {"Evenings", "Mornings"} and len(page["items"]) == 2
    assert by_title["Evenings"]["matches"] == 3 and by_title["Evenings"]["id"] == newest["id"]
    assert [h["thread_title"] for h in page["items"]] == [
        "Mornings",
        "Evenings",
    ]  # newest match first


async def test_pages_have_no_gaps_or_repeats_in_either_order(client, members):
    m = members["undecided"]
    expected = set()
    for i in range(23):
        # Ranks vary (1 to 3 mentions), and many tie: the order must still be total.
        body = " ".join(["routine"] * (1 + i % 3)) + f" number {i} of the evening plan."
        expected.add((await _thread(client, m, "common-ground", f"Evening {i}", body))["id"])
    await _thread(client, m, "common-ground", "Unrelated", "Nothing to see.")
    for sort in ("newest", "best"):
        seen: list[int] = []
        cursor = None
        for _ in range(10):
            params = {"limit": 5, "sort": sort, **({"cursor": cursor} if cursor else {})}
            page = await _search(client, m, "routine", **params)
            seen += [h["thread_id"] for h in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) and set(seen) == expected, sort
    newest_cursor = (await _search(client, m, "routine", limit=5))["next_cursor"]
    r = await client.get(
        "/api/v1/search",
        params={"q": "routine", "sort": "best", "cursor": newest_cursor},
        headers=m.auth,
    )
    assert r.status_code == 400


async def test_excerpts_never_split_a_grapheme_and_carry_no_markup(client, members):
    m = members["undecided"]
    family, flags = "👨‍👩‍👧‍👦", "🇩🇪🇫🇷"
    body = flags * 150 + " the counsellor said " + family * 250 + " &lt;script&gt; <b>x</b>"
    await _thread(client, m, "common-ground", "Emoji", body)
    await _thread(
        client,
        m,
        "common-ground",
        "Markup",
        "counsellor <script>alert(1)</script> & <i>friends</i>",
    )
    page = await _search(client, m, "counsellor")
    assert len(page["items"]) == 2
    for hit in page["items"]:
        assert "<script" not in hit["excerpt_html"] and "<i>" not in hit["excerpt_html"]
        assert re.sub(r"</?mark>", "", hit["excerpt_html"]).count("<") == 0
        text = hit["excerpt"].replace("…", "")
        for cluster in regex.findall(r"\X", text):
            assert cluster.isspace() or cluster.isascii() or cluster in (family, "🇩🇪", "🇫🇷"), repr(
                cluster
            )
    emoji = next(h for h in page["items"] if h["thread_title"] == "Emoji")
    assert "<mark>counsellor</mark>" in emoji["excerpt_html"] and emoji["excerpt"].endswith("…")


async def test_search_page_keeps_the_words_out_of_urls(
    client, members, browser: Browser, browser2: Browser
):
    await _thread(client, members["leaving"], "leaving", "Moving out plan", "Boxes and a calendar.")
    await browser.sign_in(members["staying"].username)
    form = await browser.get("/search")
    assert form.status_code == 200 and 'method="post"' in form.text
    r = await browser.submit("/search", None, {"q": "boxes", "sort": "newest"})
    assert r.status_code == 303 and "boxes" not in r.headers["location"]
    page = await browser.get(r.headers["location"])
    assert (
        page.status_code == 200
        and "Nothing found" in page.text
        and "Moving out plan" not in page.text
    )

    await browser.sign_in(members["leaving"].username)
    r = await browser.submit("/search", None, {"q": "boxes calendar", "sort": "best"})
    location = r.headers["location"]
    assert r.status_code == 303 and location.startswith("/search/r/") and "boxes" not in location
    page = await browser.get(location)
    assert "Moving out plan" in page.text and 'value="boxes calendar"' in page.text
    assert (
        "<mark>Boxes</mark>" in page.text
        and "boxes" not in re.sub(r'value="[^"]*"|<p>.*?</p>', "", page.text).lower()
    )
    # An old-style link is answered with an opaque id too.
    legacy = await browser.get("/search", params={"q": "boxes"})
    assert legacy.status_code == 303 and "boxes" not in legacy.headers["location"]
    # Another browser signed in as the same member, or an altered id, opens nothing.
    await browser2.sign_in(members["leaving"].username)
    assert (await browser2.get(location)).status_code == 404
    assert (await browser.get(location[:-3] + "AAA")).status_code == 404
    short = await browser.submit("/search", None, {"q": "b"})
    assert (
        short.status_code == 422
        and "at least two letters" in short.text
        and 'value="b"' in short.text
    )
    # After signing out (or Quick exit) the id is dead even in the same browser.
    signed_out = await browser.submit("/", "/logout", {})
    assert signed_out.status_code in (303, 200)
    await browser.sign_in(members["leaving"].username)
    gone = await browser.get(location)
    assert gone.status_code == 404 and "expired" in gone.text
    no_csrf = await browser.client.post("/search", data={"q": "boxes"})
    assert no_csrf.status_code == 403
