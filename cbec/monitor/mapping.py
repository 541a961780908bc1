"""Field mapping: which column of a source file holds which posting field. Pure.

A preset is a named list of header names per field; `resolve` picks the columns of one file.
The registry is one plain dict, so a new source is one entry (see docs/monitor.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from cbec.lib.said import SaidError, say

FIELDS = (
    "source_id",
    "title",
    "company",
    "city",
    "salary",
    "posted",
    "description",
    "source",
    "url",
)
REQUIRED = ("title", "description", "posted")

PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    # The platform's own column names (what `cbec postings generate` writes).
    "standard": {
        "source_id": ("source_id", "id"),
        "title": ("title",),
        "company": ("company",),
        "city": ("city",),
        "salary": ("salary",),
        "posted": ("posted", "posted_date", "date"),
        "description": ("description",),
        "source": ("source",),
        "url": ("url",),
    },
    # Chinese job boards' export headers (智联/前程无忧/BOSS-style spreadsheets).
    "zh-board": {
        "source_id": ("职位ID", "职位编号", "岗位ID", "编号"),
        "title": ("职位名称", "岗位名称", "职位"),
        "company": ("公司名称", "企业名称", "公司"),
        "city": ("工作地点", "工作城市", "城市", "地点"),
        "salary": ("薪资", "薪资范围", "月薪", "薪酬"),
        "posted": ("发布日期", "发布时间", "更新日期", "日期"),
        "description": ("职位描述", "岗位职责", "职位详情", "岗位描述", "描述"),
        "source": ("来源", "招聘平台", "渠道"),
        "url": ("链接", "职位链接", "网址"),
    },
    # English boards and ATS exports (LinkedIn/Indeed-style).
    "en-board": {
        "source_id": ("job_id", "jobid", "posting_id", "reference"),
        "title": ("job_title", "position", "role", "title"),
        "company": ("company_name", "employer", "organization", "company"),
        "city": ("location", "job_location", "city"),
        "salary": ("salary_range", "compensation", "pay", "salary"),
        "posted": ("date_posted", "posted_at", "listed_at", "posted_on", "date"),
        "description": ("job_description", "description_text", "details", "description"),
        "source": ("site", "board", "source"),
        "url": ("job_url", "link", "apply_url", "url"),
    },
}


class MappingError(SaidError):
    """The file's columns cannot be mapped onto the posting fields."""


@dataclass(frozen=True)
class Mapping:
    preset: str
    columns: dict[str, str]  # field → header in the file

    def missing(self) -> list[str]:
        return [f for f in REQUIRED if f not in self.columns]


def _key(header: str) -> str:
    return header.strip().lstrip("\ufeff").lower().replace(" ", "_")


def resolve_with(preset: str, headers: list[str]) -> Mapping:
    names = {_key(h): h for h in headers}
    columns = {
        field: names[_key(c)]
        for field, candidates in PRESETS[preset].items()
        for c in reversed(candidates)
        if _key(c) in names
    }
    return Mapping(preset, columns)


def resolve(headers: list[str], preset: str | None = None) -> Mapping:
    """The named preset, or the preset matching most headers; raises when required fields miss."""
    if preset is not None and preset not in PRESETS:
        raise MappingError(
            say(
                gettext_noop("未知的映射预设“%(preset)s”；可用：%(presets)s"),
                preset=preset,
                presets=", ".join(PRESETS),
            )
        )
    candidates = [preset] if preset else list(PRESETS)
    best = max((resolve_with(p, headers) for p in candidates), key=lambda m: len(m.columns))
    if best.missing():
        columns = ", ".join(h for h in headers[:12] if h) or "—"
        raise MappingError(
            say(
                gettext_noop(
                    "缺少字段 %(fields)s 的列（预设 %(preset)s）；文件中的列：%(columns)s"
                ),
                fields=", ".join(best.missing()),
                preset=best.preset,
                columns=columns,
            )
        )
    return best
