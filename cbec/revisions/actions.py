"""Verbs of the revision workflow. For now: drafting a change proposal from signals (the inbox
promotes a signal through this); deliberation, ballots and releases come with their issue."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction

from cbec.accounts.audit import log_action
from cbec.accounts.roles import Actor, require
from cbec.errors import InvalidInput
from cbec.inbox.models import Signal
from cbec.revisions.models import ChangeProposal


@transaction.atomic
def draft_proposal_from_signals(
    *, actor: Actor, signals: Sequence[Signal], title: str = ""
) -> ChangeProposal:
    """A draft proposal carrying the signals' links (standards, items, areas) and evidence."""
    require(actor, "revisions.draft_proposal")
    if not signals:
        raise InvalidInput("a proposal needs at least one signal", field="signals")
    first = signals[0]
    proposal = ChangeProposal.objects.create(
        title=(title or first.title_zh)[:300],
        created_by=actor if isinstance(actor, User) else None,
        rationale="\n".join(
            filter(None, [t for s in signals for t in (s.summary_zh, s.summary_en)])
        ),
    )
    proposal.signals.add(*signals)
    for signal in signals:
        proposal.frameworks.add(*signal.frameworks.all())
        proposal.items.add(*signal.items.all())
        proposal.areas.add(*signal.areas.all())
    log_action(
        "revisions.proposal.drafted",
        actor=actor,
        target=proposal,
        data={"signals": [s.pk for s in signals], "signal": first.pk},
    )
    return proposal
