"""Coverage and gap analysis through HTTP and the CLI, on the built-in catalog, with personas."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cbec.accounts.models import AuditEntry
from cbec.cli import main
from cbec.standards.models import Association, DomainArea, Framework, Item
from cbec.standards.samples import SAMPLE_DRAFT_CODE

pytestmark = pytest.mark.django_db


def cell(body: dict[str, Any], framework: str, area: str) -> dict[str, Any] | None:
    return next(
        (c for c in body["cells"] if c["framework"] == framework and c["area"] == area), None
    )


def test_coverage_matrix_is_computed_from_approved_rows(persona: Any) -> None:
    body = persona(None).get("/api/analysis/coverage").json()
    assert len(body["areas"]) == 21
    ref = cell(body, "cbec-reference-roles", "customs-clearance")
    assert ref is not None and ref["value"] == 1.0 and ref["cross_border"] and ref["rows"]
    nvss = cell(body, "cn-nvss-ecommerce-specialist", "live-stream-selling")
    assert nvss is not None and nvss["value"] == 0.5 and not nvss["cross_border"]
    assert cell(body, "cn-nvss-ecommerce-specialist", "customs-clearance") is None
    level1 = persona(None).get("/api/analysis/coverage", {"level": 1}).json()
    assert (
        cell(level1, "cn-nvss-ecommerce-specialist", "live-stream-selling") is None
    )  # a 五级 item


def test_every_cell_is_traceable_to_rows_and_sources(persona: Any) -> None:
    html = (
        persona(None)
        .get("/analysis/cell/cn-nvss-ecommerce-specialist/live-stream-selling/")
        .content.decode()
    )
    assert "电商直播" in html and "no cross-border element" in html and "chinwin.com" in html


def test_paper_findings_are_derived_with_verdicts(persona: Any) -> None:
    findings = {f["claim"]: f for f in persona(None).get("/api/analysis/paper").json()}
    assert findings["nvss-lacks-customs"]["verdict"] == "agree"
    assert "not fully verified" in findings["nvss-lacks-customs"]["caveat"]
    assert findings["nvss-level3-cross-cultural"]["verdict"] == "cannot_confirm"
    assert findings["job-type-only"]["verdict"] == "disagree"
    assert findings["job-type-only"]["evidence"] == ["cn-new-occupations-2025:OCC1"]
    live = findings["live-stream-thin"]
    assert (
        live["verdict"] == "agree"
        and "cn-nvss-internet-marketer:live-stream-selling" in live["evidence"]
    )


def test_paper_findings_follow_the_data(persona: Any) -> None:
    """Approve a cross-border live-selling crosswalk for a real standard and the verdict flips."""
    item = Item.objects.get(framework__code="cn-nvss-internet-marketer", code="JT2")
    Item.objects.filter(pk=item.pk).update(
        dimensions=["culture", "language"], item_type="skill_requirement"
    )
    findings = {f["claim"]: f for f in persona(None).get("/api/analysis/paper").json()}
    assert findings["live-stream-thin"]["verdict"] == "disagree"


def test_paper_report_page_and_cli(persona: Any) -> None:
    html = persona(None).get("/analysis/paper/").content.decode()
    assert 'id="claim-nvss-lacks-customs"' in html and "数据支持" in html and "数据不一致" in html
    result = CliRunner().invoke(main, ["gaps", "--paper"])
    assert (
        result.exit_code == 0
        and "[agree] §3.3 The national E-commerce Specialist standard lacks customs"
        in result.output
    )


def test_feature_index_shows_thin_cross_border_specifics(persona: Any) -> None:
    rows = {r["framework"]: r for r in persona(None).get("/api/analysis/features").json()}
    reference = rows["cbec-reference-roles"]
    assert reference["with_any"] > 100
    others = [r["index"] for code, r in rows.items() if code != "cbec-reference-roles"]
    assert max(others) < reference["index"]
    tracking = sum(d["by_depth"]["tracking"] for d in reference["dimensions"])
    assert tracking > 0


def test_gap_report_for_the_national_standard(persona: Any) -> None:
    body = persona(None).get("/api/analysis/gaps/cn-nvss-ecommerce-specialist").json()
    kinds = {g["area"]: g["kind"] for g in body["gaps"]}
    assert kinds["customs-clearance"] == "missing" and kinds["T3"] == "partial"
    assert "eu-gpsr-2023-988" in body["unapplied_regulations"]
    html = persona(None).get("/analysis/gaps/cn-nvss-ecommerce-specialist/").content.decode()
    assert 'id="gap-table"' in html


def test_comparison_of_two_frameworks(persona: Any) -> None:
    rows = (
        persona(None)
        .get(
            "/api/analysis/compare",
            {"a": "cbec-reference-roles", "b": "cn-nvss-ecommerce-specialist"},
        )
        .json()
    )
    sides = {r["area"]: r["side"] for r in rows}
    assert sides["customs-clearance"] == "only_a" and sides["T3"] == "shared"
    html = (
        persona(None)
        .get(
            "/analysis/compare/",
            {"a": "cbec-reference-roles", "b": "cn-fj-cbec-ops-special-competence-2020"},
        )
        .content.decode()
    )
    assert 'id="compare-counts"' in html


def test_exports(persona: Any) -> None:
    text = persona(None).get("/analysis/", {"format": "csv"}).content.decode()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:3] == ["framework", "title", "T1"]
    ref = next(r for r in table if r[0] == "cbec-reference-roles")
    assert ref[table[0].index("customs-clearance")] == "full"
    book = load_workbook(io.BytesIO(persona(None).get("/analysis/", {"format": "xlsx"}).content))
    assert book.sheetnames == ["coverage", "crosswalk rows"]


def test_pages_render_in_both_languages(persona: Any) -> None:
    client = persona(None)
    for path in [
        "/analysis/",
        "/analysis/?level=3",
        "/analysis/features/",
        "/analysis/paper/",
        "/analysis/compare/",
        "/analysis/crosswalks/cbec-reference-roles/",
    ]:
        assert client.get(path).status_code == 200, path
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Coverage matrix" in client.get("/analysis/").content.decode()


def test_reviewer_workbench_suggest_and_review(persona: Any, user: Any) -> None:
    chair = persona("chair")
    response = chair.post(f"/analysis/crosswalks/{SAMPLE_DRAFT_CODE}/suggest/")
    assert response.status_code == 302
    fw = Framework.objects.get(code=SAMPLE_DRAFT_CODE)
    proposed = Association.objects.filter(framework=fw, status="proposed")
    assert proposed.exists()
    script = Item.objects.get(framework=fw, code="1.1.1")
    best = proposed.filter(origin=script).order_by("-confidence").first()
    # The authors already mapped the script item to live selling; the suggestion adds culture.
    assert best is not None and best.destination_area.code == "minor-languages-culture"
    assert not proposed.filter(origin=script, destination_area__code="live-stream-selling").exists()
    # Running it again proposes nothing new.
    before = proposed.count()
    chair.post(f"/analysis/crosswalks/{SAMPLE_DRAFT_CODE}/suggest/")
    assert Association.objects.filter(framework=fw, status="proposed").count() == before
    page = chair.get(f"/analysis/crosswalks/{SAMPLE_DRAFT_CODE}/").content.decode()
    assert 'id="bulk-form"' in page and "review-form" in page
    fragment = chair.post(
        f"/analysis/crosswalk-rows/{best.pk}/review/",
        {"decision": "approve", "match": "narrow", "coverage": "full"},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200 and "status-approved" in fragment.content.decode()
    best.refresh_from_db()
    assert (best.status, best.coverage, best.reviewer) == ("approved", "full", user("chair"))
    assert AuditEntry.objects.filter(
        action="analysis.crosswalk.approved", data__row=best.pk
    ).exists()
    rest = list(
        Association.objects.filter(framework=fw, status="proposed").values_list("pk", flat=True)
    )
    chair.post(
        f"/analysis/crosswalks/{SAMPLE_DRAFT_CODE}/bulk/", {"rows": rest, "decision": "reject"}
    )
    assert not Association.objects.filter(framework=fw, status="proposed").exists()


def test_only_reviewers_of_the_owning_organisation_may_review(persona: Any) -> None:
    row = Association.objects.filter(framework__code="cn-nvss-ecommerce-specialist").first()
    assert row is not None
    response = persona("enterprise").post(
        f"/analysis/crosswalk-rows/{row.pk}/review/", {"decision": "reject"}
    )
    assert response.status_code == 403
    api = persona("enterprise").post(
        f"/api/analysis/crosswalks/{row.pk}/review",
        {"decision": "reject"},
        content_type="application/json",
    )
    assert api.status_code == 403 and api.json()["error"]["code"] == "forbidden"
    anonymous = persona(None).post(
        f"/api/analysis/crosswalks/{row.pk}/review",
        {"decision": "reject"},
        content_type="application/json",
    )
    assert anonymous.status_code == 401
    assert (
        persona("enterprise").post(f"/analysis/crosswalks/{SAMPLE_DRAFT_CODE}/suggest/").status_code
        == 404
    )
    row.refresh_from_db()
    assert row.status == "approved"


def test_staff_review_through_the_api_validates_input(persona: Any) -> None:
    row = Association.objects.filter(framework__code="cn-nvss-ecommerce-specialist").first()
    assert row is not None
    bad = persona("demo").post(
        f"/api/analysis/crosswalks/{row.pk}/review",
        {"decision": "maybe"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"
    ok = persona("demo").post(
        f"/api/analysis/crosswalks/{row.pk}/review",
        {"decision": "reject", "rationale": "checked the text"},
        content_type="application/json",
    )
    assert (
        ok.status_code == 200
        and ok.json()["status"] == "rejected"
        and ok.json()["reviewer"] == "demo"
    )


def test_bad_crosswalks_are_flagged_not_merged(persona: Any) -> None:
    ref = Framework.objects.get(code="cbec-reference-roles")
    a, b, c = list(Item.objects.filter(framework=ref, item_type="skill_requirement")[:3])
    for origin, target in [(a, b), (b, c), (c, a)]:
        Association.objects.create(
            framework=ref,
            association_type="exactMatchOf",
            origin=origin,
            destination_item=target,
            match="exact",
            coverage="full",
        )
    area = DomainArea.objects.get(code="T1")
    before = Association.objects.filter(origin=a, destination_area=area).count()
    for match in ("narrow", "broad"):
        Association.objects.create(
            framework=ref,
            association_type="isRelatedTo",
            origin=a,
            destination_area=area,
            match=match,
            coverage="partial",
        )
    old = Framework.objects.get(code="eu-digcomp-2-2")
    Association.objects.create(
        framework=ref,
        association_type="isRelatedTo",
        origin=b,
        destination_item=old.items.first(),
        match="related",
        coverage="partial",
    )
    Framework.objects.filter(pk=old.pk).update(status="superseded")
    kinds = {f["kind"] for f in persona(None).get("/api/analysis/flags").json()}
    assert kinds >= {"exact_cycle", "conflict", "stale_target"}
    html = persona(None).get("/analysis/crosswalks/cbec-reference-roles/").content.decode()
    assert 'id="crosswalk-flags"' in html
    assert Association.objects.filter(origin=a, destination_area=area).count() == before + 2
