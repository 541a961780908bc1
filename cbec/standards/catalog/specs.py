"""Plain data the catalog files are parsed into, before anything touches the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CatalogProblem:
    """One thing wrong with one catalog file, located for the person who must fix it."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path.name}:{self.line}" if self.line else self.path.name
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class CatalogError(ValueError):
    """The catalog cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[CatalogProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ProvenanceSpec:
    sources: list[str] = field(default_factory=list)
    verification: str = "unverified"
    unverified_notes: list[str] = field(default_factory=list)
    is_sample: bool = False


@dataclass
class OrganisationSpec:
    slug: str
    name_zh: str
    name_en: str
    kind: str
    jurisdiction: str
    names: list[str]
    is_sample: bool = False


@dataclass
class AreaSpec:
    code: str
    group: str
    position: int
    label_zh: str
    label_en: str
    definition_zh: str
    definition_en: str
    content_zh: str
    skill_requirement_zh: str
    tools: list[str]
    aliases_zh: list[str]
    aliases_en: list[str]
    dimensions: list[str]
    related: list[str]
    source_label: str
    provenance: ProvenanceSpec


@dataclass
class LevelSpec:
    rank: int
    code: str
    name_zh: str
    name_en: str


@dataclass
class MappingSpec:
    """A governed crosswalk row from an item to a domain area."""

    area: str
    match: str = "narrow"
    coverage: str = "full"
    confidence: float = 1.0
    rationale: str = "Mapped by the framework's authors."


@dataclass
class ItemSpec:
    code: str
    parent_code: str | None
    item_type: str
    statement_zh: str
    statement_en: str = ""
    levels: list[int] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)
    aliases_zh: list[str] = field(default_factory=list)
    aliases_en: list[str] = field(default_factory=list)
    notes: str = ""
    areas: list[str] = field(default_factory=list)
    regulations: list[tuple[str, str]] = field(default_factory=list)
    provenance: ProvenanceSpec = field(default_factory=ProvenanceSpec)
    mappings: list[MappingSpec] = field(default_factory=list)
    # Interchange (CASE, ESCO, Excel): kept so a round trip gives back the same identifiers and
    # every field we do not map. Empty for catalog items, so their content hash is unchanged.
    identifier: str = ""
    uri: str = ""
    case_item_type: str = ""
    case_extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class AssociationSpec:
    """An association from an item of the framework (by code) or elsewhere (by identifier).

    Exactly one destination: an item of the same framework (`destination_code`), an item
    stored elsewhere (`destination_identifier`), or an external URI.
    """

    association_type: str
    origin_code: str = ""
    origin_identifier: str = ""
    destination_code: str = ""
    destination_identifier: str = ""
    destination_uri: str = ""
    destination_title: str = ""
    sequence: int | None = None
    identifier: str = ""
    uri: str = ""
    case_extra: dict[str, Any] = field(default_factory=dict)
    location: str = ""


@dataclass
class WeightSpec:
    scope_code: str | None
    item_code: str
    kind: str
    rank: int
    percent: float


@dataclass
class FrameworkSpec:
    code: str
    version: str
    title_zh: str
    title_en: str
    kind: str
    status: str
    provenance: ProvenanceSpec
    issuer_slug: str | None = None
    issuer_text: str = ""
    jurisdiction: str = ""
    number: str = ""
    issued_text: str = ""
    issued_on: dt.date | None = None
    effective_text: str = ""
    effective_on: dt.date | None = None
    licence: str = ""
    description_zh: str = ""
    description_en: str = ""
    scope: str = ""
    levels_text: str = ""
    covers: list[str] = field(default_factory=list)
    lacks: list[str] = field(default_factory=list)
    levels: list[LevelSpec] = field(default_factory=list)
    items: list[ItemSpec] = field(default_factory=list)
    weights: list[WeightSpec] = field(default_factory=list)
    identifier: str = ""
    uri: str = ""
    case_extra: dict[str, Any] = field(default_factory=dict)
    associations: list[AssociationSpec] = field(default_factory=list)


@dataclass
class RegulationSpec:
    code: str
    name_zh: str
    name_en: str
    jurisdiction: str
    number: str
    issued_text: str
    issued_on: dt.date | None
    effective_text: str
    effective_on: dt.date | None
    summary: str
    topics: list[str]
    provenance: ProvenanceSpec


@dataclass
class StatisticSpec:
    code: str
    metric: str
    value: str
    paper_value: str
    provenance: ProvenanceSpec


@dataclass
class Catalog:
    organisations: list[OrganisationSpec]
    areas: list[AreaSpec]
    frameworks: list[FrameworkSpec]
    regulations: list[RegulationSpec]
    statistics: list[StatisticSpec]
