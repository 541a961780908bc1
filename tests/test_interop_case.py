"""CASE 1.1: import/export through the CLI and the web, the REST binding, round trips, bad input."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from django.conf import settings
from django.utils import translation

from cbec.cli import main
from cbec.standards.interop.case.export import case_package
from cbec.standards.interop.case.parse import parse_case_package
from cbec.standards.interop.problems import InterchangeError
from cbec.standards.models import Association, Framework, Item
from cbec.standards.snapshot import snapshot

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(
    (
        Path(__file__).parent.parent / "cbec/standards/interop/case/cfpackage-v1p1.schema.json"
    ).read_text()
)
REF = "cbec-reference-roles"
NOW = "2025-01-24T00:00:00+00:00"


ENGLISH_TERMINAL = {"LC_ALL": "C.UTF-8"}  # problems print in English unless the locale is Chinese


def cli(*args: str) -> Any:
    result = CliRunner(env=ENGLISH_TERMINAL).invoke(main, list(args), catch_exceptions=False)
    return result


def stored_counts() -> tuple[int, int, int]:
    return Framework.objects.count(), Item.objects.count(), Association.objects.count()


def comparable(pkg: dict[str, Any], ours: bool = True) -> dict[str, Any]:
    """What a round trip must keep: items, statements, codes, types, associations."""
    ids = {i["identifier"]: i.get("humanCodingScheme") for i in pkg["CFItems"]}
    ids[pkg["CFDocument"]["identifier"]] = "DOC"
    items = sorted(
        (
            i.get("humanCodingScheme"),
            i["fullStatement"],
            i.get("CFItemType"),
            json.dumps(
                i.get("extensions", {}).get("cbec", {}) | {"derived_from": ""}, sort_keys=True
            )
            if ours
            else "",
        )
        for i in pkg["CFItems"]
    )
    links = sorted(
        (
            a["associationType"],
            ids.get(a["originNodeURI"]["identifier"], a["originNodeURI"]["identifier"]),
            ids.get(a["destinationNodeURI"]["identifier"], a["destinationNodeURI"]["uri"]),
            a.get("sequenceNumber") or 0,
        )
        for a in pkg["CFAssociations"]
    )
    return {"items": items, "associations": links}


def test_export_of_reference_framework_validates_against_the_case_11_schema(tmp_path: Path) -> None:
    out = tmp_path / "roles.json"
    result = cli("case", "export", REF, "-o", str(out))
    assert result.exit_code == 0, result.output
    pkg = json.loads(out.read_text())
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    errors = list(jsonschema.Draft7Validator(SCHEMA).iter_errors(pkg))
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors[:5]]
    assert len(pkg["CFItems"]) == Framework.objects.get(code=REF).items.count()
    types = {a["associationType"] for a in pkg["CFAssociations"]}
    assert {"isChildOf", "isRelatedTo"} <= types


def test_round_trip_of_the_reference_framework_as_a_copy(tmp_path: Path) -> None:
    out = tmp_path / "roles.json"
    cli("case", "export", REF, "-o", str(out))
    before = stored_counts()
    again = cli("case", "import", str(out))
    assert again.exit_code == 0 and "unchanged" in again.output, again.output
    assert stored_counts() == before, (
        "re-importing a published version's own export changes nothing"
    )
    copy = cli("case", "import", str(out), "--copy", "--code", "roles-copy")
    assert copy.exit_code == 0, copy.output
    first = json.loads(out.read_text())
    second = case_package(snapshot(Framework.objects.get(code="roles-copy")))
    assert comparable(first) == comparable(second)
    reexport = tmp_path / "copy.json"
    cli("case", "export", "roles-copy", "-o", str(reexport))
    third = parse_case_package(reexport.read_bytes())
    assert [i.code for i in third.items] == [i["humanCodingScheme"] for i in first["CFItems"]]


def foreign_package(**changes: Any) -> dict[str, Any]:
    """A small CASE 1.0-style package from another tool: unknown fields, definitions, rubrics."""
    doc, a, b, c = (str(uuid.uuid4()) for _ in range(4))
    node = lambda i, t: {"identifier": i, "uri": f"https://x.example/{i}", "title": t}  # noqa: E731
    pkg: dict[str, Any] = {
        "CFDocument": {
            "identifier": doc,
            "uri": f"https://x.example/{doc}",
            "creator": "Example Board",
            "title": "Digital Trade Competencies",
            "lastChangeDateTime": NOW,
            "adoptionStatus": "Draft",
            "subject": ["trade"],
            "vendorField": {"x": 1},
        },
        "CFItems": [
            {
                "identifier": a,
                "uri": f"https://x.example/{a}",
                "fullStatement": "Customs",
                "humanCodingScheme": "DT.1",
                "CFItemType": "Domain",
                "lastChangeDateTime": NOW,
                "educationLevel": ["13"],
                "weirdField": [1, 2],
            },
            {
                "identifier": b,
                "uri": f"https://x.example/{b}",
                "fullStatement": "能办理跨境电商出口申报",
                "humanCodingScheme": "DT.1.1",
                "CFItemType": "Skill",
                "lastChangeDateTime": NOW,
            },
            {
                "identifier": c,
                "uri": f"https://x.example/{c}",
                "fullStatement": "Knows Incoterms",
                "humanCodingScheme": "DT.1.2",
                "CFItemType": "Knowledge",
                "lastChangeDateTime": NOW,
            },
        ],
        "CFAssociations": [
            {
                "identifier": str(uuid.uuid4()),
                "uri": "u",
                "associationType": "isChildOf",
                "lastChangeDateTime": NOW,
                "originNodeURI": node(a, "Customs"),
                "destinationNodeURI": node(doc, "doc"),
                "sequenceNumber": 1,
            },
            {
                "identifier": str(uuid.uuid4()),
                "uri": "u",
                "associationType": "isChildOf",
                "lastChangeDateTime": NOW,
                "originNodeURI": node(c, "K"),
                "destinationNodeURI": node(a, "Customs"),
                "sequenceNumber": 2,
            },
            {
                "identifier": str(uuid.uuid4()),
                "uri": "u",
                "associationType": "isChildOf",
                "lastChangeDateTime": NOW,
                "originNodeURI": node(b, "S"),
                "destinationNodeURI": node(a, "Customs"),
                "sequenceNumber": 1,
            },
            {
                "identifier": str(uuid.uuid4()),
                "uri": "u",
                "associationType": "ext:requires",
                "lastChangeDateTime": NOW,
                "originNodeURI": node(b, "S"),
                "destinationNodeURI": node(c, "K"),
            },
            {
                "identifier": str(uuid.uuid4()),
                "uri": "u",
                "associationType": "exactMatchOf",
                "lastChangeDateTime": NOW,
                "originNodeURI": node(b, "S"),
                "destinationNodeURI": {
                    "identifier": "esco:skill/x",
                    "uri": "http://data.europa.eu/esco/skill/x",
                    "title": "declare goods",
                    "targetType": "ext:esco",
                },
            },
        ],
        "CFDefinitions": {
            "CFItemTypes": [
                {
                    "identifier": str(uuid.uuid4()),
                    "uri": "t",
                    "title": "Domain",
                    "description": "A domain",
                    "hierarchyCode": "1",
                    "lastChangeDateTime": NOW,
                }
            ],
            "CFSubjects": [
                {
                    "identifier": str(uuid.uuid4()),
                    "uri": "s",
                    "title": "Trade",
                    "hierarchyCode": "1",
                    "lastChangeDateTime": NOW,
                }
            ],
        },
        "CFRubrics": [
            {
                "identifier": str(uuid.uuid4()),
                "uri": "r",
                "title": "Rubric",
                "lastChangeDateTime": NOW,
            }
        ],
    }
    pkg.update(changes)
    return pkg


def test_foreign_package_keeps_unknown_fields_types_definitions_and_order(tmp_path: Path) -> None:
    pkg = foreign_package()
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(pkg, ensure_ascii=False))
    result = cli("case", "import", str(path))
    assert result.exit_code == 0, result.output
    fw = Framework.objects.get(identifier=pkg["CFDocument"]["identifier"])
    assert fw.status == "draft" and fw.title_en == "Digital Trade Competencies"
    items = {i.code: i for i in fw.items.all()}
    assert items["DT.1.1"].item_type == "skill_requirement" and items["DT.1.1"].statement_zh
    assert items["DT.1"].item_type == "other" and items["DT.1"].case_item_type == "Domain"
    assert [r["code"] for r in snapshot(fw).items] == ["DT.1", "DT.1.1", "DT.1.2"], (
        "sequenceNumber order"
    )
    out = case_package(snapshot(fw))
    assert not list(jsonschema.Draft7Validator(SCHEMA).iter_errors(out))
    item = next(i for i in out["CFItems"] if i["humanCodingScheme"] == "DT.1")
    assert item["educationLevel"] == ["13"] and item["extensions"]["cbec"]["unknown"][
        "weirdField"
    ] == [1, 2]
    assert out["CFDocument"]["extensions"]["cbec"]["unknown"]["vendorField"] == {"x": 1}
    assert out["CFDefinitions"]["CFSubjects"] == pkg["CFDefinitions"]["CFSubjects"]
    assert out["CFRubrics"] == pkg["CFRubrics"]
    assert comparable(out, ours=False) == comparable(pkg, ours=False)
    assert {i["identifier"] for i in out["CFItems"]} == {i["identifier"] for i in pkg["CFItems"]}
    again = parse_case_package(json.dumps(out).encode())
    assert again.case_extra["document"]["vendorField"] == {"x": 1}


BAD = [
    (b'{"CFDocument": {', "line 1", "malformed JSON"),
    (b"[1, 2]", "$", "JSON object"),
    (json.dumps(foreign_package(CFItems="nope")).encode(), "$", "expected a list"),
]


@pytest.mark.parametrize("data,where,message", BAD)
def test_bad_files_name_the_location_and_change_nothing(
    tmp_path: Path, data: bytes, where: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    before = stored_counts()
    result = cli("case", "import", str(path))
    assert result.exit_code != 0
    assert "bad.json:" in result.output and where in result.output and message in result.output
    assert stored_counts() == before


def test_wrong_types_dangling_targets_and_duplicates_are_all_reported(tmp_path: Path) -> None:
    pkg = foreign_package()
    pkg["CFItems"][1]["fullStatement"] = 42
    pkg["CFItems"][2]["identifier"] = pkg["CFItems"][0]["identifier"]
    pkg["CFAssociations"][0]["destinationNodeURI"]["identifier"] = str(uuid.uuid4())
    pkg["CFAssociations"][3]["sequenceNumber"] = "first"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(pkg))
    before = stored_counts()
    result = cli("case", "import", str(path))
    assert result.exit_code != 0
    assert "bad.json:CFItems[1]: fullStatement: expected a string" in result.output
    assert "CFItems[2]: identifier: duplicate identifier" in result.output
    assert "CFAssociations[0]: destinationNodeURI: dangling isChildOf target" in result.output
    assert "CFAssociations[3]: sequenceNumber: expected an integer" in result.output
    assert stored_counts() == before


def test_unknown_association_type_and_dangling_external_target() -> None:
    pkg = foreign_package()
    pkg["CFAssociations"][3]["associationType"] = "isCousinOf"
    del pkg["CFAssociations"][4]["destinationNodeURI"]["uri"]
    with pytest.raises(InterchangeError) as info:
        parse_case_package(json.dumps(pkg).encode(), "p.json")
    text = info.value.text("en")
    assert "CFAssociations[3]: associationType: unknown association type 'isCousinOf'" in text
    assert "CFAssociations[4]: destinationNodeURI: dangling target" in text
    with translation.override("zh-hans"):
        chinese = str(info.value)
    assert "CFAssociations[3]: associationType: 未知的关联类型“isCousinOf”" in chinese


def test_identifiers_used_by_another_framework_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "roles.json"
    cli("case", "export", REF, "-o", str(out))
    old_id = json.loads(out.read_text())["CFDocument"]["identifier"]
    pkg = json.loads(out.read_text().replace(old_id, str(uuid.uuid4())))
    pkg["CFDocument"]["extensions"]["cbec"]["code"] = "other-code"
    out.write_text(json.dumps(pkg, ensure_ascii=False))
    before = stored_counts()
    result = cli("case", "import", str(out))
    assert (
        result.exit_code != 0
        and "duplicate identifier" in result.output
        and "--copy" in result.output
    )
    assert stored_counts() == before


def test_gbk_encoded_json_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes(
        json.dumps(foreign_package(), ensure_ascii=False).replace("Customs", "海关").encode("gbk")
    )
    result = cli("case", "import", str(path))
    assert result.exit_code != 0 and "encoding" in result.output and "GB18030" in result.output


def test_web_import_makes_a_draft_of_the_chosen_organisation(persona: Any, tmp_path: Path) -> None:
    pkg = foreign_package()
    client = persona("chair")
    page = client.get("/standards/import/")
    assert page.status_code == 200 and "sample-eval-centre" in page.content.decode()
    upload = tmp_path / "p.json"
    upload.write_text(json.dumps(pkg))
    with upload.open("rb") as handle:
        response = client.post(
            "/standards/import/", {"format": "case", "issuer": "sample-eval-centre", "file": handle}
        )
    assert response.status_code == 200 and 'id="import-result"' in response.content.decode()
    fw = Framework.objects.get(identifier=pkg["CFDocument"]["identifier"])
    assert fw.status == "draft" and fw.issuer and fw.issuer.slug == "sample-eval-centre"
    assert persona("outsider").get(f"/ims/case/v1p1/CFDocuments/{fw.identifier}").status_code == 404
    assert client.get(f"/ims/case/v1p1/CFDocuments/{fw.identifier}").status_code == 200
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with bad.open("rb") as handle:
        refused = client.post(
            "/standards/import/", {"format": "case", "issuer": "sample-eval-centre", "file": handle}
        )
    assert 'id="problems"' in refused.content.decode()
    assert "JSON 格式错误：" in refused.content.decode()  # the page's default language
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with bad.open("rb") as handle:
        refused = client.post(
            "/standards/import/", {"format": "case", "issuer": "sample-eval-centre", "file": handle}
        )
    assert "malformed JSON: " in refused.content.decode()
    assert persona(None).get("/standards/import/").status_code == 302


def test_outsider_cannot_import_for_an_organisation_they_do_not_belong_to(
    persona: Any, tmp_path: Path
) -> None:
    upload = tmp_path / "p.json"
    upload.write_text(json.dumps(foreign_package()))
    before = stored_counts()
    with upload.open("rb") as handle:
        response = persona("outsider").post(
            "/standards/import/", {"format": "case", "issuer": "sample-eval-centre", "file": handle}
        )
    assert "import-result" not in response.content.decode()
    assert stored_counts() == before
