"""Snapshot → CASE 1.1 CFPackage (a dict ready for JSON). Pure.

Kept fields come back verbatim; fields outside the spec's list go into `extensions.cbec.unknown`
so the package validates against the CASE 1.1 schema and re-imports unchanged.
"""

from __future__ import annotations

import uuid
from typing import Any

from cbec.standards.interop.case.types import (
    ASSOCIATION_FIELDS,
    CASE_VERSION,
    DOCUMENT_FIELDS,
    ITEM_FIELDS,
    ITEM_TYPE_DESCRIPTIONS,
    ITEM_TYPE_TITLES,
    PACKAGE_FIELDS,
    STATUS_TO_ADOPTION,
    child_of_identifier,
    item_type_identifier,
    status_for,
)
from cbec.standards.interop.problems import INTEROP_NAMESPACE
from cbec.standards.snapshot import Snapshot


class _Links:
    """URIs of exported objects: the stored one, else under `base` (the REST binding)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def uri(self, kind: str, identifier: str, stored: str = "") -> str:
        if stored:
            return stored
        return f"{self.base}{kind}/{identifier}" if self.base else f"urn:uuid:{identifier}"


def case_document(snap: Snapshot, base: str = "") -> dict[str, Any]:
    """The standalone CFDocument (the REST binding's form: adds CFPackageURI)."""
    links = _Links(base)
    doc = _document(snap, links, snap.framework["updated_at"])
    ident = snap.framework["identifier"]
    package_uri = _node(doc["title"], doc["identifier"], links.uri("CFPackages", ident))
    return doc | {"CFPackageURI": package_uri}


def case_item(row: dict[str, Any], snap: Snapshot, base: str = "") -> dict[str, Any]:
    """The standalone CFItem (adds CFDocumentURI)."""
    links = _Links(base)
    doc = _document(snap, links, snap.framework["updated_at"])
    item = _item(row, links, snap.framework["updated_at"])
    return item | {"CFDocumentURI": _node(doc["title"], doc["identifier"], doc["uri"])}


def case_package(snap: Snapshot, base: str = "") -> dict[str, Any]:
    links = _Links(base)
    fw = snap.framework
    extra = fw["case_extra"] or {}
    changed = fw["updated_at"]
    document = _document(snap, links, changed)
    items = [_item(row, links, changed) for row in snap.items]
    associations = _hierarchy(snap, links, document, changed)
    associations += [_association(a, snap, links, changed) for a in snap.associations]
    associations += list(extra.get("loose_associations", []))
    package: dict[str, Any] = {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": _definitions(snap, links, extra.get("definitions"), changed),
    }
    if "rubrics" in extra:
        package["CFRubrics"] = extra["rubrics"]
    return package | _fit(extra.get("package", {}), PACKAGE_FIELDS)


def _fit(obj: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    """Fields outside the spec's list move to `extensions.cbec.unknown`."""
    unknown = {k: v for k, v in obj.items() if k not in allowed}
    if not unknown:
        return dict(obj)
    out = {k: v for k, v in obj.items() if k in allowed}
    ext = dict(out.get("extensions") or {})
    ext["cbec"] = dict(ext.get("cbec") or {}) | {"unknown": unknown}
    out["extensions"] = ext
    return out


def _with_ext(obj: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    ours = {k: v for k, v in ours.items() if v not in ("", [], None, {})}
    if ours:
        ext = dict(obj.get("extensions") or {})
        ext["cbec"] = dict(ext.get("cbec") or {}) | ours
        obj["extensions"] = ext
    return obj


def _document(snap: Snapshot, links: _Links, changed: str) -> dict[str, Any]:
    fw = snap.framework
    extra = fw["case_extra"] or {}
    ident = extra.get("source_identifier") or fw["identifier"]
    doc = dict(extra.get("document", {}))
    adoption = doc.get("adoptionStatus")
    if not isinstance(adoption, str) or status_for(adoption) != fw["status"]:
        doc["adoptionStatus"] = STATUS_TO_ADOPTION.get(fw["status"], "Draft")
    doc |= {
        "identifier": ident,
        "uri": links.uri("CFDocuments", fw["identifier"], fw["uri"]),
        "creator": fw["issuer_text"] or fw["issuer"] or "CBEC Talent Standards",
        "title": fw["title_zh"] or fw["title_en"],
        "lastChangeDateTime": doc.get("lastChangeDateTime") or changed,
        "version": fw["version"],
    }
    doc.setdefault("caseVersion", CASE_VERSION)
    doc.setdefault("language", "zh" if fw["title_zh"] else "en")
    if fw["description_zh"] or fw["description_en"]:
        doc["description"] = fw["description_zh"] or fw["description_en"]
    ours = {
        "code": fw["code"],
        "kind": fw["kind"],
        "status": fw["status"],
        "title_zh": fw["title_zh"],
        "title_en": fw["title_en"],
        "description_zh": fw["description_zh"],
        "description_en": fw["description_en"],
        "jurisdiction": fw["jurisdiction"],
        "number": fw["number"],
        "levels": snap.levels,
        "weights": snap.weights,
    }
    return _with_ext(_fit(doc, DOCUMENT_FIELDS), ours)


def _item(row: dict[str, Any], links: _Links, changed: str) -> dict[str, Any]:
    extra = row["case_extra"] or {}
    obj = dict(extra.get("fields", {}))
    obj |= {
        "identifier": extra.get("source_identifier") or row["identifier"],
        "uri": links.uri("CFItems", row["identifier"], row["uri"]),
        "fullStatement": row["statement_zh"] or row["statement_en"] or row["code"],
        "CFItemType": row["case_item_type"] or ITEM_TYPE_TITLES.get(row["item_type"], "Other"),
        "lastChangeDateTime": obj.get("lastChangeDateTime") or changed,
    }
    if not extra.get("generated_code"):
        obj["humanCodingScheme"] = row["code"]
    if row["notes"]:
        obj["notes"] = row["notes"]
    if not row["case_item_type"] and "CFItemTypeURI" not in obj:
        type_id = item_type_identifier(row["item_type"])
        obj["CFItemTypeURI"] = {
            "title": obj["CFItemType"],
            "identifier": type_id,
            "uri": links.uri("CFItemTypes", type_id),
        }
    ours = {
        "type": row["item_type"],
        "statement_zh": row["statement_zh"],
        "statement_en": row["statement_en"],
        "levels": row["levels"],
        "aliases_zh": row["aliases_zh"],
        "aliases_en": row["aliases_en"],
        "dimensions": row["dimensions"],
        "derived_from": row["derived_from"],
    }
    return _with_ext(_fit(obj, ITEM_FIELDS), ours)


def _node(title: str, identifier: str, uri: str) -> dict[str, Any]:
    return {"title": (title or identifier)[:200], "identifier": identifier, "uri": uri}


def _item_node(row: dict[str, Any], links: _Links) -> dict[str, Any]:
    extra = row["case_extra"] or {}
    ident = extra.get("source_identifier") or row["identifier"]
    title = row["statement_zh"] or row["statement_en"] or row["code"]
    return _node(title, ident, links.uri("CFItems", row["identifier"], row["uri"]))


def _hierarchy(
    snap: Snapshot, links: _Links, document: dict[str, Any], changed: str
) -> list[dict[str, Any]]:
    """One isChildOf per item (to its parent, or to the document for top items)."""
    by_code = {row["code"]: row for row in snap.items}
    doc_node = _node(document["title"], document["identifier"], document["uri"])
    sequence: dict[str | None, int] = {}
    out = []
    for row in snap.items:
        parent = by_code.get(row["parent"] or "")
        sequence[row["parent"]] = sequence.get(row["parent"], 0) + 1
        kept = dict((row["case_extra"] or {}).get("child_of") or {})
        ident = kept.get("identifier") or child_of_identifier(row["identifier"])
        obj = kept | {
            "identifier": ident,
            "associationType": "isChildOf",
            "uri": links.uri("CFAssociations", ident, str(kept.get("uri") or "")),
            "originNodeURI": _item_node(row, links),
            "destinationNodeURI": _item_node(parent, links) if parent else doc_node,
            "lastChangeDateTime": kept.get("lastChangeDateTime") or changed,
        }
        obj.setdefault("sequenceNumber", sequence[row["parent"]])
        out.append(_fit(obj, ASSOCIATION_FIELDS))
    return out


def _association(a: dict[str, Any], snap: Snapshot, links: _Links, changed: str) -> dict[str, Any]:
    extra = a["case_extra"] or {}
    ident = extra.get("source_identifier") or a["identifier"]
    obj = dict(extra.get("fields", {}))
    obj |= {
        "identifier": ident,
        "associationType": a["association_type"],
        "uri": links.uri("CFAssociations", a["identifier"], a["uri"]),
        "originNodeURI": extra.get("origin") or _ref(a, "origin", links),
        "destinationNodeURI": _destination(a, extra, links),
        "lastChangeDateTime": obj.get("lastChangeDateTime") or changed,
    }
    if a["sequence"] is not None:
        obj["sequenceNumber"] = a["sequence"]
    ours = {
        "area": a["destination_area__code"],
        "match": a["match"],
        "coverage": a["coverage"],
        "confidence": a["confidence"],
        "rationale": a["rationale"],
        "status": a["status"] if a["status"] != "approved" else "",
    }
    return _with_ext(_fit(obj, ASSOCIATION_FIELDS), ours)


def _ref(a: dict[str, Any], end: str, links: _Links) -> dict[str, Any]:
    ident = a[f"{end}__identifier"]
    uri = links.uri("CFItems", ident, a[f"{end}__uri"] or "")
    return _node(a[f"{end}__code"] or ident, ident, uri)


def _destination(a: dict[str, Any], extra: dict[str, Any], links: _Links) -> dict[str, Any]:
    if a["destination_item__identifier"]:
        return _ref(a, "destination_item", links)
    if a["destination_area__code"]:
        code = a["destination_area__code"]
        ident = str(uuid.uuid5(INTEROP_NAMESPACE, f"domain-area/{code}"))
        node = _node(a["destination_area__label_en"] or code, ident, f"urn:cbec:domain-area:{code}")
        return node | {"targetType": "ext:cbec-domain-area"}
    stored = extra.get("destination")
    if isinstance(stored, dict):
        return stored
    uri = a["destination_uri"]
    return _node(a["destination_title"] or uri, uri, uri) | {"targetType": "ext:uri"}


def definitions_for(item_types: set[str], stored: Any, base: str) -> dict[str, Any]:
    """CFDefinitions of a framework from its own item types and stored definitions."""
    snap = Snapshot({}, [{"item_type": t, "case_item_type": ""} for t in item_types])
    return _definitions(snap, _Links(base), stored, "")


def _definitions(snap: Snapshot, links: _Links, stored: Any, changed: str) -> dict[str, Any]:
    """Stored definitions, plus a CFItemType for each of our types the package uses."""
    definitions = dict(stored) if isinstance(stored, dict) else {}
    types = list(definitions.get("CFItemTypes") or [])
    known = {t.get("identifier") for t in types if isinstance(t, dict)}
    used = sorted({r["item_type"] for r in snap.items if not r["case_item_type"]})
    for position, item_type in enumerate(used, start=1):
        ident = item_type_identifier(item_type)
        if ident in known:
            continue
        types.append(
            {
                "identifier": ident,
                "uri": links.uri("CFItemTypes", ident),
                "title": ITEM_TYPE_TITLES.get(item_type, item_type),
                "description": ITEM_TYPE_DESCRIPTIONS.get(item_type, item_type),
                "hierarchyCode": str(position),
                "typeCode": item_type,
                "lastChangeDateTime": changed,
            }
        )
    if types:
        definitions["CFItemTypes"] = types
    return definitions
