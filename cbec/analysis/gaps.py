"""Gap report for one framework, rankable by industry demand when the monitor has data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cbec.analysis.coverage import Matrix

LOW_LEVELS = {5, 4}


@dataclass
class Gap:
    area: str
    kind: str  # missing | partial | low_levels_only
    demand: float | None = None
    rows: list[int] = field(default_factory=list)


@dataclass
class GapReport:
    framework: str
    gaps: list[Gap]
    unapplied_regulations: list[str]
    ranked_by_demand: bool


def gap_report(
    matrix: Matrix,
    framework: str,
    regulations: list[str],
    applied_regulations: set[str],
    demand: Mapping[str, float] | None = None,
) -> GapReport:
    """Missing, partly covered and entry-level-only areas; regulations no item applies.

    `demand` maps area code → demand share from the industry monitor; with it, gaps are
    ordered by demand (largest first), otherwise by the domain map's order.
    """
    gaps = [g for area in matrix.areas if (g := _gap(matrix, framework, area)) is not None]
    if demand:
        for gap in gaps:
            gap.demand = demand.get(gap.area, 0.0)
        gaps.sort(key=lambda g: -(g.demand or 0.0))
    unapplied = [r for r in regulations if r not in applied_regulations]
    return GapReport(framework, gaps, unapplied, bool(demand))


def _gap(matrix: Matrix, framework: str, area: str) -> Gap | None:
    cell = matrix.cell(framework, area)
    if cell.value == 0:
        return Gap(area, "missing")
    if cell.value < 1:
        return Gap(area, "partial", rows=cell.rows)
    if cell.levels and not cell.unlevelled and cell.levels <= LOW_LEVELS:
        return Gap(area, "low_levels_only", rows=cell.rows)
    return None
