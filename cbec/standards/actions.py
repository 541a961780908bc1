"""Business verbs of the standards app. Each runs in one transaction and writes the audit log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from cbec.accounts.audit import Actor, log_action
from cbec.accounts.models import Organisation
from cbec.standards.catalog.parse import read_catalog
from cbec.standards.catalog.specs import (
    AreaSpec,
    Catalog,
    CatalogError,
    CatalogProblem,
    FrameworkSpec,
    ItemSpec,
    MappingSpec,
    OrganisationSpec,
    ProvenanceSpec,
)
from cbec.standards.models import (
    Association,
    DomainArea,
    Framework,
    FrameworkStatus,
    Item,
    Level,
    Regulation,
    RegulationLink,
    Statistic,
    WeightEntry,
)
from cbec.standards.textnorm import search_text


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: str, kind: str) -> None:
        counts = getattr(self, bucket)
        counts[kind] = counts.get(kind, 0) + 1


class ImmutableVersionError(ValueError):
    """A published framework version was asked to change."""


def load_catalog(catalog: Catalog | None = None, *, actor: Actor = None) -> LoadReport:
    """Load or refresh the built-in catalog in one transaction; re-running changes nothing."""
    catalog = catalog or read_catalog()
    report = LoadReport()
    with transaction.atomic():
        orgs = {spec.slug: _upsert_org(spec, report) for spec in catalog.organisations}
        areas = _upsert_areas(catalog.areas, report)
        regulations = {spec.code: _upsert_regulation(spec, report) for spec in catalog.regulations}
        for stat in catalog.statistics:
            _upsert(
                Statistic,
                {"code": stat.code},
                {
                    "metric": stat.metric,
                    "value": stat.value,
                    "paper_value": stat.paper_value,
                    **_prov(stat.provenance),
                },
                report,
                "statistic",
            )
        for fw in catalog.frameworks:
            _upsert_framework(fw, orgs, areas, regulations, report)
        log_action("standards.catalog.loaded", actor=actor, data=asdict(report))
    return report


def _prov(spec: ProvenanceSpec) -> dict[str, Any]:
    return {
        "sources": spec.sources,
        "verification": spec.verification,
        "unverified_notes": spec.unverified_notes,
        "is_sample": spec.is_sample,
    }


def _upsert(
    model: Any, key: dict[str, Any], values: dict[str, Any], report: LoadReport, kind: str
) -> Any:
    """Create, update or leave alone, and say which: idempotence is checked by the report."""
    obj = model.objects.filter(**key).first()
    if obj is None:
        report.count("created", kind)
        return model.objects.create(**key, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count("updated", kind)
    else:
        report.count("unchanged", kind)
    return obj


def _upsert_org(spec: OrganisationSpec, report: LoadReport) -> Organisation:
    return _upsert(
        Organisation,
        {"slug": spec.slug},
        {
            "name_zh": spec.name_zh,
            "name_en": spec.name_en,
            "kind": spec.kind,
            "jurisdiction": spec.jurisdiction,
            "is_sample": spec.is_sample,
        },
        report,
        "organisation",
    )


def _upsert_areas(specs: list[AreaSpec], report: LoadReport) -> dict[str, DomainArea]:
    areas = {}
    for spec in specs:
        values = {
            k: v for k, v in asdict(spec).items() if k not in {"code", "related", "provenance"}
        }
        areas[spec.code] = _upsert(
            DomainArea,
            {"code": spec.code},
            {**values, **_prov(spec.provenance)},
            report,
            "domain_area",
        )
    for spec in specs:
        areas[spec.code].related.set([areas[c] for c in spec.related])
    return areas


def _upsert_regulation(spec: Any, report: LoadReport) -> Regulation:
    values = {k: v for k, v in asdict(spec).items() if k not in {"code", "provenance"}}
    return _upsert(
        Regulation, {"code": spec.code}, {**values, **_prov(spec.provenance)}, report, "regulation"
    )


def framework_content_hash(spec: FrameworkSpec) -> str:
    """Hash of what a version *says* (title, items, levels, weights), not of its provenance."""
    content = {
        "title": [spec.title_zh, spec.title_en],
        "items": [asdict(i) | {"provenance": None} for i in spec.items],
        "levels": [asdict(level) for level in spec.levels],
        "weights": [asdict(w) for w in spec.weights],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


_FRAMEWORK_META = [
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


def _upsert_framework(
    spec: FrameworkSpec,
    orgs: dict[str, Organisation],
    areas: dict[str, DomainArea],
    regulations: dict[str, Regulation],
    report: LoadReport,
) -> Framework:
    digest = framework_content_hash(spec)
    existing = Framework.objects.filter(code=spec.code, version=spec.version).first()
    if existing and existing.content_hash != digest and existing.is_immutable:
        raise CatalogError(
            [
                CatalogProblem(
                    Path("catalog"),
                    0,
                    "version",
                    f"{spec.code} v{spec.version} is {existing.status} and immutable, but its content "
                    "changed in the catalog: give the changed content a new version number",
                )
            ]
        )
    values = {name: getattr(spec, name) for name in _FRAMEWORK_META}
    values.update(
        _prov(spec.provenance), status=spec.status, issuer=orgs.get(spec.issuer_slug or "")
    )
    framework = _upsert(
        Framework, {"code": spec.code, "version": spec.version}, values, report, "framework"
    )
    if framework.content_hash != digest:
        write_framework_content(framework, spec, areas, regulations)
        framework.content_hash = digest
        framework.save(update_fields=["content_hash"])
    return framework


def write_framework_content(
    framework: Framework,
    spec: FrameworkSpec,
    areas: dict[str, DomainArea],
    regulations: dict[str, Regulation],
) -> None:
    """Replace a framework's levels, items, mappings and weights with those of `spec`."""
    framework.items.all().delete()
    framework.levels.all().delete()
    levels = {
        lv.rank: Level.objects.create(framework=framework, **asdict(lv)) for lv in spec.levels
    }
    items = _create_items(framework, spec.items)
    _create_mappings(framework, spec.items, items, areas, regulations)
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
    depth = _depths(specs)
    created: dict[str, Item] = {}
    for level in sorted(set(depth.values())):
        batch = [
            _new_item(framework, spec, position, created.get(spec.parent_code or ""), level)
            for position, spec in enumerate(specs)
            if depth[spec.code] == level
        ]
        for item in Item.objects.bulk_create(batch):
            created[item.code] = item
    return created


def _depths(specs: list[ItemSpec]) -> dict[str, int]:
    parents = {s.code: s.parent_code for s in specs}
    depth: dict[str, int] = {}
    for code in parents:
        d, cursor = 0, parents[code]
        while cursor and d <= len(parents):
            d, cursor = d + 1, parents.get(cursor)
        depth[code] = d
    return depth


def _new_item(
    framework: Framework, spec: ItemSpec, position: int, parent: Item | None, depth: int
) -> Item:
    return Item(
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
        **_prov(spec.provenance),
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


@transaction.atomic
def publish_framework(framework: Framework, *, actor: Actor = None) -> Framework:
    """Freeze a draft: from now on its content may only change through a new version."""
    if framework.status != FrameworkStatus.DRAFT:
        raise ImmutableVersionError(
            f"{framework} is {framework.status}, only drafts can be published"
        )
    framework.status = FrameworkStatus.PUBLISHED
    framework.save(update_fields=["status", "updated_at"])
    log_action(
        "standards.framework.published",
        actor=actor,
        target=framework,
        data={"code": framework.code, "version": framework.version},
    )
    return framework


class NotAllowed(PermissionError):
    """The actor may not do this."""


@transaction.atomic
def create_draft_framework(
    *,
    actor: Actor,
    issuer: Organisation,
    code: str,
    title_zh: str,
    title_en: str = "",
    kind: str = "group",
    version: str = "0.1.0",
    is_sample: bool = False,
) -> Framework:
    """Start a new standard as a draft of `issuer`; only its admins and editors may."""
    if not _may_author(actor, issuer):
        raise NotAllowed(f"{actor} may not author standards for {issuer}")
    framework = Framework.objects.create(
        code=code,
        version=version,
        title_zh=title_zh,
        title_en=title_en,
        kind=kind,
        issuer=issuer,
        issuer_text=issuer.name_zh,
        status=FrameworkStatus.DRAFT,
        is_sample=is_sample,
        verification="verified" if not is_sample else "unverified",
    )
    log_action(
        "standards.framework.created",
        actor=actor,
        target=framework,
        data={"code": code, "version": version},
    )
    return framework


def _may_author(actor: Actor, issuer: Organisation) -> bool:
    from cbec.accounts.models import Membership

    if actor is None or not actor.is_authenticated:
        return False
    if getattr(actor, "is_staff", False):
        return True
    return Membership.objects.filter(
        user_id=actor.pk, organisation=issuer, role__in=["admin", "editor"]
    ).exists()


@transaction.atomic
def add_item(
    *,
    actor: Actor,
    framework: Framework,
    code: str,
    item_type: str,
    statement_zh: str,
    statement_en: str = "",
    parent: Item | None = None,
    levels: list[int] | None = None,
    areas: list[DomainArea] | None = None,
) -> Item:
    """Add an item to a draft; published versions change only through a new version."""
    from cbec.standards.access import can_edit_framework

    if framework.is_immutable:
        raise ImmutableVersionError(f"{framework} is {framework.status}; create a new version")
    if actor is not None and not can_edit_framework(actor, framework):
        raise NotAllowed(f"{actor} may not edit {framework}")
    item = Item.objects.create(
        framework=framework,
        parent=parent,
        item_type=item_type,
        code=code,
        position=framework.items.count(),
        depth=(parent.depth + 1) if parent else 0,
        statement_zh=statement_zh,
        statement_en=statement_en,
        levels=sorted(levels or [], reverse=True),
        search_text=search_text(code, [statement_zh, statement_en]),
        is_sample=framework.is_sample,
        verification=framework.verification,
    )
    for area in areas or []:
        Association.objects.create(
            framework=framework,
            association_type="isRelatedTo",
            origin=item,
            destination_area=area,
            match="narrow",
            coverage="full",
            confidence=1.0,
            status="approved",
            rationale="Mapped by the framework's authors.",
        )
    log_action("standards.item.added", actor=actor, target=item, data={"framework": framework.code})
    return item
