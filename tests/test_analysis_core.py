"""Pure analysis cores on tiny literal data: coverage, depth, features, gaps, comparison,
integrity flags, suggestions, and the paper-claim verdicts."""

from __future__ import annotations

from cbec.analysis.compare import compare
from cbec.analysis.coverage import coverage_matrix
from cbec.analysis.depth import depth_of
from cbec.analysis.features import feature_index
from cbec.analysis.gaps import gap_report
from cbec.analysis.integrity import Link, integrity_flags
from cbec.analysis.paper import Claim, evaluate
from cbec.analysis.rows import CrosswalkRow, FrameworkData, ItemRow
from cbec.analysis.suggest import Text, suggest


def item(
    id: int,
    fw: str,
    kind: str = "skill_requirement",
    levels: tuple[int, ...] = (3,),
    dims: tuple[str, ...] = (),
    text: str = "",
    tracks: bool = False,
) -> ItemRow:
    return ItemRow(id, fw, str(id), kind, levels, dims, text, tracks)


def framework(
    code: str,
    items: list[ItemRow],
    rows: list[tuple[int, int, str, str, str]],
    kind: str = "national",
    verification: str = "verified",
) -> FrameworkData:
    data = FrameworkData(code, code, kind, verification)
    data.items = {i.id: i for i in items}
    data.crosswalks = [CrosswalkRow(r, code, i, a, c, s) for r, i, a, c, s in rows]
    return data


A = framework(
    "A",
    [item(1, "A", dims=("culture",)), item(2, "A", "knowledge", (5,)), item(3, "A", levels=(5, 4))],
    [
        (10, 1, "live", "full", "approved"),
        (11, 2, "customs", "partial", "approved"),
        (12, 3, "pay", "full", "approved"),
        (13, 3, "social", "full", "proposed"),
    ],
)
B = framework(
    "B",
    [item(4, "B", "function", ())],
    [(20, 4, "live", "partial", "approved")],
    verification="partial",
)
AREAS = ["live", "customs", "pay", "social"]


def test_matrix_uses_approved_rows_only_and_keeps_the_evidence() -> None:
    m = coverage_matrix([A, B], AREAS)
    assert m.cell("A", "live").value == 1.0 and m.cell("A", "live").rows == [10]
    assert m.cell("A", "customs").coverage == "partial"
    assert m.cell("A", "social").value == 0  # only a proposed row
    assert m.cell("A", "live").cross_border and not m.cell("B", "live").cross_border
    assert m.at_level("A", "pay", 5) == 1.0 and m.at_level("A", "pay", 3) == 0.0
    assert m.at_level("B", "live", 1) == 0.5  # unlevelled items count at every level


def test_depth_named_applied_tracking() -> None:
    assert depth_of(item(1, "A", "knowledge")) == "named"
    assert depth_of(item(1, "A")) == "applied"
    assert depth_of(item(1, "A", text="能跟踪欧盟法规变化")) == "tracking"
    assert depth_of(item(1, "A", tracks=True)) == "tracking"


def test_feature_index_counts_share_and_depth() -> None:
    ix = feature_index(A)
    culture = next(s for s in ix.dimensions if s.dimension == "culture")
    assert (ix.items, ix.with_any, culture.items) == (3, 1, 1)
    assert culture.by_depth == {"named": 0, "applied": 1, "tracking": 0}
    assert 0 < ix.index < 1


def test_gap_report_kinds_and_demand_ranking() -> None:
    m = coverage_matrix([A, B], AREAS)
    report = gap_report(m, "A", ["reg1", "reg2"], {"reg2"})
    kinds = {g.area: g.kind for g in report.gaps}
    assert kinds == {"customs": "partial", "pay": "low_levels_only", "social": "missing"}
    assert report.unapplied_regulations == ["reg1"] and not report.ranked_by_demand
    ranked = gap_report(m, "A", [], set(), demand={"social": 0.1, "customs": 0.3})
    assert [g.area for g in ranked.gaps] == ["customs", "social", "pay"]


def test_comparison_sides() -> None:
    sides = {r.area: r.side for r in compare(coverage_matrix([A, B], AREAS), "A", "B")}
    assert sides == {"live": "shared", "customs": "only_a", "pay": "only_a", "social": "neither"}


def link(
    id: int,
    origin: int,
    target: str,
    match: str = "related",
    coverage: str = "partial",
    status: str = "approved",
    target_status: str = "",
) -> Link:
    return Link(id, origin, "published", target, target_status, match, coverage, status)


def test_integrity_flags_stale_cycles_and_conflicts_without_merging() -> None:
    links = [
        link(1, 1, "item:2", "exact", target_status="published"),
        link(2, 2, "item:3", "exact", target_status="published"),
        link(3, 3, "item:1", "exact", target_status="published"),
        link(4, 5, "item:9", target_status="superseded"),
        link(5, 6, "area:x", "narrow", "full"),
        link(6, 6, "area:x", "broad", "partial"),
        link(7, 7, "area:y", status="rejected", target_status="withdrawn"),
    ]
    flags = {(f.kind, f.rows) for f in integrity_flags(links)}
    assert ("exact_cycle", (1, 2, 3)) in flags
    assert ("stale_target", (4,)) in flags
    assert ("conflict", (5, 6)) in flags
    assert not any(7 in rows for _, rows in flags)  # rejected rows are history, not problems


def test_suggestions_rank_the_right_area_first() -> None:
    targets = [
        Text("area:customs", "通关 清关 customs clearance", ("报关", "清关")),
        Text("area:live", "直播 live streaming", ("直播带货",)),
        Text("area:wh", "海外仓 overseas warehouse", ("海外仓",)),
    ]
    sources = [
        Text("item:1", "能完成跨境商品的报关与清关单证准备"),
        Text("item:2", "能策划 TikTok 直播带货脚本"),
        Text("item:3", "熟悉海外仓入库流程"),
    ]
    best = {s.source: s.target for s in suggest(sources, targets, top_k=1)}
    assert best == {"item:1": "area:customs", "item:2": "area:live", "item:3": "area:wh"}


def claim(kind: str, **check: object) -> Claim:
    return Claim("c", "§3", "zh", "en", {"kind": kind, **check})


def test_paper_verdicts_are_computed_not_stated() -> None:
    m = coverage_matrix([A, B], AREAS)
    not_customs_in_b = claim("not_covered", framework="B", area="customs")
    not_live_in_a = claim("not_covered", framework="A", area="live")
    thin_live = claim("no_cross_border_depth", area="live")
    dim = claim("covered_with_dimension", framework="B", area="live", level=3, dimension="culture")
    found = evaluate([not_customs_in_b, not_live_in_a, thin_live, dim], m, [A, B])
    verdicts = [f.verdict for f in found]
    assert verdicts == ["agree", "disagree", "disagree", "cannot_confirm"]
    assert "not fully verified" in found[0].caveat
    assert found[2].rows == [10, 20]
