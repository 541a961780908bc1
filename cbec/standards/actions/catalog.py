"""Loading the built-in catalog: organisations, domain areas, regulations, statistics and the
catalog's frameworks, upserted in one transaction; re-running changes nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from cbec.accounts.actions import upsert_organisation
from cbec.accounts.audit import log_action
from cbec.accounts.models import Organisation
from cbec.accounts.roles import Actor, require
from cbec.standards.actions.content import (
    FRAMEWORK_META,
    framework_content_hash,
    provenance_fields,
    write_framework_content,
)
from cbec.standards.catalog.parse import read_catalog
from cbec.standards.catalog.specs import (
    AreaSpec,
    Catalog,
    CatalogError,
    CatalogProblem,
    FrameworkSpec,
    OrganisationSpec,
)
from cbec.standards.models import DomainArea, Framework, Regulation, Statistic


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: str, kind: str) -> None:
        counts = getattr(self, bucket)
        counts[kind] = counts.get(kind, 0) + 1


def load_catalog(catalog: Catalog | None = None, *, actor: Actor) -> LoadReport:
    """Load or refresh the built-in catalog in one transaction; re-running changes nothing."""
    require(actor, "catalog.load")
    catalog = catalog or read_catalog()
    report = LoadReport()
    with transaction.atomic():
        orgs = {spec.slug: _upsert_org(spec, report, actor) for spec in catalog.organisations}
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
                    **provenance_fields(stat.provenance),
                },
                report,
                "statistic",
            )
        for fw in catalog.frameworks:
            _upsert_framework(fw, orgs, areas, regulations, report)
        log_action("standards.catalog.loaded", actor=actor, data=asdict(report))
    return report


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


def _upsert_org(spec: OrganisationSpec, report: LoadReport, actor: Actor) -> Organisation:
    """Issuers are the accounts app's organisations: written through its verb."""
    org, outcome = upsert_organisation(
        actor=actor,
        slug=spec.slug,
        values={
            "name_zh": spec.name_zh,
            "name_en": spec.name_en,
            "kind": spec.kind,
            "jurisdiction": spec.jurisdiction,
            "is_sample": spec.is_sample,
        },
    )
    report.count(outcome, "organisation")
    return org


def _upsert_areas(specs: list[AreaSpec], report: LoadReport) -> dict[str, DomainArea]:
    areas = {}
    for spec in specs:
        values = {
            k: v for k, v in asdict(spec).items() if k not in {"code", "related", "provenance"}
        }
        areas[spec.code] = _upsert(
            DomainArea,
            {"code": spec.code},
            {**values, **provenance_fields(spec.provenance)},
            report,
            "domain_area",
        )
    for spec in specs:
        areas[spec.code].related.set([areas[c] for c in spec.related])
    return areas


def _upsert_regulation(spec: Any, report: LoadReport) -> Regulation:
    values = {k: v for k, v in asdict(spec).items() if k not in {"code", "provenance"}}
    return _upsert(
        Regulation,
        {"code": spec.code},
        {**values, **provenance_fields(spec.provenance)},
        report,
        "regulation",
    )


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
    values = {name: getattr(spec, name) for name in FRAMEWORK_META}
    values.update(
        provenance_fields(spec.provenance),
        status=spec.status,
        issuer=orgs.get(spec.issuer_slug or ""),
    )
    framework = _upsert(
        Framework, {"code": spec.code, "version": spec.version}, values, report, "framework"
    )
    if framework.content_hash != digest:
        write_framework_content(framework, spec, areas, regulations)
        framework.content_hash = digest
        framework.save(update_fields=["content_hash"])
    return framework
