"""Posting files → header + stream of raw rows. I/O at the edge; no Django.

CSV is decoded line by line (UTF-8, UTF-8 with BOM, else GB18030, which covers GBK), so a
file with mixed encodings keeps its good lines; a line neither decodes is quarantined.
XLSX is read with openpyxl in read-only mode; JSONL one object per line. A JSONL table also
offers its lines undecoded (`Table.lines`), so a runner can decode and parse them on its
workers instead of in the process that reads the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext_noop

from cbec.lib.said import SaidError, say

MAX_CELL = 100_000  # characters; longer cells are quarantined, not truncated silently
_SNIFF = 65_536


class ReadError(SaidError):
    """The whole file cannot be read (nothing was imported from it)."""


@dataclass
class RawRow:
    number: int  # line in CSV/JSONL, row in XLSX (1-based, header included)
    values: dict[str, Any]
    problem: str = ""


@dataclass
class Table:
    kind: str
    headers: list[str]
    rows: Iterator[RawRow]
    encodings: set[str] = field(default_factory=set)
    progress: list[int] = field(default_factory=lambda: [0])  # bytes read so far
    # JSONL only: (line number, undecoded line), the same stream `rows` parses — use one of them.
    lines: Iterator[tuple[int, bytes]] | None = None

    @property
    def encoding(self) -> str:
        found = sorted(self.encodings - {"ascii"}) or ["utf-8"]
        return found[0] if len(found) == 1 else "mixed (" + " + ".join(found) + ")"


def open_table(path: Path, kind: str | None = None) -> Table:
    """Detect the kind from the name and the first bytes, then open a row stream."""
    with path.open("rb") as fh:
        head = fh.read(_SNIFF)
    if not head.strip():
        raise ReadError(say(gettext_noop("%(file)s：文件是空的"), file=path.name))
    kind = kind or _kind(path, head)
    if kind == "xlsx":
        return _xlsx(path)
    if b"\x00" in head:
        raise ReadError(
            say(
                gettext_noop("%(file)s：含二进制数据（NUL 字节），不是 CSV 或 JSONL 文本文件"),
                file=path.name,
            )
        )
    stream = path.open("rb")
    return _jsonl(stream) if kind == "jsonl" else _csv(stream, path.name)


def _kind(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04") or suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    if suffix in {".jsonl", ".ndjson", ".json"} or head.lstrip(b"\xef\xbb\xbf \r\n").startswith(
        b"{"
    ):
        return "jsonl"
    return "csv"


def decode_line(raw: bytes) -> tuple[str, str]:
    """(text, encoding) — UTF-8 first, then GB18030; undecodable bytes become U+FFFD."""
    if raw.isascii():
        return raw.decode("ascii"), "ascii"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), "undecodable"


def _raw_lines(stream: IO[bytes], progress: list[int]) -> Iterator[bytes]:
    """Lines as bytes (a leading UTF-8 BOM removed), counting the bytes read."""
    first = True
    with stream:
        for raw in stream:
            progress[0] += len(raw)
            if first:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
                first = False
            yield raw


def _decoded(stream: IO[bytes], encodings: set[str], progress: list[int]) -> Iterator[str]:
    for raw in _raw_lines(stream, progress):
        text, enc = decode_line(raw)
        encodings.add(enc)
        yield text


def _csv(stream: IO[bytes], name: str) -> Table:
    encodings: set[str] = set()
    progress = [0]
    lines = _decoded(stream, encodings, progress)
    csv.field_size_limit(2**31 - 1)  # long cells are quarantined with a reason below
    reader = csv.reader(lines)
    try:
        headers = next(reader)
    except StopIteration as exc:
        raise ReadError(say(gettext_noop("%(file)s：文件是空的"), file=name)) from exc
    except csv.Error as exc:
        raise ReadError(
            say(gettext_noop("%(file)s：无法按 CSV 读取：%(detail)s"), file=name, detail=exc)
        ) from exc
    if len([h for h in headers if h.strip()]) < 2:
        first = ", ".join(headers[:3])
        raise ReadError(
            say(
                gettext_noop("%(file)s：找不到带列名的表头行（第一行：%(first)s）"),
                file=name,
                first=first,
            )
        )
    return Table("csv", headers, _csv_rows(reader, headers), encodings, progress)


def _csv_rows(reader: Any, headers: list[str]) -> Iterator[RawRow]:
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RawRow(reader.line_num, {}, f"unreadable CSV: {exc}")
            continue
        if not any(c.strip() for c in cells):
            continue
        yield _csv_row(reader.line_num, headers, cells)


def _csv_row(number: int, headers: list[str], cells: list[str]) -> RawRow:
    values = dict(zip(headers, cells, strict=False))
    if len(cells) > len(headers):
        problem = say(
            gettext_noop("该行有 %(cells)s 个字段，表头只有 %(headers)s 个"),
            cells=len(cells),
            headers=len(headers),
        )
        return RawRow(number, values, problem)
    return RawRow(number, values, _cell_problem(values))


def _cell_problem(values: dict[str, Any]) -> str:
    for key, value in values.items():
        if isinstance(value, str):
            if len(value) > MAX_CELL:
                return say(
                    gettext_noop("字段“%(field)s”有 %(length)s 个字符（上限 %(limit)s）"),
                    field=key,
                    length=f"{len(value):,}",
                    limit=f"{MAX_CELL:,}",
                )
            if "\ufffd" in value:
                return say(
                    gettext_noop("字段“%(field)s”含有既非 UTF-8 也非 GBK/GB18030 的字节"), field=key
                )
    return ""


def _jsonl(stream: IO[bytes]) -> Table:
    encodings: set[str] = set()
    progress = [0]
    numbered = enumerate(_raw_lines(stream, progress), start=1)
    head = list(itertools.islice(numbered, 200))
    headers: list[str] = []
    for _, raw in head:
        headers.extend(k for k in _keys(decode_line(raw)[0]) if k not in headers)
    if not headers:
        raise ReadError(say(gettext_noop("前 200 行中没有 JSON 对象")))
    lines = itertools.chain(head, numbered)
    rows = (row for row in _jsonl_rows(lines, encodings) if row is not None)
    return Table("jsonl", headers, rows, encodings, progress, lines)


def _jsonl_rows(lines: Iterator[tuple[int, bytes]], encodings: set[str]) -> Iterator[RawRow | None]:
    for number, raw in lines:
        row, encoding = jsonl_row(number, raw)
        encodings.add(encoding)
        yield row


def jsonl_row(number: int, raw: bytes) -> tuple[RawRow | None, str]:
    """One JSONL line as a row (None when blank) and the encoding it was decoded with."""
    line, encoding = decode_line(raw)
    return (_json_row(number, line) if line.strip() else None), encoding


def _keys(line: str) -> list[str]:
    try:
        obj = json.loads(line)
    except ValueError:
        return []
    return [str(k) for k in obj] if isinstance(obj, dict) else []


def _json_row(number: int, line: str) -> RawRow:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return RawRow(number, {}, say(gettext_noop("无效的 JSON：%(detail)s"), detail=exc))
    if not isinstance(obj, dict):
        return RawRow(number, {}, say(gettext_noop("该行是 JSON，但不是对象")))
    values = {str(k): _scalar(v) for k, v in obj.items()}
    return RawRow(number, values, _cell_problem(values))


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):
        return "" if value is None else value
    return json.dumps(value, ensure_ascii=False)


def _xlsx(path: Path) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise ReadError(
            say(
                gettext_noop("%(file)s：不是可读取的 Excel 工作簿（%(detail)s）"),
                file=path.name,
                detail=exc.__class__.__name__,
            )
        ) from exc
    rows = book.worksheets[0].iter_rows(values_only=True)
    for number, cells in enumerate(rows, start=1):
        if any(c not in (None, "") for c in cells):
            headers = [str(c or "").strip() for c in cells]
            return Table("xlsx", headers, _xlsx_rows(book, rows, headers, number), {"utf-8"})
    book.close()
    raise ReadError(say(gettext_noop("%(file)s：第一个工作表是空的"), file=path.name))


def _xlsx_rows(
    book: Any, rows: Iterator[tuple[Any, ...]], headers: list[str], start: int
) -> Iterator[RawRow]:
    try:
        for number, cells in enumerate(rows, start=start + 1):
            if not any(c not in (None, "") for c in cells):
                continue
            values = {h: _xlsx_value(c) for h, c in zip(headers, cells, strict=False) if h}
            yield RawRow(number, values, _cell_problem(values))
    finally:
        book.close()


def _xlsx_value(cell: Any) -> Any:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime | dt.date):
        return cell
    return str(cell) if not isinstance(cell, str) else cell
