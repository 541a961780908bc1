"""Parse and cross-check the built-in catalog files into specs. Pure: no database.

Files (in CATALOG_DIR): organisations.yaml, table1_work_tasks.csv, domain_map.yaml,
reference_roles.yaml, landscape.yaml, landscape_items.yaml. Every problem found names file, line and field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cbec.lib.dates import leading_date
from cbec.lib.yamlines import LineDict
from cbec.standards.catalog.landscape_items import apply_landscape_items
from cbec.standards.catalog.reader import Reader, provenance, read_csv_rows
from cbec.standards.catalog.specs import (
    AreaSpec,
    Catalog,
    CatalogError,
    CatalogProblem,
    FrameworkSpec,
    ItemSpec,
    LevelSpec,
    OrganisationSpec,
    ProvenanceSpec,
    RegulationSpec,
    StatisticSpec,
    WeightSpec,
)
from cbec.standards.vocab import DIMENSIONS

CATALOG_DIR = Path(__file__).resolve().parent
ORG_KINDS = {
    "government",
    "university",
    "vocational_college",
    "association",
    "enterprise",
    "training_provider",
    "evaluation_org",
}
FRAMEWORK_KINDS = {
    "national",
    "provincial",
    "local",
    "group",
    "enterprise",
    "international",
    "reference",
}
AREA_GROUPS = {"work_task", "paper_area"}
TABLE1_SOURCE = "论文表1（作者访谈记录）/ paper Table 1 (authors' interview records)"
REFERENCE_SOURCE = "平台自编参考框架 / authored by the platform"
_LEVEL_PREFIX = re.compile(r"^(五级|四级|三级|二级|一级)\s*\(([^)]*)\):\s*(.+)$")
_LEVEL_RANK = {"五级": 5, "四级": 4, "三级": 3, "二级": 2, "一级": 1}


def read_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    """Parse every catalog file; raise CatalogError listing all problems if any file is wrong."""
    problems: list[CatalogProblem] = []
    orgs = _collect(problems, parse_organisations(directory / "organisations.yaml"))
    areas = _collect(
        problems,
        parse_domain_map(directory / "domain_map.yaml", directory / "table1_work_tasks.csv"),
    )
    landscape, regulations, statistics = _collect(
        problems, parse_landscape(directory / "landscape.yaml", orgs)
    )
    reference = _collect(
        problems,
        parse_reference_framework(
            directory / "reference_roles.yaml",
            {a.code for a in areas},
            {r.code for r in regulations},
        ),
    )
    if not problems:
        problems.extend(
            apply_landscape_items(
                directory / "landscape_items.yaml", landscape, {a.code for a in areas}
            )
        )
    if problems:
        raise CatalogError(problems)
    frameworks = [f for f in [reference] if f is not None] + landscape
    return Catalog(orgs, areas, frameworks, regulations, statistics)


def _collect(problems: list[CatalogProblem], result: tuple[Any, list[CatalogProblem]]) -> Any:
    value, found = result
    problems.extend(found)
    return value


# --- organisations -----------------------------------------------------------------------


def parse_organisations(path: Path) -> tuple[list[OrganisationSpec], list[CatalogProblem]]:
    reader = Reader(path)
    data = reader.load()
    orgs: list[OrganisationSpec] = []
    seen: dict[str, int] = {}
    for node in reader.mapping_list(data, "organisations") if data is not None else []:
        slug = reader.text(node, "slug")
        reader.unique(node, "slug", slug, seen)
        kind = reader.choice(node, "kind", ORG_KINDS, reader.text(node, "kind"))
        orgs.append(
            OrganisationSpec(
                slug=slug,
                name_zh=reader.text(node, "name_zh"),
                name_en=reader.text(node, "name_en", required=False),
                kind=kind,
                jurisdiction=reader.text(node, "jurisdiction", required=False),
                names=reader.str_list(node, "names"),
            )
        )
    return orgs, reader.problems


# --- domain map --------------------------------------------------------------------------


def parse_domain_map(
    yaml_path: Path, table1_path: Path
) -> tuple[list[AreaSpec], list[CatalogProblem]]:
    """Areas from domain_map.yaml, with Table 1 content, skill and tools joined in by code."""
    rows, problems = read_csv_rows(
        table1_path, ["id", "work_task_zh", "content_zh", "skill_requirement_zh", "tools"]
    )
    table1 = {row["id"].strip(): row for row in rows}
    reader = Reader(yaml_path)
    data = reader.load()
    nodes = reader.mapping_list(data, "areas") if data is not None else []
    codes = {reader.text(n, "code", required=False) for n in nodes}
    seen: dict[str, int] = {}
    aliases_seen: dict[str, str] = {}
    areas = [
        _area(reader, node, position, table1, codes, seen, aliases_seen)
        for position, node in enumerate(nodes, start=1)
    ]
    for missing in sorted(set(table1) - codes):
        reader.problem(data, "areas", f"Table 1 task {missing!r} has no domain area")
    return areas, problems + reader.problems


def _area(
    reader: Reader,
    node: LineDict,
    position: int,
    table1: dict[str, dict[str, str]],
    codes: set[str],
    seen: dict[str, int],
    aliases_seen: dict[str, str],
) -> AreaSpec:
    code = reader.text(node, "code")
    reader.unique(node, "code", code, seen)
    group = reader.choice(node, "group", AREA_GROUPS, reader.text(node, "group"))
    row = table1.get(code, {})
    if group == "work_task" and not row:
        reader.problem(node, "code", f"work task {code!r} is not in Table 1")
    aliases_zh = reader.str_list(node, "aliases_zh")
    aliases_en = reader.str_list(node, "aliases_en")
    _check_alias_clash(reader, node, code, aliases_zh + aliases_en, aliases_seen)
    tools = [t.strip() for t in row.get("tools", "").split(";") if t.strip()]
    return AreaSpec(
        code=code,
        group=group,
        position=position,
        label_zh=reader.text(node, "label_zh"),
        label_en=reader.text(node, "label_en"),
        definition_zh=reader.text(node, "definition_zh", required=False),
        definition_en=reader.text(node, "definition_en", required=False),
        content_zh=row.get("content_zh", ""),
        skill_requirement_zh=row.get("skill_requirement_zh", ""),
        tools=tools or reader.str_list(node, "tools"),
        aliases_zh=aliases_zh,
        aliases_en=aliases_en,
        dimensions=reader.codes(node, "dimensions", DIMENSIONS, "cross-border dimension"),
        related=reader.codes(node, "related", codes, "domain area"),
        source_label=reader.text(node, "source", required=False) or TABLE1_SOURCE,
        provenance=ProvenanceSpec(sources=[TABLE1_SOURCE] if row else [], verification="verified"),
    )


def _check_alias_clash(
    reader: Reader, node: LineDict, code: str, aliases: list[str], seen: dict[str, str]
) -> None:
    """One alias naming two areas would make text matching ambiguous."""
    for alias in aliases:
        key = alias.casefold()
        if key in seen and seen[key] != code:
            reader.problem(node, "aliases", f"alias {alias!r} is also used by area {seen[key]!r}")
        seen.setdefault(key, code)


# --- landscape: standards, regulations, statistics ----------------------------------------


def parse_landscape(
    path: Path, orgs: list[OrganisationSpec]
) -> tuple[
    tuple[list[FrameworkSpec], list[RegulationSpec], list[StatisticSpec]], list[CatalogProblem]
]:
    reader = Reader(path)
    data = reader.load()
    if data is None:
        return ([], [], []), reader.problems
    names = {name: org.slug for org in orgs for name in [org.name_zh, org.name_en, *org.names]}
    seen: dict[str, int] = {}
    frameworks = [
        _landscape_framework(reader, n, names, seen) for n in reader.mapping_list(data, "standards")
    ]
    regulations = [_regulation(reader, n, seen) for n in reader.mapping_list(data, "regulations")]
    statistics = [_statistic(reader, n, seen) for n in reader.mapping_list(data, "statistics")]
    return (frameworks, regulations, statistics), reader.problems


def _fact_provenance(reader: Reader, node: LineDict) -> ProvenanceSpec:
    return provenance(reader.str_list(node, "sources"), reader.str_list(node, "unverified"))


def _issuer_slug(issuer_text: str, names: dict[str, str]) -> str | None:
    """First issuer named in the text ("A, B (note)") that the catalog knows."""
    head = re.split(r"\s\(|（", issuer_text, maxsplit=1)[0] if "(" in issuer_text else issuer_text
    for candidate in [issuer_text, head, *re.split(r",\s*|、", head)]:
        if candidate.strip() in names:
            return names[candidate.strip()]
    return None


def _landscape_framework(
    reader: Reader, node: LineDict, names: dict[str, str], seen: dict[str, int]
) -> FrameworkSpec:
    code = reader.text(node, "id")
    reader.unique(node, "id", code, seen)
    kind = reader.choice(node, "kind", FRAMEWORK_KINDS, reader.text(node, "kind"))
    issuer_text = reader.text(node, "issuer", required=False)
    issued = reader.text(node, "issued", required=False)
    effective = reader.text(node, "effective", required=False)
    prov = _fact_provenance(reader, node)
    levels_value = node.get("levels")
    spec = FrameworkSpec(
        code=code,
        version="1.0.0",
        title_zh=reader.text(node, "name_zh"),
        title_en=reader.text(node, "name_en", required=False),
        kind=kind,
        status="published",
        provenance=prov,
        issuer_slug=_issuer_slug(issuer_text, names) if issuer_text else None,
        issuer_text=issuer_text,
        jurisdiction="EU" if kind == "international" and code.startswith("eu-") else "CN",
        number=reader.text(node, "number", required=False),
        issued_text=issued,
        issued_on=leading_date(issued),
        effective_text=effective,
        effective_on=leading_date(effective),
        scope=reader.text(node, "scope", required=False),
        levels_text="; ".join(levels_value)
        if isinstance(levels_value, list)
        else str(levels_value or ""),
        covers=reader.str_list(node, "covers"),
        lacks=reader.str_list(node, "lacks"),
    )
    spec.items = _landscape_items(reader, node, spec)
    return spec


def _landscape_items(reader: Reader, node: LineDict, spec: FrameworkSpec) -> list[ItemSpec]:
    """Each listed function becomes an item; "五级 (note): a, b" lists become level-5 items."""
    items: list[ItemSpec] = []
    item_type = "occupation" if spec.code.startswith("eu-esco") else "function"
    for text in reader.str_list(node, "functions"):
        match = _LEVEL_PREFIX.match(text)
        if match:
            rank, note, names = _LEVEL_RANK[match[1]], match[2], match[3]
            for name in re.split(r",\s*|、", names):
                items.append(_landscape_item(spec, len(items) + 1, name, [rank], note, item_type))
        else:
            items.append(_landscape_item(spec, len(items) + 1, text, [], "", item_type))
    return items


def _landscape_item(
    spec: FrameworkSpec, number: int, text: str, levels: list[int], note: str, item_type: str
) -> ItemSpec:
    chinese = bool(re.search(r"[\u4e00-\u9fff]", text))
    weak = ProvenanceSpec(
        spec.provenance.sources,
        "unverified" if note else spec.provenance.verification,
        [note] if note else [],
    )
    return ItemSpec(
        code=str(number),
        parent_code=None,
        item_type=item_type,
        statement_zh=text if chinese else "",
        statement_en="" if chinese else text,
        levels=levels,
        notes=note,
        provenance=weak,
    )


def _regulation(reader: Reader, node: LineDict, seen: dict[str, int]) -> RegulationSpec:
    code = reader.text(node, "id")
    reader.unique(node, "id", code, seen)
    issued = reader.text(node, "issued", required=False)
    effective = reader.text(node, "effective", required=False)
    return RegulationSpec(
        code=code,
        name_zh=reader.text(node, "name_zh"),
        name_en=reader.text(node, "name_en", required=False),
        jurisdiction=reader.text(node, "jurisdiction"),
        number=reader.text(node, "number", required=False),
        issued_text=issued,
        issued_on=leading_date(issued),
        effective_text=effective,
        effective_on=leading_date(effective),
        summary=reader.text(node, "summary", required=False),
        topics=reader.str_list(node, "topics"),
        provenance=_fact_provenance(reader, node),
    )


def _statistic(reader: Reader, node: LineDict, seen: dict[str, int]) -> StatisticSpec:
    code = reader.text(node, "id")
    reader.unique(node, "id", code, seen)
    return StatisticSpec(
        code=code,
        metric=reader.text(node, "metric"),
        value=reader.text(node, "value"),
        paper_value=reader.text(node, "paper_value", required=False),
        provenance=_fact_provenance(reader, node),
    )


# --- the platform's reference roles framework --------------------------------------------


def parse_reference_framework(
    path: Path, area_codes: set[str], regulation_codes: set[str]
) -> tuple[FrameworkSpec | None, list[CatalogProblem]]:
    from cbec.standards.catalog.reference import ReferenceParser

    parser = ReferenceParser(Reader(path), area_codes, regulation_codes)
    return parser.parse(), parser.reader.problems


__all__ = ["CATALOG_DIR", "CatalogError", "LevelSpec", "WeightSpec", "read_catalog"]
