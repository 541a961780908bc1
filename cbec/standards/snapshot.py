"""One framework version as plain data: what exporters, publication and the diff work on.

Reading is the only database work here; everything downstream is a pure function of a
Snapshot, so it can be tested with literal data and is fast on 10,000-item versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from cbec.standards.models import Association, Framework, Item, WeightEntry
from cbec.standards.tree import tree_order

FRAMEWORK_FIELDS = (
    "code",
    "version",
    "title_zh",
    "title_en",
    "kind",
    "status",
    "issuer_text",
    "jurisdiction",
    "number",
    "issued_text",
    "effective_text",
    "licence",
    "description_zh",
    "description_en",
    "scope",
    "levels_text",
    "uri",
    "case_extra",
)
ITEM_FIELDS = (
    "id",
    "parent_id",
    "position",
    "identifier",
    "uri",
    "code",
    "item_type",
    "case_item_type",
    "statement_zh",
    "statement_en",
    "aliases_zh",
    "aliases_en",
    "levels",
    "dimensions",
    "notes",
    "case_extra",
    "derived_from__identifier",
)


@dataclass
class Snapshot:
    framework: dict[str, Any]
    items: list[dict[str, Any]]  # tree order; `parent` is the parent's code, `depth` set
    levels: list[dict[str, Any]] = field(default_factory=list)
    weights: list[dict[str, Any]] = field(default_factory=list)
    associations: list[dict[str, Any]] = field(default_factory=list)


def snapshot(fw: Framework, *, content: bool = True) -> Snapshot:
    """The whole version; with `content=False` only its metadata, levels and weights."""
    meta = {name: getattr(fw, name) for name in FRAMEWORK_FIELDS}
    meta |= {
        "identifier": str(fw.identifier),
        "issuer": fw.issuer.name_zh if fw.issuer else "",
        "updated_at": fw.updated_at.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
    }
    if not content:
        return Snapshot(meta, [], _levels(fw), _weights(fw))
    return Snapshot(meta, _items(fw), _levels(fw), _weights(fw), _associations(fw))


def item_rows(items: QuerySet[Item]) -> list[dict[str, Any]]:
    """Plain rows of some items (`parent` is the parent's code)."""
    rows = list(items.values(*ITEM_FIELDS, "parent__code"))
    for r in rows:
        r["identifier"] = str(r["identifier"])
        r["parent"] = r.pop("parent__code")
        derived = r.pop("derived_from__identifier")
        r["derived_from"] = str(derived) if derived else ""
    return rows


def _items(fw: Framework) -> list[dict[str, Any]]:
    rows = list(Item.objects.filter(framework=fw).values(*ITEM_FIELDS))
    codes = {r["id"]: r["code"] for r in rows}
    for r in rows:
        r["identifier"] = str(r["identifier"])
        r["parent"] = codes.get(r["parent_id"])
        derived = r.pop("derived_from__identifier")
        r["derived_from"] = str(derived) if derived else ""
    return tree_order(rows)


def _levels(fw: Framework) -> list[dict[str, Any]]:
    rows = fw.levels.order_by("-rank").values("rank", "code", "name_zh", "name_en")
    return [dict(r) for r in rows]


def _weights(fw: Framework) -> list[dict[str, Any]]:
    rows = WeightEntry.objects.filter(framework=fw).values(
        "scope__code", "item__code", "kind", "level__rank", "percent"
    )
    return [
        {
            "scope": r["scope__code"],
            "item": r["item__code"],
            "kind": r["kind"],
            "level": r["level__rank"],
            "percent": float(r["percent"]),
        }
        for r in rows
    ]


def _associations(fw: Framework) -> list[dict[str, Any]]:
    rows = Association.objects.filter(framework=fw).values(
        "identifier",
        "uri",
        "association_type",
        "sequence",
        "case_extra",
        "origin__identifier",
        "origin__code",
        "origin__uri",
        "origin__framework_id",
        "destination_item__identifier",
        "destination_item__code",
        "destination_item__uri",
        "destination_item__framework_id",
        "destination_area__code",
        "destination_area__label_en",
        "destination_uri",
        "destination_title",
        "match",
        "coverage",
        "confidence",
        "rationale",
        "status",
    )
    out: list[dict[str, Any]] = []
    for values in rows:
        r: dict[str, Any] = dict(values)
        r["identifier"] = str(r["identifier"])
        r["origin__identifier"] = str(r["origin__identifier"])
        r["origin_local"] = r.pop("origin__framework_id") == fw.pk
        dest = r["destination_item__identifier"]
        r["destination_item__identifier"] = str(dest) if dest else ""
        r["destination_local"] = r.pop("destination_item__framework_id") == fw.pk
        out.append(r)
    return out
