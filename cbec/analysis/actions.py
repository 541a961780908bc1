"""Crosswalk suggestions: text similarity proposes rows, which the standards app stores
(`cbec.standards.actions.crosswalks`); reviewing them is the standards app's verb, re-exported
here for the analysis pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from cbec.accounts.audit import log_action
from cbec.accounts.roles import Actor, require
from cbec.analysis.suggest import Suggestion, Text, suggest
from cbec.errors import NotAllowed
from cbec.standards.actions.crosswalks import (
    BadReview,
    Proposal,
    bulk_review,
    propose_crosswalks,
    review_crosswalk,
)
from cbec.standards.models import Association, DomainArea, Framework, Item

__all__ = [
    "BadReview",
    "NotAllowed",
    "SuggestResult",
    "bulk_review",
    "review_crosswalk",
    "suggest_crosswalks",
]


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
    require(actor, "analysis.review_crosswalk", framework)
    sources = list(framework.items.exclude(item_type__in=["role", "level"]))
    targets = (
        area_texts(DomainArea.objects.all()) if target is None else item_texts(target.items.all())
    )
    existing = _existing_pairs(framework)
    found = suggest(item_texts(sources), targets, top_k=top_k)
    fresh = [_proposal(s) for s in found if (s.source, s.target) not in existing]
    created = propose_crosswalks(actor=actor, framework=framework, proposals=fresh)
    skipped = len(found) - len(fresh)
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


def _proposal(s: Suggestion) -> Proposal:
    kind, key = s.target.split(":", 1)
    rationale = f"Text similarity {s.score:.2f}" + (
        f"; alias “{s.alias_hit}” found in the item" if s.alias_hit else ""
    )
    return Proposal(
        origin_id=int(s.source.split(":")[1]),
        area_code=key if kind == "area" else None,
        item_id=int(key) if kind == "item" else None,
        score=s.score,
        rationale=rationale,
    )
