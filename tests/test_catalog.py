"""The built-in catalog: what it holds, that loading is idempotent, and that bad files load nothing."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Sum

from cbec.accounts.models import AuditEntry
from cbec.curricula.models import ProgrammeCount
from cbec.setup_data import load_builtin_catalog
from cbec.standards.catalog.parse import CATALOG_DIR
from cbec.standards.catalog.specs import CatalogError
from cbec.standards.models import (
    Association,
    DomainArea,
    Framework,
    Item,
    Regulation,
    RegulationLink,
    WeightEntry,
)

pytestmark = pytest.mark.django_db


def test_domain_map_holds_table1_tasks_and_paper_areas() -> None:
    assert DomainArea.objects.filter(group="work_task").count() == 9
    customs = DomainArea.objects.get(code="customs-clearance")
    assert "清关" in customs.label_zh + "".join(customs.aliases_zh)
    t7 = DomainArea.objects.get(code="T7")
    assert t7.content_zh == "选择物流方式，建立并管理海外仓"
    assert t7.tools == ["Parcel Monitor", "Freightos"]
    for code in [
        "live-stream-selling",
        "social-commerce",
        "cross-border-payment",
        "blockchain-traceability",
        "digital-currency-payment",
        "overseas-warehouse",
    ]:
        area = DomainArea.objects.get(code=code)
        assert area.aliases_zh and area.aliases_en and area.label_en


def test_reference_framework_has_roles_levels_and_balanced_weights() -> None:
    fw = Framework.objects.get(code="cbec-reference-roles")
    roles = fw.items.filter(item_type="role")
    assert {"平台运营专员", "独立站运营专员"} <= set(roles.values_list("statement_zh", flat=True))
    assert roles.count() >= 8
    assert list(fw.levels.values_list("rank", flat=True)) == [5, 4, 3, 2, 1]
    for role in roles:
        for kind in ("theory", "skill"):
            for rank in range(1, 6):
                total = WeightEntry.objects.filter(
                    scope=role, kind=kind, level__rank=rank
                ).aggregate(s=Sum("percent"))["s"]
                assert total == Decimal("100"), (role.code, kind, rank)
    skill = fw.items.filter(item_type="skill_requirement").first()
    assert skill is not None and skill.parent.item_type == "work_content"
    assert RegulationLink.objects.filter(item__framework=fw, relation="track").exists()


def test_landscape_facts_keep_provenance_and_unverified_marks() -> None:
    shenzhen = Framework.objects.get(code="cn-sz-cbec-talent-skill-requirements")
    assert shenzhen.verification == "unverified" and shenzhen.sources == []
    assert shenzhen.issuer is None and shenzhen.number == ""
    nvss = Framework.objects.get(code="cn-nvss-ecommerce-specialist")
    assert nvss.verification == "partial" and nvss.issuer and nvss.issuer.slug == "mohrss"
    level5 = list(nvss.items.values_list("statement_zh", "levels", "verification"))
    assert ("网店开设", [5], "unverified") in level5
    gpsr = Regulation.objects.get(code="eu-gpsr-2023-988")
    assert str(gpsr.effective_on) == "2024-12-13" and gpsr.verification == "verified"


def test_table2_dataset_totals_match_the_paper() -> None:
    totals = ProgrammeCount.objects.filter(year=2023).aggregate(
        u=Sum("undergraduate"), v=Sum("vocational")
    )
    assert totals == {"u": 14, "v": 430}
    assert ProgrammeCount.objects.get(province_zh="广东").province_en == "Guangdong"


def _counts() -> tuple[int, ...]:
    return (
        Framework.objects.count(),
        Item.objects.count(),
        Association.objects.count(),
        DomainArea.objects.count(),
        Regulation.objects.count(),
        WeightEntry.objects.count(),
        ProgrammeCount.objects.count(),
    )


def test_reloading_changes_nothing() -> None:
    before = _counts()
    report = load_builtin_catalog()
    assert report["created"] == {} and report["updated"] == {}
    assert report["programme_counts"]["created"] == 0
    assert _counts() == before
    assert AuditEntry.objects.filter(action="standards.catalog.loaded").exists()


@pytest.fixture
def broken_catalog(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_yaml_syntax_error_names_file_and_line(broken_catalog: Path) -> None:
    path = broken_catalog / "domain_map.yaml"
    _replace(path, "  - code: T2", "  - code: [T2")
    with pytest.raises(CatalogError) as err:
        load_builtin_catalog(broken_catalog)
    assert "domain_map.yaml:" in str(err.value)


def test_unknown_domain_area_names_file_line_and_field(broken_catalog: Path) -> None:
    path = broken_catalog / "reference_roles.yaml"
    line = _line_of(path, "domain_areas: [")
    text = path.read_text(encoding="utf-8").splitlines()
    text[line - 1] = text[line - 1].split("domain_areas:")[0] + "domain_areas: [no-such-area]"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_builtin_catalog(broken_catalog)
    assert f"reference_roles.yaml:{line}: domain_areas: unknown domain area 'no-such-area'" in str(
        err.value
    )


def test_duplicate_code_is_reported_with_both_lines(broken_catalog: Path) -> None:
    path = broken_catalog / "domain_map.yaml"
    _replace(path, "  - code: T3", "  - code: T2")
    with pytest.raises(CatalogError) as err:
        load_builtin_catalog(broken_catalog)
    assert "duplicate code 'T2' (first at line" in str(err.value)


def test_bad_table1_row_names_row_and_column(broken_catalog: Path) -> None:
    path = broken_catalog / "table1_work_tasks.csv"
    _replace(path, "T5,跨境订单处理,", "T5,,")
    with pytest.raises(CatalogError) as err:
        load_builtin_catalog(broken_catalog)
    assert "table1_work_tasks.csv:6: work_task_zh: is empty" in str(err.value)


def test_weights_that_do_not_add_up_are_rejected(broken_catalog: Path) -> None:
    path = broken_catalog / "reference_roles.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      skill:")
    line_end = text.index("\n", text.index("R1.1:", start))
    row = text[text.index("R1.1:", start) : line_end]
    path.write_text(
        text[: text.index("R1.1:", start)] + "R1.1: [1, 1, 1, 1, 1]" + text[line_end:],
        encoding="utf-8",
    )
    assert row != "R1.1: [1, 1, 1, 1, 1]"
    with pytest.raises(CatalogError, match="skill: level 5 adds up to"):
        load_builtin_catalog(broken_catalog)


def test_broken_catalog_leaves_an_empty_database_empty(broken_catalog: Path) -> None:
    Framework.objects.all().delete()
    DomainArea.objects.all().delete()
    Regulation.objects.all().delete()
    ProgrammeCount.objects.all().delete()
    _replace(broken_catalog / "landscape.yaml", "\n  kind: national\n", "\n  kind: planetary\n")
    with pytest.raises(CatalogError, match="unknown value 'planetary'"):
        load_builtin_catalog(broken_catalog)
    assert _counts() == (0, 0, 0, 0, 0, 0, 0)


def test_changed_content_of_a_published_version_is_refused(broken_catalog: Path) -> None:
    before = _counts()
    _replace(
        broken_catalog / "reference_roles.yaml",
        "  code: cbec-reference-roles",
        "  code: cbec-reference-roles",
    )
    path = broken_catalog / "reference_roles.yaml"
    line = _line_of(path, "zh: ")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = lines[line - 1].replace("zh: ", "zh: 改写：", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="immutable"):
        load_builtin_catalog(broken_catalog)
    assert _counts() == before
