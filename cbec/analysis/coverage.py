"""Coverage matrix: frameworks × domain areas (and × levels), from approved crosswalk rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from cbec.analysis.depth import at_least, cross_border_depth
from cbec.analysis.rows import FrameworkData

VALUE = {"full": 1.0, "partial": 0.5}


@dataclass
class Cell:
    """How one framework covers one area: the best coverage and the rows that say so."""

    framework: str
    area: str
    value: float = 0.0
    rows: list[int] = field(default_factory=list)
    items: set[int] = field(default_factory=set)
    levels: set[int] = field(default_factory=set)
    unlevelled: bool = False
    cross_border: bool = False  # some covering item applies a cross-border dimension

    @property
    def coverage(self) -> str:
        return "full" if self.value >= 1 else "partial" if self.value > 0 else "none"


@dataclass
class Matrix:
    frameworks: list[str]
    areas: list[str]
    cells: dict[tuple[str, str], Cell]

    def cell(self, framework: str, area: str) -> Cell:
        return self.cells.get((framework, area)) or Cell(framework, area)

    def at_level(self, framework: str, area: str, level: int) -> float:
        """Coverage of the area by items that apply at `level` (unlevelled items count too)."""
        cell = self.cell(framework, area)
        return cell.value if level in cell.levels or cell.unlevelled else 0.0


def coverage_matrix(frameworks: list[FrameworkData], areas: list[str]) -> Matrix:
    cells: dict[tuple[str, str], Cell] = {}
    for data in frameworks:
        for row in data.crosswalks:
            if row.status != "approved" or row.item_id not in data.items:
                continue
            item = data.items[row.item_id]
            cell = cells.setdefault((data.code, row.area), Cell(data.code, row.area))
            cell.value = max(cell.value, VALUE.get(row.coverage, 0.0))
            cell.rows.append(row.id)
            cell.items.add(item.id)
            cell.levels.update(item.levels)
            cell.unlevelled = cell.unlevelled or not item.levels
            depth = cross_border_depth(item)
            cell.cross_border = cell.cross_border or bool(depth and at_least(depth, "applied"))
    return Matrix([f.code for f in frameworks], areas, cells)
