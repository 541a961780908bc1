"""The paper's findings, re-derived from the data: each claim gets a computed verdict.

Absence in the data is weak evidence when a standard's text is not fully held, so a check that
fails only because content is missing is reported as "cannot confirm", not as disagreement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cbec.analysis.coverage import Matrix
from cbec.analysis.rows import FrameworkData

CLAIMS_PATH = Path(__file__).resolve().parent / "data" / "paper_claims.yaml"
# An occupation *of cross-border e-commerce*, not any occupation that mentions cross-border work.
CBEC_WORDS = ("跨境电", "cross-border e-commerce")


@dataclass
class Claim:
    id: str
    section: str
    zh: str
    en: str
    check: dict[str, Any]


@dataclass
class Finding:
    claim: Claim
    verdict: str  # agree | disagree | cannot_confirm
    holds: bool
    evidence: list[str] = field(default_factory=list)  # "framework:area" cells or item codes
    rows: list[int] = field(default_factory=list)  # crosswalk row ids behind the verdict
    caveat: str = ""
    caveat_zh: str = ""


def load_claims(path: Path = CLAIMS_PATH) -> list[Claim]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Claim(c["id"], c["section"], c["zh"], c["en"], c["check"]) for c in data["claims"]]


def evaluate(claims: list[Claim], matrix: Matrix, frameworks: list[FrameworkData]) -> list[Finding]:
    by_code = {f.code: f for f in frameworks}
    standards = [f for f in frameworks if f.kind != "reference"]
    return [_evaluate(c, matrix, by_code, standards) for c in claims]


def _evaluate(
    claim: Claim, matrix: Matrix, by_code: dict[str, FrameworkData], standards: list[FrameworkData]
) -> Finding:
    check = claim.check
    kind = check["kind"]
    if kind == "not_covered":
        cell = matrix.cell(check["framework"], check["area"])
        finding = Finding(claim, "", cell.value == 0, [f"{cell.framework}:{cell.area}"], cell.rows)
        return _absence_verdict(finding, [by_code[check["framework"]]])
    if kind == "not_covered_by_any":
        cells = [matrix.cell(f.code, a) for f in standards for a in check["areas"]]
        covered = [c for c in cells if c.value > 0]
        finding = Finding(
            claim,
            "",
            not covered,
            [f"{c.framework}:{c.area}" for c in covered],
            [r for c in covered for r in c.rows],
        )
        return _absence_verdict(finding, standards)
    if kind == "no_cross_border_depth":
        areas = check.get("areas") or [check["area"]]
        cells = [matrix.cell(f.code, a) for f in standards for a in areas]
        covering = [c for c in cells if c.value > 0]
        deep = [c for c in covering if c.cross_border]
        evidence = [
            f"{c.framework}:{c.area}{' (cross-border)' if c.cross_border else ''}" for c in covering
        ]
        finding = Finding(claim, "", not deep, evidence, [r for c in covering for r in c.rows])
        return _absence_verdict(finding, standards)
    if kind == "covered_with_dimension":
        return _dimension_check(claim, matrix, by_code[check["framework"]])
    if kind == "no_cbec_occupation":
        occupations = [
            f"{f.code}:{i.code}"
            for f in standards
            for i in f.items.values()
            if i.item_type == "occupation" and any(w in i.text.lower() for w in CBEC_WORDS)
        ]
        finding = Finding(claim, "", not occupations, occupations)
        return _absence_verdict(finding, standards)
    raise ValueError(f"unknown check kind {kind!r} in claim {claim.id}")


def _dimension_check(claim: Claim, matrix: Matrix, data: FrameworkData) -> Finding:
    check = claim.check
    cell = matrix.cell(data.code, check["area"])
    items = [data.items[i] for i in cell.items if i in data.items]
    hits = [
        i.code
        for i in items
        if check["dimension"] in i.dimensions and (check["level"] in i.levels or not i.levels)
    ]
    finding = Finding(claim, "", bool(hits), hits or [f"{data.code}:{check['area']}"], cell.rows)
    if hits:
        finding.verdict = "agree"
    elif data.verification != "verified":
        finding.verdict = "cannot_confirm"
        finding.caveat = f"{data.code}: the held content is {data.verification}; the requirement may exist in the unpublished text."
        finding.caveat_zh = (
            f"{data.code}：所掌握的内容未经完整核实，该要求可能存在于未公开的文本中。"
        )
    else:
        finding.verdict = "disagree"
    return finding


def _absence_verdict(finding: Finding, frameworks: list[FrameworkData]) -> Finding:
    """The claim asserts an absence; `holds` says whether the data show it absent."""
    weak = sorted(f.code for f in frameworks if f.verification != "verified")
    if not finding.holds:
        finding.verdict = "disagree"
        return finding
    finding.verdict = "agree"
    if weak:
        shown = ", ".join(weak[:3]) + (f" and {len(weak) - 3} more" if len(weak) > 3 else "")
        finding.caveat = (
            f"Absent from the data held; {len(weak)} of {len(frameworks)} standards "
            f"involved are not fully verified ({shown})."
        )
        finding.caveat_zh = (
            f"现有数据中没有；所涉 {len(frameworks)} 项标准中有 {len(weak)} 项内容未经完整核实"
            f"（{', '.join(weak[:3])}{' 等' if len(weak) > 3 else ''}），缺失不等于标准中没有。"
        )
    return finding
