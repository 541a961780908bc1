"""Parser for landscape_items.yaml: structured items and crosswalk rows for landscape standards."""

from __future__ import annotations

from pathlib import Path

from cbec.lib.yamlines import LineDict
from cbec.standards.catalog.reader import Reader
from cbec.standards.catalog.specs import (
    CatalogProblem,
    FrameworkSpec,
    ItemSpec,
    MappingSpec,
    ProvenanceSpec,
)
from cbec.standards.vocab import DIMENSIONS

ITEM_TYPES = {
    "occupation",
    "job_type",
    "role",
    "function",
    "work_content",
    "skill_requirement",
    "knowledge",
    "tool",
    "basic_requirement",
    "other",
}
MATCHES = {"exact", "broad", "narrow", "related"}
COVERAGES = {"full", "partial"}
VERIFICATION = {"verified", "partial", "unverified"}
FIELDS = {"scope", "covers", "levels", "functions"}


def apply_landscape_items(
    path: Path, frameworks: list[FrameworkSpec], area_codes: set[str]
) -> list[CatalogProblem]:
    """Add the file's items and crosswalk rows to the landscape specs (in place)."""
    reader = Reader(path)
    data = reader.load()
    by_code = {f.code: f for f in frameworks}
    for block in reader.mapping_list(data, "frameworks") if data is not None else []:
        spec = by_code.get(reader.text(block, "framework"))
        if spec is None:
            reader.problem(block, "framework", f"unknown framework {block.get('framework')!r}")
            continue
        _Block(reader, spec, area_codes).apply(block)
    return reader.problems


class _Block:
    def __init__(self, reader: Reader, spec: FrameworkSpec, area_codes: set[str]) -> None:
        self.reader, self.spec, self.area_codes = reader, spec, area_codes
        self.items = {item.code: item for item in spec.items}

    def apply(self, block: LineDict) -> None:
        for node in block.get("items") or []:
            if isinstance(node, LineDict):
                self._new_item(node)
        for node in block.get("mappings") or []:
            if isinstance(node, LineDict):
                self._mapping(node)

    def _new_item(self, node: LineDict) -> None:
        r = self.reader
        code = r.text(node, "code")
        if code in self.items:
            r.problem(node, "code", f"duplicate code {code!r} in {self.spec.code}")
            return
        field = r.choice(node, "from", FIELDS, r.text(node, "from"))
        status = r.choice(node, "verification", VERIFICATION, r.text(node, "verification"))
        note = r.text(node, "note", required=False)
        levels = node.get("levels") or []
        if not isinstance(levels, list) or not all(isinstance(v, int) for v in levels):
            r.problem(node, "levels", "must be a list of level ranks")
            levels = []
        item = ItemSpec(
            code=code,
            parent_code=None,
            item_type=r.choice(node, "type", ITEM_TYPES, r.text(node, "type")),
            statement_zh=r.text(node, "zh"),
            statement_en=r.text(node, "en", required=False),
            levels=sorted(levels, reverse=True),
            dimensions=r.codes(node, "dimensions", DIMENSIONS, "cross-border dimension"),
            notes=f"来源字段 / from the standard's `{field}` field. {note}".strip(),
            provenance=ProvenanceSpec(self.spec.provenance.sources, status, [note] if note else []),
        )
        item.mappings = self._areas(node)
        self.spec.items.append(item)
        self.items[code] = item

    def _mapping(self, node: LineDict) -> None:
        code = str(node.get("item", ""))
        item = self.items.get(code)
        if item is None:
            self.reader.problem(node, "item", f"{self.spec.code} has no item {code!r}")
            return
        item.mappings.extend(self._areas(node))
        item.dimensions = sorted(
            set(item.dimensions)
            | set(self.reader.codes(node, "dimensions", DIMENSIONS, "cross-border dimension"))
        )

    def _areas(self, node: LineDict) -> list[MappingSpec]:
        rows = []
        for row in node.get("areas") or []:
            if not isinstance(row, LineDict):
                self.reader.problem(node, "areas", "each entry must be a mapping")
                continue
            rows.append(self._area_row(row))
        return [m for m in rows if m is not None]

    def _area_row(self, row: LineDict) -> MappingSpec | None:
        r = self.reader
        area = r.text(row, "area")
        if area not in self.area_codes:
            r.problem(row, "area", f"unknown domain area {area!r}")
            return None
        confidence = row.get("confidence")
        if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
            r.problem(row, "confidence", "must be a number from 0 to 1")
            confidence = 0.0
        return MappingSpec(
            area=area,
            match=r.choice(row, "match", MATCHES, r.text(row, "match")),
            coverage=r.choice(row, "coverage", COVERAGES, r.text(row, "coverage")),
            confidence=float(confidence),
            rationale=r.text(row, "rationale"),
        )
