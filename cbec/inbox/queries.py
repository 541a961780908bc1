"""Inbox listing: filters and counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from cbec.lib.params import whole_number
from cbec.monitor.access import can_view_postings
from cbec.monitor.models import Signal, SignalSource, SignalStatus

OPEN = [SignalStatus.NEW, SignalStatus.TRIAGED]


def visible_signals(user: Any) -> QuerySet[Signal]:
    """Every signal, except that posting signals (their evidence is posting texts) are for
    members of an organisation and staff only, as on the monitor's dashboard."""
    qs = Signal.objects.all()
    if not can_view_postings(user):
        qs = qs.exclude(source_kind=SignalSource.POSTING)
    return qs


def get_signal(user: Any, pk: Any) -> Signal | None:
    number = whole_number(str(pk))
    return None if number is None else visible_signals(user).filter(pk=number).first()


def filter_signals(
    user: Any,
    source: str | None = None,
    status: str | None = "open",
    assigned_to: int | None = None,
    overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Signal]:
    qs = visible_signals(user).select_related("assigned_to")
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


def counts(user: Any) -> dict[str, dict[str, int]]:
    signals = visible_signals(user)
    by_status = dict(
        signals.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    by_source = dict(
        signals.filter(status__in=OPEN)
        .values_list("source_kind")
        .annotate(n=Count("id"))
        .values_list("source_kind", "n")
    )
    overdue = signals.filter(status__in=OPEN, triage_due__lt=dt.date.today()).count()
    return {"status": by_status, "source": by_source, "overdue": {"all": overdue}}
