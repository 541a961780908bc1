"""Tree shaping for frameworks. Pure functions over plain rows, so they are fast and testable."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

# Structural items carry no levels of their own; they apply where their descendants do.
STRUCTURAL = {
    "occupation",
    "job_type",
    "role",
    "function",
    "work_content",
    "basic_requirement",
    "level",
}


@dataclass
class Node:
    row: dict[str, Any]
    children: list[Node] = field(default_factory=list)


def tree_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows depth-first, siblings by position; each row gains `depth` and `has_children`."""
    children: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    ids = {r["id"] for r in rows}
    for row in rows:
        parent = row["parent_id"] if row["parent_id"] in ids else None
        children[parent].append(row)
    for siblings in children.values():
        siblings.sort(key=lambda r: (r["position"], r["id"]))
    ordered: list[dict[str, Any]] = []
    stack = [(r, 0) for r in reversed(children[None])]
    while stack:
        row, depth = stack.pop()
        kids = children.get(row["id"], [])
        ordered.append(row | {"depth": depth, "has_children": bool(kids)})
        stack.extend((k, depth + 1) for k in reversed(kids))
    return ordered


def filter_by_level(ordered: list[dict[str, Any]], rank: int | None) -> list[dict[str, Any]]:
    """Keep items that apply at `rank`, and the ancestors that lead to them."""
    if rank is None:
        return ordered
    keep = [False] * len(ordered)
    path: list[int] = []  # index of the current row's ancestors, by depth
    for index, row in enumerate(ordered):
        path = path[: row["depth"]] + [index]
        structural = row["item_type"] in STRUCTURAL and not row["levels"]
        if not structural and (not row["levels"] or rank in row["levels"]):
            for kept in path:
                keep[kept] = True
    return [row for row, kept in zip(ordered, keep, strict=True) if kept]


@dataclass
class LayoutRow:
    """One row of a national-layout 工作要求 table: 职业功能 | 工作内容 | 技能要求 | 相关知识."""

    function: dict[str, Any]
    work_content: dict[str, Any]
    skills: list[dict[str, Any]]
    knowledge: list[dict[str, Any]]


@dataclass
class LayoutGroup:
    scope: dict[str, Any] | None
    rows: list[LayoutRow]


def national_layout(ordered: list[dict[str, Any]], rank: int) -> list[LayoutGroup]:
    """Group one level's skills and knowledge by work content, under each role (if any)."""
    by_id = {r["id"]: r for r in ordered}
    groups: dict[Any, LayoutGroup] = {}
    rows: dict[Any, LayoutRow] = {}
    for row in ordered:
        if row["item_type"] not in {"skill_requirement", "knowledge"} or rank not in row["levels"]:
            continue
        content = by_id.get(row["parent_id"])
        function = by_id.get(content["parent_id"]) if content else None
        if not content or not function or content["item_type"] != "work_content":
            continue
        scope = by_id.get(function["parent_id"])
        group = groups.setdefault(scope["id"] if scope else None, LayoutGroup(scope, []))
        layout_row = rows.get(content["id"])
        if layout_row is None:
            layout_row = rows[content["id"]] = LayoutRow(function, content, [], [])
            group.rows.append(layout_row)
        (
            layout_row.skills if row["item_type"] == "skill_requirement" else layout_row.knowledge
        ).append(row)
    return list(groups.values())
