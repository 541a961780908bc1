"""Item search in Chinese and English.

Chinese has no spaces, so matching is by substring over one normalised text per item. A query
term that names a domain area (its label or an alias) is widened to that area's other aliases,
so 清关 also finds items that say 报关 — ranked below the items that say 清关 itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from cbec.standards.models import DomainArea, Item
from cbec.standards.textnorm import normalise

MAX_EXPANSIONS = 8
MAX_CANDIDATES = 2000


@dataclass(frozen=True)
class TermGroup:
    term: str
    expansions: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()


@dataclass
class SearchPlan:
    query: str
    groups: list[TermGroup] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups


def area_vocabulary(areas: list[DomainArea]) -> dict[str, list[str]]:
    """Area code → its normalised names (labels first, then aliases)."""
    return {
        a.code: [normalise(t) for t in [a.label_zh, a.label_en, *a.aliases_zh, *a.aliases_en] if t]
        for a in areas
    }


def plan_search(query: str, vocabulary: dict[str, list[str]]) -> SearchPlan:
    """Split the query on spaces (every term must match) and widen terms that name an area."""
    plan = SearchPlan(normalise(query))
    whole_names_area = any(plan.query in names for names in vocabulary.values())
    terms = [plan.query] if whole_names_area else plan.query.split(" ") if plan.query else []
    for term in terms:
        areas = tuple(code for code, names in vocabulary.items() if term in names)
        widened = [n for code in areas for n in vocabulary[code] if n != term and term not in n]
        plan.groups.append(TermGroup(term, tuple(dict.fromkeys(widened))[:MAX_EXPANSIONS], areas))
    return plan


def score(text: str, plan: SearchPlan) -> int:
    """Direct hits count 3, hits through an area's alias 1; 0 means some term is missing."""
    total = 0
    for group in plan.groups:
        if group.term in text:
            # "| term" marks a statement or alias that begins with the term: a closer match.
            total += 3 + (2 if f"| {group.term}" in text else 0)
        elif any(e in text for e in group.expansions):
            total += 1
        else:
            return 0
    return total


def search_items(
    items: QuerySet[Item], plan: SearchPlan, *, offset: int = 0, limit: int = 20
) -> tuple[int, list[Item]]:
    """(number of matches, one page of matching items), best first then in catalog order."""
    if plan.empty:
        return 0, []
    qs = items
    for group in plan.groups:
        condition = Q(search_text__contains=group.term)
        for expansion in group.expansions:
            condition |= Q(search_text__contains=expansion)
        qs = qs.filter(condition)
    rows = qs.order_by("framework_id", "position").values_list("pk", "search_text")[:MAX_CANDIDATES]
    scored = [(score(text, plan), pk) for pk, text in rows]
    order = [pk for s, pk in sorted(scored, key=lambda r: -r[0]) if s > 0]
    page = order[offset : offset + limit]
    found = Item.objects.select_related("framework", "parent").in_bulk(page)
    return len(order), [found[pk] for pk in page]
