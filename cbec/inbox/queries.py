"""Inbox listing: filters and counts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet

from cbec.monitor.models import Signal, SignalStatus

OPEN = [SignalStatus.NEW, SignalStatus.TRIAGED]


def filter_signals(
    source: str | None = None,
    status: str | None = "open",
    assigned_to: int | None = None,
    overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Signal]:
    qs = Signal.objects.select_related("assigned_to")
    if source:
        qs = qs.filter(source_kind=source)
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status:
        qs = qs.filter(status=status)
    if assigned_to:
        qs = qs.filter(assigned_to_id=assigned_to)
    if overdue:
        qs = qs.filter(status__in=OPEN, triage_due__lt=today or dt.date.today())
    return qs.order_by("triage_due", "-created_at")


def counts() -> dict[str, dict[str, int]]:
    by_status = dict(
        Signal.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    by_source = dict(
        Signal.objects.filter(status__in=OPEN)
        .values_list("source_kind")
        .annotate(n=Count("id"))
        .values_list("source_kind", "n")
    )
    overdue = Signal.objects.filter(status__in=OPEN, triage_due__lt=dt.date.today()).count()
    return {"status": by_status, "source": by_source, "overdue": {"all": overdue}}
