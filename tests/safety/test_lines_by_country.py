"""No wrong emergency number (issue 10): a country the emergency table does not know gets "your
local emergency number" and an international directory, never 112 by default; a member sees only
lines that serve their country or anywhere, their own first. Both skins, both databases."""

from __future__ import annotations

import re

import pytest

from tests.safety.conftest import CRISIS


async def _lines(client, accept_language):
    r = await client.get(
        "/api/v1/resources/crisis-lines", headers={"Accept-Language": accept_language}
    )
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _tel(html):
    return re.findall(r'href="tel:([^"]+)"', html)


@pytest.mark.parametrize(
    ("language", "emergency", "own"),
    [
        ("es-MX", "911", None),
        ("ja-JP", "110", None),
        ("pt-BR", "190", "188"),
        ("en-CA", "911", "988"),
        ("en-AU", "000", "13 11 14"),
        ("de-DE", "112", None),
    ],
)
async def test_api_lines_serve_the_country_with_its_own_emergency_number(
    client, language, emergency, own
):
    lines = await _lines(client, language)
    country = language.split("-")[1]
    assert all(line["country"] in (None, country) for line in lines), [
        (line["name"], line["country"]) for line in lines
    ]
    assert lines[-1]["name"] == "Emergency services" and lines[-1]["phone"] == emergency
    assert "988lifeline" not in str(lines), "the US line is not offered outside the US"
    if own:
        assert lines[0]["phone"] == own and lines[0]["country"] == country
    assert any("findahelpline.com" in (line["url"] or "") for line in lines)


async def test_api_a_country_not_in_the_table_gets_no_number_at_all(client):
    lines = await _lines(client, "sw-KE")  # Kenya: not in the table, so no guess
    emergency = lines[-1]
    assert emergency["phone"] is None and "your local emergency number" in emergency["description"]
    assert "112" not in emergency["description"]
    assert [line["url"] for line in lines if line["url"]] == ["https://findahelpline.com/"]


async def test_html_support_page_for_mexico_japan_and_brazil_has_no_wrong_number(client):
    for language, right in (("es-MX", ["911"]), ("ja-JP", ["110"]), ("pt-BR", ["188", "190"])):
        page = await client.get("/support", headers={"Accept-Language": language})
        assert page.status_code == 200
        assert sorted(_tel(page.text)) == right, (language, _tel(page.text))
        assert "findahelpline.com" in page.text and "988lifeline" not in page.text
    page = await client.get("/support", headers={"Accept-Language": "sw-KE"})
    assert _tel(page.text) == [] and "your local emergency number" in page.text


async def test_api_refused_crisis_text_from_mexico_gets_mexicos_lines(client, members):
    r = await client.post(
        "/api/v1/threads/1/posts", headers={"Accept-Language": "es-MX"}, json={"body": CRISIS}
    )
    assert r.status_code == 401
    lines = r.json()["error"]["crisis_resources"]
    assert lines[-1]["phone"] == "911" and not any(line["phone"] == "988" for line in lines)
