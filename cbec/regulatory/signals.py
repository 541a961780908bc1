"""What relevant notices and field-research findings tell the inbox: signal drafts. The inbox
files them (`cbec.inbox.actions.file_signals`); nothing here writes a signal."""

from __future__ import annotations

from typing import Any

from cbec.inbox.actions import SignalDraft
from cbec.inbox.models import SignalSource
from cbec.regulatory.models import FieldFinding, Notice


def notice_draft(notice: Notice, links: Any) -> SignalDraft:
    """One signal per relevant notice, keyed by its content hash: a notice imported again (a
    duplicate) never adds a second signal, and a key that exists already is kept as it is."""
    effective = f"；生效日期 {notice.effective_on}" if notice.effective_on else ""
    return SignalDraft(
        key=f"regulation:{notice.content_hash[:40]}",
        source_kind=SignalSource.REGULATION,
        kind="regulation_change",
        title_zh=f"法规变化：{notice.title}",
        title_en=f"Regulation change: {notice.title}",
        summary_zh=f"{notice.number or ''} 涉及主题：{'、'.join(notice.topics)}{effective}",
        summary_en=f"{notice.number or ''} topics: {', '.join(notice.topics)}",
        data={
            "topics": notice.topics,
            "effective_on": str(notice.effective_on or ""),
            "conflicts": notice.conflicts,
        },
        evidence=[
            {
                "kind": "notice",
                "id": notice.pk,
                "title": notice.title,
                "date": str(notice.effective_on or notice.issued_on or ""),
                "url": notice.url,
            }
        ],
        item_ids=tuple(links.item_ids),
        area_ids=tuple(links.area_ids),
        framework_ids=tuple(links.framework_ids),
        effective_on=notice.effective_on,
        is_sample=notice.is_sample,
    )


def finding_draft(finding: FieldFinding) -> SignalDraft:
    """A finding's signal; recording the finding again brings its text and areas up to date."""
    visit = finding.visit
    kind = "新技能需求" if finding.kind == "skill_need" else "痛点"
    return SignalDraft(
        key=f"field_visit:{finding.pk}",
        source_kind=SignalSource.FIELD_VISIT,
        kind=finding.kind,
        title_zh=f"{kind}：{finding.text}",
        title_en=f"{finding.get_kind_display()}: {finding.text}",
        summary_zh=f"{visit.visited_on} 调研 {visit.organisation_name}",
        evidence=[
            {
                "kind": "field_visit",
                "id": visit.pk,
                "title": visit.organisation_name,
                "date": str(visit.visited_on),
            }
        ],
        area_ids=tuple(finding.areas.values_list("id", flat=True)),
        is_sample=visit.is_sample,
        refresh=("title_zh", "title_en", "summary_zh", "evidence", "is_sample"),
        refresh_links=True,
    )
