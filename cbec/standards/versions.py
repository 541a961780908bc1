"""Versions: `draft → published (immutable) → superseded`, new versions, diffs, changelogs.

`new_version` copies a published version into a draft (each item `derived_from` its original);
publishing that draft supersedes the predecessor and records `replacedBy` from every original
whose meaning changed to its successor (`record_replacements`, called by
`actions.publish_framework`). The diff itself is a pure core (`diff.py`). This module imports
no verbs: the actions build on it, never the other way round.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Font

from cbec.accounts.audit import log_action
from cbec.accounts.roles import Actor, require
from cbec.lib.said import say
from cbec.standards.diff import MAJOR, Diff, bump_version, diff_snapshots
from cbec.standards.errors import ImmutableVersionError
from cbec.standards.models import (
    Association,
    Framework,
    FrameworkStatus,
    Item,
    Level,
    RegulationLink,
    WeightEntry,
)
from cbec.standards.snapshot import snapshot

_COPIED_ITEM_FIELDS = (
    "item_type",
    "case_item_type",
    "code",
    "position",
    "depth",
    "statement_zh",
    "statement_en",
    "aliases_zh",
    "aliases_en",
    "levels",
    "dimensions",
    "notes",
    "search_text",
    "sources",
    "verification",
    "unverified_notes",
    "is_sample",
)
_COPIED_FRAMEWORK_FIELDS = (
    "title_zh",
    "title_en",
    "issuer",
    "issuer_text",
    "kind",
    "jurisdiction",
    "number",
    "licence",
    "description_zh",
    "description_en",
    "scope",
    "levels_text",
    "covers",
    "lacks",
    "sources",
    "verification",
    "unverified_notes",
    "is_sample",
)


@transaction.atomic
def new_version(framework: Framework, *, actor: Actor, version: str = "") -> Framework:
    """A draft copy of a published version, each item derived from its original."""
    require(actor, "standards.new_version", framework)
    if framework.status == FrameworkStatus.DRAFT:
        raise ImmutableVersionError(
            say(gettext_noop("%(framework)s 是草案：请直接编辑，或先发布"), framework=framework)
        )
    version = version or bump_version(framework.version, "minor")
    if Framework.objects.filter(code=framework.code, version=version).exists():
        raise ImmutableVersionError(
            say(gettext_noop("%(code)s v%(version)s 已存在"), code=framework.code, version=version)
        )
    draft = Framework.objects.create(
        code=framework.code,
        version=version,
        status=FrameworkStatus.DRAFT,
        derived_from=framework,
        **{name: getattr(framework, name) for name in _COPIED_FRAMEWORK_FIELDS},
    )
    _copy_content(framework, draft)
    log_action(
        "standards.framework.versioned",
        actor=actor,
        target=draft,
        data={"code": draft.code, "from": framework.version, "version": version},
    )
    return draft


def _copy_content(source: Framework, draft: Framework) -> None:
    levels = {
        lv.pk: Level.objects.create(
            framework=draft, rank=lv.rank, code=lv.code, name_zh=lv.name_zh, name_en=lv.name_en
        )
        for lv in source.levels.all()
    }
    copies = _copy_items(source, draft)
    WeightEntry.objects.bulk_create(
        WeightEntry(
            framework=draft,
            item=copies[w.item_id],
            level=levels[w.level_id],
            kind=w.kind,
            scope=copies.get(w.scope_id) if w.scope_id else None,
            percent=w.percent,
        )
        for w in source.weights.all()
    )
    _copy_links(source, draft, copies)


def _copy_items(source: Framework, draft: Framework) -> dict[int, Item]:
    """Parents first, one bulk insert per depth; returns old item id → copy."""
    old = list(source.items.order_by("depth", "position"))
    copies: dict[int, Item] = {}
    for depth in sorted({i.depth for i in old}):
        batch = [i for i in old if i.depth == depth]
        made = Item.objects.bulk_create(
            [
                Item(
                    framework=draft,
                    parent=copies.get(i.parent_id) if i.parent_id else None,
                    derived_from=i,
                    case_extra=_fresh_extra(i.case_extra),
                    **{name: getattr(i, name) for name in _COPIED_ITEM_FIELDS},
                )
                for i in batch
            ],
            batch_size=2000,
        )
        copies.update({i.pk: c for i, c in zip(batch, made, strict=True)})
    return copies


def _fresh_extra(extra: dict[str, Any]) -> dict[str, Any]:
    """A new version's items have their own identity: drop the originals' kept identifiers."""
    return {k: v for k, v in (extra or {}).items() if k not in {"source_identifier", "child_of"}}


def _copy_links(source: Framework, draft: Framework, copies: dict[int, Item]) -> None:
    Association.objects.bulk_create(
        Association(
            framework=draft,
            association_type=a.association_type,
            origin=copies.get(a.origin_id, a.origin),
            destination_item=copies.get(a.destination_item_id or 0, a.destination_item),
            destination_area=a.destination_area,
            destination_uri=a.destination_uri,
            destination_title=a.destination_title,
            sequence=a.sequence,
            match=a.match,
            coverage=a.coverage,
            confidence=a.confidence,
            rationale=a.rationale,
            reviewer=a.reviewer,
            status=a.status,
            case_extra=_fresh_extra(a.case_extra),
        )
        for a in source.associations.exclude(association_type="replacedBy").select_related(
            "origin", "destination_item"
        )
    )
    RegulationLink.objects.bulk_create(
        RegulationLink(
            regulation_id=link.regulation_id, item=copies[link.item_id], relation=link.relation
        )
        for link in RegulationLink.objects.filter(item__framework=source)
    )


def record_replacements(draft: Framework) -> int:
    """On publishing a derived draft: supersede the predecessor, link replaced items."""
    previous = draft.derived_from
    if previous is None or previous.status != FrameworkStatus.PUBLISHED:
        return 0
    diff = diff_versions(previous, draft)
    changed = {c.code for c in diff.items if c.kind in MAJOR and c.new is not None}
    replaced = draft.items.filter(code__in=changed, derived_from__isnull=False)
    Association.objects.bulk_create(
        Association(
            framework=draft,
            association_type="replacedBy",
            origin_id=item.derived_from_id or 0,
            destination_item=item,
            status="approved",
        )
        for item in replaced
    )
    previous.status = FrameworkStatus.SUPERSEDED
    previous.save(update_fields=["status", "updated_at"])
    return len(changed)


def diff_versions(old: Framework, new: Framework) -> Diff:
    return diff_snapshots(snapshot(old), snapshot(new))


def changelog_markdown(code: str, diff: Diff) -> str:
    """The changelog a standards body circulates: summary, then one section per kind."""
    lines = [
        f"# {code}: {diff.old_version} → {diff.new_version}",
        "",
        f"Suggested version: **{diff.suggested_version}** ({diff.bump})",
        "",
    ]
    lines += [f"- {kind}: {n}" for kind, n in sorted(diff.counts().items())]
    for kind in dict.fromkeys(c.kind for c in diff.items):
        lines += ["", f"## {kind}", "", "| code | before | after | detail |", "|---|---|---|---|"]
        for c in (c for c in diff.items if c.kind == kind):
            lines.append(f"| {c.code} | {_cell(c.old)} | {_cell(c.new)} | {_md(c.detail)} |")
    if diff.associations:
        lines += ["", "## associations", "", "| change | type | origin | destination |"]
        lines.append("|---|---|---|---|")
        for a in diff.associations:
            lines.append(f"| {a.kind} | {a.association_type} | {a.origin} | {_md(a.destination)} |")
    return "\n".join(lines) + "\n"


def _cell(brief: dict[str, Any] | None) -> str:
    if not brief:
        return "—"
    return _md(brief["statement_zh"] or brief["statement_en"])


def _md(text: str) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


CHANGELOG_HEADER = ["变更 change", "编码 code", "原表述 before", "新表述 after", "说明 detail"]


def changelog_workbook(code: str, diff: Diff) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "changelog"
    ws.append(
        [f"{code} {diff.old_version} → {diff.new_version}", "", diff.suggested_version, diff.bump]
    )
    ws.append(CHANGELOG_HEADER)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for c in diff.items:
        ws.append([c.kind, c.code, _cell(c.old), _cell(c.new), c.detail])
    for a in diff.associations:
        ws.append([a.kind, a.origin, a.association_type, a.destination, ""])
    for column, width in zip("ABCDE", (14, 16, 50, 50, 30), strict=True):
        ws.column_dimensions[column].width = width
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
