"""Analysis API: coverage, feature index, gaps, the paper's findings, comparison, crosswalk review."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from cbec.analysis import actions, services
from cbec.analysis.access import get_crosswalk_for_user
from cbec.analysis.rows import LEVELS
from cbec.standards.access import get_framework_for_user
from cbec.standards.models import Association

router = Router(tags=["analysis"])


class CellOut(Schema):
    framework: str
    area: str
    value: float
    coverage: str
    cross_border: bool
    levels: list[int]
    rows: list[int]


class CoverageOut(Schema):
    level: int | None
    frameworks: list[dict[str, str]]
    areas: list[str]
    cells: list[CellOut]


class DimensionOut(Schema):
    dimension: str
    items: int
    share: float
    by_depth: dict[str, int]


class FeatureOut(Schema):
    framework: str
    items: int
    with_any: int
    index: float
    dimensions: list[DimensionOut]


class GapOut(Schema):
    area: str
    kind: str
    demand: float | None
    rows: list[int]


class GapReportOut(Schema):
    framework: str
    ranked_by_demand: bool
    gaps: list[GapOut]
    unapplied_regulations: list[str]


class FindingOut(Schema):
    claim: str
    section: str
    zh: str
    en: str
    verdict: str
    evidence: list[str]
    rows: list[int]
    caveat: str


class ComparisonOut(Schema):
    area: str
    side: str
    a: float
    b: float
    levels_a: list[int]
    levels_b: list[int]


class CrosswalkRowOut(Schema):
    id: int
    origin: str
    origin_code: str
    destination_area: str | None
    destination_item: str | None
    match: str
    coverage: str
    confidence: float | None
    status: str
    rationale: str
    reviewer: str | None


class ReviewIn(Schema):
    decision: str
    match: str | None = None
    coverage: str | None = None
    rationale: str | None = None


class FlagOut(Schema):
    kind: str
    rows: list[int]
    detail: str


def _row_out(row: Association) -> dict[str, Any]:
    return {
        "id": row.pk,
        "origin": str(row.origin.identifier),
        "origin_code": row.origin.code,
        "destination_area": row.destination_area.code if row.destination_area else None,
        "destination_item": str(row.destination_item.identifier) if row.destination_item else None,
        "match": row.match,
        "coverage": row.coverage,
        "confidence": row.confidence,
        "status": row.status,
        "rationale": row.rationale,
        "reviewer": row.reviewer.username if row.reviewer else None,
    }


@router.get(
    "/analysis/coverage",
    response=CoverageOut,
    summary="Coverage matrix (frameworks × domain areas)",
)
def coverage(request: HttpRequest, level: int | None = None) -> Any:
    if level is not None and level not in LEVELS:
        raise HttpError(422, "level must be 1 to 5")
    cov = services.coverage(request.user)
    cells = []
    for f in cov.frameworks:
        for a in cov.areas:
            cell = cov.matrix.cell(f.code, a.code)
            value = cov.matrix.at_level(f.code, a.code, level) if level else cell.value
            if value:
                cells.append(
                    {
                        "framework": f.code,
                        "area": a.code,
                        "value": value,
                        "coverage": cell.coverage,
                        "cross_border": cell.cross_border,
                        "levels": sorted(cell.levels, reverse=True),
                        "rows": cell.rows,
                    }
                )
    return {
        "level": level,
        "frameworks": [{"code": f.code, "title": f.title, "kind": f.kind} for f in cov.frameworks],
        "areas": [a.code for a in cov.areas],
        "cells": cells,
    }


@router.get(
    "/analysis/features",
    response=list[FeatureOut],
    summary="Cross-border feature index per framework",
)
def features(request: HttpRequest) -> Any:
    cov = services.coverage(request.user)
    return [
        {
            "framework": ix.framework,
            "items": ix.items,
            "with_any": ix.with_any,
            "index": ix.index,
            "dimensions": [s.__dict__ for s in ix.dimensions],
        }
        for ix in services.feature_indexes(cov)
    ]


@router.get("/analysis/gaps/{code}", response=GapReportOut, summary="Gap report of one framework")
def gaps(request: HttpRequest, code: str) -> Any:
    fw = get_framework_for_user(request.user, code)
    report = services.gaps_for(services.coverage(request.user), fw)
    return {
        "framework": report.framework,
        "ranked_by_demand": report.ranked_by_demand,
        "gaps": [g.__dict__ for g in report.gaps],
        "unapplied_regulations": report.unapplied_regulations,
    }


@router.get(
    "/analysis/paper", response=list[FindingOut], summary="The source paper's findings, re-derived"
)
def paper(request: HttpRequest) -> Any:
    return [
        {
            "claim": f.claim.id,
            "section": f.claim.section,
            "zh": f.claim.zh,
            "en": f.claim.en,
            "verdict": f.verdict,
            "evidence": f.evidence,
            "rows": f.rows,
            "caveat": f.caveat,
        }
        for f in services.paper_findings(services.coverage(request.user))
    ]


@router.get(
    "/analysis/compare",
    response=list[ComparisonOut],
    summary="Compare two frameworks by domain area",
)
def compare(request: HttpRequest, a: str, b: str) -> Any:
    get_framework_for_user(request.user, a)
    get_framework_for_user(request.user, b)
    return [r.__dict__ for r in services.comparison(services.coverage(request.user), a, b)]


@router.get(
    "/analysis/crosswalks/{code}",
    response=list[CrosswalkRowOut],
    summary="Crosswalk rows of a framework",
)
def crosswalks(request: HttpRequest, code: str, status: str | None = None) -> Any:
    fw = get_framework_for_user(request.user, code)
    rows = Association.objects.filter(framework=fw).exclude(
        destination_area=None, destination_item=None
    )
    if status:
        rows = rows.filter(status=status)
    rows = rows.select_related("origin", "destination_area", "destination_item", "reviewer")
    return [_row_out(r) for r in rows.order_by("pk")]


@router.post(
    "/analysis/crosswalks/{row_id}/review",
    response=CrosswalkRowOut,
    auth=django_auth,
    summary="Approve or reject a crosswalk row (reviewers of the owning organisation)",
)
def review(request: HttpRequest, row_id: int, body: ReviewIn) -> Any:
    row = get_crosswalk_for_user(request.user, row_id)
    try:
        row = actions.review_crosswalk(
            actor=request.user,
            row=row,
            decision=body.decision,
            match=body.match,
            coverage=body.coverage,
            rationale=body.rationale,
        )
    except actions.NotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    except actions.BadReview as exc:
        raise HttpError(422, str(exc)) from exc
    return _row_out(row)


@router.get("/analysis/flags", response=list[FlagOut], summary="Crosswalk problems to resolve")
def flags(request: HttpRequest) -> Any:
    return [
        {"kind": f.kind, "rows": list(f.rows), "detail": f.detail}
        for f in services.flags(request.user)
    ]
