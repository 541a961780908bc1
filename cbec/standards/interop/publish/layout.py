"""A framework version in the national skill-standard layout, as plain blocks. Pure.

1 职业概况 · 2 基本要求 · 3 工作要求 (one table per level: 职业功能 | 工作内容 | 技能要求 |
相关知识) · 4 权重表 (理论知识 and 技能要求, per level). The Word and PDF renderers only draw
these blocks, so both say the same thing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from cbec.standards.interop.problems import has_cjk
from cbec.standards.snapshot import Snapshot
from cbec.standards.tree import national_layout

LANGUAGES = ("zh", "en", "both")
RANK_NAMES = {5: "五级", 4: "四级", 3: "三级", 2: "二级", 1: "一级"}


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    # (row index, column index, rows spanned): cells merged downwards, e.g. 职业功能
    spans: list[tuple[int, int, int]] = field(default_factory=list)
    caption: str = ""


@dataclass
class Block:
    kind: str  # title | subtitle | h1 | h2 | p | table | pagebreak
    text: str = ""
    table: Table | None = None


class _Text:
    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"language is one of {LANGUAGES}, not {language!r}")
        self.language = language

    def __call__(self, zh: str, en: str = "") -> str:
        if self.language == "zh":
            return zh or en
        if self.language == "en":
            return en or zh
        return f"{zh}\n{en}" if zh and en and zh != en else (zh or en)

    def inline(self, zh: str, en: str = "") -> str:
        return self(zh, en).replace("\n", " / ")


def publication(snap: Snapshot, language: str = "zh") -> list[Block]:
    t = _Text(language)
    blocks = _cover(snap, t)
    blocks += _overview(snap, t)
    blocks += _basic(snap, t)
    blocks += _work_requirements(snap, t)
    blocks += _weights(snap, t)
    return blocks


def _cover(snap: Snapshot, t: _Text) -> list[Block]:
    fw = snap.framework
    lines = [
        Block("title", t(fw.get("title_zh", ""), fw.get("title_en", ""))),
        Block("subtitle", t("职业技能标准", "Occupational skill standard")),
    ]
    facts = [
        (t.inline("编号", "Number"), fw.get("number", "")),
        (t.inline("版本", "Version"), f"{fw.get('version', '')} ({fw.get('status', '')})"),
        (t.inline("发布机构", "Issuer"), fw.get("issuer_text") or fw.get("issuer", "")),
        (t.inline("发布", "Issued"), fw.get("issued_text", "")),
    ]
    lines += [Block("p", f"{label}: {value}") for label, value in facts if value]
    return [*lines, Block("pagebreak")]


def _overview(snap: Snapshot, t: _Text) -> list[Block]:
    fw = snap.framework
    blocks = [Block("h1", t.inline("1 职业概况", "1 Occupation overview"))]
    blocks += [
        Block("h2", t.inline("1.1 职业（标准）名称", "1.1 Name")),
        Block("p", t(fw.get("title_zh", ""), fw.get("title_en", ""))),
    ]
    description = t(fw.get("description_zh", ""), fw.get("description_en", ""))
    if description:
        blocks += [Block("h2", t.inline("1.2 职业定义", "1.2 Definition")), Block("p", description)]
    if snap.levels:
        names = "；".join(t.inline(lv["name_zh"], lv["name_en"]) for lv in snap.levels)
        blocks += [
            Block("h2", t.inline("1.3 职业技能等级", "1.3 Skill levels")),
            Block(
                "p",
                t(f"本标准共设{len(snap.levels)}个等级：", f"{len(snap.levels)} levels: ") + names,
            ),
        ]
    roles = [r for r in snap.items if r["item_type"] in {"role", "job_type", "occupation"}]
    if roles:
        blocks.append(Block("h2", t.inline("1.4 岗位（工种）", "1.4 Roles and job types")))
        blocks += [
            Block("p", f"{r['code']}  {t.inline(r['statement_zh'], r['statement_en'])}")
            for r in roles
        ]
    if fw.get("scope"):
        blocks += [Block("h2", t.inline("1.5 适用范围", "1.5 Scope")), Block("p", fw["scope"])]
    return blocks


def _basic(snap: Snapshot, t: _Text) -> list[Block]:
    blocks = [Block("h1", t.inline("2 基本要求", "2 Basic requirements"))]
    children = _children(snap)
    tops = [r for r in snap.items if r["item_type"] == "basic_requirement" and not r["parent"]]
    if not tops:
        return [
            *blocks,
            Block("p", t("（本标准未列出基本要求。）", "(No basic requirements given.)")),
        ]
    for number, top in enumerate(tops, start=1):
        blocks.append(
            Block("h2", f"2.{number} {t.inline(top['statement_zh'], top['statement_en'])}")
        )
        for index, child in enumerate(children.get(top["code"], []), start=1):
            blocks.append(
                Block("p", f"({index}) {t(child['statement_zh'], child['statement_en'])}")
            )
    return blocks


def _children(snap: Snapshot) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in snap.items:
        if r["parent"]:
            out[r["parent"]].append(r)
    return out


def _work_requirements(snap: Snapshot, t: _Text) -> list[Block]:
    blocks = [
        Block("pagebreak"),
        Block("h1", t.inline("3 工作要求", "3 Work requirements")),
        Block(
            "p",
            t(
                "本标准对各等级的技能要求和相关知识要求依次递进，高级别涵盖低级别的要求。",
                "Requirements rise level by level; a higher level includes the lower levels' requirements.",
            ),
        ),
    ]
    header = [
        t("职业功能", "Function"),
        t("工作内容", "Work content"),
        t("技能要求", "Skill requirements"),
        t("相关知识", "Related knowledge"),
    ]
    for number, level in enumerate(snap.levels, start=1):
        name = t.inline(level["name_zh"], level["name_en"])
        blocks.append(Block("h2", f"3.{number} {name}"))
        for group in national_layout(snap.items, level["rank"]):
            caption = ""
            if group.scope:
                caption = f"{group.scope['code']} {t.inline(group.scope['statement_zh'], group.scope['statement_en'])}"
            blocks.append(Block("table", table=_layout_table(group.rows, header, caption, t)))
    return blocks


def _layout_table(rows: list[Any], header: list[str], caption: str, t: _Text) -> Table:
    out: list[list[str]] = []
    spans: list[tuple[int, int, int]] = []
    start = 0
    for index, row in enumerate(rows):
        function = f"{row.function['code']} {t(row.function['statement_zh'], row.function['statement_en'])}"
        if index and rows[index - 1].function["code"] == row.function["code"]:
            function = ""
        elif index:
            spans.append((start, 0, index - start))
            start = index
        out.append(
            [
                function,
                f"{row.work_content['code']} {t(row.work_content['statement_zh'], row.work_content['statement_en'])}",
                _numbered([t(s["statement_zh"], s["statement_en"]) for s in row.skills]),
                _numbered([t(k["statement_zh"], k["statement_en"]) for k in row.knowledge]),
            ]
        )
    if rows:
        spans.append((start, 0, len(rows) - start))
    return Table(header, out, [1.2, 1.4, 3.2, 2.6], [s for s in spans if s[2] > 1], caption)


def _numbered(lines: list[str]) -> str:
    """Numbered lines; Chinese ones as 1．… so the number never wraps away from its text."""
    return "\n".join(
        f"{n}．{line}" if has_cjk(line[:4]) else f"{n}. {line}"
        for n, line in enumerate(lines, start=1)
    )


def _weights(snap: Snapshot, t: _Text) -> list[Block]:
    blocks = [Block("pagebreak"), Block("h1", t.inline("4 权重表", "4 Weight tables"))]
    if not snap.weights:
        return [*blocks, Block("p", t("（本标准未给出权重表。）", "(No weight tables given.)"))]
    items = {r["code"]: r for r in snap.items}
    ranks = [lv["rank"] for lv in snap.levels]
    header = [t("项目", "Item")] + [t.inline(lv["name_zh"], lv["name_en"]) for lv in snap.levels]
    for number, kind in enumerate(("theory", "skill"), start=1):
        title = (
            t.inline("理论知识权重表", "Theory weights")
            if kind == "theory"
            else t.inline("技能要求权重表", "Skill weights")
        )
        blocks.append(Block("h2", f"4.{number} {title}"))
        cells: dict[str | None, dict[str, dict[int, float]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        for w in snap.weights:
            if w["kind"] == kind:
                cells[w["scope"]][w["item"]][w["level"]] = w["percent"]
        for scope, rows in cells.items():
            blocks.append(Block("table", table=_weight_table(scope, rows, items, ranks, header, t)))
    return blocks


def _weight_table(
    scope: str | None,
    rows: dict[str, dict[int, float]],
    items: dict[str, dict[str, Any]],
    ranks: list[int],
    header: list[str],
    t: _Text,
) -> Table:
    order = {code: n for n, code in enumerate(items)}
    body = []
    for code in sorted(rows, key=lambda c: order.get(c, 0)):
        item = items.get(code, {"statement_zh": code, "statement_en": ""})
        label = f"{code} {t.inline(item['statement_zh'], item['statement_en'])}"
        body.append([label] + [_percent(rows[code].get(r)) for r in ranks])
    totals = [_percent(sum(rows[c].get(r, 0) for c in rows)) for r in ranks]
    body.append([t.inline("合计", "Total"), *totals])
    caption = ""
    if scope:
        item = items.get(scope, {"statement_zh": scope, "statement_en": ""})
        caption = f"{scope} {t.inline(item['statement_zh'], item['statement_en'])}"
    return Table(header, body, [3.0] + [1.0] * len(ranks), [], caption)


def _percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"
