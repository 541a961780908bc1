"""Business verbs of the standards app. Each runs in one transaction and writes the audit log."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from cbec.accounts.audit import Actor, log_action
from cbec.accounts.models import Organisation
from cbec.lib.said import say, shown
from cbec.standards.catalog.parse import read_catalog
from cbec.standards.catalog.specs import (
    AreaSpec,
    AssociationSpec,
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
    """A published framework version was asked to change. The message may be a stored message
    (cbec.lib.said): `str()` gives it in the active language."""

    def __str__(self) -> str:
        return shown(str(self.args[0])) if self.args else ""


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
    framework.associations.all().delete()
    framework.items.all().delete()
    framework.levels.all().delete()
    levels = {
        lv.rank: Level.objects.create(framework=framework, **asdict(lv)) for lv in spec.levels
    }
    items = _create_items(framework, spec.items)
    _create_mappings(framework, spec.items, items, areas, regulations)
    _create_associations(framework, spec.associations, items)
    _create_weights(framework, spec, items, levels)


def _create_weights(
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


def _create_associations(
    framework: Framework, specs: list[AssociationSpec], items: dict[str, Item]
) -> None:
    """Associations of an interchange spec; references outside the framework are resolved
    (and checked) by the import verb before anything is written."""
    outside = _items_by_identifier(
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


def _items_by_identifier(identifiers: set[str]) -> dict[str, Item]:
    wanted = sorted(i for i in identifiers if i)
    found: dict[str, Item] = {}
    for start in range(0, len(wanted), 2000):
        for item in Item.objects.filter(identifier__in=wanted[start : start + 2000]):
            found[str(item.identifier)] = item
    return found


@transaction.atomic
def publish_framework(framework: Framework, *, actor: Actor = None) -> Framework:
    """Freeze a draft: from now on its content may only change through a new version."""
    if framework.status != FrameworkStatus.DRAFT:
        raise ImmutableVersionError(
            say(
                gettext_noop("%(framework)s 的状态为 %(status)s，只有草案可以发布"),
                framework=framework,
                status=framework.status,
            )
        )
    from cbec.standards.versions import record_replacements

    replaced = record_replacements(framework)
    framework.status = FrameworkStatus.PUBLISHED
    framework.save(update_fields=["status", "updated_at"])
    log_action(
        "standards.framework.published",
        actor=actor,
        target=framework,
        data={"code": framework.code, "version": framework.version, "replaced_items": replaced},
    )
    return framework


class NotAllowed(PermissionError):
    """The actor may not do this. The message may be a stored message (cbec.lib.said):
    `str()` gives it in the active language."""

    def __str__(self) -> str:
        return shown(str(self.args[0])) if self.args else ""


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
        raise NotAllowed(
            say(gettext_noop("%(actor)s 无权为 %(issuer)s 编写标准"), actor=actor, issuer=issuer)
        )
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
        raise ImmutableVersionError(
            say(
                gettext_noop("%(framework)s 的状态为 %(status)s；请创建新版本"),
                framework=framework,
                status=framework.status,
            )
        )
    if actor is not None and not can_edit_framework(actor, framework):
        raise NotAllowed(
            say(gettext_noop("%(actor)s 无权编辑 %(target)s"), actor=actor, target=framework)
        )
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


@dataclass
class ImportResult:
    framework: Framework
    outcome: str  # created | updated | unchanged
    items: int
    associations: int


def import_framework(
    spec: FrameworkSpec,
    *,
    actor: Actor,
    file: str,
    source_format: str,
    issuer: Organisation | None = None,
    as_draft: bool = False,
) -> ImportResult:
    """Create or replace a framework version from an interchange file, in one transaction.

    The version is found by identifier, else by code + version. A published version only
    "re-imports" unchanged; a draft is replaced. Any problem (a reference that resolves to
    nothing, an identifier another framework already uses) aborts with every problem listed.
    """
    from cbec.standards.interop.problems import InterchangeError

    if as_draft:
        spec.status = FrameworkStatus.DRAFT
    with transaction.atomic():
        target = _import_target(spec)
        problems = _import_problems(spec, target, actor, issuer, file)
        if problems:
            raise InterchangeError(problems)
        result = _write_import(spec, target, issuer)
        log_action(
            f"standards.framework.{'imported' if result.outcome != 'unchanged' else 'reimported'}",
            actor=actor,
            target=result.framework,
            data={
                "file": file,
                "format": source_format,
                "outcome": result.outcome,
                "items": result.items,
                "associations": result.associations,
            },
        )
    return result


def _import_target(spec: FrameworkSpec) -> Framework | None:
    if spec.identifier:
        found = Framework.objects.filter(identifier=spec.identifier).first()
        if found:
            return found
    return Framework.objects.filter(code=spec.code, version=spec.version).first()


def _import_problems(
    spec: FrameworkSpec,
    target: Framework | None,
    actor: Actor,
    issuer: Organisation | None,
    file: str,
) -> list[Any]:
    from cbec.standards.access import can_edit_framework
    from cbec.standards.interop.problems import Problem

    problems: list[Problem] = []
    if target is None and issuer is not None and not _may_author(actor, issuer):
        message = say(
            gettext_noop("%(actor)s 无权以 %(issuer)s 的名义编写标准"), actor=actor, issuer=issuer
        )
        problems.append(Problem(file, "", "issuer", message))
    staff = getattr(actor, "is_staff", False)
    if target is None and issuer is None and actor is not None and not staff:
        problems.append(Problem(file, "", "issuer", say(gettext_noop("请选择发布机构"))))
    editable = target is not None and not target.is_immutable
    if editable and target and actor is not None and not can_edit_framework(actor, target):
        message = say(gettext_noop("%(actor)s 无权修改 %(target)s"), actor=actor, target=target)
        problems.append(Problem(file, "", "", message))
    if target is not None and target.is_immutable:
        if not _same_content(target, spec):
            problems.append(
                Problem(
                    file,
                    "CFDocument" if spec.identifier else "",
                    "version",
                    say(
                        gettext_noop(
                            "%(code)s v%(version)s 的状态为 %(status)s，不可更改；"
                            "请给更改后的内容一个新版本号（或导入为副本）"
                        ),
                        code=target.code,
                        version=target.version,
                        status=target.status,
                    ),
                )
            )
        return problems
    if target is not None and spec.identifier and str(target.identifier) != spec.identifier:
        problems.append(
            Problem(
                file,
                "",
                "version",
                say(
                    gettext_noop(
                        "%(code)s v%(version)s 已存在，但标识符不同；请换一个编码或版本号"
                    ),
                    code=spec.code,
                    version=spec.version,
                ),
            )
        )
    return problems + _reference_problems(spec, target, file)


def _same_content(target: Framework, spec: FrameworkSpec) -> bool:
    """Does `spec` say what the stored version says? Compared through our own CASE export,
    so a version stored from the catalog also "re-imports" unchanged from its export."""
    from cbec.standards.interop.case.export import case_package
    from cbec.standards.interop.case.parse import parse_case_package
    from cbec.standards.snapshot import snapshot

    digest = framework_content_hash(spec)
    if target.content_hash == digest:
        return True
    exported = json.dumps(case_package(snapshot(target)), ensure_ascii=False).encode()
    return framework_content_hash(parse_case_package(exported, code=spec.code)) == digest


def _reference_problems(spec: FrameworkSpec, target: Framework | None, file: str) -> list[Any]:
    """Identifiers already used elsewhere, and references that resolve to nothing stored."""
    from cbec.standards.interop.problems import Problem

    problems = []
    mine = [i.identifier for i in spec.items if i.identifier]
    if mine and _any_clash(mine, target):
        used = _items_by_identifier(set(mine))
        for item in spec.items:
            other = used.get(item.identifier)
            if other is not None and (target is None or other.framework_id != target.pk):
                problems.append(
                    Problem(
                        file,
                        f"item {item.code}",
                        "identifier",
                        say(
                            gettext_noop(
                                "重复的标识符 %(identifier)s：已被 %(framework)s v%(version)s 的 "
                                "%(item)s 使用；请改为导入副本（--copy）"
                            ),
                            identifier=item.identifier,
                            framework=other.framework.code,
                            version=other.framework.version,
                            item=other.code,
                        ),
                    )
                )
    outside = _items_by_identifier(
        {a.origin_identifier for a in spec.associations}
        | {a.destination_identifier for a in spec.associations}
    )
    for a in spec.associations:
        if a.origin_identifier and a.origin_identifier not in outside:
            problems.append(
                Problem(
                    file,
                    a.location,
                    "originNodeURI",
                    say(
                        gettext_noop("起点 %(identifier)s 不存在：既不在本文件中，也未存储"),
                        identifier=a.origin_identifier,
                    ),
                )
            )
        if a.destination_identifier and a.destination_identifier not in outside:
            if a.destination_uri:
                a.destination_identifier = ""  # an external target, kept by its URI
            else:
                problems.append(
                    Problem(
                        file,
                        a.location,
                        "destinationNodeURI",
                        say(
                            gettext_noop("目标 %(identifier)s 不存在：既不在本文件中，也未存储"),
                            identifier=a.destination_identifier,
                        ),
                    )
                )
    return problems


def _any_clash(identifiers: list[str], target: Framework | None) -> bool:
    qs = Item.objects.exclude(framework=target) if target else Item.objects.all()
    return any(
        qs.filter(identifier__in=identifiers[i : i + 2000]).exists()
        for i in range(0, len(identifiers), 2000)
    )


def _write_import(
    spec: FrameworkSpec, target: Framework | None, issuer: Organisation | None
) -> ImportResult:
    digest = framework_content_hash(spec)
    counts = (len(spec.items), len(spec.associations))
    if target is not None and (target.content_hash == digest or target.is_immutable):
        return ImportResult(target, "unchanged", *counts)
    values = {name: getattr(spec, name) for name in _FRAMEWORK_META}
    values |= {
        "code": spec.code,
        "version": spec.version,
        "status": spec.status,
        "uri": spec.uri,
        "case_extra": spec.case_extra,
        "content_hash": digest,
        **_prov(spec.provenance),
    }
    if target is None:
        extra = {"identifier": uuid.UUID(spec.identifier)} if spec.identifier else {}
        target = Framework.objects.create(**extra, issuer=issuer, **values)
        outcome = "created"
    else:
        for name, value in values.items():
            setattr(target, name, value)
        target.save()
        outcome = "updated"
    write_framework_content(target, spec, {}, {})
    return ImportResult(target, outcome, *counts)


@dataclass
class WorkbookResult:
    framework: Framework
    created: int
    updated: int
    skipped: list[Any]  # problems of the rows left out (good-rows-only imports)


def import_workbook(
    data: bytes,
    *,
    actor: Actor,
    file: str,
    framework: Framework | None = None,
    good_rows_only: bool = False,
    issuer: Organisation | None = None,
) -> WorkbookResult:
    """Create or update items by code from a workbook in the template, in one transaction.

    By default any bad row refuses the whole file; `good_rows_only` imports the rest and
    returns the bad rows' problems. A missing code or version always refuses the file.
    """
    from cbec.standards.interop.excel.parse import parse_workbook
    from cbec.standards.interop.problems import InterchangeError, Problem

    first = parse_workbook(data, file)
    target = (
        framework
        or Framework.objects.filter(code=first.spec.code, version=first.spec.version).first()
    )
    known = set(target.items.values_list("code", flat=True)) if target else set()
    parsed = parse_workbook(data, file, known) if known else first
    fatal = [p for p in parsed.problems if "!" not in p.location]
    if fatal or (parsed.problems and not good_rows_only):
        raise InterchangeError(fatal or parsed.problems)
    if target is None:
        result = import_framework(
            parsed.spec, actor=actor, file=file, source_format="excel", issuer=issuer
        )
        return WorkbookResult(result.framework, result.items, 0, parsed.problems)
    if target.is_immutable:
        message = say(
            gettext_noop("%(target)s 的状态为 %(status)s：请创建新版本并导入其中"),
            target=target,
            status=target.status,
        )
        raise InterchangeError([Problem(file, "框架", "版本 version", message)])
    if actor is not None and not can_edit(actor, target):
        raise NotAllowed(
            say(gettext_noop("%(actor)s 无权编辑 %(target)s"), actor=actor, target=target)
        )
    with transaction.atomic():
        created, updated = _upsert_items(target, parsed.spec)
        log_action(
            "standards.framework.workbook_imported",
            actor=actor,
            target=target,
            data={
                "file": file,
                "created": created,
                "updated": updated,
                "skipped_rows": parsed.bad_rows,
            },
        )
    return WorkbookResult(target, created, updated, parsed.problems)


def can_edit(actor: Actor, framework: Framework) -> bool:
    from cbec.standards.access import can_edit_framework

    return actor is not None and can_edit_framework(actor, framework)


_UPDATED_FIELDS = [
    "item_type",
    "statement_zh",
    "statement_en",
    "levels",
    "aliases_zh",
    "aliases_en",
    "dimensions",
    "notes",
    "search_text",
    "parent",
    "depth",
]


def _upsert_items(framework: Framework, spec: FrameworkSpec) -> tuple[int, int]:
    existing = {i.code: i for i in framework.items.all()}
    for lv in spec.levels:
        Level.objects.update_or_create(
            framework=framework,
            rank=lv.rank,
            defaults={"code": lv.code, "name_zh": lv.name_zh, "name_en": lv.name_en},
        )
    created = updated = 0
    position = max((i.position for i in existing.values()), default=-1) + 1
    for item_spec in _parents_first(spec.items, existing):
        parent = existing.get(item_spec.parent_code or "")
        fresh = _new_item(
            framework, item_spec, position, parent, (parent.depth + 1) if parent else 0
        )
        old = existing.get(item_spec.code)
        if old is None:
            fresh.is_sample, fresh.verification = framework.is_sample, framework.verification
            fresh.save()
            existing[item_spec.code] = fresh
            created, position = created + 1, position + 1
        elif any(getattr(old, f) != getattr(fresh, f) for f in _UPDATED_FIELDS):
            for name in _UPDATED_FIELDS:
                setattr(old, name, getattr(fresh, name))
            old.save(update_fields=_UPDATED_FIELDS)
            updated += 1
    if spec.weights:
        _replace_weights(framework, spec, existing)
    return created, updated


def _parents_first(specs: list[ItemSpec], existing: dict[str, Item]) -> list[ItemSpec]:
    depth = _depths(specs)
    return sorted(specs, key=lambda s: depth.get(s.code, 0))


def _replace_weights(framework: Framework, spec: FrameworkSpec, items: dict[str, Item]) -> None:
    levels = {lv.rank: lv for lv in framework.levels.all()}
    framework.weights.all().delete()
    _create_weights(framework, spec, items, levels)
