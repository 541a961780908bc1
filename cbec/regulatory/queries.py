"""Read-side helpers for notice and timeline pages and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from cbec.lib import clock
from cbec.regulatory.models import Notice
from cbec.standards.models import Regulation


def filter_notices(
    relevant: str | None = None, topic: str | None = None, conflicts: bool = False
) -> QuerySet[Notice]:
    qs = Notice.objects.all()
    if relevant in {"yes", "no"}:
        qs = qs.filter(relevant=relevant == "yes")
    if topic:
        qs = qs.filter(topics__icontains=f'"{topic}"')
    if conflicts:
        qs = qs.exclude(conflicts=[])
    return qs.order_by("-effective_on", "-issued_on", "-imported_at")


@dataclass
class TimelineEntry:
    date: dt.date
    kind: str  # notice | regulation
    key: str
    title: str
    upcoming: bool


def timeline(today: dt.date | None = None, past_days: int = 3 * 365) -> list[TimelineEntry]:
    """Effective dates of relevant notices and catalog regulations, newest first."""
    today = today or clock.today()
    since = today - dt.timedelta(days=past_days)
    entries = [
        TimelineEntry(n.effective_on, "notice", str(n.pk), n.title, n.effective_on > today)
        for n in Notice.objects.filter(relevant=True, effective_on__gte=since)
        if n.effective_on is not None
    ]
    entries += [
        TimelineEntry(r.effective_on, "regulation", r.code, r.name_zh, r.effective_on > today)
        for r in Regulation.objects.filter(effective_on__gte=since)
        if r.effective_on is not None
    ]
    return sorted(entries, key=lambda e: e.date, reverse=True)
