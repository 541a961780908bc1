"""Side-by-side comparison of two frameworks by domain area and level."""

from __future__ import annotations

from dataclasses import dataclass

from cbec.analysis.coverage import Matrix
from cbec.analysis.rows import LEVELS


@dataclass
class AreaComparison:
    area: str
    side: str  # shared | only_a | only_b | neither
    a: float
    b: float
    levels_a: list[int]
    levels_b: list[int]


def compare(matrix: Matrix, a: str, b: str) -> list[AreaComparison]:
    rows = []
    for area in matrix.areas:
        ca, cb = matrix.cell(a, area), matrix.cell(b, area)
        side = (
            "shared"
            if ca.value and cb.value
            else "only_a"
            if ca.value
            else "only_b"
            if cb.value
            else "neither"
        )
        rows.append(
            AreaComparison(
                area,
                side,
                ca.value,
                cb.value,
                [lv for lv in LEVELS if lv in ca.levels],
                [lv for lv in LEVELS if lv in cb.levels],
            )
        )
    return rows
