"""Relevant notices and field-research findings become signals in the shared inbox."""

from __future__ import annotations

import datetime as dt

from cbec.monitor.models import Signal, SignalSource
from cbec.regulatory.models import FieldFinding, Notice

TRIAGE_DAYS = 14


def triage_due(today: dt.date, effective_on: dt.date | None) -> dt.date:
    """Two weeks to triage, sooner when the rule takes effect before that."""
    due = today + dt.timedelta(days=TRIAGE_DAYS)
    return min(due, effective_on) if effective_on and effective_on > today else due


def signal_for_notice(notice: Notice, today: dt.date | None = None) -> Signal:
    """One signal per relevant notice (idempotent by content hash), linked like the notice."""
    today = today or dt.date.today()
    effective = f"；生效日期 {notice.effective_on}" if notice.effective_on else ""
    signal, _ = Signal.objects.update_or_create(
        key=f"regulation:{notice.content_hash[:40]}",
        defaults={
            "source_kind": SignalSource.REGULATION,
            "kind": "regulation_change",
            "title_zh": f"法规变化：{notice.title}"[:300],
            "title_en": f"Regulation change: {notice.title}"[:300],
            "summary_zh": f"{notice.number or ''} 涉及主题：{'、'.join(notice.topics)}{effective}",
            "summary_en": f"{notice.number or ''} topics: {', '.join(notice.topics)}",
            "data": {
                "topics": notice.topics,
                "effective_on": str(notice.effective_on or ""),
                "conflicts": notice.conflicts,
            },
            "evidence": [
                {
                    "kind": "notice",
                    "id": notice.pk,
                    "title": notice.title,
                    "date": str(notice.effective_on or notice.issued_on or ""),
                    "url": notice.url,
                }
            ],
            "triage_due": triage_due(today, notice.effective_on),
            "is_sample": notice.is_sample,
        },
    )
    signal.areas.set(notice.areas.all())
    signal.items.set(notice.items.all())
    signal.frameworks.set({item.framework for item in notice.items.select_related("framework")})
    return signal


def signal_for_finding(finding: FieldFinding, today: dt.date | None = None) -> Signal:
    today = today or dt.date.today()
    visit = finding.visit
    kind = "新技能需求" if finding.kind == "skill_need" else "痛点"
    signal, _ = Signal.objects.update_or_create(
        key=f"field_visit:{finding.pk}",
        defaults={
            "source_kind": SignalSource.FIELD_VISIT,
            "kind": finding.kind,
            "title_zh": f"{kind}：{finding.text}"[:300],
            "title_en": f"{finding.get_kind_display()}: {finding.text}"[:300],
            "summary_zh": f"{visit.visited_on} 调研 {visit.organisation_name}",
            "evidence": [
                {
                    "kind": "field_visit",
                    "id": visit.pk,
                    "title": visit.organisation_name,
                    "date": str(visit.visited_on),
                }
            ],
            "triage_due": triage_due(today, None),
            "is_sample": visit.is_sample,
        },
    )
    signal.areas.set(finding.areas.all())
    finding.signal_id = signal.pk
    finding.save(update_fields=["signal_id"])
    return signal
