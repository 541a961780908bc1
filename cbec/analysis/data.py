"""Database → plain rows for the analysis cores (the only module here that queries)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from cbec.analysis.rows import CrosswalkRow, FrameworkData, ItemRow
from cbec.lib.jsoncols import ints, strs
from cbec.standards.models import Association, Framework, FrameworkStatus, Item, RegulationLink

CURRENT = [FrameworkStatus.PUBLISHED, FrameworkStatus.DRAFT]


def current_frameworks(visible: QuerySet[Framework]) -> list[Framework]:
    """The newest visible version of each standard; superseded and withdrawn ones are history."""
    newest: dict[str, Framework] = {}
    for fw in visible.filter(status__in=CURRENT).order_by("code", "created_at"):
        newest[fw.code] = fw
    order = {
        "reference": 0,
        "national": 1,
        "provincial": 2,
        "local": 3,
        "group": 4,
        "enterprise": 5,
        "international": 6,
    }
    return sorted(newest.values(), key=lambda f: (order.get(f.kind, 9), f.code))


def load(frameworks: list[Framework], *, english: bool = False) -> list[FrameworkData]:
    """Items (with levels inherited from descendants) and domain-area crosswalk rows."""
    ids = {fw.pk: fw for fw in frameworks}
    data = {
        pk: FrameworkData(
            fw.code,
            (fw.title_en or fw.title_zh) if english else fw.title_zh,
            fw.kind,
            fw.verification,
        )
        for pk, fw in ids.items()
    }
    if not ids:
        return []
    tracked = set(
        RegulationLink.objects.filter(item__framework_id__in=ids, relation="track").values_list(
            "item_id", flat=True
        )
    )
    for fw_id, item in _items(list(ids), tracked):
        data[fw_id].items[item.id] = item
    rows = Association.objects.filter(
        framework_id__in=ids, destination_area__isnull=False
    ).values_list(
        "id",
        "origin__framework_id",
        "origin_id",
        "destination_area__code",
        "coverage",
        "status",
        "match",
        "confidence",
    )
    for row_id, fw_id, item_id, area, coverage, status, match, confidence in rows:
        if fw_id in data:
            data[fw_id].crosswalks.append(
                CrosswalkRow(
                    row_id, data[fw_id].code, item_id, area, coverage, status, match, confidence
                )
            )
    return [data[fw.pk] for fw in frameworks]


def _items(framework_ids: list[int], tracked: set[int]) -> list[tuple[int, ItemRow]]:
    """One raw query: the ORM's per-row JSON conversion dominates at 50,000 items."""
    table = Item._meta.db_table
    marks = ", ".join(["%s"] * len(framework_ids))
    sql = (
        f"SELECT id, framework_id, parent_id, code, item_type, levels, dimensions, "
        f"statement_zh, statement_en FROM {table} WHERE framework_id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, framework_ids)
        raw = cursor.fetchall()
    levels = {r[0]: set(ints(r[5])) for r in raw}
    inherited = _inherit_levels(levels, {r[0]: r[2] for r in raw})
    return [
        (
            r[1],
            ItemRow(
                r[0],
                "",
                r[3],
                r[4],
                tuple(sorted(inherited[r[0]], reverse=True)),
                strs(r[6]),
                f"{r[7]} {r[8]}",
                r[0] in tracked,
            ),
        )
        for r in raw
    ]


def _inherit_levels(levels: dict[int, set[int]], parents: dict[int, Any]) -> dict[int, set[int]]:
    """A structural item (no levels of its own) applies at the levels its descendants apply at.

    One pass, deepest items first, so each item's full set is known before its parent reads it.
    """
    depth: dict[int, int] = {}
    for item in levels:
        chain: list[int] = []
        cursor: Any = item
        while cursor in levels and cursor not in depth and len(chain) < 50:
            chain.append(cursor)
            cursor = parents.get(cursor)
        base = depth.get(cursor, -1) if cursor in levels else -1
        for offset, node in enumerate(reversed(chain), start=1):
            depth[node] = base + offset
    result = {k: set(v) for k, v in levels.items()}
    for item in sorted(levels, key=depth.__getitem__, reverse=True):
        parent = parents.get(item)
        if parent in result and not levels[parent]:
            result[parent] |= result[item]
    return result


def applied_regulations(framework: Framework) -> set[str]:
    return set(
        RegulationLink.objects.filter(item__framework=framework, relation="apply").values_list(
            "regulation__code", flat=True
        )
    )


def areas_by_item(framework_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for item_id, area in Association.objects.filter(
        framework_id__in=framework_ids, destination_area__isnull=False
    ).values_list("origin_id", "destination_area__code"):
        out[item_id].append(area)
    return out
