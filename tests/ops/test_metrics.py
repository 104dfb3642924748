"""/metrics: who may read it, and the figures an operator needs (latency, queue, limits, pool, circuit)."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from forum.metrics import format_status, parse_exposition
from tests.conftest import ROOMY_LIMITS, test_settings

TOKEN = "metrics-token-" + "m" * 20


@pytest.fixture
def settings(database_url):
    return test_settings(
        database_url,
        metrics_token=TOKEN,
        rate_limits=ROOMY_LIMITS + ";login=1/300s",
        metrics_allow=[ipaddress.ip_network("198.51.100.0/24")],
    )


async def _scrape(client) -> list[tuple[str, dict[str, str], float]]:
    r = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    return parse_exposition(r.text)


def _value(samples, name, **labels) -> float | None:
    for n, found, value in samples:
        if n == name and all(found.get(k) == v for k, v in labels.items()):
            return value
    return None


async def test_metrics_are_404_without_the_token_or_an_allowed_address(client, app):
    assert (await client.get("/metrics")).status_code == 404
    assert (
        await client.get("/metrics", headers={"Authorization": "Bearer wrong"})
    ).status_code == 404
    assert (
        await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    ).status_code == 200
    # An address on the allow list needs no token; X-Forwarded-For does not make one.
    transport = httpx.ASGITransport(app=app, client=("198.51.100.20", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as allowed:
        assert (await allowed.get("/metrics")).status_code == 200
    assert (
        await client.get("/metrics", headers={"X-Forwarded-For": "198.51.100.20"})
    ).status_code == 404


async def test_latency_per_route_name_refusals_per_policy_and_the_pool(client, members):
    await client.get(f"/api/v1/threads/{999999}", headers=members["staying"].auth)
    await client.get("/healthz")
    for _ in range(2):  # login=1/300s: the second failed sign-in is refused
        await client.post(
            "/api/v1/auth/tokens", json={"username": "nobody_here", "password": "wrong password!"}
        )
    samples = await _scrape(client)
    assert (
        _value(
            samples,
            "crossroads_request_duration_seconds_count",
            route="api.threads.get_thread",
            method="GET",
        )
        == 1
    )
    assert _value(samples, "crossroads_requests_total", route="health.live", status="200") == 1
    assert not any("999999" in str(labels) for _, labels, _ in samples)  # names, never URLs
    assert _value(samples, "crossroads_ratelimit_refusals_total", policy="login") == 1
    assert _value(samples, "crossroads_db_pool_connections", state="max") >= 1
    assert _value(samples, "crossroads_redis_circuit_open", component="rate_limiter") == 0


async def test_open_queue_items_and_oldest_age_per_kind_and_priority_crisis_first(client, members):
    author = members["undecided"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=author.auth,
        json={"title": "Tonight", "body": "I want to kill myself, I can't go on"},
    )
    assert r.status_code == 201, r.text
    post_id = (
        r.json()["thread"]["first_post_id"]
        if "first_post_id" in r.json()["thread"]
        else r.json()["post"]["id"]
    )
    r = await client.post(
        f"/api/v1/posts/{post_id}/reports",
        headers=members["staying"].auth,
        json={"reason": "spam", "note": ""},
    )
    assert r.status_code in (200, 201), r.text
    samples = await _scrape(client)
    open_items = [(labels, v) for n, labels, v in samples if n == "crossroads_queue_open_items"]
    assert open_items, samples
    assert any(labels["priority"] == "100" and v >= 1 for labels, v in open_items)
    assert open_items[0][0]["priority"] == "100"  # crisis first
    assert all(
        _value(samples, "crossroads_queue_oldest_age_seconds", **labels) >= 0
        for labels, _ in open_items
    )
    text = format_status(samples)
    lines = text.splitlines()
    assert lines[1].lstrip().startswith("100") and "CRISIS" in lines[1]
    assert "Redis circuit, rate_limiter" in text and "database connections" in text
