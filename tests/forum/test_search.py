"""Search finds what you can read and nothing from the other side's space."""

from __future__ import annotations

from tests.conftest import Browser


async def _thread(client, member, slug, title, body):
    r = await client.post(f"/api/v1/spaces/{slug}/threads", headers=member.auth, json={"title": title, "body": body})
    assert r.status_code == 201, r.text
    return r.json()


async def test_search_finds_only_readable_spaces(client, members):
    await _thread(client, members["staying"], "staying", "Counselling together", "We found a counsellor for *both* of us.")
    await _thread(client, members["leaving"], "leaving", "Telling the kids", "Which counsellor helped you tell them?")
    await _thread(client, members["undecided"], "common-ground", "Weekends", "A counsellor suggested a weekly walk.")

    def found(r):
        assert r.status_code == 200, r.text
        return {hit["space"] for hit in r.json()["items"]}

    assert found(await client.get("/api/v1/search?q=counsellor", headers=members["staying"].auth)) == {"staying", "common-ground"}
    assert found(await client.get("/api/v1/search?q=counsellor", headers=members["leaving"].auth)) == {"leaving", "common-ground"}
    assert found(await client.get("/api/v1/search?q=counsellor", headers=members["undecided"].auth)) == {"common-ground"}
    assert found(await client.get("/api/v1/search?q=counsellor", headers=members["moderator"].auth)) == {
        "staying", "leaving", "common-ground"}
    # Every word must match; the thread title counts.
    assert found(await client.get("/api/v1/search?q=kids+counsellor", headers=members["leaving"].auth)) == {"leaving"}
    assert found(await client.get("/api/v1/search?q=kids", headers=members["staying"].auth)) == set()
    hit = (await client.get("/api/v1/search?q=weekly", headers=members["staying"].auth)).json()["items"][0]
    assert hit["thread_title"] == "Weekends" and "weekly walk" in hit["excerpt"] and "<" not in hit["excerpt"]


async def test_search_pages_and_rejects_bad_queries(client, members):
    member = members["undecided"]
    for i in range(5):
        await _thread(client, member, "common-ground", f"Evening {i}", f"Evening routine number {i}.")
    first = (await client.get("/api/v1/search?q=routine&limit=3", headers=member.auth)).json()
    second = (await client.get(f"/api/v1/search?q=routine&limit=3&cursor={first['next_cursor']}", headers=member.auth)).json()
    ids = [h["id"] for h in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 5 and second["next_cursor"] is None
    for bad in ["", "a", "x" * 101]:
        r = await client.get("/api/v1/search", params={"q": bad}, headers=member.auth)
        assert r.status_code == 422 and r.json()["error"]["fields"].get("q")
    assert (await client.get("/api/v1/search?q=routine")).status_code == 401


async def test_search_page(client, members, browser: Browser):
    await _thread(client, members["leaving"], "leaving", "Moving out plan", "Boxes and a calendar.")
    await browser.sign_in(members["staying"].username)
    page = await browser.get("/search", params={"q": "boxes"})
    assert page.status_code == 200 and "Nothing found" in page.text and "Moving out plan" not in page.text
    await browser.sign_in(members["leaving"].username)
    page = await browser.get("/search", params={"q": "boxes calendar"})
    assert "Moving out plan" in page.text and 'value="boxes calendar"' in page.text
    short = await browser.get("/search", params={"q": "b"})
    assert short.status_code == 422 and "at least two letters" in short.text and 'value="b"' in short.text
