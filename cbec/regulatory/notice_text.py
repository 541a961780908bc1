"""Fields of a regulation notice read from its Chinese or English text. Pure functions.

Sources often give only a title and the full text; the number (文号), the issuing authority,
the dates and what the notice repeals or amends are written in it in a few fixed phrasings.
Each extracted value keeps the snippet it came from, so a person can check it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# 海关总署公告2024年第12号 · 财关税〔2016〕18号 · 商贸发[2024]125号 · 国函〔2018〕93号
CN_NUMBER = re.compile(
    r"(?:[\u4e00-\u9fff]{2,12}公告\s*\d{4}\s*年\s*第\s*\d+\s*号"
    r"|[\u4e00-\u9fff]{1,8}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号)"
)
# Regulation (EU) 2023/988 · Directive (EU) 2019/1995 · Directive 2001/95/EC · EO 14324
EU_NUMBER = re.compile(
    r"(?:Regulation|Directive|Decision)\s*(?:\((?:EU|EC|EEC)\)\s*(?:No\s*)?\d{2,4}/\d+|\d{2,4}/\d+/(?:EU|EC|EEC))"
)
CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
EN_DATE = re.compile(
    r"(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})"
)
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
EFFECTIVE_CN = re.compile(
    r"自\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起\s*(?:施行|实施|执行|生效)"
)
EFFECTIVE_EN = re.compile(
    r"(?:shall apply|applies|apply|enters? into force|effective)\s+(?:from|on|as of)\s+"
    r"(\d{1,2}\s+\w+\s+\d{4}|\d{4}-\d{2}-\d{2})",
    re.I,
)
_CN, _EU = CN_NUMBER.pattern, EU_NUMBER.pattern
_TITLE = r"《[^》]{4,60}》"
# The referenced act sits right next to the verb; wider windows catch the notice's own number.
REPEAL_PATTERNS = [
    re.compile(rf"({_CN}|{_TITLE})[^。；\n]{{0,8}}同时废止"),
    re.compile(rf"(?:同时)?废止\s*(?:原)?({_CN}|{_TITLE})"),
    re.compile(rf"({_EU})\s+(?:is|are)\s+(?:hereby\s+)?repealed", re.I),
    re.compile(rf"repeal(?:s|ing)?\s+({_EU})", re.I),
]
AMEND_PATTERNS = [
    re.compile(rf"(?:修订|修改)\s*(?:了)?({_CN}|{_TITLE})"),
    re.compile(rf"amend(?:s|ing)?\s+({_EU})", re.I),
    re.compile(rf"({_EU})\s+(?:is|are)\s+amended", re.I),
]
AUTHORITIES = [
    "海关总署",
    "财政部",
    "商务部",
    "国家税务总局",
    "国家市场监督管理总局",
    "国家外汇管理局",
    "国务院",
    "人力资源社会保障部",
    "国家邮政局",
    "国家知识产权局",
    "中国人民银行",
    "European Parliament",
    "Council of the European Union",
    "European Commission",
    "U.S. Customs and Border Protection",
    "The White House",
]


@dataclass
class Found:
    value: str
    snippet: str


@dataclass
class NoticeFields:
    numbers: list[Found] = field(default_factory=list)
    authorities: list[str] = field(default_factory=list)
    issued: Found | None = None
    effective: list[Found] = field(default_factory=list)
    repeals: list[Found] = field(default_factory=list)
    amends: list[Found] = field(default_factory=list)

    @property
    def number(self) -> str:
        """The notice's own number: not one it repeals or amends (those are other acts)."""
        others = {f.value for f in [*self.repeals, *self.amends]}
        own = [f.value for f in self.numbers if f.value not in others]
        return own[0] if own else ""


def normalise_number(number: str) -> str:
    """One spelling per number: brackets, spaces and width unified (〔2016〕 = [2016] = ［2016］)."""
    if not re.search(r"[\u4e00-\u9fff]", number):
        return " ".join(number.split())
    text = re.sub(r"\s+", "", number)
    return (
        re.sub(r"[\[［(（]", "〔", re.sub(r"[\]］)）]", "〕", text))
        if "〔" in text or "[" in text or "［" in text or "（" in text or "(" in text
        else text
    )


def parse_date(text: str) -> dt.date | None:
    for pattern, build in (
        (CN_DATE, lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (ISO_DATE, lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (EN_DATE, lambda m: (int(m[3]), MONTHS[m[2]], int(m[1]))),
    ):
        match = pattern.search(text)
        if match:
            try:
                return dt.date(*build(match))
            except ValueError:
                return None
    return None


def extract(title: str, text: str) -> NoticeFields:
    body = f"{title}\n{text}"
    fields = NoticeFields()
    fields.numbers = _numbers(body)
    fields.authorities = [a for a in AUTHORITIES if a in body]
    fields.effective = [
        Found(str(d), m[0])
        for m in [*EFFECTIVE_CN.finditer(body), *EFFECTIVE_EN.finditer(body)]
        if (d := parse_date(m[1])) is not None
    ]
    fields.issued = _issued(text)
    fields.repeals = _references(body, REPEAL_PATTERNS)
    fields.amends = _references(body, AMEND_PATTERNS)
    return fields


def _numbers(body: str) -> list[Found]:
    seen: dict[str, Found] = {}
    for match in [*CN_NUMBER.finditer(body), *EU_NUMBER.finditer(body)]:
        value = normalise_number(match[0])
        seen.setdefault(value, Found(value, _around(body, match.start(), match.end())))
    return sorted(seen.values(), key=lambda f: body.find(f.snippet))


def _issued(text: str) -> Found | None:
    """A date on a line of its own near the end (the signature line) or after 发布日期."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in [
        *reversed(lines[-3:]),
        *[ln for ln in lines if "发布日期" in ln or "发布时间" in ln],
    ]:
        if len(line) <= 30 and (date := parse_date(line)):
            return Found(str(date), line)
    return None


def _references(body: str, patterns: list[re.Pattern[str]]) -> list[Found]:
    """Acts named right beside a repeal/amend verb, with the phrase as the evidence."""
    unique: dict[str, Found] = {}
    for pattern in patterns:
        for match in pattern.finditer(body):
            value = (
                match[1].strip("《》") if match[1].startswith("《") else normalise_number(match[1])
            )
            unique.setdefault(value, Found(value, match[0].strip()))
    return list(unique.values())


def _around(text: str, start: int, end: int, width: int = 30) -> str:
    return text[max(0, start - width) : end + width].replace("\n", " ").strip()
