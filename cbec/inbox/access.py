"""Who may see which signals: the one rule, used by the inbox, the monitor's dashboard and the
API. Every signal is visible to everyone who may open the inbox, except posting signals, whose
evidence is posting texts: those need `monitor.view_postings` (members and staff)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cbec.accounts.roles import allowed
from cbec.inbox.models import Signal, SignalSource
from cbec.lib.params import whole_number


def signals_for_user(user: Any) -> QuerySet[Signal]:
    qs = Signal.objects.all()
    if not allowed(user, "monitor.view_postings"):
        qs = qs.exclude(source_kind=SignalSource.POSTING)
    return qs


def find_signal_for_user(user: Any, pk: Any) -> Signal | None:
    number = whole_number(str(pk))
    return None if number is None else signals_for_user(user).filter(pk=number).first()


def get_signal_for_user(user: Any, pk: Any) -> Signal:
    found = find_signal_for_user(user, pk)
    if found is None:
        raise Http404(f"signal {pk} not found")
    return found
