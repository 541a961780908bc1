"""Field readers that collect located problems instead of failing on the first one."""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from cbec.lib.yamlines import LineDict, YamlSyntaxError, load_yaml
from cbec.standards.catalog.specs import CatalogProblem, ProvenanceSpec


class Reader:
    """Reads typed fields out of one file's parsed YAML, noting every problem with its line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[CatalogProblem] = []

    def problem(self, node: Any, field: str, message: str) -> None:
        line = node.line_of(field) if isinstance(node, LineDict) else 0
        self.problems.append(CatalogProblem(self.path, line, field, message))

    def load(self) -> Any:
        try:
            return load_yaml(self.path)
        except YamlSyntaxError as exc:
            self.problems.append(CatalogProblem(self.path, exc.line, "", exc.problem))
        except FileNotFoundError:
            self.problems.append(CatalogProblem(self.path, 0, "", "file not found"))
        return None

    def mapping_list(self, node: Any, field: str) -> list[LineDict]:
        value = node.get(field) if isinstance(node, dict) else None
        if not isinstance(value, list) or not all(isinstance(v, LineDict) for v in value):
            self.problem(node, field, "must be a list of mappings")
            return []
        return value

    def text(self, node: LineDict, field: str, *, required: bool = True) -> str:
        value = node.get(field)
        if value is None or value == "":
            if required:
                self.problem(node, field, "is required")
            return ""
        if isinstance(value, (dict, list)):
            self.problem(node, field, "must be text")
            return ""
        return str(value).strip()

    def str_list(self, node: LineDict, field: str) -> list[str]:
        value = node.get(field)
        if value is None:
            return []
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            self.problem(node, field, "must be a list of texts")
            return []
        return [str(v).strip() for v in value if v is not None and str(v).strip()]

    def choice(self, node: LineDict, field: str, allowed: Iterable[str], value: str) -> str:
        allowed_set = set(allowed)
        if value not in allowed_set:
            self.problem(
                node, field, f"unknown value {value!r} (allowed: {', '.join(sorted(allowed_set))})"
            )
        return value

    def codes(self, node: LineDict, field: str, known: Collection[str], what: str) -> list[str]:
        values = self.str_list(node, field)
        for value in values:
            if value not in known:
                self.problem(node, field, f"unknown {what} {value!r}")
        return [v for v in values if v in known]

    def unique(self, node: LineDict, field: str, value: str, seen: dict[str, int]) -> None:
        if value in seen:
            self.problem(node, field, f"duplicate code {value!r} (first at line {seen[value]})")
        else:
            seen[value] = node.line_of(field)


def provenance(
    sources: list[str], unverified: list[str], *, sample: bool = False
) -> ProvenanceSpec:
    """No source: unverified. Sources with open questions: partial. Otherwise verified."""
    if not sources:
        status = "unverified"
    elif unverified:
        status = "partial"
    else:
        status = "verified"
    return ProvenanceSpec(sources, status, unverified, sample)


def read_csv_rows(
    path: Path, required: list[str]
) -> tuple[list[dict[str, str]], list[CatalogProblem]]:
    """UTF-8 CSV rows keyed by header; missing columns or cells are located problems."""
    problems: list[CatalogProblem] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
            header = list(rows[0].keys()) if rows else []
    except FileNotFoundError:
        return [], [CatalogProblem(path, 0, "", "file not found")]
    except (UnicodeDecodeError, csv.Error) as exc:
        return [], [CatalogProblem(path, 0, "", f"unreadable CSV ({exc})")]
    for column in required:
        if column not in header:
            problems.append(CatalogProblem(path, 1, column, "missing column"))
    if problems:
        return [], problems
    for number, row in enumerate(rows, start=2):
        for column in required:
            if not (row.get(column) or "").strip():
                problems.append(CatalogProblem(path, number, column, "is empty"))
    return rows, problems
