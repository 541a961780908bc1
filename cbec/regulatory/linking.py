"""Which regulations and domain areas a notice touches. Pure: indexes in, links out."""

from __future__ import annotations

from dataclasses import dataclass

from cbec.regulatory.notice_text import NoticeFields, normalise_number

# Where each topic lives on the domain map; every relevant notice also concerns regulation tracking.
TOPIC_AREAS: dict[str, tuple[str, ...]] = {
    "customs_mode": ("customs-clearance", "T9"),
    "tax_duty": ("T9", "cross-border-payment"),
    "inspection_quarantine": ("T9", "customs-clearance"),
    "product_safety": ("T9",),
    "ip_brand": ("brand-ip-protection",),
    "logistics_warehouse": ("T7", "overseas-warehouse"),
    "payment_fx": ("cross-border-payment",),
    "data_platform": ("T3", "T9"),
    "returns": ("T5", "T6"),
    "origin_rules": ("customs-clearance", "T9"),
}
ALWAYS = ("regulation-tracking",)


@dataclass(frozen=True)
class KnownRegulation:
    code: str
    numbers: tuple[str, ...]  # normalised numbers found in the regulation's number field
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class ProposedLink:
    relation: str  # same | amends | repeals | mentions
    target: str
    regulation: str | None  # code of a known regulation, None when unknown
    evidence: str


def areas_for(topics: list[str]) -> list[str]:
    found = [a for t in topics for a in TOPIC_AREAS.get(t, ())]
    return list(dict.fromkeys([*found, *ALWAYS])) if topics else []


def regulation_links(
    fields: NoticeFields, title: str, known: list[KnownRegulation], own: str = ""
) -> list[ProposedLink]:
    """The notice itself (same number or title), what it repeals or amends, what it mentions.

    `own` is the notice's number when the source gives it; otherwise it is read from the text.
    """
    by_number = {n: r for r in known for n in r.numbers}
    links: list[ProposedLink] = []
    own = normalise_number(own) if own else fields.number
    same = by_number.get(own) or _by_title(title, known)
    if same:
        evidence = next((f.snippet for f in fields.numbers if f.value == own), title)
        links.append(ProposedLink("same", own or title, same.code, evidence))
    for relation, refs in (("repeals", fields.repeals), ("amends", fields.amends)):
        for ref in refs:
            if own and normalise_number(ref.value) == own:
                continue  # the sentence also names the notice itself
            target = by_number.get(normalise_number(ref.value)) or _by_title(ref.value, known)
            if target is None and relation == "amends":
                continue  # "修订" often describes the notice's own changes; only known targets count
            links.append(
                ProposedLink(relation, ref.value, target.code if target else None, ref.snippet)
            )
    linked = {link.regulation for link in links}
    for found in fields.numbers:
        target = by_number.get(found.value)
        if target and target.code not in linked:
            links.append(ProposedLink("mentions", found.value, target.code, found.snippet))
            linked.add(target.code)
    return links


def _by_title(title: str, known: list[KnownRegulation]) -> KnownRegulation | None:
    return next((r for r in known if title and title in {r.name_zh, r.name_en}), None)


def known_numbers(number_field: str) -> tuple[str, ...]:
    """A regulation's number field may list several acts ("Directive … with Regulation …")."""
    from cbec.regulatory.notice_text import CN_NUMBER, EU_NUMBER

    found = [*CN_NUMBER.findall(number_field), *EU_NUMBER.findall(number_field)]
    return tuple(dict.fromkeys(normalise_number(n) for n in found))
