"""Search over the catalog in Chinese and English, through the API and the page."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_chinese_query_without_spaces_finds_items(persona: Any) -> None:
    body = persona(None).get("/api/search", {"q": "海外仓"}).json()
    assert body["count"] > 3
    assert all(
        "海外仓" in (i["statement_zh"] + i["statement_en"]).lower() or i["framework"]
        for i in body["items"]
    )
    assert "海外仓" in body["items"][0]["statement_zh"]
    assert body["expanded_areas"] == ["overseas-warehouse"]


def test_area_alias_widens_the_query_but_direct_hits_come_first(persona: Any) -> None:
    body = persona(None).get("/api/search", {"q": "清关", "limit": 100}).json()
    texts = [i["statement_zh"] for i in body["items"]]
    direct = [i for i, t in enumerate(texts) if "清关" in t]
    widened = [i for i, t in enumerate(texts) if "清关" not in t]
    assert direct and widened, texts
    assert max(direct) < min(widened)


def test_english_query_finds_english_statements(persona: Any) -> None:
    body = persona(None).get("/api/search", {"q": "live streaming"}).json()
    assert body["count"] >= 1


def test_search_page_renders_results_and_htmx_fragment(persona: Any) -> None:
    client = persona(None)
    page = client.get("/search/", {"q": "海外仓"})
    assert page.status_code == 200 and "<html" in page.content.decode()
    fragment = client.get("/search/", {"q": "海外仓"}, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html and 'id="search-count"' in html and "海外仓" in html


def test_search_does_not_show_drafts_to_outsiders(persona: Any) -> None:
    query = {"q": "英文直播脚本"}
    assert persona("outsider").get("/api/search", query).json()["count"] == 0
    assert persona("chair").get("/api/search", query).json()["count"] == 1
