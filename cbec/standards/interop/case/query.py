"""The CASE REST binding's collection parameters over plain dicts. Pure.

`filter` is a predicate string: `field op 'value'` joined by AND / OR (AND binds tighter),
with op one of `=`, `!=`, `~` (contains, case-insensitive), `>`, `>=`, `<`, `<=`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Predicate = Callable[[dict[str, Any]], bool]
_TOKEN = re.compile(
    r"\s*(?:(?P<op>!=|>=|<=|=|~|>|<)|'(?P<quoted>(?:[^']|'')*)'|(?P<word>[^\s'=!<>~]+))"
)


class QueryError(ValueError):
    """A bad collection parameter; `code` is the imsx_codeMinor value."""

    def __init__(self, code: str, field: str, message: str) -> None:
        self.code, self.field = code, field
        super().__init__(message)


@dataclass
class Page:
    limit: int
    offset: int
    total: int
    rows: list[dict[str, Any]]


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text.rstrip()):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise QueryError("invalid_filter_field", "filter", f"cannot read filter at {pos}")
        pos = match.end()
        if match.group("op"):
            out.append(("op", match.group("op")))
        elif match.group("quoted") is not None:
            out.append(("value", match.group("quoted").replace("''", "'")))
        else:
            out.append(("word", match.group("word")))
    return out


def parse_filter(text: str, fields: set[str]) -> Predicate:
    """A predicate for `text`; unknown fields and bad syntax raise QueryError."""
    tokens = _tokens(text)
    alternatives: list[list[Predicate]] = [[]]
    index = 0
    while index < len(tokens):
        if len(tokens) < index + 3 or tokens[index][0] != "word" or tokens[index + 1][0] != "op":
            raise QueryError("invalid_filter_field", "filter", "expected: field op 'value'")
        name, op, value = tokens[index][1], tokens[index + 1][1], tokens[index + 2][1]
        if name not in fields:
            raise QueryError("invalid_filter_field", name, f"unknown filter field {name!r}")
        alternatives[-1].append(_compare(name, op, value))
        index += 3
        if index < len(tokens):
            joiner = tokens[index][1].upper()
            if joiner not in {"AND", "OR"}:
                raise QueryError("invalid_filter_field", "filter", "join terms with AND or OR")
            if joiner == "OR":
                alternatives.append([])
            index += 1
            if index >= len(tokens):
                raise QueryError("invalid_filter_field", "filter", "dangling AND/OR")
    return lambda row: any(all(p(row) for p in group) for group in alternatives)


def _compare(name: str, op: str, value: str) -> Predicate:
    def get(row: dict[str, Any]) -> str:
        v = row.get(name)
        return "" if v is None else str(v)

    checks: dict[str, Predicate] = {
        "=": lambda r: get(r) == value,
        "!=": lambda r: get(r) != value,
        "~": lambda r: value.casefold() in get(r).casefold(),
        ">": lambda r: get(r) > value,
        ">=": lambda r: get(r) >= value,
        "<": lambda r: get(r) < value,
        "<=": lambda r: get(r) <= value,
    }
    return checks[op]


def select_fields(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {f: row[f] for f in fields if f in row}


def collection(
    rows: list[dict[str, Any]], params: dict[str, str], known: set[str]
) -> tuple[Page, list[str]]:
    """Filter, sort and slice rows as the binding asks; returns the page and selected fields."""
    limit = _int(params.get("limit"), 100, "limit")
    offset = _int(params.get("offset"), 0, "offset")
    if params.get("filter"):
        keep = parse_filter(params["filter"], known)
        rows = [r for r in rows if keep(r)]
    sort = params.get("sort")
    if sort:
        if sort not in known:
            raise QueryError("invalid_sort_field", "sort", f"unknown sort field {sort!r}")
        descending = (params.get("orderBy") or "asc").lower() == "desc"
        rows = sorted(rows, key=lambda r: str(r.get(sort) or ""), reverse=descending)
    if params.get("orderBy", "asc").lower() not in {"asc", "desc"}:
        raise QueryError("invalid_sort_field", "orderBy", "orderBy is asc or desc")
    fields = _fields(params.get("fields"), known)
    return Page(limit, offset, len(rows), rows[offset : offset + limit]), fields


def _fields(text: str | None, known: set[str]) -> list[str]:
    names = [f.strip() for f in (text or "").split(",") if f.strip()]
    unknown = [f for f in names if f not in known]
    if unknown:
        raise QueryError("invalid_selection_field", "fields", f"unknown fields {unknown}")
    return names


def _int(value: str | None, default: int, name: str) -> int:
    if value is None or value == "":
        return default
    if not value.isdecimal():
        raise QueryError("invalid_data", name, f"{name} must be a whole number ≥ 0")
    return int(value)


def link_header(path: str, params: dict[str, str], page: Page) -> str:
    """RFC 8288 Link header with first / prev / next / last pages."""

    def url(offset: int) -> str:
        query = {**params, "limit": str(page.limit), "offset": str(max(offset, 0))}
        return path + "?" + "&".join(f"{k}={_quote(v)}" for k, v in query.items())

    step = max(page.limit, 1)
    last = max((page.total - 1) // step * step, 0)
    links = [f'<{url(0)}>; rel="first"', f'<{url(last)}>; rel="last"']
    if page.offset + page.limit < page.total:
        links.append(f'<{url(page.offset + page.limit)}>; rel="next"')
    if page.offset > 0:
        links.append(f'<{url(page.offset - page.limit)}>; rel="prev"')
    return ", ".join(links)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")
