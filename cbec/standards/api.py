"""Read API for frameworks, items, the domain map, regulations and search."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from cbec.standards import queries
from cbec.standards.access import (
    frameworks_for_user,
    get_framework_for_user,
    get_item_for_user,
    items_for_user,
)
from cbec.standards.models import DomainArea, Framework, Item, Regulation, Statistic
from cbec.standards.search import plan_search, search_items

router = Router(tags=["standards"])


class ProvenanceOut(Schema):
    sources: list[str]
    verification: str
    unverified_notes: list[str]
    is_sample: bool


class LevelOut(Schema):
    rank: int
    code: str
    name_zh: str
    name_en: str


class FrameworkFields(Schema):
    identifier: str
    code: str
    version: str
    title_zh: str
    title_en: str
    kind: str
    status: str
    issuer: str | None
    issuer_text: str
    jurisdiction: str
    number: str
    issued_on: dt.date | None
    issued_text: str
    effective_on: dt.date | None
    effective_text: str
    provenance: ProvenanceOut


class FrameworkOut(FrameworkFields):
    @staticmethod
    def resolve_identifier(obj: Framework) -> str:
        return str(obj.identifier)

    @staticmethod
    def resolve_issuer(obj: Framework) -> str | None:
        return obj.issuer.slug if obj.issuer else None

    @staticmethod
    def resolve_provenance(obj: Any) -> dict[str, Any]:
        return _provenance(obj)


class WeightOut(Schema):
    scope: str | None
    item: str
    kind: str
    level: int
    percent: float


class FrameworkDetailOut(FrameworkFields):
    description_zh: str
    description_en: str
    scope: str
    levels_text: str
    covers: list[str]
    lacks: list[str]
    levels: list[LevelOut]
    item_count: int
    weights: list[WeightOut]


class ItemOut(Schema):
    identifier: str
    framework: str
    version: str
    code: str
    type: str
    parent: str | None
    depth: int
    statement_zh: str
    statement_en: str
    levels: list[int]
    dimensions: list[str]


class AreaRefOut(Schema):
    code: str
    label_zh: str
    label_en: str


class CrosswalkOut(Schema):
    type: str
    destination_kind: str
    destination: str
    title: str
    match: str
    coverage: str
    confidence: float | None
    status: str
    rationale: str


class RegulationRefOut(Schema):
    code: str
    name_zh: str
    name_en: str
    relation: str


class ItemDetailOut(ItemOut):
    aliases_zh: list[str]
    aliases_en: list[str]
    notes: str
    provenance: ProvenanceOut
    children: list[ItemOut]
    crosswalks: list[CrosswalkOut]
    regulations: list[RegulationRefOut]


class AreaOut(Schema):
    code: str
    group: str
    label_zh: str
    label_en: str
    definition_zh: str
    definition_en: str
    content_zh: str
    skill_requirement_zh: str
    tools: list[str]
    aliases_zh: list[str]
    aliases_en: list[str]
    dimensions: list[str]
    related: list[str]
    source_label: str


class RegulationOut(Schema):
    code: str
    name_zh: str
    name_en: str
    jurisdiction: str
    number: str
    issued_on: dt.date | None
    issued_text: str
    effective_on: dt.date | None
    effective_text: str
    status: str
    summary: str
    topics: list[str]
    provenance: ProvenanceOut


class StatisticOut(Schema):
    code: str
    metric: str
    value: str
    paper_value: str
    provenance: ProvenanceOut


class SearchHitOut(ItemOut):
    framework_title_zh: str
    framework_title_en: str


class SearchOut(Schema):
    query: str
    count: int
    expanded_areas: list[str]
    items: list[SearchHitOut]


class FrameworkFilters(Schema):
    kind: str | None = Field(
        None, description="national, provincial, local, group, enterprise, international, reference"
    )
    issuer: str | None = Field(None, description="Issuer organisation slug")
    status: str | None = Field(None, description="draft, published, superseded, withdrawn")
    q: str | None = Field(None, description="Words in the title (zh or en)")


_provenance = queries.provenance_of


def item_out(item: Item) -> dict[str, Any]:
    return {
        "identifier": str(item.identifier),
        "framework": item.framework.code,
        "version": item.framework.version,
        "code": item.code,
        "type": item.item_type,
        "parent": item.parent.code if item.parent_id and item.parent else None,
        "depth": item.depth,
        "statement_zh": item.statement_zh,
        "statement_en": item.statement_en,
        "levels": item.levels,
        "dimensions": item.dimensions,
    }


@router.get("/frameworks", response=list[FrameworkOut], summary="List frameworks (standards)")
@paginate(LimitOffsetPagination)
def list_frameworks(request: HttpRequest, filters: Query[FrameworkFilters]) -> Any:
    return queries.filter_frameworks(frameworks_for_user(request.user), **filters.dict())


@router.get("/frameworks/{code}", response=FrameworkDetailOut, summary="One framework version")
def get_framework(request: HttpRequest, code: str, version: str | None = None) -> Any:
    fw = get_framework_for_user(request.user, code, version)
    return queries.framework_detail(fw) | {"provenance": _provenance(fw)}


@router.get(
    "/frameworks/{code}/items",
    response=list[ItemOut],
    summary="Items of a framework, in tree order",
)
@paginate(LimitOffsetPagination)
def list_framework_items(
    request: HttpRequest,
    code: str,
    version: str | None = None,
    level: int | None = None,
    type: str | None = None,
) -> Any:
    fw = get_framework_for_user(request.user, code, version)
    items = queries.items_in_tree_order(fw, level=level, item_type=type)
    return [item_out(i) for i in items]


@router.get(
    "/items/{identifier}",
    response=ItemDetailOut,
    summary="One item with crosswalks and regulations",
)
def get_item(request: HttpRequest, identifier: str) -> Any:
    item = get_item_for_user(request.user, identifier)
    detail = queries.item_detail(item)
    return item_out(item) | {
        "aliases_zh": item.aliases_zh,
        "aliases_en": item.aliases_en,
        "notes": item.notes,
        "provenance": _provenance(item),
        "children": [item_out(c) for c in detail.children],
        "crosswalks": detail.crosswalks,
        "regulations": detail.regulations,
    }


@router.get("/domain-areas", response=list[AreaOut], summary="The CBEC domain map")
def list_areas(request: HttpRequest) -> Any:
    return [queries.area_out(a) for a in DomainArea.objects.prefetch_related("related")]


@router.get("/domain-areas/{code}", response=AreaOut, summary="One domain area")
def get_area(request: HttpRequest, code: str) -> Any:
    area = DomainArea.objects.filter(code=code).first()
    if area is None:
        raise Http404(f"domain area {code!r} not found")
    return queries.area_out(area)


@router.get("/regulations", response=list[RegulationOut], summary="Regulations")
@paginate(LimitOffsetPagination)
def list_regulations(
    request: HttpRequest, jurisdiction: str | None = None, status: str | None = None
) -> Any:
    return [queries.regulation_out(r) for r in queries.filter_regulations(jurisdiction, status)]


@router.get("/regulations/{code}", response=RegulationOut, summary="One regulation")
def get_regulation(request: HttpRequest, code: str) -> Any:
    reg = Regulation.objects.filter(code=code).first()
    if reg is None:
        raise Http404(f"regulation {code!r} not found")
    return queries.regulation_out(reg)


@router.get("/statistics", response=list[StatisticOut], summary="Sourced CBEC statistics")
def list_statistics(request: HttpRequest) -> Any:
    return [s.__dict__ | {"provenance": _provenance(s)} for s in Statistic.objects.order_by("code")]


@router.get("/search", response=SearchOut, summary="Search items in Chinese or English")
def search(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=200, description="Query; Chinese needs no spaces"),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
) -> Any:
    plan = plan_search(q, queries.vocabulary())
    count, items = search_items(items_for_user(request.user), plan, offset=offset, limit=limit)
    hits = [
        item_out(i)
        | {"framework_title_zh": i.framework.title_zh, "framework_title_en": i.framework.title_en}
        for i in items
    ]
    areas = sorted({a for g in plan.groups for a in g.areas})
    return {"query": q, "count": count, "expanded_areas": areas, "items": hits}
