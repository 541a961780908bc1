"""The signal inbox: one list for postings, regulations and field visits, and triage actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cbec.accounts.models import AuditEntry
from cbec.accounts.roles import allowed
from cbec.errors import InvalidInput
from cbec.inbox import actions, queries
from cbec.inbox.access import get_signal_for_user
from cbec.inbox.models import Signal, SignalSource, SignalStatus
from cbec.lib import clock
from cbec.lib.params import whole_number


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
        "today": clock.today(),
        "may_triage": allowed(request.user, "inbox.triage"),
    }
    return render(request, "inbox/inbox.html", context)


@login_required
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_signal_for_user(request.user, pk)
    history = AuditEntry.objects.filter(target_type="inbox.signal", target_id=str(signal.pk))
    context = {
        "signal": signal,
        "history": history,
        "may_triage": allowed(request.user, "inbox.triage"),
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
    """One triage step from the signal page; refusals and bad fields become styled 403/400
    pages through the error middleware."""
    signal = get_signal_for_user(request.user, pk)
    step = request.POST.get("step", "")
    if step == "assign":
        assignee = User.objects.filter(pk=whole_number(request.POST.get("assignee", "")) or 0)
        if not assignee.exists():
            raise InvalidInput(_("请选择负责人"), field="assignee")
        due = _date_field(request.POST.get("due", ""), "due")
        actions.assign_signal(actor=request.user, signal=signal, assignee=assignee.get(), due=due)
    elif step == "dismiss":
        actions.dismiss_signal(
            actor=request.user, signal=signal, reason=request.POST.get("reason", "")
        )
    elif step == "merge":
        into = queries.get_signal(request.user, request.POST.get("into") or 0)
        if into is None:
            raise InvalidInput(_("请选择要合并到的信号"), field="into")
        actions.merge_signal(actor=request.user, signal=signal, into=into)
    elif step == "promote":
        actions.promote_signal(actor=request.user, signal=signal)
    else:
        raise InvalidInput(_("未知的分诊步骤 %(step)s") % {"step": step[:40]}, field="step")
    return redirect("inbox:signal", pk=signal.pk)


def _date_field(text: str, name: str) -> dt.date | None:
    """An ISO date from a form field; a malformed one is the user's mistake (400), not a 500."""
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            _("%(field)s：日期格式应为 YYYY-MM-DD，而不是“%(value)s”")
            % {"field": name, "value": text[:40]},
            field=name,
        ) from None
