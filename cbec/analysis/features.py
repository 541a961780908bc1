"""Cross-border feature index: how many items carry each dimension, and how deeply."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cbec.analysis.depth import DEPTHS, depth_of
from cbec.analysis.rows import FrameworkData
from cbec.standards.vocab import DIMENSIONS

# Items that only structure a framework say nothing about cross-border specifics themselves.
STRUCTURE = {"role", "level", "basic_requirement"}


@dataclass
class DimensionScore:
    dimension: str
    items: int
    share: float
    by_depth: dict[str, int] = field(default_factory=dict)


@dataclass
class FeatureIndex:
    framework: str
    items: int
    with_any: int
    dimensions: list[DimensionScore]

    @property
    def share_any(self) -> float:
        return self.with_any / self.items if self.items else 0.0

    @property
    def index(self) -> float:
        """Mean share over the ten dimensions, each weighted 1/2/3 by depth, scaled to 0-1."""
        if not self.items:
            return 0.0
        weight = {"named": 1, "applied": 2, "tracking": 3}
        total = sum(weight[d] * n for s in self.dimensions for d, n in s.by_depth.items())
        return total / (3 * self.items * len(DIMENSIONS))


def feature_index(data: FrameworkData) -> FeatureIndex:
    items = [i for i in data.items.values() if i.item_type not in STRUCTURE]
    scores = []
    for dim in DIMENSIONS:
        carrying = [i for i in items if dim in i.dimensions]
        depths = Counter(depth_of(i) for i in carrying)
        scores.append(
            DimensionScore(
                dim,
                len(carrying),
                len(carrying) / len(items) if items else 0.0,
                {d: depths.get(d, 0) for d in DEPTHS},
            )
        )
    with_any = sum(1 for i in items if i.dimensions)
    return FeatureIndex(data.code, len(items), with_any, scores)
