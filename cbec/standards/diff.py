"""Semantic diff of two framework versions, and the semantic version it suggests. Pure.

Items are matched by derivation first (a new version's item `derived_from` an old one), then
by code. Kinds of change and what they weigh:

| change | meaning | bump |
|---|---|---|
| removed | an item is gone | major |
| reworded | a statement's words changed | major |
| relevelled | the levels an item applies to changed | major |
| retyped | the item's type changed | major |
| added | a new item | minor |
| moved | a new parent | minor |
| reweighted | a weight (权重表 cell) changed | minor |
| association added / removed | a crosswalk or other link changed | minor |
| editorial | punctuation, spacing, case, or only the code changed | patch |
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a type only: this module imports no Django (tests/test_docs.py)
    from cbec.standards.snapshot import Snapshot

MAJOR = {"removed", "reworded", "relevelled", "retyped"}
MINOR = {"added", "moved", "reweighted", "association_added", "association_removed"}
KIND_ORDER = [
    "removed",
    "reworded",
    "relevelled",
    "retyped",
    "added",
    "moved",
    "reweighted",
    "editorial",
]
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


@dataclass
class ItemChange:
    kind: str
    code: str  # the new code (the old one for removed items)
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    detail: str = ""


@dataclass
class AssociationChange:
    kind: str  # association_added | association_removed
    association_type: str
    origin: str
    destination: str


@dataclass
class Diff:
    old_version: str
    new_version: str
    items: list[ItemChange] = field(default_factory=list)
    associations: list[AssociationChange] = field(default_factory=list)

    @property
    def bump(self) -> str:
        kinds = {c.kind for c in self.items} | {a.kind for a in self.associations}
        if kinds & MAJOR:
            return "major"
        if kinds & MINOR:
            return "minor"
        return "patch" if kinds else "none"

    @property
    def suggested_version(self) -> str:
        return bump_version(self.old_version, self.bump)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for kind in [c.kind for c in self.items] + [a.kind for a in self.associations]:
            counts[kind] += 1
        return dict(counts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "bump": self.bump,
            "suggested_version": self.suggested_version,
            "counts": self.counts(),
            "items": [asdict(c) for c in self.items],
            "associations": [asdict(a) for a in self.associations],
        }


def bump_version(version: str, bump: str) -> str:
    parts = [int(p) if p.isdecimal() else 0 for p in version.split(".")[:3]]
    major, minor, patch = (parts + [0, 0, 0])[:3]
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def _plain(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def _identities(old: Snapshot, new: Snapshot) -> dict[str, str]:
    """New item identifier → the old item identifier it continues (absent when new)."""
    old_ids = {r["identifier"] for r in old.items}
    old_by_code = {r["code"]: r["identifier"] for r in old.items}
    out: dict[str, str] = {}
    taken: set[str] = set()
    for r in new.items:
        derived = r.get("derived_from") or ""
        if derived in old_ids and derived not in taken:
            out[r["identifier"]] = derived
            taken.add(derived)
    for r in new.items:
        ident = r["identifier"]
        if ident in out:
            continue
        match = ident if ident in old_ids else old_by_code.get(r["code"])
        if match and match not in taken:
            out[ident] = match
            taken.add(match)
    return out


def diff_snapshots(old: Snapshot, new: Snapshot) -> Diff:
    result = Diff(old.framework.get("version", ""), new.framework.get("version", ""))
    identity = _identities(old, new)
    old_rows = {r["identifier"]: r for r in old.items}
    old_code_to_id = {r["code"]: r["identifier"] for r in old.items}
    new_code_to_key = {r["code"]: identity.get(r["identifier"], r["identifier"]) for r in new.items}
    old_weights, new_weights = _weights(old, old_code_to_id), _weights(new, new_code_to_key)
    for r in new.items:
        key = identity.get(r["identifier"])
        if key is None:
            result.items.append(ItemChange("added", r["code"], None, _brief(r)))
            continue
        before = old_rows[key]
        result.items.extend(
            _compare(before, r, old_code_to_id, new_code_to_key, old_weights, new_weights, key)
        )
    matched = set(identity.values())
    for r in old.items:
        if r["identifier"] not in matched:
            result.items.append(ItemChange("removed", r["code"], _brief(r), None))
    result.items.sort(key=lambda c: (KIND_ORDER.index(c.kind), c.code))
    result.associations = _association_changes(old, new, identity)
    return result


def _brief(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": r["code"],
        "type": r["item_type"],
        "parent": r.get("parent"),
        "statement_zh": r["statement_zh"],
        "statement_en": r["statement_en"],
        "levels": sorted(r.get("levels") or [], reverse=True),
    }


def _compare(
    before: dict[str, Any],
    after: dict[str, Any],
    old_ids: dict[str, str],
    new_keys: dict[str, str],
    old_weights: dict[str, dict[Any, float]],
    new_weights: dict[str, dict[Any, float]],
    key: str,
) -> list[ItemChange]:
    changes = []
    b, a = _brief(before), _brief(after)

    def change(kind: str, detail: str = "") -> None:
        changes.append(ItemChange(kind, after["code"], b, a, detail))

    texts = [(before[f], after[f]) for f in ("statement_zh", "statement_en")]
    if any(x != y for x, y in texts):
        meaning = any(_plain(x) != _plain(y) for x, y in texts)
        change("reworded" if meaning else "editorial", "statement")
    if b["levels"] != a["levels"]:
        change("relevelled", f"{b['levels']} → {a['levels']}")
    if before["item_type"] != after["item_type"]:
        change("retyped", f"{before['item_type']} → {after['item_type']}")
    if old_ids.get(before.get("parent") or "") != new_keys.get(after.get("parent") or ""):
        change("moved", f"{before.get('parent') or '—'} → {after.get('parent') or '—'}")
    elif before["code"] != after["code"]:
        change("editorial", f"code {before['code']} → {after['code']}")
    if old_weights.get(key, {}) != new_weights.get(key, {}):
        change("reweighted", _weight_detail(old_weights.get(key, {}), new_weights.get(key, {})))
    return changes


def _weights(snap: Snapshot, key_of: dict[str, str]) -> dict[str, dict[Any, float]]:
    out: dict[str, dict[Any, float]] = defaultdict(dict)
    for w in snap.weights:
        item = key_of.get(w["item"])
        if item:
            scope = key_of.get(w["scope"] or "", "")
            out[item][(scope, w["kind"], w["level"])] = float(w["percent"])
    return out


def _weight_detail(before: dict[Any, float], after: dict[Any, float]) -> str:
    parts = []
    for cell in sorted(set(before) | set(after), key=str):
        if before.get(cell) != after.get(cell):
            _, kind, level = cell
            parts.append(f"{kind}@{level}: {before.get(cell, '—')} → {after.get(cell, '—')}")
    return "; ".join(parts)


def _association_changes(
    old: Snapshot, new: Snapshot, identity: dict[str, str]
) -> list[AssociationChange]:
    def key(a: dict[str, Any], ids: dict[str, str]) -> tuple[str, str, str]:
        origin = ids.get(a["origin__identifier"], a["origin__identifier"])
        dest_item = a["destination_item__identifier"]
        dest = (
            ids.get(dest_item, dest_item)
            if dest_item
            else (a["destination_area__code"] or a["destination_uri"])
        )
        return (a["association_type"], origin, dest)

    def label(a: dict[str, Any]) -> tuple[str, str]:
        dest = a["destination_item__code"] or a["destination_area__code"] or a["destination_uri"]
        return a["origin__code"], dest

    before = {key(a, {}): a for a in old.associations}
    after = {key(a, identity): a for a in new.associations if a["association_type"] != "replacedBy"}
    changes = [
        AssociationChange("association_added", k[0], *label(after[k]))
        for k in sorted(after.keys() - before.keys())
    ]
    changes += [
        AssociationChange("association_removed", k[0], *label(before[k]))
        for k in sorted(before.keys() - after.keys())
        if k[0] != "replacedBy"
    ]
    return changes
