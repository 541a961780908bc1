"""Read notices from JSON, JSONL, CSV, RSS/Atom and saved HTML files. Pure: bytes in, records out.

Every record keeps where it came from (file and row/entry number) so that problems can be shown
to the person who imported the file; unreadable entries become problems, not exceptions.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from django.utils.translation import gettext_noop

from cbec.lib.said import say, shown

FIELDS = (
    "id",
    "number",
    "authority",
    "title",
    "issued",
    "effective",
    "status",
    "text",
    "url",
    "jurisdiction",
    "language",
)
ALIASES = {
    "文号": "number",
    "发文机关": "authority",
    "标题": "title",
    "发布日期": "issued",
    "施行日期": "effective",
    "生效日期": "effective",
    "状态": "status",
    "正文": "text",
    "链接": "url",
    "body": "text",
    "content": "text",
    "summary": "text",
    "link": "url",
    "published": "issued",
    "date": "issued",
    "guid": "id",
}
MAX_TEXT = 2_000_000


@dataclass
class RawNotice:
    source: str  # "file.json#3"
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class FeedProblem:
    source: str
    field: str
    message: str  # a stored message (cbec.lib.said): shown in the reader's language

    def said(self) -> str:
        """The whole problem, where included, as one stored message."""
        where = f"{self.source}: {self.field}" if self.field else self.source
        return say(gettext_noop("%(where)s：%(problem)s"), where=where, problem=self.message)

    def __str__(self) -> str:
        return shown(self.said())


def read_feed(name: str, data: bytes) -> tuple[list[RawNotice], list[FeedProblem]]:
    """Dispatch on the file name's extension."""
    suffix = Path(name).suffix.lower()
    readers = {
        ".json": _json,
        ".jsonl": _jsonl,
        ".csv": _csv,
        ".xml": _xml,
        ".rss": _xml,
        ".atom": _xml,
        ".html": _html,
        ".htm": _html,
    }
    if suffix not in readers:
        return [], [
            FeedProblem(
                name,
                "",
                say(gettext_noop("不支持的文件类型 %(suffix)s"), suffix=suffix or "—"),
            )
        ]
    if not data.strip():
        return [], [FeedProblem(name, "", say(gettext_noop("文件是空的")))]
    return readers[suffix](name, data)


def decode(name: str, data: bytes) -> tuple[str, FeedProblem | None]:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK); binary junk is refused."""
    if b"\x00" in data[:4096]:
        return "", FeedProblem(name, "", say(gettext_noop("二进制数据，不是文本格式的公告源")))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError:
            continue
    return "", FeedProblem(name, "", say(gettext_noop("文本既非 UTF-8 也非 GB18030/GBK")))


def _bad_json(exc: json.JSONDecodeError) -> str:
    return say(gettext_noop("JSON 格式错误（%(detail)s）"), detail=exc.msg)


def _record(source: str, raw: dict[str, Any]) -> RawNotice:
    values = {}
    for key, value in raw.items():
        name = ALIASES.get(str(key).strip(), str(key).strip().lower())
        if name in FIELDS and value is not None:
            values[name] = str(value).strip()[:MAX_TEXT]
    return RawNotice(source, values)


def _json(name: str, data: bytes) -> tuple[list[RawNotice], list[FeedProblem]]:
    text, problem = decode(name, data)
    if problem:
        return [], [problem]
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [FeedProblem(f"{name}:{exc.lineno}", "", _bad_json(exc))]
    entries = parsed.get("notices", parsed.get("items")) if isinstance(parsed, dict) else parsed
    if not isinstance(entries, list):
        return [], [
            FeedProblem(name, "", say(gettext_noop('应为公告列表（或 {"notices": [...]}）')))
        ]
    return _entries(name, entries, "#")


def _entries(name: str, entries: list[Any], mark: str) -> tuple[list[RawNotice], list[FeedProblem]]:
    notices: list[RawNotice] = []
    problems: list[FeedProblem] = []
    for number, entry in enumerate(entries, start=1):
        if isinstance(entry, dict):
            notices.append(_record(f"{name}{mark}{number}", entry))
        else:
            problems.append(
                FeedProblem(f"{name}{mark}{number}", "", say(gettext_noop("该条目不是对象")))
            )
    return notices, problems


def _jsonl(name: str, data: bytes) -> tuple[list[RawNotice], list[FeedProblem]]:
    text, problem = decode(name, data)
    if problem:
        return [], [problem]
    notices: list[RawNotice] = []
    problems: list[FeedProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(FeedProblem(f"{name}:{number}", "", _bad_json(exc)))
            continue
        found, bad = _entries(f"{name}:{number}", [entry], "")
        notices.extend(RawNotice(f"{name}:{number}", n.values) for n in found)
        problems.extend(FeedProblem(f"{name}:{number}", "", p.message) for p in bad)
    return notices, problems


def _csv(name: str, data: bytes) -> tuple[list[RawNotice], list[FeedProblem]]:
    text, problem = decode(name, data)
    if problem:
        return [], [problem]
    reader = csv.DictReader(io.StringIO(text))
    header = [ALIASES.get(h.strip(), h.strip().lower()) for h in reader.fieldnames or []]
    if "title" not in header and "number" not in header:
        return [], [
            FeedProblem(f"{name}:1", "title", say(gettext_noop("缺少列（需要 title 或 number）")))
        ]
    return [_record(f"{name}:{n}", row) for n, row in enumerate(reader, start=2)], []


def _xml(name: str, data: bytes) -> tuple[list[RawNotice], list[FeedProblem]]:
    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # defusedxml raises several types for bad or hostile XML
        return [], [
            FeedProblem(
                name,
                "",
                say(
                    gettext_noop("XML 格式错误或不安全（%(detail)s）"),
                    detail=f"{type(exc).__name__}: {exc}",
                ),
            )
        ]
    local = lambda tag: tag.rsplit("}", 1)[-1]  # noqa: E731 - namespaces differ between RSS and Atom
    entries = [e for e in root.iter() if local(e.tag) in {"item", "entry"}]
    notices: list[RawNotice] = []
    for number, entry in enumerate(entries, start=1):
        raw: dict[str, str] = {}
        for child in entry:
            tag = local(child.tag)
            value = child.get("href") if tag == "link" and child.get("href") else (child.text or "")
            raw.setdefault(
                {"description": "text", "pubDate": "issued", "updated": "issued"}.get(tag, tag),
                value,
            )
        notices.append(_record(f"{name}#{number}", raw))
    return notices, (
        [] if entries else [FeedProblem(name, "", say(gettext_noop("没有 <item> 或 <entry> 元素")))]
    )


class _TextExtractor(HTMLParser):
    SKIP = {"script", "style", "nav", "header", "footer"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.title = ""
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._stack.append(tag)
        if tag in {"p", "br", "div", "h1", "h2", "li", "tr"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if any(t in self.SKIP for t in self._stack):
            return
        if self._stack and self._stack[-1] in {"title", "h1"} and not self.title:
            self.title = data.strip()
        if self._stack and self._stack[-1] == "title":
            return
        self.parts.append(data)


def _html(name: str, data: bytes) -> tuple[list[RawNotice], list[FeedProblem]]:
    text, problem = decode(name, data)
    if problem:
        return [], [problem]
    parser = _TextExtractor()
    parser.feed(text)
    body = "\n".join(line.strip() for line in "".join(parser.parts).splitlines() if line.strip())
    if not body:
        return [], [FeedProblem(name, "", say(gettext_noop("页面没有正文")))]
    return [RawNotice(name, {"title": parser.title, "text": body[:MAX_TEXT]})], []
