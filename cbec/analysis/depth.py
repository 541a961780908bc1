"""How deeply an item treats its cross-border dimensions: named, applied or tracked.

"Named only" is knowledge or a title (the dimension is mentioned); "applied" is a skill or an
assessed task (the person must do something with it); "tracking" is a skill that must follow
changes over time (a tracked regulation, or the text asks to track or monitor changes).
"""

from __future__ import annotations

from cbec.analysis.rows import ItemRow

DEPTHS = ("named", "applied", "tracking")
APPLIED_TYPES = {"skill_requirement", "function", "work_content"}
TRACK_CUES = ("跟踪", "追踪", "监测", "持续关注", "track", "monitor")


def depth_of(item: ItemRow) -> str:
    if item.item_type == "skill_requirement" and (
        item.tracks_regulation or any(cue in item.text.lower() for cue in TRACK_CUES)
    ):
        return "tracking"
    return "applied" if item.item_type in APPLIED_TYPES else "named"


def at_least(depth: str, minimum: str) -> bool:
    return DEPTHS.index(depth) >= DEPTHS.index(minimum)


def cross_border_depth(item: ItemRow) -> str | None:
    """The item's depth if it carries any cross-border dimension, else None."""
    return depth_of(item) if item.dimensions else None
