"""A framework version's content: its hash, and writing it from a spec.

Shared by the catalog loader (`catalog.py`) and the interchange imports (`interchange.py`);
no verb of its own, so it writes no audit entry: its callers do.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict
from typing import Any

from cbec.standards.catalog.specs import (
    AssociationSpec,
    FrameworkSpec,
    ItemSpec,
    MappingSpec,
    ProvenanceSpec,
)
from cbec.standards.models import (
    Association,
    DomainArea,
    Framework,
    Item,
    Level,
    Regulation,
    RegulationLink,
    WeightEntry,
)
from cbec.standards.textnorm import search_text


def provenance_fields(spec: ProvenanceSpec) -> dict[str, Any]:
    return {
        "sources": spec.sources,
        "verification": spec.verification,
        "unverified_notes": spec.unverified_notes,
        "is_sample": spec.is_sample,
    }


_INTERCHANGE_DEFAULTS: dict[str, Any] = {
    "identifier": "",
    "uri": "",
    "case_item_type": "",
    "case_extra": {},
}


def _item_content(spec: ItemSpec) -> dict[str, Any]:
    """What an item says; interchange fields count only when set (catalog hashes stay stable)."""
    data = asdict(spec) | {"provenance": None}
    return {k: v for k, v in data.items() if _INTERCHANGE_DEFAULTS.get(k, object()) != v}


def framework_content_hash(spec: FrameworkSpec) -> str:
    """Hash of what a version *says* (title, items, levels, weights), not of its provenance."""
    content: dict[str, Any] = {
        "title": [spec.title_zh, spec.title_en],
        "items": [_item_content(i) for i in spec.items],
        "levels": [asdict(level) for level in spec.levels],
        "weights": [asdict(w) for w in spec.weights],
    }
    if spec.associations:
        content["associations"] = [asdict(a) | {"location": ""} for a in spec.associations]
    if spec.case_extra:
        content["case_extra"] = spec.case_extra
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


FRAMEWORK_META = [
    "title_zh",
    "title_en",
    "kind",
    "jurisdiction",
    "number",
    "issuer_text",
    "issued_text",
    "issued_on",
    "effective_text",
    "effective_on",
    "licence",
    "description_zh",
    "description_en",
    "scope",
    "levels_text",
    "covers",
    "lacks",
]


def write_framework_content(
    framework: Framework,
    spec: FrameworkSpec,
    areas: dict[str, DomainArea],
    regulations: dict[str, Regulation],
) -> None:
    """Replace a framework's levels, items, mappings and weights with those of `spec`."""
    framework.associations.all().delete()
    framework.items.all().delete()
    framework.levels.all().delete()
    levels = {
        lv.rank: Level.objects.create(framework=framework, **asdict(lv)) for lv in spec.levels
    }
    items = _create_items(framework, spec.items)
    _create_mappings(framework, spec.items, items, areas, regulations)
    _create_associations(framework, spec.associations, items)
    create_weights(framework, spec, items, levels)


def create_weights(
    framework: Framework, spec: FrameworkSpec, items: dict[str, Item], levels: dict[int, Level]
) -> None:
    """The 权重表 cells of `spec` whose item and level exist."""
    WeightEntry.objects.bulk_create(
        WeightEntry(
            framework=framework,
            item=items[w.item_code],
            level=levels[w.rank],
            kind=w.kind,
            scope=items.get(w.scope_code or ""),
            percent=w.percent,
        )
        for w in spec.weights
        if w.item_code in items and w.rank in levels
    )


def _create_items(framework: Framework, specs: list[ItemSpec]) -> dict[str, Item]:
    """Create items parents-first, one bulk insert per depth, keeping file order as position."""
    depth = depths(specs)
    created: dict[str, Item] = {}
    for level in sorted(set(depth.values())):
        batch = [
            new_item(framework, spec, position, created.get(spec.parent_code or ""), level)
            for position, spec in enumerate(specs)
            if depth[spec.code] == level
        ]
        for item in Item.objects.bulk_create(batch):
            created[item.code] = item
    return created


def depths(specs: list[ItemSpec]) -> dict[str, int]:
    parents = {s.code: s.parent_code for s in specs}
    depth: dict[str, int] = {}
    for code in parents:
        d, cursor = 0, parents[code]
        while cursor and d <= len(parents):
            d, cursor = d + 1, parents.get(cursor)
        depth[code] = d
    return depth


def new_item(
    framework: Framework, spec: ItemSpec, position: int, parent: Item | None, depth: int
) -> Item:
    extra: dict[str, Any] = {"identifier": uuid.UUID(spec.identifier)} if spec.identifier else {}
    return Item(
        **extra,
        uri=spec.uri,
        case_item_type=spec.case_item_type,
        case_extra=spec.case_extra,
        framework=framework,
        parent=parent,
        item_type=spec.item_type,
        code=spec.code,
        position=position,
        depth=depth,
        statement_zh=spec.statement_zh,
        statement_en=spec.statement_en,
        aliases_zh=spec.aliases_zh,
        aliases_en=spec.aliases_en,
        levels=spec.levels,
        dimensions=spec.dimensions,
        notes=spec.notes,
        search_text=search_text(
            spec.code, [spec.statement_zh, spec.statement_en, *spec.aliases_zh, *spec.aliases_en]
        ),
        **provenance_fields(spec.provenance),
    )


def _create_mappings(
    framework: Framework,
    specs: list[ItemSpec],
    items: dict[str, Item],
    areas: dict[str, DomainArea],
    regulations: dict[str, Regulation],
) -> None:
    Association.objects.bulk_create(
        Association(
            framework=framework,
            association_type="isRelatedTo",
            origin=items[s.code],
            destination_area=areas[m.area],
            match=m.match,
            coverage=m.coverage,
            confidence=m.confidence,
            rationale=m.rationale,
            status="approved",
        )
        for s in specs
        for m in [*(MappingSpec(code) for code in s.areas), *s.mappings]
        if m.area in areas
    )
    RegulationLink.objects.bulk_create(
        RegulationLink(regulation=regulations[reg], item=items[s.code], relation=relation)
        for s in specs
        for reg, relation in s.regulations
        if reg in regulations
    )


def _create_associations(
    framework: Framework, specs: list[AssociationSpec], items: dict[str, Item]
) -> None:
    """Associations of an interchange spec; references outside the framework are resolved
    (and checked) by the import verb before anything is written."""
    outside = items_by_identifier(
        {s.origin_identifier for s in specs} | {s.destination_identifier for s in specs}
    )
    areas = DomainArea.objects.in_bulk(field_name="code") if specs else {}
    Association.objects.bulk_create(
        (_new_association(framework, spec, items, outside, areas) for spec in specs),
        batch_size=2000,
    )


def _new_association(
    framework: Framework,
    spec: AssociationSpec,
    items: dict[str, Item],
    outside: dict[str, Item],
    areas: dict[str, DomainArea],
) -> Association:
    extra: dict[str, Any] = {"identifier": uuid.UUID(spec.identifier)} if spec.identifier else {}
    origin = items.get(spec.origin_code) or outside[spec.origin_identifier]
    destination = items.get(spec.destination_code) or outside.get(spec.destination_identifier)
    crosswalk = spec.case_extra.get("cbec") or {}
    area = None if destination else areas.get(str(crosswalk.get("area", "")))
    return Association(
        **extra,
        framework=framework,
        association_type=spec.association_type,
        origin=origin,
        destination_item=destination,
        destination_area=area,
        destination_uri="" if destination or area else spec.destination_uri,
        destination_title=spec.destination_title,
        sequence=spec.sequence,
        uri=spec.uri,
        case_extra=spec.case_extra,
        **_crosswalk_fields(crosswalk),
    )


def _crosswalk_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Governance fields of a crosswalk row carried in our CASE extension, checked loosely."""
    confidence = data.get("confidence")
    return {
        "match": str(data.get("match") or "")[:8],
        "coverage": str(data.get("coverage") or "")[:8],
        "confidence": float(confidence) if isinstance(confidence, int | float) else None,
        "rationale": str(data.get("rationale") or ""),
        "status": str(data.get("status") or "approved")[:10],
    }


def items_by_identifier(identifiers: set[str]) -> dict[str, Item]:
    wanted = sorted(i for i in identifiers if i)
    found: dict[str, Item] = {}
    for start in range(0, len(wanted), 2000):
        for item in Item.objects.filter(identifier__in=wanted[start : start + 2000]):
            found[str(item.identifier)] = item
    return found
