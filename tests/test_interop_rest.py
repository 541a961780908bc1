"""The CASE 1.1 REST binding under /ims/case/v1p1/: shapes, collection parameters, errors."""

from __future__ import annotations

from typing import Any

import pytest

from cbec.standards.models import Framework
from cbec.standards.samples import SAMPLE_DRAFT_CODE

pytestmark = pytest.mark.django_db
BASE = "/ims/case/v1p1/"


def assert_status_info(response: Any, status: int, minor: str) -> None:
    assert response.status_code == status
    body = response.json()
    assert body["imsx_codeMajor"] == "failure" and body["imsx_severity"] == "error"
    assert body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == minor


def test_documents_collection_pages_filters_sorts_and_selects(persona: Any) -> None:
    client = persona(None)
    first = client.get(BASE + "CFDocuments", {"limit": 5, "sort": "title", "orderBy": "desc"})
    total = int(first["X-Total-Count"])
    assert first.status_code == 200 and total >= 18 and len(first.json()["CFDocuments"]) == 5
    titles = [d["title"] for d in first.json()["CFDocuments"]]
    assert titles == sorted(titles, reverse=True)
    assert (
        'rel="next"' in first["Link"]
        and 'rel="last"' in first["Link"]
        and 'rel="prev"' not in first["Link"]
    )
    second = client.get(BASE + "CFDocuments", {"limit": 5, "offset": 5})
    assert 'rel="prev"' in second["Link"]
    picked = client.get(BASE + "CFDocuments", {"fields": "identifier,title"}).json()["CFDocuments"]
    assert all(set(d) == {"identifier", "title"} for d in picked)
    adopted = client.get(
        BASE + "CFDocuments", {"filter": "adoptionStatus='Adopted' AND title~'跨境电商岗位'"}
    )
    docs = adopted.json()["CFDocuments"]
    assert [d["title"] for d in docs] == ["跨境电商岗位能力参考框架"] and adopted[
        "X-Total-Count"
    ] == "1"
    either = client.get(BASE + "CFDocuments", {"filter": "title~'岗位能力' OR title~'no-such'"})
    assert either["X-Total-Count"] == "1"
    assert "CFPackageURI" in docs[0]


def test_bad_parameters_and_unknown_objects_answer_imsx_status_info(persona: Any) -> None:
    client = persona(None)
    assert_status_info(
        client.get(BASE + "CFDocuments", {"filter": "nope='x'"}), 400, "invalid_filter_field"
    )
    assert_status_info(
        client.get(BASE + "CFDocuments", {"filter": "title"}), 400, "invalid_filter_field"
    )
    assert_status_info(
        client.get(BASE + "CFDocuments", {"sort": "nope"}), 400, "invalid_sort_field"
    )
    assert_status_info(
        client.get(BASE + "CFDocuments", {"fields": "nope"}), 400, "invalid_selection_field"
    )
    assert_status_info(client.get(BASE + "CFDocuments", {"limit": "-1"}), 400, "invalid_data")
    assert_status_info(client.get(BASE + "CFItems/not-there"), 404, "unknownobject")
    assert_status_info(client.get(BASE + "CFNothing/x"), 404, "unknownobject")
    assert_status_info(client.post(BASE + "CFDocuments"), 405, "invalid_data")


def test_package_item_associations_and_definitions(persona: Any) -> None:
    client = persona(None)
    fw = Framework.objects.get(code="cbec-reference-roles")
    pkg = client.get(BASE + f"CFPackages/{fw.identifier}").json()
    assert set(pkg) >= {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions"}
    parent = next(i for i in pkg["CFItems"] if i["humanCodingScheme"] == "R1.1")
    item = client.get(BASE + f"CFItems/{parent['identifier']}").json()
    assert item["fullStatement"] == parent["fullStatement"] and "CFDocumentURI" in item
    links = client.get(BASE + f"CFItemAssociations/{parent['identifier']}").json()
    assert links["CFItem"]["identifier"] == parent["identifier"]
    assert len([a for a in links["CFAssociations"] if a["associationType"] == "isChildOf"]) >= 2
    for association in (
        pkg["CFAssociations"][0],
        next(a for a in pkg["CFAssociations"] if a["associationType"] == "isRelatedTo"),
    ):
        found = client.get(BASE + f"CFAssociations/{association['identifier']}")
        assert found.status_code == 200 and found.json() == association
    item_type = pkg["CFDefinitions"]["CFItemTypes"][0]
    types = client.get(BASE + f"CFItemTypes/{item_type['identifier']}").json()
    assert types["CFItemTypes"][0]["identifier"] == item_type["identifier"]
    assert client.get(BASE + f"CFDocuments/{fw.identifier}", {"fields": "title"}).json() == {
        "title": fw.title_zh
    }


def test_drafts_only_for_their_issuers_members(persona: Any) -> None:
    draft = Framework.objects.get(code=SAMPLE_DRAFT_CODE)
    for name, status in [(None, 404), ("outsider", 404), ("chair", 200), ("demo", 200)]:
        assert persona(name).get(BASE + f"CFPackages/{draft.identifier}").status_code == status, (
            name
        )
    anonymous = persona(None).get(BASE + "CFDocuments", {"limit": 500}).json()["CFDocuments"]
    assert str(draft.identifier) not in {d["identifier"] for d in anonymous}


@pytest.mark.parametrize(
    "kind", ["CFSubjects", "CFConcepts", "CFLicenses", "CFAssociationGroupings", "CFRubrics"]
)
def test_every_definition_endpoint_answers(persona: Any, kind: str) -> None:
    assert_status_info(
        persona(None).get(BASE + f"{kind}/00000000-0000-0000-0000-000000000000"),
        404,
        "unknownobject",
    )
