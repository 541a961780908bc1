"""Excel template/import, Word/PDF publication, ESCO CSV: through the CLI and HTTP; fuzzing."""

from __future__ import annotations

import contextlib
import html
import json
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.conf import settings as django_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from cbec.cli import main
from cbec.standards.interop.case.parse import parse_case_package
from cbec.standards.interop.excel.export import template_bytes
from cbec.standards.interop.excel.parse import parse_workbook
from cbec.standards.interop.problems import InterchangeError
from cbec.standards.models import Association, Framework, Item

pytestmark = pytest.mark.django_db
REF = "cbec-reference-roles"
FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def stored() -> tuple[int, int, int]:
    return Framework.objects.count(), Item.objects.count(), Association.objects.count()


ENGLISH_TERMINAL = {"LC_ALL": "C.UTF-8"}  # problems print in English unless the locale is Chinese


def run(*args: str, env: dict[str, str] = ENGLISH_TERMINAL) -> Any:
    return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)


def workbook(rows: list[list[Any]], meta: dict[str, str] | None = None) -> Workbook:
    wb = load_workbook(BytesIO(template_bytes()))
    fields = {
        "编码 code": "xl-test",
        "版本 version": "0.1.0",
        "中文标题 title (zh)": "测试标准",
    } | (meta or {})
    for cells in wb["框架"].iter_rows(min_row=2):
        if cells[0].value in fields:
            cells[1].value = fields[cells[0].value]
    wb["等级"].append([5, "L5", "五级", "Level 5"])
    for r in rows:
        wb["条目"].append(r)
    return wb


def save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


GOOD = [
    ["F1", "", "职业功能", "选品", "Selection", "", "", "", "", ""],
    ["F1.1", "F1", "技能要求", "能分析市场", "", "5", "选品分析; 市场调研", "", "data", ""],
]


def test_template_is_documented_and_imports_a_new_framework(tmp_path: Path) -> None:
    assert run("excel", "template", "-o", str(tmp_path / "t.xlsx")).exit_code == 0
    wb = load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["说明", "框架", "等级", "条目", "权重"]
    assert "合并单元格" in "".join(str(c.value) for c in wb["说明"]["A"])
    result = run("excel", "import", str(save(workbook(GOOD), tmp_path / "x.xlsx")))
    assert result.exit_code == 0, result.output
    fw = Framework.objects.get(code="xl-test")
    item = fw.items.get(code="F1.1")
    assert (
        item.parent
        and item.parent.code == "F1"
        and item.levels == [5]
        and item.aliases_zh == ["选品分析", "市场调研"]
    )


def test_excel_round_trip_of_the_reference_framework(tmp_path: Path) -> None:
    out = tmp_path / "roles.xlsx"
    assert run("excel", "export", REF, "-o", str(out)).exit_code == 0
    parsed = parse_workbook(out.read_bytes(), "roles.xlsx")
    assert not parsed.problems
    fw = Framework.objects.get(code=REF)
    stored_items = {
        i.code: (
            i.parent.code if i.parent else None,
            i.item_type,
            i.statement_zh,
            i.statement_en,
            sorted(i.levels),
        )
        for i in fw.items.select_related("parent")
    }
    assert {
        s.code: (s.parent_code, s.item_type, s.statement_zh, s.statement_en, sorted(s.levels))
        for s in parsed.spec.items
    } == stored_items
    assert len(parsed.spec.weights) == fw.weights.count()


def test_bad_rows_are_all_reported_and_nothing_changes_unless_good_rows_only(
    tmp_path: Path,
) -> None:
    rows = [
        *GOOD,
        ["", "F1", "技能要求", "无编码", "", "", "", "", "", ""],
        ["F1.2", "NOPE", "技能要求", "上级不存在", "", "", "", "", "", ""],
        ["F1.3", "F1", "魔法", "类型不对", "", "7x", "", "", "", ""],
        ["F1", "", "职业功能", "重复", "", "", "", "", "", ""],
    ]
    path = save(workbook(rows), tmp_path / "bad.xlsx")
    before = stored()
    result = run("excel", "import", str(path))
    assert result.exit_code != 0
    for text in [
        "bad.xlsx:条目!A4: 编码 code: required",
        "条目!B5: 上级编码 parent: no item with code 'NOPE'",
        "条目!C6: 类型 type: unknown type '魔法'",
        "条目!F6: 适用等级 levels",
        "条目!A7: 编码 code: duplicate code",
    ]:
        assert text in result.output, result.output
    chinese = run("excel", "import", str(path), env={"LC_ALL": "zh_CN.UTF-8"})
    assert "条目!C6: 类型 type: 未知的类型“魔法”" in chinese.output, chinese.output
    assert stored() == before
    partial = run("excel", "import", str(path), "--good-rows-only")
    assert partial.exit_code == 0 and "2 created" in partial.output, partial.output
    assert "skipped" in partial.output
    assert sorted(Framework.objects.get(code="xl-test").items.values_list("code", flat=True)) == [
        "F1",
        "F1.1",
    ]


def test_merged_cells_formulas_and_extra_sheets_refuse_the_file(tmp_path: Path) -> None:
    wb = workbook(GOOD)
    wb["条目"].merge_cells("D2:E2")
    wb["条目"]["H3"] = "=1+1"
    wb.create_sheet("我的备注")
    before = stored()
    result = run("excel", "import", str(save(wb, tmp_path / "shape.xlsx")))
    assert result.exit_code != 0
    assert "shape.xlsx:条目!D2:E2: merged cells" in result.output
    assert "shape.xlsx:条目!H3: formula" in result.output
    assert "shape.xlsx:我的备注: sheet: extra sheet" in result.output
    assert stored() == before
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    assert "not an Excel .xlsx workbook" in run("excel", "import", str(junk)).output


def test_excel_into_a_draft_through_the_web_needs_an_editor(persona: Any, tmp_path: Path) -> None:
    from cbec.standards.samples import SAMPLE_DRAFT_CODE

    draft = Framework.objects.get(code=SAMPLE_DRAFT_CODE)
    rows = [["S9", "", "职业功能", "网页新增", "", "", "", "", "", ""]]
    path = save(
        workbook(rows, {"编码 code": draft.code, "版本 version": draft.version}),
        tmp_path / "d.xlsx",
    )
    for name, expected in [("outsider", 0), ("chair", 1)]:
        with path.open("rb") as handle:
            persona(name).post(
                f"/standards/{draft.code}/workbook/", {"version": draft.version, "file": handle}
            )
        assert draft.items.filter(code="S9").count() == expected, name


def test_workbook_problems_are_shown_in_the_readers_language(persona: Any, tmp_path: Path) -> None:
    from cbec.standards.samples import SAMPLE_DRAFT_CODE

    draft = Framework.objects.get(code=SAMPLE_DRAFT_CODE)
    rows = [["S8", "NOPE", "魔法", "坏行", "", "", "", "", "", ""]]
    path = save(
        workbook(rows, {"编码 code": draft.code, "版本 version": draft.version}),
        tmp_path / "bad.xlsx",
    )
    client = persona("chair")

    def upload() -> str:
        with path.open("rb") as handle:
            response = client.post(
                f"/standards/{draft.code}/workbook/",
                {"version": draft.version, "file": handle},
                follow=True,
                HTTP_ACCEPT_LANGUAGE="en",  # pages follow the language cookie, not the browser
            )
        assert response.status_code == 200
        return html.unescape(response.content.decode())

    page = upload()  # Chinese by default
    assert 'id="problems"' in page
    assert "没有编码为“NOPE”的条目" in page and "未知的类型“魔法”" in page
    assert "unknown type" not in page
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = upload()
    assert "no item with code 'NOPE'" in page and "unknown type '魔法'" in page
    assert "未知的类型" not in page
    assert not draft.items.filter(code="S8").exists()


cell = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(-5, 200),
    st.floats(allow_nan=False, width=32),
    st.sampled_from(["F1", "职业功能", "技能要求", "5,4", "五级、四级", "理论知识"]),
)


@FUZZ
@given(st.lists(st.lists(cell, min_size=0, max_size=11), max_size=8))
@example([[None, None, None, None, None, "²"]])  # a digit to str.isdigit, not to int()
def test_fuzz_excel_parser_reports_or_parses_never_crashes(rows: list[list[Any]]) -> None:
    wb = workbook([])
    for r in rows:
        wb["条目"].append(r)
    out = BytesIO()
    wb.save(out)
    try:
        parsed = parse_workbook(out.getvalue(), "fuzz.xlsx")
    except InterchangeError as exc:
        assert all(p.file == "fuzz.xlsx" for p in exc.problems)
        return
    codes = [i.code for i in parsed.spec.items]
    assert len(codes) == len(set(codes))
    assert all(i.parent_code in set(codes) for i in parsed.spec.items if i.parent_code)


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
_BASE = json.loads((Path(__file__).parent / "data" / "case_small.json").read_text())


@FUZZ
@given(
    st.sampled_from(["CFDocument", "CFItems", "CFAssociations", "CFDefinitions"]),
    st.integers(0, 5),
    st.sampled_from(
        [
            "identifier",
            "fullStatement",
            "humanCodingScheme",
            "associationType",
            "originNodeURI",
            "destinationNodeURI",
            "sequenceNumber",
            "title",
            "extensions",
            "CFItemType",
        ]
    ),
    json_value,
)
def test_fuzz_case_parser_reports_or_parses_never_crashes(
    part: str, index: int, field: str, value: Any
) -> None:
    pkg = json.loads(json.dumps(_BASE))
    target = pkg[part]
    if isinstance(target, list) and target:
        target = target[index % len(target)]
    if isinstance(target, dict):
        target[field] = value
    try:
        spec = parse_case_package(json.dumps(pkg).encode(), "fuzz.json")
    except InterchangeError as exc:
        assert exc.problems and all(p.file == "fuzz.json" for p in exc.problems)
        return
    assert len({i.code for i in spec.items}) == len(spec.items)


@FUZZ
@given(st.binary(max_size=200))
def test_fuzz_case_parser_on_raw_bytes(data: bytes) -> None:
    with contextlib.suppress(InterchangeError):
        parse_case_package(data, "raw.json")


def test_publication_in_word_and_pdf_through_the_api(persona: Any) -> None:
    from docx import Document

    from cbec.standards.samples import SAMPLE_DRAFT_CODE

    client = persona("chair")
    docx = client.get(f"/api/frameworks/{SAMPLE_DRAFT_CODE}/export/docx", {"lang": "both"})
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('-both.docx"')
    text = "\n".join(p.text for p in Document(BytesIO(docx.content)).paragraphs)
    for heading in ["1 职业概况", "2 基本要求", "3 工作要求", "4 权重表", "Work requirements"]:
        assert heading in text
    pdf = client.get(f"/api/frameworks/{SAMPLE_DRAFT_CODE}/export/pdf", {"lang": "zh"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert persona(None).get(f"/api/frameworks/{SAMPLE_DRAFT_CODE}/export/pdf").status_code == 404
    assert (
        client.get(f"/api/frameworks/{SAMPLE_DRAFT_CODE}/export/docx", {"lang": "fr"}).status_code
        == 422
    )


def test_reference_framework_word_has_one_table_per_level_and_role(tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "roles.docx"
    assert run("publish", REF, "--format", "docx", "-o", str(out)).exit_code == 0
    doc = Document(str(out))
    headers = [t.rows[0].cells[0].text for t in doc.tables]
    assert headers.count("职业功能") == 5 * 8, "5 levels × 8 roles"
    assert headers.count("项目") >= 2
    assert zipfile.is_zipfile(out)


ESCO_SKILLS = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,description\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab,skill/competence,sector-specific,"
    'manage customs,"customs handling\nclearance",Handle customs.\n'
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/00064735-8fad-454b-90c7-ed858cc993f2,knowledge,cross-sector,"
    "Incoterms,,Trade terms.\n"
)
ESCO_OCCUPATIONS = (
    "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,code\n"
    "Occupation,http://data.europa.eu/esco/occupation/1c3b4b5e-4a23-4a2b-9b4f-1b0e4b5d1c1a,3331,customs broker,,3331.1\n"
)
ESCO_RELATIONS = (
    "occupationUri,relationType,skillType,skillUri\n"
    "http://data.europa.eu/esco/occupation/1c3b4b5e-4a23-4a2b-9b4f-1b0e4b5d1c1a,essential,skill/competence,"
    "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab\n"
)


def test_esco_import_with_relations(tmp_path: Path) -> None:
    (tmp_path / "skills_en.csv").write_text(ESCO_SKILLS)
    (tmp_path / "occupations_en.csv").write_text(ESCO_OCCUPATIONS)
    (tmp_path / "occupationSkillRelations_en.csv").write_text(ESCO_RELATIONS)
    result = run("esco", "import", str(tmp_path), "--version", "1.2.0")
    assert result.exit_code == 0, result.output
    fw = Framework.objects.get(code="esco", version="1.2.0")
    skill = fw.items.get(code="0005c151-5b5a-4a66-8aac-60e734beb1ab")
    assert skill.item_type == "skill_requirement" and skill.aliases_en == [
        "customs handling",
        "clearance",
    ]
    assert str(skill.identifier) == "0005c151-5b5a-4a66-8aac-60e734beb1ab"
    assert fw.items.get(code="3331.1").item_type == "occupation"
    link = fw.associations.get(association_type="ext:hasEssentialSkill")
    assert link.origin.code == "3331.1" and link.destination_item == skill
    again = run("esco", "import", str(tmp_path), "--version", "1.2.0")
    assert "unchanged" in again.output, again.output


def test_esco_gbk_and_bad_rows_name_file_line_and_column(tmp_path: Path) -> None:
    gbk = tmp_path / "skills_zh.csv"
    gbk.write_bytes(ESCO_SKILLS.replace("manage customs", "管理海关事务").encode("gb18030"))
    before = stored()
    result = run("esco", "import", str(gbk))
    assert (
        result.exit_code != 0
        and "skills_zh.csv:line 2: encoding" in result.output
        and "GB18030" in result.output
    )
    ok = run("esco", "import", str(gbk), "--encoding", "gb18030", "--code", "esco-zh")
    assert ok.exit_code == 0, ok.output
    assert Framework.objects.get(code="esco-zh").items.filter(statement_zh="管理海关事务").exists()
    bad = tmp_path / "skills_en.csv"
    bad.write_text(ESCO_SKILLS + "KnowledgeSkillCompetence,,knowledge,,no uri,,\n")
    relations = tmp_path / "occupationSkillRelations_en.csv"
    relations.write_text(ESCO_RELATIONS)
    result = run("esco", "import", str(bad), str(relations), "--code", "esco-bad")
    assert "skills_en.csv:line 5: conceptUri: required" in result.output
    assert "occupationSkillRelations_en.csv:line 2: occupationUri: no occupation" in result.output
    assert not Framework.objects.filter(code="esco-bad").exists()
    assert stored()[0] == before[0] + 1


def test_the_registry_recognises_formats_by_name_and_first_bytes() -> None:
    from cbec.standards.interop.registry import detect, importers

    assert [f.name for f in importers(upload=True)] == ["case", "excel"]
    assert (found := detect("x.json", b"{}")) and found.name == "case"
    assert (found := detect("upload", b'\xef\xbb\xbf {"CFDocument"')) and found.name == "case"
    assert (found := detect("x.xlsx", b"PK\x03\x04")) and found.name == "excel"
    assert (found := detect("skills_en.csv", b"conceptType")) and found.name == "esco"
    assert detect("skills_en.csv", b"", upload=True) is None  # ESCO needs several files
    assert detect("report.docx", b"PK\x03\x04") is None and detect("a.txt", b"hi") is None


def test_the_import_page_lets_the_registry_recognise_the_file(persona: Any, tmp_path: Path) -> None:
    chair = persona("chair")
    assert 'option value="excel"' in chair.get("/standards/import/").content.decode()
    path = save(workbook(GOOD), tmp_path / "auto.xlsx")
    with path.open("rb") as handle:
        page = chair.post(
            "/standards/import/", {"format": "", "issuer": "sample-eval-centre", "file": handle}
        )
    assert 'id="import-result"' in page.content.decode()
    fw = Framework.objects.get(code="xl-test")
    assert fw.issuer and fw.issuer.slug == "sample-eval-centre"
    before = stored()
    text = tmp_path / "notes.txt"
    text.write_text("not a standard")
    with text.open("rb") as handle:
        refused = chair.post(
            "/standards/import/", {"format": "", "issuer": "sample-eval-centre", "file": handle}
        )
    assert "不支持的文件类型 .txt" in refused.content.decode() and stored() == before
