"""Parse the programmes-by-province dataset (Table 2). Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cbec.standards.catalog.reader import read_csv_rows
from cbec.standards.catalog.specs import CatalogProblem

TABLE2_PATH = Path(__file__).resolve().parent / "data" / "table2_programmes_by_province.csv"
TABLE2_YEAR = 2023
TABLE2_SOURCE = (
    "教育部专业备案（2023）, 论文表2 / Ministry of Education programme filings 2023, paper Table 2"
)

# Standard romanisations of the provinces' names (used as English labels).
PROVINCE_EN = {
    "北京": "Beijing",
    "天津": "Tianjin",
    "河北": "Hebei",
    "山西": "Shanxi",
    "内蒙古": "Inner Mongolia",
    "辽宁": "Liaoning",
    "吉林": "Jilin",
    "黑龙江": "Heilongjiang",
    "上海": "Shanghai",
    "江苏": "Jiangsu",
    "浙江": "Zhejiang",
    "安徽": "Anhui",
    "福建": "Fujian",
    "江西": "Jiangxi",
    "山东": "Shandong",
    "河南": "Henan",
    "湖北": "Hubei",
    "湖南": "Hunan",
    "广东": "Guangdong",
    "广西": "Guangxi",
    "海南": "Hainan",
    "重庆": "Chongqing",
    "四川": "Sichuan",
    "贵州": "Guizhou",
    "云南": "Yunnan",
    "西藏": "Tibet",
    "陕西": "Shaanxi",
    "甘肃": "Gansu",
    "青海": "Qinghai",
    "宁夏": "Ningxia",
    "新疆": "Xinjiang",
}


@dataclass(frozen=True)
class ProgrammeRow:
    province_zh: str
    province_en: str
    year: int
    undergraduate: int
    vocational: int


def parse_table2(path: Path = TABLE2_PATH) -> tuple[list[ProgrammeRow], list[CatalogProblem]]:
    columns = ["province_zh", "undergraduate_programs", "vocational_programs"]
    rows, problems = read_csv_rows(path, columns)
    parsed: list[ProgrammeRow] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        province = row["province_zh"].strip()
        if province not in PROVINCE_EN:
            problems.append(
                CatalogProblem(path, line, "province_zh", f"unknown province {province!r}")
            )
            continue
        if province in seen:
            problems.append(
                CatalogProblem(path, line, "province_zh", f"duplicate province {province!r}")
            )
        seen.add(province)
        counts = [_count(path, line, row, c, problems) for c in columns[1:]]
        parsed.append(
            ProgrammeRow(province, PROVINCE_EN[province], TABLE2_YEAR, counts[0], counts[1])
        )
    return parsed, problems


def _count(
    path: Path, line: int, row: dict[str, str], column: str, problems: list[CatalogProblem]
) -> int:
    value = (row.get(column) or "").strip()
    if not value.isdecimal():
        problems.append(
            CatalogProblem(path, line, column, f"must be a whole number, not {value!r}")
        )
        return 0
    return int(value)
