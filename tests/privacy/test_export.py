"""One exporter, one serialiser: the page and the API export the same, for a member who touched every feature."""

from __future__ import annotations

import json

from tests.amas.conftest import schedule
from tests.conftest import make_member
from tests.moderation.conftest import reply, start_thread


async def test_page_and_api_export_everything_alike(client, members, browser):
    member, mod = members["staying"], members["moderator"]
    host = await make_member("dr_iris", "undecided", roles=["therapist"], credential="LPC")
    started = await start_thread(
        client, member, "First words.", space="staying", title="Where I am"
    )
    pid = started["post"]["id"]
    r = await client.patch(
        f"/api/v1/posts/{pid}", headers=member.auth, json={"body": "Second words."}
    )
    assert r.status_code == 200, r.text
    await reply(client, members["undecided"], started["thread"]["id"], "Hang on.")
    ama = await schedule(client, mod, host)
    q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions", headers=member.auth, json={"body": "How?"}
        )
    ).json()
    await client.post(f"/api/v1/questions/{q['question']['id']}/votes", headers=member.auth)
    other_q = (
        await client.post(
            f"/api/v1/amas/{ama['id']}/questions",
            headers=members["leaving"].auth,
            json={"body": "Why?"},
        )
    ).json()["question"]
    await client.post(f"/api/v1/questions/{other_q['id']}/votes", headers=member.auth)
    await client.post(
        f"/api/v1/questions/{q['question']['id']}/answers",
        headers=host.auth,
        json={"body": "Slowly."},
    )
    r = await client.post(
        "/api/v1/therapists/applications",
        headers=member.auth,
        json={
            "credential_type": "LMFT",
            "jurisdiction": "Ohio",
            "licence_number": "L 1",
            "practice_url": "https://example.org/p",
        },
    )
    assert r.status_code == 201, r.text
    await client.post(
        f"/api/v1/posts/{started['post']['id']}/reports",
        headers=members["undecided"].auth,
        json={"reason": "other", "note": "Checking."},
    )
    # Following, muting, reacting, blocking, a draft kept on the server (issue 16).
    other = await start_thread(
        client, members["undecided"], "Anyone else?", space="common-ground", title="Nights"
    )
    quiet = await start_thread(
        client, members["undecided"], "Loud one.", space="common-ground", title="Noise"
    )
    for method, url in (
        ("PUT", f"/api/v1/threads/{other['thread']['id']}/follow"),
        ("PUT", f"/api/v1/threads/{quiet['thread']['id']}/mute"),
        ("PUT", f"/api/v1/posts/{other['post']['id']}/reactions/been-there"),
        ("PUT", f"/api/v1/me/blocks/{members['leaving'].username}"),
    ):
        r = await client.request(method, url, headers=member.auth)
        assert r.status_code == 200, (url, r.text)
    r = await client.put(
        f"/api/v1/drafts/thread-{other['thread']['id']}",
        headers=member.auth,
        json={"body": "Half a thought"},
    )
    assert r.status_code == 200, r.text
    r = await client.post(
        f"/api/v1/moderation/users/{member.id}/suspensions",
        headers=mod.auth,
        json={"until": "2030-01-01T00:00:00Z", "reason": "Cooling off."},
    )
    assert r.status_code == 201, r.text
    # The suspension signed them out; lift it to read the export.
    from forum.accounts.models import User

    await User.filter(id=member.id).update(suspended_until=None)
    from forum.accounts import actions

    member.token = (await actions.create_token(await User.get(id=member.id))).value

    api = await client.get("/api/v1/me/export", headers=member.auth)
    assert api.status_code == 200, api.text
    await browser.sign_in(member.username)
    page = await browser.get("/account/export")
    assert page.status_code == 200, page.text  # was a 500 (raw datetimes)
    assert 'filename="export.json"' in page.headers["content-disposition"]
    assert member.username not in page.headers["content-disposition"]
    exported = json.loads(page.text)
    assert exported == api.json()
    [post] = [p for p in exported["posts"] if p["id"] == pid]
    assert post["body"] == "Second words." and [v["body"] for v in post["earlier_versions"]] == [
        "First words."
    ]
    assert (
        exported["ama_questions"] and exported["ama_votes"] and exported["therapist_applications"]
    )
    assert "Cooling off." in json.dumps(exported)
    [sanction] = exported["sanctions"]
    assert sanction["kind"] == "suspend" and "Cooling off." in sanction["reason"]
    follows = {f["thread_id"]: f["level"] for f in exported["follows"]}
    assert (
        follows[other["thread"]["id"]] == "following"
        and follows[started["thread"]["id"]] == "following"
    )
    assert follows[quiet["thread"]["id"]] == "muted"
    assert [(r["post_id"], r["kind"]) for r in exported["reactions"]] == [
        (other["post"]["id"], "been-there")
    ]
    assert [b["username"] for b in exported["blocks"]] == [members["leaving"].username]
    assert [(d["key"], d["body"]) for d in exported["drafts"]] == [
        (f"thread-{other['thread']['id']}", "Half a thought")
    ]
