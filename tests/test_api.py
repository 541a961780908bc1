"""The read API through HTTP: shapes, filters, pagination and the one error shape."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    return body["error"]


def test_frameworks_list_filters_and_paginates(persona: Any) -> None:
    client = persona(None)
    body = client.get("/api/frameworks", {"limit": 5}).json()
    assert body["count"] >= 18 and len(body["items"]) == 5
    second = client.get("/api/frameworks", {"limit": 5, "offset": 5}).json()
    assert not {f["code"] for f in body["items"]} & {f["code"] for f in second["items"]}
    national = client.get("/api/frameworks", {"kind": "national"}).json()
    assert national["count"] >= 1 and {f["kind"] for f in national["items"]} == {"national"}
    by_issuer = client.get("/api/frameworks", {"issuer": "mohrss"}).json()["items"]
    assert by_issuer and all(f["issuer"] == "mohrss" for f in by_issuer)
    assert client.get("/api/frameworks", {"status": "draft"}).json()["count"] == 0


def test_framework_detail_has_levels_weights_and_provenance(persona: Any) -> None:
    body = persona(None).get("/api/frameworks/cbec-reference-roles").json()
    assert [lv["rank"] for lv in body["levels"]] == [5, 4, 3, 2, 1]
    assert body["item_count"] > 200 and body["weights"]
    assert body["provenance"]["verification"] == "verified"
    unverified = (
        persona(None).get("/api/frameworks/cn-zj-cbec-digital-marketing-talent-spec").json()
    )
    assert unverified["provenance"]["verification"] == "unverified"


def test_items_in_tree_order_and_level_filter(persona: Any) -> None:
    client = persona(None)
    items = client.get("/api/frameworks/cbec-reference-roles/items", {"limit": 500}).json()["items"]
    codes = [i["code"] for i in items]
    assert codes.index("R1") < codes.index("R1.1") < codes.index("R1.1.1") < codes.index("R2")
    level1 = client.get(
        "/api/frameworks/cbec-reference-roles/items",
        {"level": 1, "type": "skill_requirement", "limit": 500},
    ).json()["items"]
    assert level1 and all(1 in i["levels"] for i in level1)


def test_item_detail_lists_crosswalks_and_regulations(persona: Any) -> None:
    client = persona(None)
    items = client.get("/api/frameworks/cbec-reference-roles/items", {"limit": 500}).json()["items"]
    linked = None
    for item in items:
        if item["type"] == "skill_requirement":
            detail = client.get(f"/api/items/{item['identifier']}").json()
            if detail["regulations"]:
                linked = detail
                break
    assert linked is not None
    assert linked["crosswalks"][0]["destination_kind"] == "domain_area"
    assert linked["regulations"][0]["relation"] in {"apply", "track"}


def test_domain_map_regulations_statistics_and_programmes(persona: Any) -> None:
    client = persona(None)
    areas = client.get("/api/domain-areas").json()
    assert len(areas) == 21 and areas[0]["code"] == "T1"
    assert client.get("/api/domain-areas/overseas-warehouse").json()["aliases_zh"]
    regs = client.get("/api/regulations", {"jurisdiction": "EU", "limit": 50}).json()
    assert regs["count"] >= 4 and all(r["jurisdiction"] == "EU" for r in regs["items"])
    gpsr = client.get("/api/regulations/eu-gpsr-2023-988").json()
    assert gpsr["status"] == "in_force" and gpsr["effective_on"] == "2024-12-13"
    assert any(s["code"] == "cn-cbec-trade-2023" for s in client.get("/api/statistics").json())
    programmes = client.get("/api/programme-counts").json()
    assert programmes["undergraduate_total"] == 14 and programmes["vocational_total"] == 430


def test_not_found_and_validation_use_the_documented_shape(persona: Any) -> None:
    client = persona(None)
    assert_error(client.get("/api/frameworks/no-such-standard"), 404, "not_found")
    assert_error(client.get("/api/items/not-a-uuid"), 404, "not_found")
    assert_error(client.get("/api/items/00000000-0000-0000-0000-000000000000"), 404, "not_found")
    assert_error(client.get("/api/domain-areas/nope"), 404, "not_found")
    assert_error(client.get("/api/no/such/endpoint"), 404, "not_found")
    error = assert_error(client.get("/api/frameworks", {"limit": "-3"}), 422, "validation_error")
    assert error["details"][0]["field"] == "limit"
    error = assert_error(client.get("/api/search"), 422, "validation_error")
    assert error["details"][0]["field"] == "q"


def test_drafts_hidden_in_api_for_outsiders(persona: Any) -> None:
    assert_error(
        persona("outsider").get("/api/frameworks/sample-live-commerce-draft"), 404, "not_found"
    )
    body = persona("chair").get("/api/frameworks/sample-live-commerce-draft").json()
    assert body["status"] == "draft" and body["provenance"]["is_sample"] is True


def test_openapi_schema_is_published(persona: Any) -> None:
    schema = persona(None).get("/api/openapi.json").json()
    assert "/api/frameworks" in schema["paths"] and "/api/search" in schema["paths"]
    docs = persona(None).get("/api/docs")
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()
