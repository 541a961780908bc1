"""Crosswalk verbs: generate suggestions, review them. Each is audited and transactional."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cbec.accounts.audit import Actor, log_action
from cbec.analysis.access import can_review_crosswalks
from cbec.analysis.suggest import Text, suggest
from cbec.standards.models import Association, DomainArea, Framework, Item

DECISIONS = {"approve": "approved", "reject": "rejected"}
MATCHES = {"exact", "broad", "narrow", "related"}
COVERAGES = {"full", "partial"}


class NotAllowed(PermissionError):
    """The actor may not review this framework's crosswalks."""


class BadReview(ValueError):
    """A review names an unknown decision, match or coverage."""


def _require_reviewer(actor: Actor, framework: Framework) -> None:
    if actor is None or not can_review_crosswalks(actor, framework):
        raise NotAllowed(
            _("%(actor)s 无权审核 %(code)s 的映射") % {"actor": actor, "code": framework.code}
        )


def item_texts(items: Iterable[Item]) -> list[Text]:
    return [
        Text(
            f"item:{i.pk}",
            f"{i.statement_zh} {i.statement_en}",
            tuple([*i.aliases_zh, *i.aliases_en]),
        )
        for i in items
    ]


def area_texts(areas: Iterable[DomainArea]) -> list[Text]:
    return [
        Text(
            f"area:{a.code}",
            f"{a.label_zh} {a.label_en} {a.definition_zh} {a.definition_en}",
            tuple([a.label_zh, a.label_en, *a.aliases_zh, *a.aliases_en, *a.tools]),
        )
        for a in areas
    ]


@dataclass
class SuggestResult:
    created: int
    skipped_existing: int


@transaction.atomic
def suggest_crosswalks(
    *, actor: Actor, framework: Framework, target: Framework | None = None, top_k: int = 3
) -> SuggestResult:
    """Propose mappings for the framework's items (to the domain map, or to `target`'s items).

    Pairs that already have a row, in any status, are left alone: a rejected suggestion stays
    rejected, and running this again adds nothing.
    """
    _require_reviewer(actor, framework)
    sources = list(framework.items.exclude(item_type__in=["role", "level"]))
    targets = (
        area_texts(DomainArea.objects.all()) if target is None else item_texts(target.items.all())
    )
    existing = _existing_pairs(framework)
    created = skipped = 0
    for s in suggest(item_texts(sources), targets, top_k=top_k):
        if (s.source, s.target) in existing:
            skipped += 1
            continue
        _propose(framework, int(s.source.split(":")[1]), s.target, s.score, s.alias_hit)
        created += 1
    log_action(
        "analysis.crosswalk.suggested",
        actor=actor,
        target=framework,
        data={
            "created": created,
            "skipped": skipped,
            "target": target.code if target else "domain-map",
        },
    )
    return SuggestResult(created, skipped)


def _existing_pairs(framework: Framework) -> set[tuple[str, str]]:
    pairs = set()
    for origin, area, item in Association.objects.filter(framework=framework).values_list(
        "origin_id", "destination_area__code", "destination_item_id"
    ):
        pairs.add((f"item:{origin}", f"area:{area}" if area else f"item:{item}"))
    return pairs


def _propose(framework: Framework, origin: int, target: str, score: float, alias: str) -> None:
    kind, key = target.split(":", 1)
    rationale = f"Text similarity {score:.2f}" + (
        f"; alias “{alias}” found in the item" if alias else ""
    )
    Association.objects.create(
        framework=framework,
        association_type="isRelatedTo",
        origin_id=origin,
        destination_area=DomainArea.objects.get(code=key) if kind == "area" else None,
        destination_item_id=int(key) if kind == "item" else None,
        match="related",
        coverage="partial",
        confidence=score,
        rationale=rationale,
        status="proposed",
    )


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
    _require_reviewer(actor, row.framework)
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
