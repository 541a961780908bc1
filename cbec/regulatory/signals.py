"""Relevant notices and field-research findings become signals in the shared inbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cbec.lib.bulk import insert_pairs
from cbec.monitor.models import Signal, SignalSource
from cbec.regulatory.models import FieldFinding, Notice

TRIAGE_DAYS = 14


def triage_due(today: dt.date, effective_on: dt.date | None) -> dt.date:
    """Two weeks to triage, sooner when the rule takes effect before that."""
    due = today + dt.timedelta(days=TRIAGE_DAYS)
    return min(due, effective_on) if effective_on and effective_on > today else due


def signals_for_notices(notices: list[tuple[Notice, Any]], today: dt.date | None = None) -> None:
    """One new signal per relevant notice, linked like the notice; bulk-written.

    The key is the notice's content hash, so a notice imported again (a duplicate) never adds a
    second signal; a key that exists already (its notice was deleted and re-imported) is kept.
    """
    today = today or dt.date.today()
    keys = {f"regulation:{n.content_hash[:40]}": (n, links) for n, links in notices}
    existing = set(Signal.objects.filter(key__in=list(keys)).values_list("key", flat=True))
    fresh = {k: v for k, v in keys.items() if k not in existing}
    created = Signal.objects.bulk_create(
        [_notice_signal(k, n, today) for k, (n, _) in fresh.items()], batch_size=500
    )
    links_of = {s.pk: fresh[s.key][1] for s in created}
    insert_pairs(
        Signal.items.through,
        "signal",
        "item",
        ((pk, i) for pk, links in links_of.items() for i in links.item_ids),
    )
    insert_pairs(
        Signal.areas.through,
        "signal",
        "domainarea",
        ((pk, a) for pk, links in links_of.items() for a in links.area_ids),
    )
    insert_pairs(
        Signal.frameworks.through,
        "signal",
        "framework",
        ((pk, f) for pk, links in links_of.items() for f in links.framework_ids),
    )


def _notice_signal(key: str, notice: Notice, today: dt.date) -> Signal:
    effective = f"；生效日期 {notice.effective_on}" if notice.effective_on else ""
    return Signal(
        key=key,
        source_kind=SignalSource.REGULATION,
        kind="regulation_change",
        title_zh=f"法规变化：{notice.title}"[:300],
        title_en=f"Regulation change: {notice.title}"[:300],
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
        triage_due=triage_due(today, notice.effective_on),
        is_sample=notice.is_sample,
    )


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
