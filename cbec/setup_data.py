"""Loading the built-in catalog and the sample data: the functions `cbec` and tests call.

This module ties the apps together, so that no app has to import a higher one: the accounts
app's sample personas come before the standards app's sample draft, which they author.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.db import transaction

from cbec.accounts.audit import Actor
from cbec.accounts.roles import SYSTEM
from cbec.accounts.sample import load_sample_data
from cbec.curricula.actions import load_programme_counts
from cbec.curricula.programmes import TABLE2_PATH, parse_table2
from cbec.monitor.samples import load_sample_postings
from cbec.monitor.trends import overview
from cbec.regulatory.actions import import_notice_files, record_field_visit
from cbec.regulatory.models import FieldVisit
from cbec.standards.actions import load_catalog
from cbec.standards.catalog.parse import CATALOG_DIR, read_catalog
from cbec.standards.catalog.specs import CatalogError
from cbec.standards.samples import load_sample_draft


def load_builtin_catalog(
    directory: Path = CATALOG_DIR, table2: Path = TABLE2_PATH, *, actor: Actor = SYSTEM
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


@transaction.atomic
def load_sample_accounts(*, actor: Actor = SYSTEM) -> dict[str, int]:
    """The sample organisations and personas, then the sample draft standard (idempotent)."""
    accounts = load_sample_data(actor=actor)
    load_sample_draft()
    return accounts


SAMPLE_NOTICES = Path(__file__).resolve().parent / "regulatory" / "data" / "sample_notices"


def load_sample(*, actor: Actor = SYSTEM, postings: bool = True) -> dict[str, Any]:
    """Sample organisations and personas, the sample draft, sample notices, a sample field visit
    and — when the posting lake is empty — synthetic sample postings with their signals
    (idempotent)."""
    result: dict[str, Any] = {"accounts": load_sample_accounts(actor=actor)}
    files = sorted(p for p in SAMPLE_NOTICES.glob("*") if p.suffix.lower() != ".md" and p.is_file())
    report = import_notice_files(
        [(p.name, p.read_bytes()) for p in files], actor=actor, sample=True
    )
    result["notices"] = {
        "new": report.created,
        "duplicates": report.duplicates,
        "relevant": report.relevant,
    }
    if not FieldVisit.objects.filter(is_sample=True).exists():
        record_field_visit(
            actor=actor,
            organisation_name="示例出海科技有限公司（示例）",
            visited_on=dt.date(2026, 10, 15),
            panel_names="示例专家组（示例）",
            sample=True,
            summary="示例调研记录：旺季备货与新品上市期间的岗位需求。",
            findings=[
                (
                    "pain_point",
                    "头程与海外仓物流成本上涨，选仓与备货决策缺少数据支持",
                    ["T7", "overseas-warehouse"],
                ),
                (
                    "skill_need",
                    "面向欧美市场的英文直播带货话术与跨文化表达",
                    ["live-stream-selling", "minor-languages-culture"],
                ),
                (
                    "skill_need",
                    "AI 智能客服的多语种知识库搭建与调优",
                    ["ai-customer-service", "T6"],
                ),
            ],
        )
        result["field_visits"] = 1
    if postings:
        result["postings"] = _sample_postings(actor)
    return result


def _sample_postings(actor: Actor) -> int:
    """Synthetic postings go only into an empty lake: sample data is never mixed into a lake
    that holds someone's real postings."""
    if overview()["postings"]:
        return 0
    return load_sample_postings(actor=actor).added
