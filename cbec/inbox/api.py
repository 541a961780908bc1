"""Inbox API: list, counts, one signal, triage."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from cbec.inbox import actions, queries
from cbec.inbox.access import get_signal_for_user
from cbec.inbox.models import Signal

router = Router(tags=["inbox"])


class SignalOut(Schema):
    id: int
    source_kind: str
    kind: str
    title_zh: str
    title_en: str
    status: str
    triage_due: dt.date | None
    assigned_to: str | None
    areas: list[str]
    is_sample: bool


class SignalDetailOut(SignalOut):
    summary_zh: str
    summary_en: str
    evidence: list[dict[str, Any]]
    items: list[str]
    frameworks: list[str]
    dismissed_reason: str
    merged_into: int | None
    proposals: list[int]


class TriageIn(Schema):
    step: str
    assignee: str | None = None
    due: dt.date | None = None
    reason: str = ""
    into: int | None = None


def _out(s: Signal) -> dict[str, Any]:
    return {
        "id": s.pk,
        "source_kind": s.source_kind,
        "kind": s.kind,
        "title_zh": s.title_zh,
        "title_en": s.title_en,
        "status": s.status,
        "triage_due": s.triage_due,
        "assigned_to": s.assigned_to.username if s.assigned_to else None,
        "areas": [a.code for a in s.areas.all()],
        "is_sample": s.is_sample,
    }


def _detail(s: Signal) -> dict[str, Any]:
    return _out(s) | {
        "summary_zh": s.summary_zh,
        "summary_en": s.summary_en,
        "evidence": s.evidence,
        "items": [str(i.identifier) for i in s.items.all()],
        "frameworks": [f.code for f in s.frameworks.all()],
        "dismissed_reason": s.dismissed_reason,
        "merged_into": s.merged_into_id,
        "proposals": [p.pk for p in s.proposals.all()],
    }


@router.get("/inbox", response=list[SignalOut], auth=django_auth, summary="Signals in the inbox")
@paginate(LimitOffsetPagination)
def list_signals(
    request: HttpRequest,
    source: str | None = None,
    status: str | None = "open",
    overdue: bool = False,
) -> Any:
    return [
        _out(s)
        for s in queries.filter_signals(
            request.user, source, status, None, overdue
        ).prefetch_related("areas")
    ]


@router.get(
    "/inbox/counts", response=dict[str, dict[str, int]], auth=django_auth, summary="Inbox counts"
)
def counts(request: HttpRequest) -> Any:
    return queries.counts(request.user)


@router.get("/inbox/{signal_id}", response=SignalDetailOut, auth=django_auth, summary="One signal")
def get_signal(request: HttpRequest, signal_id: int) -> Any:
    return _detail(get_signal_for_user(request.user, signal_id))


@router.post(
    "/inbox/{signal_id}/triage",
    response=SignalDetailOut,
    auth=django_auth,
    summary="Assign, dismiss (with a reason), merge or promote a signal",
)
def triage(request: HttpRequest, signal_id: int, body: TriageIn) -> Any:
    """Refusals answer 403, steps that do not fit the signal 422 (the API's error shape)."""
    signal = get_signal_for_user(request.user, signal_id)
    _apply(request, signal, body)
    signal.refresh_from_db()
    return _detail(signal)


def _apply(request: HttpRequest, signal: Signal, body: TriageIn) -> None:
    if body.step == "assign":
        assignee = User.objects.filter(username=body.assignee or "").first()
        if assignee is None:
            raise actions.BadTriage(f"assignee {body.assignee!r} is not a user", field="assignee")
        actions.assign_signal(actor=request.user, signal=signal, assignee=assignee, due=body.due)
    elif body.step == "dismiss":
        actions.dismiss_signal(actor=request.user, signal=signal, reason=body.reason)
    elif body.step == "merge":
        into = queries.get_signal(request.user, body.into or 0)
        if into is None:
            raise actions.BadTriage(f"signal {body.into} not found", field="into")
        actions.merge_signal(actor=request.user, signal=signal, into=into)
    elif body.step == "promote":
        actions.promote_signal(actor=request.user, signal=signal)
    else:
        raise actions.BadTriage(
            f"step must be assign, dismiss, merge or promote, not {body.step!r}", field="step"
        )
