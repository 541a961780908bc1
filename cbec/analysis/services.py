"""Composes data loading and the pure cores for pages, API and CLI."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q
from openpyxl import Workbook

from cbec.analysis import data
from cbec.analysis.compare import AreaComparison, compare
from cbec.analysis.coverage import Matrix, coverage_matrix
from cbec.analysis.features import FeatureIndex, feature_index
from cbec.analysis.gaps import GapReport, gap_report
from cbec.analysis.integrity import Flag, Link, integrity_flags
from cbec.analysis.paper import Finding, evaluate, load_claims
from cbec.analysis.rows import LEVELS, FrameworkData
from cbec.standards.access import AnyUser, frameworks_for_user
from cbec.standards.models import Association, DomainArea, Framework, Regulation


@dataclass
class Coverage:
    frameworks: list[FrameworkData]
    areas: list[DomainArea]
    matrix: Matrix


def coverage(user: AnyUser, *, english: bool = False) -> Coverage:
    frameworks = data.load(data.current_frameworks(frameworks_for_user(user)), english=english)
    areas = list(DomainArea.objects.order_by("position"))
    return Coverage(frameworks, areas, coverage_matrix(frameworks, [a.code for a in areas]))


def feature_indexes(cov: Coverage) -> list[FeatureIndex]:
    return [feature_index(f) for f in cov.frameworks]


def industry_demand() -> Mapping[str, float] | None:
    """Demand share per domain area from the industry monitor, when it is installed and has data."""
    try:
        from cbec.monitor.demand import demand_by_area  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    result: Mapping[str, float] | None = demand_by_area()
    return result or None


def gaps_for(cov: Coverage, framework: Framework) -> GapReport:
    regulations = list(Regulation.objects.order_by("code").values_list("code", flat=True))
    return gap_report(
        cov.matrix,
        framework.code,
        regulations,
        data.applied_regulations(framework),
        industry_demand(),
    )


def paper_findings(cov: Coverage) -> list[Finding]:
    return evaluate(load_claims(), cov.matrix, cov.frameworks)


def comparison(cov: Coverage, a: str, b: str) -> list[AreaComparison]:
    return compare(cov.matrix, a, b)


def flags(user: AnyUser, framework: Framework | None = None) -> list[Flag]:
    rows = Association.objects.filter(framework__in=frameworks_for_user(user)).filter(
        Q(destination_area__isnull=False) | Q(destination_item__isnull=False)
    )
    if framework is not None:
        rows = rows.filter(framework=framework)
    links = [
        Link(
            r.pk,
            r.origin_id,
            r.framework.status,
            f"area:{r.destination_area.code}"
            if r.destination_area
            else f"item:{r.destination_item_id}",
            r.destination_item.framework.status if r.destination_item else "",
            r.match,
            r.coverage,
            r.status,
        )
        for r in rows.select_related("framework", "destination_area", "destination_item__framework")
    ]
    return integrity_flags(links)


def matrix_table(cov: Coverage, *, english: bool = False) -> list[list[str]]:
    """Header + one row per framework: coverage per area, and per level in extra columns."""
    codes = [a.code for a in cov.areas]
    header = ["framework", "title", *codes, *[f"{a}@L{lv}" for a in codes for lv in LEVELS]]
    rows = [header]
    for f in cov.frameworks:
        cells = [cov.matrix.cell(f.code, a).coverage for a in codes]
        levels = [f"{cov.matrix.at_level(f.code, a, lv):g}" for a in codes for lv in LEVELS]
        rows.append([f.code, f.title, *cells, *levels])
    return rows


def matrix_csv(cov: Coverage) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(matrix_table(cov))
    return buffer.getvalue()


def matrix_xlsx(cov: Coverage) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "coverage"
    for row in matrix_table(cov):
        sheet.append(row)
    detail = book.create_sheet("crosswalk rows")
    detail.append(["framework", "area", "coverage", "row ids"])
    for (fw, area), cell in sorted(cov.matrix.cells.items()):
        detail.append([fw, area, cell.coverage, ",".join(str(r) for r in cell.rows)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
