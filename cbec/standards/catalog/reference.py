"""Parser for the platform's reference framework file (roles in the national layout)."""

from __future__ import annotations

from cbec.lib.yamlines import LineDict
from cbec.standards.catalog.reader import Reader
from cbec.standards.catalog.specs import (
    FrameworkSpec,
    ItemSpec,
    LevelSpec,
    ProvenanceSpec,
    WeightSpec,
)
from cbec.standards.vocab import DIMENSIONS

REFERENCE_SOURCE = "平台自编参考框架 / authored by the platform"
RELATIONS = {"apply", "track"}


class ReferenceParser:
    """Walks basic requirements and roles → functions → work contents → skills / knowledge."""

    def __init__(self, reader: Reader, area_codes: set[str], regulation_codes: set[str]) -> None:
        self.reader = reader
        self.area_codes = area_codes
        self.regulation_codes = regulation_codes
        self.items: list[ItemSpec] = []
        self.seen: dict[str, int] = {}
        self.ranks: list[int] = []

    def parse(self) -> FrameworkSpec | None:
        data = self.reader.load()
        if not isinstance(data, LineDict):
            if data is not None:
                self.reader.problem(None, "", "top level must be a mapping")
            return None
        spec = self._framework(data.get("framework"), data)
        spec.levels = self._levels(data)
        self.ranks = [level.rank for level in spec.levels]
        for block in self.reader.mapping_list(data, "basic_requirements"):
            self._basic(block)
        for role in self.reader.mapping_list(data, "roles"):
            spec.weights.extend(self._role(role))
        spec.items = self.items
        return spec

    def _framework(self, node: object, root: LineDict) -> FrameworkSpec:
        if not isinstance(node, LineDict):
            self.reader.problem(root, "framework", "must be a mapping")
            node = LineDict()
            node.key_lines = {}
        r = self.reader
        return FrameworkSpec(
            code=r.text(node, "code"),
            version=r.text(node, "version"),
            title_zh=r.text(node, "title_zh"),
            title_en=r.text(node, "title_en"),
            kind="reference",
            status="published",
            provenance=ProvenanceSpec([REFERENCE_SOURCE], "verified"),
            issuer_slug="cbec-talent-platform",
            issuer_text="跨境电商人才标准平台 / CBEC Talent Standards platform",
            description_zh=r.text(node, "description_zh", required=False),
            description_en=r.text(node, "description_en", required=False),
            licence="CC BY 4.0",
        )

    def _levels(self, data: LineDict) -> list[LevelSpec]:
        levels = []
        for node in self.reader.mapping_list(data, "levels"):
            rank = node.get("rank")
            if not isinstance(rank, int) or not 1 <= rank <= 8:
                self.reader.problem(node, "rank", "must be a whole number from 1 to 8")
                continue
            levels.append(
                LevelSpec(
                    rank,
                    self.reader.text(node, "code"),
                    self.reader.text(node, "name_zh"),
                    self.reader.text(node, "name_en", required=False),
                )
            )
        return levels

    def _add(
        self,
        node: LineDict,
        parent: str | None,
        item_type: str,
        zh_field: str,
        en_field: str,
        areas: list[str] | None = None,
    ) -> ItemSpec:
        code = self.reader.text(node, "code")
        self.reader.unique(node, "code", code, self.seen)
        if parent and code and not code.startswith(parent + "."):
            self.reader.problem(
                node, "code", f"{code!r} must start with its parent's code {parent!r}."
            )
        item = ItemSpec(
            code=code,
            parent_code=parent,
            item_type=item_type,
            statement_zh=self.reader.text(node, zh_field),
            statement_en=self.reader.text(node, en_field, required=False),
            levels=self._item_levels(node),
            dimensions=self.reader.codes(node, "dimensions", DIMENSIONS, "cross-border dimension"),
            areas=self.reader.codes(node, "domain_areas", self.area_codes, "domain area")
            or (areas or []),
            regulations=self._regulations(node),
            provenance=ProvenanceSpec([REFERENCE_SOURCE], "verified"),
        )
        self.items.append(item)
        return item

    def _item_levels(self, node: LineDict) -> list[int]:
        value = node.get("levels")
        if value is None:
            return []
        if not isinstance(value, list) or any(v not in self.ranks for v in value):
            self.reader.problem(node, "levels", f"must be a list of level ranks from {self.ranks}")
            return []
        return sorted(set(value), reverse=True)

    def _regulations(self, node: LineDict) -> list[tuple[str, str]]:
        links = []
        for link in node.get("regulations") or []:
            if not isinstance(link, LineDict):
                self.reader.problem(node, "regulations", "each entry must be {id, relation}")
                continue
            reg = self.reader.text(link, "id")
            relation = self.reader.text(link, "relation")
            if reg not in self.regulation_codes:
                self.reader.problem(link, "id", f"unknown regulation {reg!r}")
            elif relation not in RELATIONS:
                self.reader.problem(link, "relation", f"must be apply or track, not {relation!r}")
            else:
                links.append((reg, relation))
        return links

    def _basic(self, block: LineDict) -> None:
        parent = self._add(block, None, "basic_requirement", "name_zh", "name_en")
        for node in self.reader.mapping_list(block, "items"):
            self._add(node, parent.code, "knowledge", "zh", "en")

    def _role(self, role: LineDict) -> list[WeightSpec]:
        item = self._add(role, None, "role", "name_zh", "name_en")
        item.notes = self.reader.text(role, "duties_zh", required=False)
        item.aliases_en = [self.reader.text(role, "duties_en", required=False)]
        function_codes = []
        for function in self.reader.mapping_list(role, "functions"):
            fn = self._add(function, item.code, "function", "name_zh", "name_en")
            function_codes.append(fn.code)
            for content in self.reader.mapping_list(function, "work_contents"):
                self._work_content(content, fn.code)
        return self._weights(role, item.code, function_codes)

    def _work_content(self, node: LineDict, parent: str) -> None:
        wc = self._add(node, parent, "work_content", "name_zh", "name_en")
        for skill in self.reader.mapping_list(node, "skills"):
            self._add(skill, wc.code, "skill_requirement", "zh", "en", wc.areas)
        for knowledge in node.get("knowledge") or []:
            if isinstance(knowledge, LineDict):
                self._add(knowledge, wc.code, "knowledge", "zh", "en", wc.areas)

    def _weights(self, role: LineDict, role_code: str, functions: list[str]) -> list[WeightSpec]:
        """Each 权重表 column (one level) must add up to 100, as the national layout requires."""
        table = role.get("weights")
        if not isinstance(table, LineDict):
            self.reader.problem(role, "weights", "is required")
            return []
        weights: list[WeightSpec] = []
        expected = {"theory": ["B1", "B2", *functions], "skill": functions}
        for kind, rows in expected.items():
            weights.extend(self._weight_table(table, kind, rows, role_code))
        return weights

    def _weight_table(
        self, table: LineDict, kind: str, rows: list[str], role: str
    ) -> list[WeightSpec]:
        node = table.get(kind)
        if not isinstance(node, LineDict):
            self.reader.problem(table, kind, "is required")
            return []
        cells: list[WeightSpec] = []
        for row in rows:
            values = node.get(row)
            if not isinstance(values, list) or len(values) != len(self.ranks):
                self.reader.problem(
                    node, row, f"needs {len(self.ranks)} percentages (one per level)"
                )
                continue
            cells.extend(
                WeightSpec(role, row, kind, rank, float(v))
                for rank, v in zip(self.ranks, values, strict=True)
            )
        for rank in self.ranks:
            total = sum(c.percent for c in cells if c.rank == rank)
            if cells and abs(total - 100) > 0.01:
                self.reader.problem(table, kind, f"level {rank} adds up to {total:g}, not 100")
        return cells
