"""Triage verbs for the signal inbox: assign, dismiss, merge, promote. Audited, transactional."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from cbec.accounts.audit import Actor, log_action
from cbec.monitor.models import Signal, SignalStatus
from cbec.regulatory.access import can_manage_monitoring
from cbec.revisions.models import ChangeProposal

OPEN = {SignalStatus.NEW, SignalStatus.TRIAGED}


class NotAllowed(PermissionError):
    """The actor may not triage signals."""


class BadTriage(ValueError):
    """The requested triage step does not fit the signal's state."""


def _require(actor: Actor, signal: Signal) -> None:
    if actor is None or not can_manage_monitoring(actor):
        raise NotAllowed(_("%(actor)s 无权分诊信号") % {"actor": actor})
    if signal.status not in OPEN:
        raise BadTriage(
            _("信号 %(pk)s 已是“%(status)s”状态")
            % {"pk": signal.pk, "status": signal.get_status_display()}
        )


@transaction.atomic
def assign_signal(
    *, actor: Actor, signal: Signal, assignee: User, due: dt.date | None = None
) -> Signal:
    _require(actor, signal)
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
    _require(actor, signal)
    if not reason.strip():
        raise BadTriage(_("驳回需要填写理由"))
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
    _require(actor, signal)
    if into.pk == signal.pk or into.status not in OPEN:
        raise BadTriage(_("只能合并到另一个未关闭的信号"))
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
    """Start a change-proposal draft from the signal, carrying its links and evidence."""
    _require(actor, signal)
    proposal = ChangeProposal.objects.create(
        title=signal.title_zh[:300],
        created_by=actor if isinstance(actor, User) else None,
        rationale="\n".join(filter(None, [signal.summary_zh, signal.summary_en])),
    )
    proposal.signals.add(signal)
    proposal.frameworks.add(*signal.frameworks.all())
    proposal.items.add(*signal.items.all())
    proposal.areas.add(*signal.areas.all())
    signal.status = SignalStatus.PROMOTED
    signal.save(update_fields=["status", "updated_at"])
    log_action("inbox.signal.promoted", actor=actor, target=signal, data={"proposal": proposal.pk})
    log_action(
        "revisions.proposal.drafted", actor=actor, target=proposal, data={"signal": signal.pk}
    )
    return proposal
