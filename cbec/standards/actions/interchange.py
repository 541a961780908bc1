"""Interchange imports: a parsed file (CASE, ESCO, Excel) written as a framework version, with
every check made first, so a refused file changes nothing."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from cbec.accounts.audit import log_action
from cbec.accounts.models import Organisation
from cbec.accounts.roles import Actor, allowed, organisations_for, require
from cbec.lib.said import say
from cbec.standards.actions.content import (
    FRAMEWORK_META,
    create_weights,
    depths,
    framework_content_hash,
    items_by_identifier,
    new_item,
    provenance_fields,
    write_framework_content,
)
from cbec.standards.catalog.specs import FrameworkSpec, ItemSpec
from cbec.standards.interop.case.export import case_package
from cbec.standards.interop.case.parse import parse_case_package
from cbec.standards.interop.excel.parse import parse_workbook
from cbec.standards.interop.problems import InterchangeError, Problem
from cbec.standards.models import Framework, FrameworkStatus, Item, Level
from cbec.standards.snapshot import snapshot


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
    if as_draft:
        spec.status = FrameworkStatus.DRAFT
    with transaction.atomic():
        target = _import_target(spec)
        _require_import(actor, target, issuer, file)
        problems = _import_problems(spec, target, file)
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


def _require_import(
    actor: Actor, target: Framework | None, issuer: Organisation | None, file: str
) -> None:
    """A new version is authored in the issuer's name; replacing a draft is editing it; a
    published version only re-imports unchanged (nothing is written but the audit entry).
    A new version with no issuer is for staff and the system; others are asked for one."""
    may_choose = target is None and issuer is None and organisations_for(actor, "standards.author")
    if may_choose and not allowed(actor, "standards.author"):
        raise InterchangeError([Problem(file, "", "issuer", say(gettext_noop("请选择发布机构")))])
    if target is None:
        require(actor, "standards.author", issuer)
    elif not target.is_immutable:
        require(actor, "standards.edit", target)


def _import_problems(spec: FrameworkSpec, target: Framework | None, file: str) -> list[Any]:
    problems: list[Problem] = []
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
    digest = framework_content_hash(spec)
    if target.content_hash == digest:
        return True
    exported = json.dumps(case_package(snapshot(target)), ensure_ascii=False).encode()
    return framework_content_hash(parse_case_package(exported, code=spec.code)) == digest


def _reference_problems(spec: FrameworkSpec, target: Framework | None, file: str) -> list[Any]:
    """Identifiers already used elsewhere, and references that resolve to nothing stored."""
    problems = []
    mine = [i.identifier for i in spec.items if i.identifier]
    if mine and _any_clash(mine, target):
        used = items_by_identifier(set(mine))
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
    outside = items_by_identifier(
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
    values = {name: getattr(spec, name) for name in FRAMEWORK_META}
    values |= {
        "code": spec.code,
        "version": spec.version,
        "status": spec.status,
        "uri": spec.uri,
        "case_extra": spec.case_extra,
        "content_hash": digest,
        **provenance_fields(spec.provenance),
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
    require(actor, "standards.edit", target)
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
        fresh = new_item(
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
    depth = depths(specs)
    return sorted(specs, key=lambda s: depth.get(s.code, 0))


def _replace_weights(framework: Framework, spec: FrameworkSpec, items: dict[str, Item]) -> None:
    levels = {lv.rank: lv for lv in framework.levels.all()}
    framework.weights.all().delete()
    create_weights(framework, spec, items, levels)
