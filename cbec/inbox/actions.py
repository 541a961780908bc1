"""Verbs of the signal inbox: filing signals (for every monitor source) and triage (assign,
dismiss, merge, promote). Each checks its capability, runs in one transaction and is audited.

Monitor sources (posting detection, regulation notices, field visits) describe what they found
as `SignalDraft`s and call `file_signals`; they never write `Signal` rows themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cbec.accounts.audit import log_action
from cbec.accounts.roles import Actor, require
from cbec.errors import InvalidInput
from cbec.inbox.models import Signal, SignalStatus
from cbec.lib import clock
from cbec.lib.bulk import insert_pairs
from cbec.lib.said import say
from cbec.revisions.actions import draft_proposal_from_signals
from cbec.revisions.models import ChangeProposal

OPEN = {SignalStatus.NEW, SignalStatus.TRIAGED}
TRIAGE_DAYS = 14  # the one triage window: two weeks from filing

# Fields a source may ask to refresh when it files a signal whose key exists already.
_REFRESHABLE = ("title_zh", "title_en", "summary_zh", "summary_en", "data", "evidence", "is_sample")


class BadTriage(InvalidInput):
    """The requested triage step does not fit the signal's state or the input. The API has
    answered these with 422 since the inbox began, so it keeps that status."""

    status = 422


def triage_due(today: dt.date, effective_on: dt.date | None = None) -> dt.date:
    """The due-date rule: two weeks to triage, sooner when a rule takes effect before that."""
    due = today + dt.timedelta(days=TRIAGE_DAYS)
    return min(due, effective_on) if effective_on and effective_on > today else due


@dataclass
class SignalDraft:
    """What a source found. `key` makes filing idempotent: one signal per key, ever."""

    key: str
    source_kind: str
    kind: str
    title_zh: str
    title_en: str = ""
    summary_zh: str = ""
    summary_en: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    area_ids: Sequence[int] = ()
    item_ids: Sequence[int] = ()
    framework_ids: Sequence[int] = ()
    effective_on: dt.date | None = None  # a rule's effective date brings the deadline forward
    is_sample: bool = False
    # On a signal that exists already: which fields to refresh, and whether to re-set links.
    refresh: Sequence[str] = ()
    refresh_links: bool = False


def file_signals(
    drafts: Sequence[SignalDraft], *, actor: Actor, today: dt.date | None = None
) -> list[Signal]:
    """File what the sources found as inbox signals (bulk); returns them in draft order.

    A key seen before adds nothing: its signal keeps its triage state and only the fields the
    draft names in `refresh` are brought up to date.
    """
    require(actor, "inbox.file_signal")
    today = today or clock.today()
    by_key = {d.key[:200]: d for d in drafts}
    with transaction.atomic():
        existing = _existing(list(by_key))
        fresh = [d for k, d in by_key.items() if k not in existing]
        created = Signal.objects.bulk_create([_new_signal(d, today) for d in fresh], batch_size=500)
        _link(list(zip(created, fresh, strict=True)))
        refreshed = [_refresh(existing[k], d) for k, d in by_key.items() if k in existing]
        log_action(
            "inbox.signals.filed",
            actor=actor,
            data={
                "created": len(created),
                "refreshed": sum(refreshed),
                "keys": [s.key for s in created][:50],
            },
        )
    found = {s.key: s for s in [*created, *existing.values()]}
    return [found[k] for k in by_key]


def _existing(keys: list[str]) -> dict[str, Signal]:
    found: dict[str, Signal] = {}
    for start in range(0, len(keys), 2000):
        for signal in Signal.objects.filter(key__in=keys[start : start + 2000]):
            found[signal.key] = signal
    return found


def _new_signal(draft: SignalDraft, today: dt.date) -> Signal:
    return Signal(
        key=draft.key[:200],
        source_kind=draft.source_kind,
        kind=draft.kind,
        title_zh=draft.title_zh[:300],
        title_en=draft.title_en[:300],
        summary_zh=draft.summary_zh,
        summary_en=draft.summary_en,
        data=draft.data,
        evidence=draft.evidence,
        status=SignalStatus.NEW,
        triage_due=triage_due(today, draft.effective_on),
        is_sample=draft.is_sample,
    )


def _link(pairs: list[tuple[Signal, SignalDraft]]) -> None:
    """Links of new signals as plain many-to-many rows (10,000 notices: one insert each)."""
    for name, right, attr in (
        ("items", "item", "item_ids"),
        ("areas", "domainarea", "area_ids"),
        ("frameworks", "framework", "framework_ids"),
    ):
        insert_pairs(
            getattr(Signal, name).through,
            "signal",
            right,
            ((s.pk, pk) for s, d in pairs for pk in getattr(d, attr)),
        )


def _refresh(signal: Signal, draft: SignalDraft) -> bool:
    fields = [f for f in draft.refresh if f in _REFRESHABLE]
    for name in fields:
        value = getattr(draft, name)
        setattr(signal, name, value[:300] if name.startswith("title") else value)
    if fields:
        signal.save(update_fields=[*fields, "updated_at"])
    if draft.refresh_links:
        signal.areas.set(draft.area_ids)
        signal.items.set(draft.item_ids)
        signal.frameworks.set(draft.framework_ids)
    return bool(fields) or draft.refresh_links


# --- triage -------------------------------------------------------------------------------------


def _require_open(actor: Actor, signal: Signal) -> None:
    require(actor, "inbox.triage")
    if signal.status not in OPEN:
        # Raised and shown within one request or command, so translated now.
        raise BadTriage(
            _("信号 %(pk)s 已是“%(status)s”状态")
            % {"pk": signal.pk, "status": signal.get_status_display()}
        )


@transaction.atomic
def assign_signal(
    *, actor: Actor, signal: Signal, assignee: User, due: dt.date | None = None
) -> Signal:
    _require_open(actor, signal)
    signal.assigned_to = assignee
    signal.status = SignalStatus.TRIAGED
    signal.triage_due = due or signal.triage_due
    signal.save(update_fields=["assigned_to", "status", "triage_due", "updated_at"])
    log_action(
        "inbox.signal.assigned",
        actor=actor,
        target=signal,
        data={"assignee": assignee.username, "due": str(signal.triage_due)},
    )
    return signal


@transaction.atomic
def dismiss_signal(*, actor: Actor, signal: Signal, reason: str) -> Signal:
    _require_open(actor, signal)
    if not reason.strip():
        raise BadTriage(say(gettext_noop("驳回需要填写理由")), field="reason")
    signal.status = SignalStatus.DISMISSED
    signal.dismissed_reason = reason.strip()
    signal.save(update_fields=["status", "dismissed_reason", "updated_at"])
    log_action(
        "inbox.signal.dismissed",
        actor=actor,
        target=signal,
        data={"reason": signal.dismissed_reason},
    )
    return signal


@transaction.atomic
def merge_signal(*, actor: Actor, signal: Signal, into: Signal) -> Signal:
    """Fold a duplicate into another open signal: its evidence and links move over."""
    _require_open(actor, signal)
    if into.pk == signal.pk or into.status not in OPEN:
        raise BadTriage(say(gettext_noop("只能合并到另一个未关闭的信号")), field="into")
    into.evidence = [*into.evidence, *[e for e in signal.evidence if e not in into.evidence]]
    into.save(update_fields=["evidence", "updated_at"])
    into.areas.add(*signal.areas.all())
    into.items.add(*signal.items.all())
    into.frameworks.add(*signal.frameworks.all())
    signal.status = SignalStatus.MERGED
    signal.merged_into = into
    signal.save(update_fields=["status", "merged_into", "updated_at"])
    log_action("inbox.signal.merged", actor=actor, target=signal, data={"into": into.pk})
    return into


@transaction.atomic
def promote_signal(*, actor: Actor, signal: Signal) -> ChangeProposal:
    """Hand the signal to the revision workflow, which drafts a change proposal from it."""
    _require_open(actor, signal)
    proposal = draft_proposal_from_signals(actor=actor, signals=[signal])
    signal.status = SignalStatus.PROMOTED
    signal.save(update_fields=["status", "updated_at"])
    log_action("inbox.signal.promoted", actor=actor, target=signal, data={"proposal": proposal.pk})
    return proposal
