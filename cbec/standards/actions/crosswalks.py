"""Crosswalk rows (governed associations) of a framework: proposing them and reviewing them.

The analysis app decides *what* to propose (text similarity); the rows are the standards
app's, so they are written only here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cbec.accounts.audit import log_action
from cbec.accounts.roles import Actor, require
from cbec.errors import InvalidInput
from cbec.standards.models import Association, DomainArea, Framework

DECISIONS = {"approve": "approved", "reject": "rejected"}
MATCHES = {"exact", "broad", "narrow", "related"}
COVERAGES = {"full", "partial"}


class BadReview(InvalidInput):
    """A review names an unknown decision, match or coverage."""


@dataclass(frozen=True)
class Proposal:
    """One suggested row: an item of the framework to a domain area or to another item."""

    origin_id: int
    area_code: str | None
    item_id: int | None
    score: float
    rationale: str


def propose_crosswalks(*, actor: Actor, framework: Framework, proposals: list[Proposal]) -> int:
    """Store suggestions as rows in status `proposed`, for a reviewer to accept or reject."""
    require(actor, "analysis.review_crosswalk", framework)
    areas = DomainArea.objects.in_bulk(field_name="code")
    rows = Association.objects.bulk_create(
        Association(
            framework=framework,
            association_type="isRelatedTo",
            origin_id=p.origin_id,
            destination_area=areas.get(p.area_code) if p.area_code else None,
            destination_item_id=p.item_id,
            match="related",
            coverage="partial",
            confidence=p.score,
            rationale=p.rationale,
            status="proposed",
        )
        for p in proposals
    )
    log_action(
        "standards.crosswalk.proposed",
        actor=actor,
        target=framework,
        data={"rows": len(rows)},
    )
    return len(rows)


@transaction.atomic
def review_crosswalk(
    *,
    actor: Actor,
    row: Association,
    decision: str,
    match: str | None = None,
    coverage: str | None = None,
    rationale: str | None = None,
) -> Association:
    """Approve or reject one row, optionally correcting its match, coverage and rationale."""
    require(actor, "analysis.review_crosswalk", row.framework)
    if (
        decision not in DECISIONS
        or (match and match not in MATCHES)
        or (coverage and coverage not in COVERAGES)
    ):
        raise BadReview(
            _("无效的审核：decision=%(d)s match=%(m)s coverage=%(c)s")
            % {"d": decision, "m": match, "c": coverage}
        )
    before = {"status": row.status, "match": row.match, "coverage": row.coverage}
    row.status = DECISIONS[decision]
    row.match = match or row.match
    row.coverage = coverage or row.coverage
    row.rationale = rationale if rationale is not None else row.rationale
    if row.match == "exact" and row.destination_item_id:
        row.association_type = "exactMatchOf"
    row.reviewer = actor if isinstance(actor, User) else None
    row.save()
    log_action(
        f"analysis.crosswalk.{row.status}",
        actor=actor,
        target=row.framework,
        data={
            "row": row.pk,
            "before": before,
            "match": row.match,
            "coverage": row.coverage,
            "at": timezone.now().isoformat(),
        },
    )
    return row


def bulk_review(*, actor: Actor, rows: list[Association], decision: str) -> int:
    """Apply one decision to many rows, all or nothing."""
    with transaction.atomic():
        for row in rows:
            review_crosswalk(actor=actor, row=row, decision=decision)
    return len(rows)
