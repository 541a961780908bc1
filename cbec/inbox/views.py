"""The signal inbox: one list for postings, regulations and field visits, and triage actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cbec.accounts.models import AuditEntry
from cbec.inbox import actions, queries
from cbec.monitor.models import Signal, SignalSource, SignalStatus
from cbec.regulatory.access import can_manage_monitoring


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    source = request.GET.get("source") or None
    status = request.GET.get("status", "open")
    mine = request.GET.get("mine") == "1"
    overdue = request.GET.get("overdue") == "1"
    signals = queries.filter_signals(
        request.user, source, status, request.user.pk if mine else None, overdue
    )
    context = {
        "signals": signals[:300],
        "counts": queries.counts(request.user),
        "source": source,
        "status": status,
        "mine": mine,
        "overdue": overdue,
        "sources": SignalSource.choices,
        "statuses": SignalStatus.choices,
        "today": dt.date.today(),
        "may_triage": can_manage_monitoring(request.user),
    }
    return render(request, "inbox/inbox.html", context)


@login_required
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = queries.get_signal(request.user, pk)
    if signal is None:
        raise Http404(pk)
    history = AuditEntry.objects.filter(target_type="monitor.signal", target_id=str(signal.pk))
    context = {
        "signal": signal,
        "history": history,
        "may_triage": can_manage_monitoring(request.user),
        "people": User.objects.filter(is_active=True).order_by("username"),
        "open_signals": queries.filter_signals(request.user).exclude(pk=signal.pk)[:100],
        "proposals": signal.proposals.all(),
        "chart": _share_series(signal),
    }
    return render(request, "inbox/signal_detail.html", context)


def _share_series(signal: Signal) -> dict[str, Any] | None:
    """A posting signal's monthly share with its onset, for the chart on its page."""
    data = signal.data or {}
    periods, counts, totals = data.get("periods"), data.get("counts"), data.get("totals")
    if signal.source_kind != SignalSource.POSTING or not (periods and counts and totals):
        return None
    shares = [round(n / t, 4) if t else 0 for n, t in zip(counts, totals, strict=False)]
    return {"periods": periods, "shares": shares, "onset": data.get("onset")}


@login_required
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    signal = queries.get_signal(request.user, pk)
    if signal is None:
        raise Http404(pk)
    step = request.POST.get("step", "")
    try:
        if step == "assign":
            assignee = User.objects.filter(pk=request.POST.get("assignee") or 0).first()
            if assignee is None:
                return HttpResponse("choose a person", status=400)
            due = request.POST.get("due")
            actions.assign_signal(
                actor=request.user,
                signal=signal,
                assignee=assignee,
                due=dt.date.fromisoformat(due) if due else None,
            )
        elif step == "dismiss":
            actions.dismiss_signal(
                actor=request.user, signal=signal, reason=request.POST.get("reason", "")
            )
        elif step == "merge":
            into = queries.get_signal(request.user, request.POST.get("into") or 0)
            if into is None:
                return HttpResponse("choose the signal to merge into", status=400)
            actions.merge_signal(actor=request.user, signal=signal, into=into)
        elif step == "promote":
            actions.promote_signal(actor=request.user, signal=signal)
        else:
            return HttpResponse(f"unknown step {step!r}", status=400)
    except actions.NotAllowed:
        return HttpResponseForbidden(_("只有标准机构的编辑可以分诊信号"))
    except actions.BadTriage as exc:
        return HttpResponse(str(exc), status=400)
    return redirect("inbox:signal", pk=signal.pk)
