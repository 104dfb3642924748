"""A confident crisis-model hit shows crisis lines on its own (issue 10, round 4), on every path:
a post the phrase patterns miss ("I've made my peace with it...") gets `crisis_resources` when it is
published and when it is refused (429), and reaches the queue at crisis priority. A hit in a denial,
advice or a past crisis resolved only queues a "possible crisis" item. Both databases."""

from __future__ import annotations

import pytest

from moderation import priorities as P
from moderation.detect import ModelHit, find_crisis, score_crisis
from moderation.screens import crisis_verdict, possible_crisis_verdict
from tests.conftest import ROOMY_LIMITS, test_settings
from tests.safety.conftest import assert_lines, crisis_items

# No phrase rule matches it; the model scores it far above its confident threshold.
MODEL_ONLY = "I've made my peace with it. I know what I'm going to do."


@pytest.fixture
def settings(database_url):
    return test_settings(database_url, rate_limits=ROOMY_LIMITS + ";post_create=1/60s")


def test_the_text_is_the_models_alone() -> None:
    assert find_crisis(MODEL_ONLY) == []
    hit = score_crisis(MODEL_ONLY)
    assert hit.confident, hit
    verdict = crisis_verdict(MODEL_ONLY)
    assert verdict.crisis and verdict.priority == P.CRISIS
    assert verdict.reasons == [f"crisis: model score {hit.score:.2f}"]


def test_an_out_of_scope_model_hit_only_queues() -> None:
    denial = ModelHit(
        "crisis", 0.99, "I'm not suicidal, just exhausted.", threshold=0.9, queue_threshold=0.8
    )
    verdict = possible_crisis_verdict(denial)
    assert not verdict.crisis and verdict.queue and verdict.priority == P.POSSIBLE_CRISIS


async def test_published_post_read_by_the_model_gets_lines_and_a_crisis_item(client, members):
    member, mod = members["undecided"], members["moderator"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=member.auth,
        json={"title": "Tonight", "body": MODEL_ONLY},
    )
    assert r.status_code == 201, r.text
    assert_lines(r.json()["crisis_resources"])
    queue = await client.get("/api/v1/moderation/queue", headers=mod.auth, params={"limit": 100})
    assert any(item["priority"] == P.CRISIS for item in queue.json()["items"]), queue.json()


async def test_refused_post_read_by_the_model_gets_lines_and_reaches_a_moderator(client, members):
    member, mod = members["undecided"], members["moderator"]
    made = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=member.auth,
        json={"title": "Checking in", "body": "A calm first post."},
    )
    thread_id = made.json()["thread"]["id"]
    assert (
        await client.post(
            f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": "One reply."}
        )
    ).status_code == 201
    r = await client.post(
        f"/api/v1/threads/{thread_id}/posts", headers=member.auth, json={"body": MODEL_ONLY}
    )
    assert r.status_code == 429
    assert_lines(r.json()["error"]["crisis_resources"])
    items = await crisis_items(client, mod)
    assert (
        len(items) == 1 and items[0]["priority"] == P.CRISIS and MODEL_ONLY in items[0]["summary"]
    ), items
