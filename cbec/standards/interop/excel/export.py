"""Snapshot → workbook in the documented template (an empty snapshot gives the template)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from cbec.standards.interop.excel import layout
from cbec.standards.snapshot import Snapshot

_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def workbook_bytes(snap: Snapshot) -> bytes:
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = layout.INSTRUCTIONS
    for line in layout.INSTRUCTION_LINES:
        first.append([line])
    first.column_dimensions["A"].width = 110
    fw = snap.framework
    meta = wb.create_sheet(layout.META)
    _header(meta, ["项目 field", "内容 value"])
    for key, label in layout.META_ROWS:
        meta.append([label, fw.get(key, "")])
    _table(wb, layout.LEVELS, layout.LEVEL_COLUMNS, [_level(lv) for lv in snap.levels])
    _table(wb, layout.ITEMS, layout.ITEM_COLUMNS, [_item(r) for r in snap.items])
    _table(wb, layout.WEIGHTS, layout.WEIGHT_COLUMNS, [_weight(w) for w in snap.weights])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def template_bytes() -> bytes:
    return workbook_bytes(Snapshot({"version": "0.1.0", "status": "draft"}, []))


def _header(ws: Worksheet, labels: list[str]) -> None:
    ws.append(labels)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    ws.freeze_panes = "A2"
    for index, label in enumerate(labels):
        ws.column_dimensions[chr(ord("A") + index)].width = max(14, min(60, len(label) * 2))


def _table(
    wb: Workbook, title: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]]
) -> None:
    ws = wb.create_sheet(title)
    _header(ws, [label for _, label in columns])
    for row in rows:
        ws.append([row.get(key, "") for key, _ in columns])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _level(lv: dict[str, Any]) -> dict[str, Any]:
    return dict(lv)


def _item(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": r["code"],
        "parent": r.get("parent") or "",
        "type": layout.TYPE_LABELS.get(r["item_type"], r["item_type"]),
        "statement_zh": r["statement_zh"],
        "statement_en": r["statement_en"],
        "levels": ",".join(str(v) for v in sorted(r.get("levels") or [], reverse=True)),
        "aliases_zh": "; ".join(r.get("aliases_zh") or []),
        "aliases_en": "; ".join(r.get("aliases_en") or []),
        "dimensions": "; ".join(r.get("dimensions") or []),
        "notes": r.get("notes") or "",
    }


def _weight(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "scope": w["scope"] or "",
        "item": w["item"],
        "kind": layout.KIND_LABELS.get(w["kind"], w["kind"]),
        "level": w["level"],
        "percent": w["percent"],
    }
