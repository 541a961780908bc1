"""CASE 1.0 / 1.1 CFPackage JSON → FrameworkSpec. Pure: no database.

Mapped: document and item identity, titles and statements (Chinese text to `_zh`, other text
to `_en`), codes, types, notes, the isChildOf hierarchy (order from `sequenceNumber`) and every
other association. Everything else — unknown fields, definitions, rubrics, extensions — is
kept verbatim in `case_extra` and written back on export. Our own extension
(`extensions.cbec`) carries what CASE has no field for: both languages, levels, weights.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext_noop

from cbec.lib.said import say
from cbec.standards.catalog.specs import (
    AssociationSpec,
    FrameworkSpec,
    ItemSpec,
    LevelSpec,
    ProvenanceSpec,
    WeightSpec,
)
from cbec.standards.interop.case.types import is_association_type, item_type_for, status_for
from cbec.standards.interop.problems import (
    InterchangeError,
    Problem,
    decode_text,
    has_cjk,
    is_uuid,
    stable_uuid,
)

_DOC_MAPPED = {"identifier", "uri", "title", "creator", "description", "version", "extensions"}
_ITEM_MAPPED = {
    "identifier",
    "uri",
    "fullStatement",
    "humanCodingScheme",
    "CFItemType",
    "notes",
    "extensions",
    "CFDocumentURI",
}
_ASSOC_MAPPED = {
    "identifier",
    "uri",
    "associationType",
    "originNodeURI",
    "destinationNodeURI",
    "sequenceNumber",
    "extensions",
    "CFDocumentURI",
}
_PACKAGE_KEYS = {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics"}


@dataclass
class _Check:
    """Collects located problems while reading one package."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, where: str, field_name: str, message: str) -> None:
        """`message` is a stored message (cbec.lib.said)."""
        self.problems.append(Problem(self.file, where, field_name, message))

    def text(self, obj: dict[str, Any], key: str, where: str, required: bool = False) -> str:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(where, key, say(gettext_noop("缺少必需的字段")))
            return ""
        if not isinstance(value, str):
            got = type(value).__name__
            self.add(where, key, say(gettext_noop("应为字符串，实际为 %(type)s"), type=got))
            return ""
        if required and not value.strip():
            self.add(where, key, say(gettext_noop("必需的字段为空")))
        return value

    def mapping(self, obj: Any, where: str, key: str) -> dict[str, Any]:
        if not isinstance(obj, dict):
            self.add(where, key, _expected_object(obj))
            return {}
        return obj

    def array(self, obj: dict[str, Any], key: str, where: str) -> list[Any]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            got = type(value).__name__
            self.add(where, key, say(gettext_noop("应为列表，实际为 %(type)s"), type=got))
            return []
        return value


def _expected_object(value: Any) -> str:
    return say(gettext_noop("应为对象，实际为 %(type)s"), type=type(value).__name__)


def parse_case_package(
    data: bytes, file: str = "package.json", *, code: str | None = None, fresh: bool = False
) -> FrameworkSpec:
    """Parse a CFPackage; raise InterchangeError listing every problem found.

    `fresh` gives the framework new identifiers (to import a copy next to the original)."""
    package = _load_json(data, file)
    check = _Check(file)
    spec = _Reader(check).package(package, code)
    if check.problems:
        raise InterchangeError(check.problems)
    return with_fresh_identifiers(spec) if fresh else spec


def _load_json(data: bytes, file: str) -> dict[str, Any]:
    text = decode_text(data, file)
    try:
        package = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        message = say(gettext_noop("JSON 格式错误：%(error)s"), error=exc.msg)
        raise InterchangeError([Problem(file, where, "", message)]) from exc
    except RecursionError as exc:
        message = say(gettext_noop("JSON 嵌套过深"))
        raise InterchangeError([Problem(file, "", "", message)]) from exc
    if not isinstance(package, dict):
        message = say(
            gettext_noop("CFPackage 应为 JSON 对象，实际为 %(type)s"), type=type(package).__name__
        )
        raise InterchangeError([Problem(file, "$", "", message)])
    return package


def lift_unknown(obj: Any) -> Any:
    """Fields our export parked in `extensions.cbec.unknown` go back to the top level."""
    if not isinstance(obj, dict):
        return obj
    ext = obj.get("extensions")
    if not isinstance(ext, dict):
        return obj
    ours = ext.get("cbec")
    if not isinstance(ours, dict) or not isinstance(ours.get("unknown"), dict):
        return obj
    rest = {k: v for k, v in ours.items() if k != "unknown"}
    extensions = {k: v for k, v in ext.items() if k != "cbec"} | ({"cbec": rest} if rest else {})
    lifted = {k: v for k, v in obj.items() if k != "extensions"} | ours["unknown"]
    return lifted | ({"extensions": extensions} if extensions else {})


def _ext(obj: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(our `cbec` extension, the other extensions) of a CASE object."""
    extensions = obj.get("extensions")
    if not isinstance(extensions, dict):
        return {}, ({"extensions": extensions} if extensions is not None else {})
    others = {k: v for k, v in extensions.items() if k != "cbec"}
    ours = extensions.get("cbec")
    return (ours if isinstance(ours, dict) else {}), ({"extensions": others} if others else {})


def _split_text(text: str, ext: dict[str, Any], zh_key: str, en_key: str) -> tuple[str, str]:
    zh, en = ext.get(zh_key), ext.get(en_key)
    if isinstance(zh, str) or isinstance(en, str):
        return (zh if isinstance(zh, str) else ""), (en if isinstance(en, str) else "")
    return (text, "") if has_cjk(text) else ("", text)


def _str_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _int_list(value: Any) -> list[int]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, int) and not isinstance(v, bool)]


class _Reader:
    def __init__(self, check: _Check) -> None:
        self.check = check
        self.doc_id = ""
        self.items: dict[str, ItemSpec] = {}  # source identifier → spec
        self.parents: dict[str, tuple[str, float]] = {}  # child id → (parent id, sequence)
        self.check_location: dict[str, str] = {}
        self.seen_associations: set[str] = set()
        self.codes: dict[str, str] = {}  # source identifier → code

    def package(self, package: dict[str, Any], code: str | None) -> FrameworkSpec:
        package = lift_unknown(package)
        doc = lift_unknown(self.check.mapping(package.get("CFDocument"), "$", "CFDocument"))
        spec = self._document(doc, code)
        for index, raw in enumerate(self.check.array(package, "CFItems", "$")):
            self._item(raw, f"CFItems[{index}]")
        loose: list[Any] = []
        for index, raw in enumerate(self.check.array(package, "CFAssociations", "$")):
            assoc = self._association(raw, f"CFAssociations[{index}]", loose)
            if assoc is not None:
                spec.associations.append(assoc)
        spec.items = self._tree_order()
        self._check_codes(spec.items)
        spec.case_extra.update(_package_extra(package, loose))
        self._levels_and_weights(spec, _ext(doc)[0])
        return spec

    def _document(self, doc: dict[str, Any], code: str | None) -> FrameworkSpec:
        c, where = self.check, "CFDocument"
        ident = c.text(doc, "identifier", where, required=True)
        title = c.text(doc, "title", where, required=True)
        ours, others = _ext(doc)
        self.doc_id = ident
        title_zh, title_en = _split_text(title, ours, "title_zh", "title_en")
        desc_zh, desc_en = _split_text(
            c.text(doc, "description", where), ours, "description_zh", "description_en"
        )
        extra = {k: v for k, v in doc.items() if k not in _DOC_MAPPED} | others
        adoption = extra.get("adoptionStatus")
        status = ours.get("status") or status_for(adoption if isinstance(adoption, str) else "")
        return FrameworkSpec(
            code=code or _code_for(ours, title_en, ident),
            version=c.text(doc, "version", where) or "1.0.0",
            title_zh=title_zh,
            title_en=title_en,
            kind=str(ours.get("kind") or "international"),
            status=str(status),
            provenance=ProvenanceSpec(verification="unverified"),
            issuer_text=c.text(doc, "creator", where),
            jurisdiction=str(ours.get("jurisdiction") or ""),
            number=str(ours.get("number") or ""),
            description_zh=desc_zh,
            description_en=desc_en,
            identifier=stable_uuid(ident) if ident else "",
            uri=c.text(doc, "uri", where),
            case_extra={"document": extra} | _source_id(ident),
        )

    def _item(self, raw: Any, where: str) -> None:
        c = self.check
        obj = lift_unknown(c.mapping(raw, where, ""))
        ident = c.text(obj, "identifier", where, required=True)
        statement = c.text(obj, "fullStatement", where, required=True)
        if not ident:
            return
        if ident in self.items or ident == self.doc_id:
            c.add(where, "identifier", _duplicate_identifier(ident))
            return
        ours, others = _ext(obj)
        zh, en = _split_text(statement, ours, "statement_zh", "statement_en")
        case_type = c.text(obj, "CFItemType", where)
        extra: dict[str, Any] = {"fields": {k: v for k, v in obj.items() if k not in _ITEM_MAPPED}}
        extra["fields"].update(others)
        human = c.text(obj, "humanCodingScheme", where).strip()
        if not human:
            extra["generated_code"] = True
        self.items[ident] = ItemSpec(
            code=human or f"X-{ident[:40]}",
            parent_code=None,
            item_type=str(ours.get("type") or item_type_for(case_type)),
            statement_zh=zh,
            statement_en=en,
            levels=_int_list(ours.get("levels")),
            dimensions=_str_list(ours.get("dimensions")),
            aliases_zh=_str_list(ours.get("aliases_zh")),
            aliases_en=_str_list(ours.get("aliases_en")),
            notes=c.text(obj, "notes", where),
            identifier=stable_uuid(ident, self.doc_id),
            uri=c.text(obj, "uri", where),
            case_item_type=case_type,
            case_extra=extra | _source_id(ident),
        )
        self.check_location[ident] = where

    def _association(self, raw: Any, where: str, loose: list[Any]) -> AssociationSpec | None:
        c = self.check
        obj = lift_unknown(c.mapping(raw, where, ""))
        ident = c.text(obj, "identifier", where, required=True)
        kind = c.text(obj, "associationType", where, required=True)
        if kind and not is_association_type(kind):
            message = say(gettext_noop("未知的关联类型“%(type)s”"), type=kind)
            c.add(where, "associationType", message)
        origin = self._node(obj, "originNodeURI", where)
        dest = self._node(obj, "destinationNodeURI", where)
        seq = obj.get("sequenceNumber")
        if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool)):
            message = say(gettext_noop("应为整数，实际为 %(type)s"), type=type(seq).__name__)
            c.add(where, "sequenceNumber", message)
            seq = None
        if not (ident and kind and origin and dest):
            return None
        if not self._unique_association(ident, where):
            return None
        hierarchy = kind == "isChildOf" and origin["identifier"] in self.items
        if hierarchy and self._child_of(obj, origin, dest, seq, where):
            return None
        return self._other_association(obj, kind, origin, dest, seq, where, loose)

    def _unique_association(self, ident: str, where: str) -> bool:
        if ident in self.seen_associations:
            self.check.add(where, "identifier", _duplicate_identifier(ident))
            return False
        self.seen_associations.add(ident)
        return True

    def _node(self, obj: dict[str, Any], key: str, where: str) -> dict[str, Any] | None:
        node = obj.get(key)
        if node is None:
            self.check.add(where, key, say(gettext_noop("缺少必需的字段")))
            return None
        if not isinstance(node, dict):
            self.check.add(where, key, _expected_object(node))
            return None
        ident = self.check.text(node, "identifier", f"{where}.{key}", required=True)
        self.check.text(node, "uri", f"{where}.{key}")
        return node if ident else None

    def _child_of(
        self,
        obj: dict[str, Any],
        origin: dict[str, Any],
        dest: dict[str, Any],
        seq: int | None,
        where: str,
    ) -> bool:
        """Take the first isChildOf of an item as its parent; True when it was taken."""
        child, parent = origin["identifier"], dest["identifier"]
        if parent != self.doc_id and parent not in self.items:
            self.check.add(
                where,
                "destinationNodeURI",
                say(
                    gettext_noop(
                        "isChildOf 的目标“%(target)s”不存在：既不是本包的文档，也不是本包中的条目"
                    ),
                    target=parent,
                ),
            )
            return True
        if child in self.parents:
            return False
        self.parents[child] = (parent, seq if seq is not None else 1e9 + len(self.parents))
        kept = {k: v for k, v in obj.items() if k not in {"originNodeURI", "destinationNodeURI"}}
        self.items[child].case_extra["child_of"] = kept
        return True

    def _other_association(
        self,
        obj: dict[str, Any],
        kind: str,
        origin: dict[str, Any],
        dest: dict[str, Any],
        seq: int | None,
        where: str,
        loose: list[Any],
    ) -> AssociationSpec | None:
        origin_id, dest_id = origin["identifier"], dest["identifier"]
        if origin_id == self.doc_id or (origin_id not in self.items and not is_uuid(origin_id)):
            loose.append(obj)  # not attachable to an item: kept verbatim on the framework
            return None
        ours, others = _ext(obj)
        extra: dict[str, Any] = {
            "fields": {k: v for k, v in obj.items() if k not in _ASSOC_MAPPED} | others
        }
        extra |= _source_id(str(obj["identifier"]))
        if ours:
            extra["cbec"] = ours
        spec = AssociationSpec(
            association_type=kind,
            sequence=seq,
            identifier=stable_uuid(str(obj["identifier"]), self.doc_id),
            uri=str(obj.get("uri") or ""),
            case_extra=extra,
            location=where,
        )
        if origin_id in self.items:
            spec.origin_code = origin_id  # resolved to the code after tree order
        else:
            spec.origin_identifier = origin_id
            extra["origin"] = origin
        if dest_id in self.items:
            spec.destination_code = dest_id
            return spec
        extra["destination"] = dest
        spec.destination_uri = str(dest.get("uri") or "")
        spec.destination_title = str(dest.get("title") or "")[:300]
        if is_uuid(dest_id) and dest_id != self.doc_id:
            spec.destination_identifier = dest_id
        elif not spec.destination_uri:
            self.check.add(
                where,
                "destinationNodeURI",
                say(gettext_noop("目标“%(target)s”不存在：不在本包中，也没有 uri"), target=dest_id),
            )
        return spec

    def _tree_order(self) -> list[ItemSpec]:
        """Items depth-first, siblings by sequenceNumber; codes replace identifiers in links."""
        children: dict[str, list[tuple[float, int, str]]] = {}
        order = {ident: n for n, ident in enumerate(self.items)}
        for ident in self.items:
            parent, seq = self.parents.get(ident, (self.doc_id, 1e12))
            parent = self.doc_id if parent not in self.items else parent
            children.setdefault(parent, []).append((seq, order[ident], ident))
        out: list[ItemSpec] = []
        stack = [self.doc_id]
        seen: set[str] = set()
        while stack:
            node = stack.pop()
            kids = sorted(children.get(node, []))
            for _, _, ident in reversed(kids):
                stack.append(ident)
            if node != self.doc_id and node not in seen:
                seen.add(node)
                parent = self.parents.get(node, (self.doc_id, 0))[0]
                code = self.items[parent].code if parent in self.items else None
                out.append(replace(self.items[node], parent_code=code))
        for ident in self.items.keys() - seen:
            where = self.check_location.get(ident, "CFItems")
            message = say(gettext_noop("该条目处在由 isChildOf 关联构成的循环中"))
            self.check.add(where, "isChildOf", message)
        return out

    def _check_codes(self, items: list[ItemSpec]) -> None:
        seen: dict[str, str] = {}
        by_code: dict[str, str] = {}
        for spec in items:
            source = spec.case_extra.get("source_identifier") or spec.identifier
            where = self.check_location.get(source, "CFItems")
            if spec.code in seen:
                self.check.add(
                    where,
                    "humanCodingScheme",
                    say(
                        gettext_noop("重复的编码“%(code)s”（另见 %(other)s）"),
                        code=spec.code,
                        other=seen[spec.code],
                    ),
                )
            seen[spec.code] = where
            by_code[source] = spec.code
            if len(spec.code) > 60:
                self.check.add(where, "humanCodingScheme", say(gettext_noop("超过 60 个字符")))
        self.codes = by_code

    def _levels_and_weights(self, spec: FrameworkSpec, ours: dict[str, Any]) -> None:
        for a in spec.associations:
            a.origin_code = self.codes.get(a.origin_code, "") if a.origin_code else ""
            if a.destination_code:
                a.destination_code = self.codes.get(a.destination_code, "")
        where = "CFDocument.extensions.cbec"
        try:
            spec.levels = [LevelSpec(**lv) for lv in ours.get("levels", [])]
            spec.weights = [_weight(w) for w in ours.get("weights", [])]
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            message = say(gettext_noop("格式不符合要求：%(error)s"), error=exc)
            self.check.add(where, "levels/weights", message)


def _duplicate_identifier(ident: str) -> str:
    return say(gettext_noop("重复的标识符“%(identifier)s”"), identifier=ident)


def _weight(w: dict[str, Any]) -> WeightSpec:
    scope = w.get("scope")
    return WeightSpec(
        scope_code=str(scope) if scope else None,
        item_code=str(w["item"]),
        kind=str(w["kind"]),
        rank=int(w["level"]),
        percent=float(w["percent"]),
    )


def _source_id(ident: str) -> dict[str, str]:
    """Identifiers that are not UUIDs are kept, so export writes them back unchanged."""
    return {} if not ident or is_uuid(ident) else {"source_identifier": ident}


def _code_for(ours: dict[str, Any], title_en: str, ident: str) -> str:
    given = ours.get("code")
    if isinstance(given, str) and given:
        return slugify(given)[:80] or "case"
    return (slugify(title_en)[:60] or "case") + "-" + slugify(ident)[:8]


def _package_extra(package: dict[str, Any], loose: list[Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if "CFDefinitions" in package:
        extra["definitions"] = package["CFDefinitions"]
    if "CFRubrics" in package:
        extra["rubrics"] = package["CFRubrics"]
    others = {k: v for k, v in package.items() if k not in _PACKAGE_KEYS}
    if others:
        extra["package"] = others
    if loose:
        extra["loose_associations"] = loose
    return extra


def with_fresh_identifiers(spec: FrameworkSpec) -> FrameworkSpec:
    """A copy with new identifiers (derived from the old ones) and no server URIs."""
    scope = str(uuid.uuid4())

    def fresh(value: str) -> str:
        return str(uuid.uuid5(uuid.UUID(scope), value)) if value else ""

    items = [
        replace(
            i,
            identifier=fresh(i.identifier),
            uri="",
            case_extra=_fresh_extra(i.case_extra, fresh),
        )
        for i in spec.items
    ]
    associations = [
        replace(
            a,
            identifier=fresh(a.identifier),
            uri="",
            case_extra={k: v for k, v in a.case_extra.items() if k != "source_identifier"},
        )
        for a in spec.associations
    ]
    extra = {k: v for k, v in spec.case_extra.items() if k != "source_identifier"}
    return replace(
        spec, identifier=scope, uri="", items=items, associations=associations, case_extra=extra
    )


def _fresh_extra(extra: dict[str, Any], fresh: Any) -> dict[str, Any]:
    out = {k: v for k, v in extra.items() if k != "source_identifier"}
    if isinstance(out.get("child_of"), dict):
        child_of = dict(out["child_of"])
        child_of["identifier"] = fresh(str(child_of.get("identifier", "")))
        child_of.pop("uri", None)
        out["child_of"] = child_of
    return out
