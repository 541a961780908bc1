"""The workbook template in the Chinese layout: sheet names, columns and accepted values."""

from __future__ import annotations

import re

INSTRUCTIONS = "说明"
META = "框架"
LEVELS = "等级"
ITEMS = "条目"
WEIGHTS = "权重"
SHEETS = [INSTRUCTIONS, META, LEVELS, ITEMS, WEIGHTS]

# (key, header) per column; headers are bilingual so the file reads in either language.
META_ROWS = [
    ("code", "编码 code"),
    ("version", "版本 version"),
    ("title_zh", "中文标题 title (zh)"),
    ("title_en", "英文标题 title (en)"),
    ("kind", "类别 kind"),
    ("status", "状态 status"),
    ("issuer_text", "发布机构 issuer"),
    ("number", "编号 number"),
    ("jurisdiction", "适用地区 jurisdiction"),
    ("description_zh", "中文说明 description (zh)"),
    ("description_en", "英文说明 description (en)"),
]
LEVEL_COLUMNS = [
    ("rank", "等级 rank"),
    ("code", "代码 code"),
    ("name_zh", "中文名称 name (zh)"),
    ("name_en", "英文名称 name (en)"),
]
ITEM_COLUMNS = [
    ("code", "编码 code"),
    ("parent", "上级编码 parent"),
    ("type", "类型 type"),
    ("statement_zh", "中文表述 statement (zh)"),
    ("statement_en", "英文表述 statement (en)"),
    ("levels", "适用等级 levels"),
    ("aliases_zh", "中文别名 aliases (zh)"),
    ("aliases_en", "英文别名 aliases (en)"),
    ("dimensions", "跨境维度 dimensions"),
    ("notes", "备注 notes"),
]
WEIGHT_COLUMNS = [
    ("scope", "范围 scope"),
    ("item", "条目编码 item"),
    ("kind", "类别 kind"),
    ("level", "等级 level"),
    ("percent", "权重% percent"),
]

TYPE_LABELS = {
    "occupation": "职业",
    "job_type": "工种",
    "role": "岗位",
    "level": "等级",
    "function": "职业功能",
    "work_content": "工作内容",
    "skill_requirement": "技能要求",
    "knowledge": "相关知识",
    "tool": "工具",
    "basic_requirement": "基本要求",
    "other": "其他",
}
TYPES_BY_LABEL = {label: code for code, label in TYPE_LABELS.items()} | {
    code: code for code in TYPE_LABELS
}
KIND_LABELS = {"theory": "理论知识", "skill": "技能要求"}
KINDS_BY_LABEL = {v: k for k, v in KIND_LABELS.items()} | {k: k for k in KIND_LABELS}
LEVEL_WORDS = {"五级": 5, "四级": 4, "三级": 3, "二级": 2, "一级": 1}
LIST_SPLIT = re.compile(r"[;；、,，\n]+")
ALIAS_SPLIT = re.compile(r"[;；\n]+")

INSTRUCTION_LINES = [
    "跨境电商职业技能标准 · Excel 模板 / CBEC skill standard workbook template",
    "",
    "工作表（名称和顺序固定，不可增加其他工作表）/ Sheets (fixed names; no other sheets allowed):",
    "  框架: 标准的编码、版本、标题等，每行一项 / framework metadata, one field per row",
    "  等级: 五级(5) … 一级(1) / levels, rank 5 = 五级 … 1 = 一级",
    "  条目: 每行一个条目；上级编码指向同表中的另一条目 / one item per row; parent is another row's code",
    "  权重: 权重表的单元格（理论知识 / 技能要求）/ weight-table cells (theory / skill)",
    "",
    "类型 type: " + "、".join(f"{v}({k})" for k, v in TYPE_LABELS.items()),
    "适用等级 levels: 5,4,3 或 五级、四级 / comma-separated ranks",
    "别名与跨境维度: 用分号分隔 / aliases and dimensions: separated by ;",
    "",
    "规则 / rules: 不要合并单元格，不要使用公式（导入时会报错并指出单元格）。",
    "Do not merge cells and do not use formulas: the import names the cell and refuses the file.",
    "导入按编码新增或更新条目；有任何错误行时默认不做任何更改，可选择只导入正确的行。",
    "Import creates or updates items by code; by default a file with any bad row changes nothing,",
    "or choose to import the good rows only.",
]
