"""Workbook (the documented template) → FrameworkSpec plus every bad row. Pure.

The file's shape is checked first (sheet names, merged cells, formulas, headers): any fault
there refuses the whole file. Then each row is checked; a bad row is reported with sheet, row,
column and reason, and left out of the spec, so the caller can refuse or import good rows.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.utils.translation import gettext_noop
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from cbec.lib.said import say
from cbec.standards.catalog.specs import (
    FrameworkSpec,
    ItemSpec,
    LevelSpec,
    ProvenanceSpec,
    WeightSpec,
)
from cbec.standards.interop.excel import layout
from cbec.standards.interop.problems import InterchangeError, Problem

REQUIRED = [layout.META, layout.LEVELS, layout.ITEMS, layout.WEIGHTS]


@dataclass
class WorkbookParse:
    spec: FrameworkSpec
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    @property
    def bad_rows(self) -> int:
        return len({(p.location.split("!")[0], _row_of(p.location)) for p in self.problems})


def _row_of(location: str) -> str:
    return "".join(ch for ch in location.split("!")[-1] if ch.isdecimal())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_workbook(
    data: bytes, file: str = "framework.xlsx", known_codes: set[str] | None = None
) -> WorkbookParse:
    sheets = _open(data, file)
    _check_shape(sheets, file)
    reader = _Rows(file, known_codes or set())
    spec = reader.framework(sheets[layout.META])
    spec.levels = reader.levels(sheets[layout.LEVELS])
    spec.items = reader.items(sheets[layout.ITEMS])
    spec.weights = reader.weights(sheets[layout.WEIGHTS], spec)
    return WorkbookParse(spec, reader.problems, reader.count)


def _open(data: bytes, file: str) -> dict[str, Worksheet]:
    try:
        wb = load_workbook(BytesIO(data))
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise InterchangeError(
            [
                Problem(
                    file,
                    "",
                    "",
                    say(
                        gettext_noop("不是 Excel .xlsx 工作簿（%(error)s）"),
                        error=type(exc).__name__,
                    ),
                )
            ]
        ) from exc
    return {ws.title: ws for ws in wb.worksheets}


def _check_shape(sheets: dict[str, Worksheet], file: str) -> None:
    problems = [
        Problem(
            file,
            name,
            "sheet",
            say(
                gettext_noop("多余的工作表“%(name)s”：只能有 %(sheets)s"),
                name=name,
                sheets=", ".join(layout.SHEETS),
            ),
        )
        for name in sheets
        if name not in layout.SHEETS
    ]
    problems += [
        Problem(file, name, "sheet", say(gettext_noop("缺少必需的工作表")))
        for name in REQUIRED
        if name not in sheets
    ]
    for name, ws in sheets.items():
        if name == layout.INSTRUCTIONS or name not in layout.SHEETS:
            continue
        problems += [
            Problem(
                file,
                f"{name}!{rng}",
                "",
                say(gettext_noop("合并的单元格：请取消合并，每个单元格一个值")),
            )
            for rng in ws.merged_cells.ranges
        ]
        problems += [
            Problem(
                file, f"{name}!{cell.coordinate}", "", say(gettext_noop("公式：请改为直接输入值"))
            )
            for row in ws.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
    if problems:
        raise InterchangeError(problems)
    headers = {
        layout.LEVELS: layout.LEVEL_COLUMNS,
        layout.ITEMS: layout.ITEM_COLUMNS,
        layout.WEIGHTS: layout.WEIGHT_COLUMNS,
    }
    for name, columns in headers.items():
        problems += _check_header(sheets[name], columns, file)
    if problems:
        raise InterchangeError(problems)


def _matches(cell: str, key: str, label: str) -> bool:
    return cell in {label, key, label.split(" ")[0]}


def _check_header(ws: Worksheet, columns: list[tuple[str, str]], file: str) -> list[Problem]:
    found = [_text(c.value) for c in next(ws.iter_rows(max_row=1), ())]
    problems = []
    for index, (key, label) in enumerate(columns):
        cell = found[index] if index < len(found) else ""
        if not _matches(cell, key, label):
            where = f"{ws.title}!{get_column_letter(index + 1)}1"
            message = say(
                gettext_noop("表头应为“%(expected)s”，实际为“%(found)s”"),
                expected=label,
                found=cell,
            )
            problems.append(Problem(file, where, label, message))
    return problems


class _Rows:
    def __init__(self, file: str, known_codes: set[str]) -> None:
        self.file = file
        self.known = known_codes
        self.problems: list[Problem] = []
        self.count = 0
        self.good_rows: set[int] = set()

    def bad(self, sheet: str, row: int, column: int, label: str, message: str) -> None:
        """`message` is a stored message (cbec.lib.said)."""
        where = f"{sheet}!{get_column_letter(column + 1)}{row}"
        self.problems.append(Problem(self.file, where, label, message))

    def rows(
        self, ws: Worksheet, columns: list[tuple[str, str]]
    ) -> list[tuple[int, dict[str, str]]]:
        out = []
        for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            cells = [_text(v) for v in values]
            if not any(cells):
                continue
            cells += [""] * (len(columns) - len(cells))
            out.append((number, {key: cells[i] for i, (key, _) in enumerate(columns)}))
        return out

    def framework(self, ws: Worksheet) -> FrameworkSpec:
        values: dict[str, str] = {}
        for number, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            label, value = (_text(row[0]) if row else ""), (_text(row[1]) if len(row) > 1 else "")
            key = next((k for k, lab in layout.META_ROWS if _matches(label, k, lab)), None)
            if key:
                values[key] = value
            elif label:
                self.bad(
                    ws.title,
                    number,
                    0,
                    "项目 field",
                    say(gettext_noop("未知的项目“%(label)s”"), label=label),
                )
        for key in ("code", "version"):
            if not values.get(key):
                label = dict(layout.META_ROWS)[key]
                self.problems.append(
                    Problem(self.file, ws.title, label, say(gettext_noop("缺少必填的值")))
                )
        return FrameworkSpec(
            code=values.get("code", ""),
            version=values.get("version", ""),
            title_zh=values.get("title_zh", ""),
            title_en=values.get("title_en", ""),
            kind=values.get("kind") or "group",
            status=values.get("status") or "draft",
            provenance=ProvenanceSpec(),
            issuer_text=values.get("issuer_text", ""),
            number=values.get("number", ""),
            jurisdiction=values.get("jurisdiction", ""),
            description_zh=values.get("description_zh", ""),
            description_en=values.get("description_en", ""),
        )

    def levels(self, ws: Worksheet) -> list[LevelSpec]:
        out = []
        for number, row in self.rows(ws, layout.LEVEL_COLUMNS):
            if not row["rank"].isdecimal() or not 1 <= int(row["rank"]) <= 9:
                self.bad(
                    ws.title,
                    number,
                    0,
                    "等级 rank",
                    say(gettext_noop("等级应为 1～9，而不是“%(value)s”"), value=row["rank"]),
                )
                continue
            out.append(
                LevelSpec(
                    int(row["rank"]),
                    row["code"] or f"L{row['rank']}",
                    row["name_zh"],
                    row["name_en"],
                )
            )
        return out

    def items(self, ws: Worksheet) -> list[ItemSpec]:
        rows = self.rows(ws, layout.ITEM_COLUMNS)
        self.count = len(rows)
        codes = [row["code"] for _, row in rows]
        good: dict[str, ItemSpec] = {}
        seen: set[str] = set()
        for number, row in rows:
            spec = self._item(ws.title, number, row, set(codes) | self.known, seen)
            seen.add(row["code"])
            if spec is not None:
                good[spec.code] = spec
                self.good_rows.add(number)
        return self._with_good_parents(ws.title, rows, good)

    def _item(
        self, sheet: str, number: int, row: dict[str, str], codes: set[str], seen: set[str]
    ) -> ItemSpec | None:
        before = len(self.problems)
        columns = [key for key, _ in layout.ITEM_COLUMNS]
        labels = dict(layout.ITEM_COLUMNS)

        def bad(key: str, message: str) -> None:
            self.bad(sheet, number, columns.index(key), labels[key], message)

        code, parent = row["code"], row["parent"]
        if not code:
            bad("code", say(gettext_noop("必须填写")))
        elif len(code) > 60:
            bad("code", say(gettext_noop("超过 60 个字符")))
        elif code in seen:
            bad("code", say(gettext_noop("重复的编码“%(code)s”"), code=code))
        if parent and (parent not in codes or parent == code):
            bad("parent", say(gettext_noop("没有编码为“%(code)s”的条目"), code=parent))
        item_type = layout.TYPES_BY_LABEL.get(row["type"])
        if item_type is None:
            bad("type", say(gettext_noop("未知的类型“%(type)s”"), type=row["type"]))
        if not row["statement_zh"] and not row["statement_en"]:
            bad("statement_zh", say(gettext_noop("需要填写表述（中文或英文）")))
        levels = _levels(row["levels"])
        if levels is None:
            message = gettext_noop("适用等级应为 1～9 的等级，如 5,4,3，而不是“%(value)s”")
            bad("levels", say(message, value=row["levels"]))
        if len(self.problems) > before:
            return None
        return ItemSpec(
            code=code,
            parent_code=parent or None,
            item_type=item_type or "other",
            statement_zh=row["statement_zh"],
            statement_en=row["statement_en"],
            levels=levels or [],
            aliases_zh=_list(row["aliases_zh"]),
            aliases_en=_list(row["aliases_en"]),
            dimensions=_list(row["dimensions"]),
            notes=row["notes"],
        )

    def _with_good_parents(
        self, sheet: str, rows: list[tuple[int, dict[str, str]]], good: dict[str, ItemSpec]
    ) -> list[ItemSpec]:
        """A good row under a bad row cannot be imported either: say so, keep file order."""
        out = []
        changed = True
        while changed:
            changed = False
            for number, row in rows:
                spec = good.get(row["code"]) if number in self.good_rows else None
                parent = spec.parent_code if spec else None
                if spec and parent and parent not in good and parent not in self.known:
                    self.bad(
                        sheet,
                        number,
                        1,
                        "上级编码 parent",
                        say(gettext_noop("其上级行“%(code)s”有错误"), code=parent),
                    )
                    del good[row["code"]]
                    changed = True
        for number, row in rows:
            if number in self.good_rows and row["code"] in good:
                out.append(good[row["code"]])
        return out

    def weights(self, ws: Worksheet, spec: FrameworkSpec) -> list[WeightSpec]:
        codes = {i.code for i in spec.items} | self.known
        ranks = {lv.rank for lv in spec.levels}
        out = []
        for number, row in self.rows(ws, layout.WEIGHT_COLUMNS):
            before = len(self.problems)
            kind = layout.KINDS_BY_LABEL.get(row["kind"])
            no_item = gettext_noop("没有条目“%(code)s”")
            if row["item"] not in codes:
                self.bad(ws.title, number, 1, "条目编码 item", say(no_item, code=row["item"]))
            if row["scope"] and row["scope"] not in codes:
                self.bad(ws.title, number, 0, "范围 scope", say(no_item, code=row["scope"]))
            if kind is None:
                message = say(gettext_noop("应为“理论知识”或“技能要求”"))
                self.bad(ws.title, number, 2, "类别 kind", message)
            if not row["level"].isdecimal() or int(row["level"]) not in ranks:
                self.bad(
                    ws.title,
                    number,
                    3,
                    "等级 level",
                    say(gettext_noop("不是“等级”工作表中的等级：“%(value)s”"), value=row["level"]),
                )
            percent = _number(row["percent"])
            if percent is None or not 0 <= percent <= 100:
                self.bad(
                    ws.title,
                    number,
                    4,
                    "权重% percent",
                    say(
                        gettext_noop("应为 0～100 的数字，而不是“%(value)s”"), value=row["percent"]
                    ),
                )
            if len(self.problems) == before:
                out.append(
                    WeightSpec(
                        row["scope"] or None,
                        row["item"],
                        kind or "",
                        int(row["level"]),
                        percent or 0.0,
                    )
                )
        return out


def _levels(text: str) -> list[int] | None:
    ranks = []
    for part in layout.LIST_SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        rank = layout.LEVEL_WORDS.get(part) or (int(part) if part.isdecimal() else 0)
        if not 1 <= rank <= 9:
            return None
        ranks.append(rank)
    return sorted(set(ranks), reverse=True)


def _list(text: str) -> list[str]:
    return [p.strip() for p in layout.ALIAS_SPLIT.split(text) if p.strip()] if text else []


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
