"""The plain rows every analysis works on, so the cores are pure and fast.

Rows are named tuples: tens of thousands are built per request, and tuples build fastest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

LEVELS = (5, 4, 3, 2, 1)


class ItemRow(NamedTuple):
    """One standard item, with the levels it (or its descendants) applies to."""

    id: int
    framework: str
    code: str
    item_type: str
    levels: tuple[int, ...]
    dimensions: tuple[str, ...]
    text: str
    tracks_regulation: bool = False
    applies_regulations: tuple[str, ...] = ()


class CrosswalkRow(NamedTuple):
    """One crosswalk row from an item to a domain area."""

    id: int
    framework: str
    item_id: int
    area: str
    coverage: str  # full | partial
    status: str  # proposed | approved | rejected
    match: str = ""
    confidence: float | None = None


@dataclass
class FrameworkData:
    """What one framework holds: its items and its crosswalk rows."""

    code: str
    title: str
    kind: str
    verification: str
    items: dict[int, ItemRow] = field(default_factory=dict)
    crosswalks: list[CrosswalkRow] = field(default_factory=list)
