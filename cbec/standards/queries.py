"""Read-side helpers shared by the web views and the API (no writes here)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from cbec.lib import clock
from cbec.lib.jsoncols import ints
from cbec.standards.models import (
    Association,
    DomainArea,
    Framework,
    Item,
    Regulation,
    RegulationStatus,
    WeightEntry,
)
from cbec.standards.search import area_vocabulary
from cbec.standards.tree import filter_by_level, tree_order

TREE_FIELDS = (
    "id",
    "parent_id",
    "position",
    "code",
    "item_type",
    "statement_zh",
    "statement_en",
    "levels",
    "identifier",
    "verification",
)


def filter_frameworks(
    qs: QuerySet[Framework],
    kind: str | None = None,
    issuer: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Framework]:
    if kind:
        qs = qs.filter(kind=kind)
    if issuer:
        qs = qs.filter(issuer__slug=issuer)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title_zh__icontains=q) | Q(title_en__icontains=q) | Q(number__icontains=q))
    return qs.order_by("kind", "code", "-version")


def tree_rows(framework: Framework, level: int | None = None) -> list[dict[str, Any]]:
    """The framework's items depth-first (optionally only what applies at one level)."""
    return filter_by_level(tree_order(_tree_values(framework)), level)


def _tree_values(framework: Framework) -> list[dict[str, Any]]:
    """Plain rows for the tree, read with one raw query.

    The ORM's per-row converters (UUID, JSON) cost more than everything else on a
    10,000-item tree; these columns are simple enough to convert by hand on both databases.
    """
    sql = f"SELECT {', '.join(TREE_FIELDS)} FROM {Item._meta.db_table} WHERE framework_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [framework.pk])
        rows = cursor.fetchall()
    levels_at = TREE_FIELDS.index("levels")
    ident_at = TREE_FIELDS.index("identifier")
    out = []
    for row in rows:
        record = dict(zip(TREE_FIELDS, row, strict=True))
        record["levels"] = list(ints(row[levels_at]))
        record["identifier"] = _uuid_text(row[ident_at])
        out.append(record)
    return out


def _uuid_text(value: Any) -> str:
    """Canonical dashed form from a UUID (PostgreSQL) or 32 hex digits (SQLite), cheaply."""
    if isinstance(value, uuid.UUID):
        return str(value)
    h = str(value or "").replace("-", "")
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" if len(h) == 32 else h


def items_in_tree_order(
    framework: Framework, level: int | None = None, item_type: str | None = None
) -> list[Item]:
    rows = tree_rows(framework, level)
    if item_type:
        rows = [r for r in rows if r["item_type"] == item_type]
    found = Item.objects.select_related("framework", "parent").in_bulk([r["id"] for r in rows])
    return [found[r["id"]] for r in rows]


@dataclass
class WeightTable:
    """One 权重表: rows are items, columns are levels, for theory or skill."""

    scope: Item | None
    kind: str
    ranks: list[int]
    rows: list[tuple[Item, list[float | None]]] = field(default_factory=list)

    @property
    def totals(self) -> list[float]:
        return [sum(v[i] or 0 for _, v in self.rows) for i in range(len(self.ranks))]


def weight_tables(framework: Framework) -> list[WeightTable]:
    entries = WeightEntry.objects.filter(framework=framework).select_related(
        "item", "level", "scope"
    )
    ranks = [lv.rank for lv in framework.levels.all()]
    cells: dict[tuple[Any, str], dict[Item, dict[int, float]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    scopes: dict[Any, Item | None] = {}
    for e in sorted(entries, key=lambda e: (e.scope_id or 0, e.item.position)):
        scopes[e.scope_id] = e.scope
        cells[(e.scope_id, e.kind)][e.item][e.level.rank] = float(e.percent)
    tables = []
    for (scope_id, kind), rows in cells.items():
        table = WeightTable(scopes[scope_id], kind, ranks)
        table.rows = [(item, [by_rank.get(r) for r in ranks]) for item, by_rank in rows.items()]
        tables.append(table)
    return tables


def framework_detail(fw: Framework) -> dict[str, Any]:
    """Everything the API's framework endpoint returns, as plain data."""
    fields = [
        "code",
        "version",
        "title_zh",
        "title_en",
        "kind",
        "status",
        "issuer_text",
        "jurisdiction",
        "number",
        "issued_on",
        "issued_text",
        "effective_on",
        "effective_text",
        "description_zh",
        "description_en",
        "scope",
        "levels_text",
        "covers",
        "lacks",
    ]
    weights = [
        {
            "scope": w.scope.code if w.scope else None,
            "item": w.item.code,
            "kind": w.kind,
            "level": w.level.rank,
            "percent": float(w.percent),
        }
        for w in fw.weights.select_related("scope", "item", "level")
    ]
    return {f: getattr(fw, f) for f in fields} | {
        "identifier": str(fw.identifier),
        "issuer": fw.issuer.slug if fw.issuer else None,
        "levels": list(fw.levels.values("rank", "code", "name_zh", "name_en")),
        "item_count": fw.items.count(),
        "weights": weights,
    }


@dataclass
class ItemDetail:
    children: list[Item]
    ancestors: list[Item]
    crosswalks: list[dict[str, Any]]
    regulations: list[dict[str, Any]]


def item_detail(item: Item) -> ItemDetail:
    children = list(item.children.select_related("framework", "parent").order_by("position"))
    return ItemDetail(children, ancestors(item), crosswalks(item), regulations_of(item))


def ancestors(item: Item) -> list[Item]:
    chain: list[Item] = []
    cursor = item.parent
    while cursor is not None and len(chain) < 50:
        chain.insert(0, cursor)
        cursor = cursor.parent
    return chain


def crosswalks(item: Item) -> list[dict[str, Any]]:
    """Outgoing and incoming associations that leave the item's own hierarchy."""
    rows = []
    outgoing = Association.objects.filter(origin=item).select_related(
        "destination_area", "destination_item__framework"
    )
    for a in outgoing:
        rows.append(_crosswalk_row(a, a.destination_item, a.destination_area))
    for a in Association.objects.filter(destination_item=item).select_related("origin__framework"):
        rows.append(_crosswalk_row(a, a.origin, None) | {"type": f"{a.association_type} (←)"})
    return rows


def _crosswalk_row(a: Association, other: Item | None, area: DomainArea | None) -> dict[str, Any]:
    if area is not None:
        kind, dest, title = "domain_area", area.code, area.label_zh
    elif other is not None:
        kind, dest, title = "item", str(other.identifier), f"{other.framework.code} {other.code}"
    else:
        kind, dest, title = "uri", a.destination_uri, a.destination_title
    return {
        "type": a.association_type,
        "destination_kind": kind,
        "destination": dest,
        "title": title,
        "match": a.match,
        "coverage": a.coverage,
        "confidence": a.confidence,
        "status": a.status,
        "rationale": a.rationale,
        "area_label_en": area.label_en if area else "",
    }


def regulations_of(item: Item) -> list[dict[str, Any]]:
    return [
        {
            "code": link.regulation.code,
            "name_zh": link.regulation.name_zh,
            "name_en": link.regulation.name_en,
            "relation": link.relation,
        }
        for link in item.regulation_links.select_related("regulation").order_by("regulation__code")
    ]


def vocabulary() -> dict[str, list[str]]:
    return area_vocabulary(list(DomainArea.objects.all()))


def area_out(area: DomainArea) -> dict[str, Any]:
    fields = [
        "code",
        "group",
        "label_zh",
        "label_en",
        "definition_zh",
        "definition_en",
        "content_zh",
        "skill_requirement_zh",
        "tools",
        "aliases_zh",
        "aliases_en",
        "dimensions",
        "source_label",
    ]
    return {f: getattr(area, f) for f in fields} | {"related": [r.code for r in area.related.all()]}


def regulation_status(reg: Regulation, today: dt.date | None = None) -> str:
    """Explicit status wins; otherwise derived from the effective date (unknown without one)."""
    if reg.status and reg.status != RegulationStatus.UNKNOWN:
        return reg.status
    today = today or clock.today()
    if reg.effective_on is None:
        return RegulationStatus.UNKNOWN
    return RegulationStatus.UPCOMING if reg.effective_on > today else RegulationStatus.IN_FORCE


def filter_regulations(jurisdiction: str | None, status: str | None) -> list[Regulation]:
    qs = Regulation.objects.all()
    if jurisdiction:
        qs = qs.filter(jurisdiction=jurisdiction)
    regs = list(qs)
    return [r for r in regs if not status or regulation_status(r) == status]


def regulation_out(reg: Regulation) -> dict[str, Any]:
    fields = [
        "code",
        "name_zh",
        "name_en",
        "jurisdiction",
        "number",
        "issued_on",
        "issued_text",
        "effective_on",
        "effective_text",
        "summary",
        "topics",
    ]
    return {f: getattr(reg, f) for f in fields} | {
        "status": regulation_status(reg),
        "provenance": provenance_of(reg),
    }


def provenance_of(fact: Any) -> dict[str, Any]:
    """Where a catalog fact comes from and how far it is confirmed, as the API shows it."""
    return {
        "sources": fact.sources,
        "verification": fact.verification,
        "unverified_notes": fact.unverified_notes,
        "is_sample": fact.is_sample,
    }
