"""Loading the built-in catalog and the sample data: the functions `cbec` and tests call."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.db import transaction

from cbec.accounts.audit import Actor
from cbec.curricula.actions import load_programme_counts
from cbec.curricula.programmes import TABLE2_PATH, parse_table2
from cbec.standards.actions import load_catalog
from cbec.standards.catalog.parse import CATALOG_DIR, read_catalog
from cbec.standards.catalog.specs import CatalogError


def load_builtin_catalog(
    directory: Path = CATALOG_DIR, table2: Path = TABLE2_PATH, *, actor: Actor = None
) -> dict[str, Any]:
    """Parse every catalog file first, then write all of it in one transaction (or nothing)."""
    problems: list[Any] = []
    try:
        catalog = read_catalog(directory)
    except CatalogError as exc:
        problems.extend(exc.problems)
    rows, table_problems = parse_table2(table2)
    problems.extend(table_problems)
    if problems:
        raise CatalogError(problems)
    with transaction.atomic():
        report = load_catalog(catalog, actor=actor)
        programmes = load_programme_counts(rows, actor=actor)
    return {**asdict(report), "programme_counts": programmes}
