"""Pure cores: tree ordering, level filtering, the national layout, search planning and scoring."""

from __future__ import annotations

from typing import Any

from cbec.standards.search import SearchPlan, TermGroup, plan_search, score
from cbec.standards.textnorm import normalise, search_text
from cbec.standards.tree import filter_by_level, national_layout, tree_order


def row(
    id: int, parent: int | None, item_type: str, levels: list[int] | None = None, position: int = 0
) -> dict[str, Any]:
    return {
        "id": id,
        "parent_id": parent,
        "position": position,
        "item_type": item_type,
        "levels": levels or [],
        "code": str(id),
    }


TREE = [
    row(4, 2, "skill_requirement", [5, 4], position=1),
    row(1, None, "role"),
    row(2, 1, "function"),
    row(3, 2, "work_content", position=0),
    row(5, 3, "skill_requirement", [3]),
    row(6, 3, "knowledge", [5, 4, 3]),
    row(7, None, "basic_requirement", position=1),
]


def test_tree_order_is_depth_first_by_position() -> None:
    ordered = tree_order(TREE)
    assert [r["id"] for r in ordered] == [1, 2, 3, 5, 6, 4, 7]
    assert [r["depth"] for r in ordered] == [0, 1, 2, 3, 3, 2, 0]
    assert ordered[0]["has_children"] and not ordered[3]["has_children"]


def test_level_filter_keeps_only_paths_to_matching_items() -> None:
    ordered = tree_order(TREE)
    assert [r["id"] for r in filter_by_level(ordered, 3)] == [1, 2, 3, 5, 6]
    assert [r["id"] for r in filter_by_level(ordered, 5)] == [1, 2, 3, 6, 4]
    assert [r["id"] for r in filter_by_level(ordered, 1)] == []
    assert filter_by_level(ordered, None) == ordered


def test_national_layout_groups_skills_and_knowledge_by_work_content() -> None:
    groups = national_layout(tree_order(TREE), 3)
    assert len(groups) == 1 and groups[0].scope is not None and groups[0].scope["id"] == 1
    (layout_row,) = groups[0].rows
    assert layout_row.function["id"] == 2 and layout_row.work_content["id"] == 3
    assert [s["id"] for s in layout_row.skills] == [5]
    assert [k["id"] for k in layout_row.knowledge] == [6]


VOCAB = {
    "customs-clearance": ["通关", "customs clearance", "清关", "报关"],
    "overseas-warehouse": ["海外仓", "overseas warehouse", "一件代发"],
}


def test_normalise_folds_width_and_case() -> None:
    assert normalise("  ＡＢＣ　海外仓 ") == "abc 海外仓"
    assert search_text("R1", ["海外仓", "Overseas"]) == "r1 | 海外仓 | overseas"


def test_chinese_query_needs_no_spaces_and_is_widened_by_area_aliases() -> None:
    plan = plan_search("清关", VOCAB)
    assert plan.groups == [
        TermGroup("清关", ("通关", "customs clearance", "报关"), ("customs-clearance",))
    ]


def test_english_phrase_naming_an_area_stays_one_term() -> None:
    plan = plan_search("Customs Clearance", VOCAB)
    assert [g.term for g in plan.groups] == ["customs clearance"]


def test_every_term_must_match_and_direct_hits_rank_first() -> None:
    plan = SearchPlan("清关 9610", [TermGroup("清关", ("报关",)), TermGroup("9610")])
    assert score("r1 | 能完成清关 9610", plan) > score("r2 | 能完成报关 9610", plan) > 0
    assert score("r3 | 能完成清关", plan) == 0
    assert score("r4 | 清关与 9610", plan) > score("r1 | 能完成清关 9610", plan)
