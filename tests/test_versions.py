"""Versions: new version, publish (supersede + replacedBy), the semantic diff in UI/API/CLI."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cbec.accounts.models import AuditEntry
from cbec.cli import main
from cbec.standards.diff import bump_version, diff_snapshots
from cbec.standards.models import Framework
from cbec.standards.snapshot import Snapshot

pytestmark = pytest.mark.django_db
REF = "cbec-reference-roles"


def row(
    code: str,
    zh: str,
    parent: str | None = None,
    levels: list[int] | None = None,
    ident: str = "",
    derived: str = "",
) -> dict[str, Any]:
    return {
        "identifier": ident or f"id-{code}",
        "code": code,
        "parent": parent,
        "item_type": "skill_requirement",
        "statement_zh": zh,
        "statement_en": "",
        "levels": levels or [],
        "derived_from": derived,
    }


def snap(
    version: str, rows: list[dict[str, Any]], weights: list[dict[str, Any]] | None = None
) -> Snapshot:
    return Snapshot({"version": version}, rows, weights=weights or [])


def test_diff_core_kinds_and_semver() -> None:
    old = snap(
        "1.2.3",
        [row("A", "甲"), row("B", "乙", "A", [5]), row("C", "丙"), row("D", "丁。")],
        [{"scope": None, "item": "A", "kind": "theory", "level": 5, "percent": 10.0}],
    )
    new = snap(
        "1.3.0",
        [
            row("A", "甲", ident="n1", derived="id-A"),
            row("B2", "乙", "A", [5, 4], ident="n2", derived="id-B"),
            row("D", "丁", ident="n4", derived="id-D"),
            row("E", "戊", "D", ident="n5"),
        ],
        [{"scope": None, "item": "A", "kind": "theory", "level": 5, "percent": 20.0}],
    )
    result = diff_snapshots(old, new)
    kinds = {(c.kind, c.code) for c in result.items}
    assert kinds == {
        ("removed", "C"),
        ("relevelled", "B2"),
        ("editorial", "B2"),
        ("editorial", "D"),
        ("added", "E"),
        ("reweighted", "A"),
    }
    assert result.bump == "major" and result.suggested_version == "2.0.0"
    minor = diff_snapshots(old, snap("x", [*old.items, row("F", "己")], old.weights))
    assert minor.bump == "minor" and minor.suggested_version == "1.3.0"
    assert diff_snapshots(old, old).bump == "none"
    assert bump_version("1.2.3", "patch") == "1.2.4"


def test_new_version_excel_edit_diff_and_publish_through_the_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(main, ["version", "new", REF, "--as", "1.1.0"])
    assert made.exit_code == 0, made.output
    draft = Framework.objects.get(code=REF, version="1.1.0")
    assert draft.status == "draft" and draft.items.filter(derived_from__isnull=True).count() == 0
    book = tmp_path / "draft.xlsx"
    assert runner.invoke(main, ["excel", "export", f"{REF}@1.1.0", "-o", str(book)]).exit_code == 0
    wb = load_workbook(book)
    ws = wb["条目"]
    codes = [c.value for c in ws["A"]]
    target = codes.index("R1.1.1.S1") + 1
    ws.cell(target, 4).value = "能按平台要求独立完成入驻并复核资质"
    ws.append(["R1.9", "R1", "职业功能", "新增职业功能", "New function", "", "", "", "", ""])
    wb.save(book)
    imported = runner.invoke(main, ["excel", "import", str(book), "--into", f"{REF}@1.1.0"])
    assert imported.exit_code == 0 and "1 created" in imported.output, imported.output
    text = runner.invoke(main, ["diff", f"{REF}@1.0.0", f"{REF}@1.1.0", "--format", "json"])
    body = json.loads(text.output)
    assert body["bump"] == "major" and body["suggested_version"] == "2.0.0"
    assert {("reworded", "R1.1.1.S1"), ("added", "R1.9")} <= {
        (c["kind"], c["code"]) for c in body["items"]
    }
    md = runner.invoke(main, ["diff", f"{REF}@1.0.0", f"{REF}@1.1.0", "--format", "md"]).output
    assert "## reworded" in md and "R1.1.1.S1" in md
    published = runner.invoke(main, ["version", "publish", f"{REF}@1.1.0"])
    assert published.exit_code == 0, published.output
    assert Framework.objects.get(code=REF, version="1.0.0").status == "superseded"
    replaced = draft.associations.filter(association_type="replacedBy").select_related(
        "origin", "destination_item"
    )
    assert [(a.origin.code, a.destination_item.code) for a in replaced] == [
        ("R1.1.1.S1", "R1.1.1.S1")
    ]
    assert replaced[0].origin.framework.version == "1.0.0"
    assert AuditEntry.objects.filter(action="standards.framework.versioned").exists()
    assert AuditEntry.objects.filter(action="standards.framework.workbook_imported").exists()


def test_command_line_errors_follow_the_terminals_language() -> None:
    args = ["version", "publish", f"{REF}@1.0.0"]  # published already
    english = CliRunner(env={"LC_ALL": "C.UTF-8"}).invoke(main, args)
    assert english.exit_code == 1 and "only drafts can be published" in english.output
    chinese = CliRunner(env={"LC_ALL": "zh_CN.UTF-8"}).invoke(main, args)
    assert "只有草案可以发布" in chinese.output


def test_new_version_in_the_web_ui_and_diff_pages(persona: Any) -> None:
    assert (
        persona("chair").post(f"/standards/{REF}/versions/new/", {"version": "1.0.0"}).status_code
        == 302
    )
    assert not Framework.objects.filter(code=REF, version="1.1.0").exists(), (
        "chair is not the issuer's editor"
    )
    demo = persona("demo")
    response = demo.post(f"/standards/{REF}/versions/new/", {"version": "1.0.0"})
    assert response.status_code == 302
    assert Framework.objects.get(code=REF, version="1.1.0").status == "draft"
    page = demo.get(f"/standards/{REF}/interchange/", {"version": "1.1.0"}).content.decode()
    assert "1.1.0" in page and 'id="publish"' in page
    diff = demo.get(f"/standards/{REF}/diff/", {"old": "1.0.0", "new": "1.1.0"})
    assert diff.status_code == 200 and 'id="suggested"' in diff.content.decode()
    api = demo.get(f"/api/frameworks/{REF}/diff", {"old": "1.0.0", "new": "1.1.0"}).json()
    assert api["bump"] == "none" and api["suggested_version"] == "1.0.0"
    versions = demo.get(f"/api/frameworks/{REF}/versions").json()
    assert [v["version"] for v in versions] == ["1.0.0", "1.1.0"] and versions[1][
        "derived_from"
    ] == "1.0.0"
    anonymous = persona(None).get(f"/api/frameworks/{REF}/versions").json()
    assert [v["version"] for v in anonymous] == ["1.0.0"], "drafts stay private"
    xlsx = demo.get(f"/standards/{REF}/diff/changelog.xlsx", {"old": "1.0.0", "new": "1.1.0"})
    assert load_workbook(BytesIO(xlsx.content))["changelog"]["A2"].value == "变更 change"
    md = demo.get(f"/standards/{REF}/diff/changelog.md", {"old": "1.0.0", "new": "1.1.0"})
    assert md.content.decode().startswith(f"# {REF}: 1.0.0 → 1.1.0")


@pytest.mark.parametrize(
    "path",
    [
        f"/standards/{REF}/interchange/",
        f"/standards/{REF}/diff/?old=1.0.0&new=1.0.0",
        "/standards/import/",
    ],
)
def test_pages_render_in_both_languages(persona: Any, path: str) -> None:
    client = persona("demo")
    assert '<html lang="zh-hans"' in client.get(path).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en"' in client.get(path).content.decode()
