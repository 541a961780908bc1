"""Inbox listing: filters and counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from cbec.inbox.access import find_signal_for_user as get_signal
from cbec.inbox.access import signals_for_user as visible_signals
from cbec.inbox.models import Signal, SignalStatus
from cbec.lib import clock

OPEN = [SignalStatus.NEW, SignalStatus.TRIAGED]
__all__ = ["OPEN", "counts", "filter_signals", "get_signal", "visible_signals"]


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
        qs = qs.filter(status__in=OPEN, triage_due__lt=today or clock.today())
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
    overdue = signals.filter(status__in=OPEN, triage_due__lt=clock.today()).count()
    return {"status": by_status, "source": by_source, "overdue": {"all": overdue}}
