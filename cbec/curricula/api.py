"""Read API for programme statistics (Table 2)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cbec.curricula.models import ProgrammeCount

router = Router(tags=["curricula"])


class ProgrammeCountOut(Schema):
    province_zh: str
    province_en: str
    year: int
    undergraduate: int
    vocational: int
    total: int
    sources: list[str]
    verification: str


class ProgrammeStatsOut(Schema):
    year: int | None
    undergraduate_total: int
    vocational_total: int
    provinces: list[ProgrammeCountOut]


@router.get(
    "/programme-counts", response=ProgrammeStatsOut, summary="CBEC programmes by province (Table 2)"
)
def programme_counts(request: HttpRequest, year: int | None = None) -> Any:
    qs = ProgrammeCount.objects.all()
    if year is not None:
        qs = qs.filter(year=year)
    rows = list(qs.order_by("-vocational", "province_zh"))
    return {
        "year": year,
        "undergraduate_total": sum(r.undergraduate for r in rows),
        "vocational_total": sum(r.vocational for r in rows),
        "provinces": [r.__dict__ | {"total": r.total} for r in rows],
    }
