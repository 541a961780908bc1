"""The extraction lexicon read from the database: domain-area aliases and tools, aliases of
published standard items, and the edits people made (LexiconTerm)."""

from __future__ import annotations

from cbec.monitor.extract import DEFAULT_EXCLUDE, Lexicon, Term, lower
from cbec.monitor.models import LexiconAction, LexiconTerm
from cbec.standards.models import Association, DomainArea, FrameworkStatus, Item


def _tool_names(tool: str) -> list[str]:
    """'谷仓海外仓 / Goodcang' → both names."""
    return [part.strip() for part in tool.split(" / ") if part.strip()]


def area_terms(area: DomainArea) -> list[Term]:
    terms = [Term(a, area.code, "alias") for a in [*area.aliases_zh, *area.aliases_en]]
    terms += [Term(name, area.code, "tool") for tool in area.tools for name in _tool_names(tool)]
    return terms


def item_terms() -> list[Term]:
    """Aliases of items in published standards, under the areas their crosswalks point to."""
    items = Item.objects.filter(framework__status=FrameworkStatus.PUBLISHED).exclude(
        aliases_zh=[], aliases_en=[]
    )
    area_of: dict[int, list[str]] = {}
    for origin, code in Association.objects.filter(
        destination_area__isnull=False, origin__in=items
    ).values_list("origin_id", "destination_area__code"):
        area_of.setdefault(origin, []).append(code)
    return [
        Term(alias, area, "item", str(item.identifier))
        for item in items
        for alias in [*item.aliases_zh, *item.aliases_en]
        for area in area_of.get(item.pk, [""])
    ]


def current_lexicon() -> Lexicon:
    terms = [t for area in DomainArea.objects.all() for t in area_terms(area)] + item_terms()
    exclude = set(DEFAULT_EXCLUDE)
    for edit in LexiconTerm.objects.select_related("area"):
        if edit.action == LexiconAction.EXCLUDE:
            exclude.add(lower(edit.term))
        elif edit.area is not None:
            terms.append(Term(edit.term, edit.area.code, "custom"))
            exclude.discard(lower(edit.term))
    return Lexicon(tuple(terms), frozenset(exclude))
