"""Pipeline stages: pure functions over Arrow record batches, named after what they produce.

raw rows ─normalised_postings─▶ postings ─extracted─▶ (postings with roles, mentions,
                                                        areas: one row per posting × demanded area)
areas ─area_counts─▶ partial counts (sum them to combine batches)

The local runner (runner.py) and Spark (spark.py, `mapInArrow`) call the same functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.utils.translation import gettext_noop

from cbec.lib.said import say
from cbec.monitor import extract as ex
from cbec.monitor.geo import locate
from cbec.monitor.mapping import FIELDS
from cbec.monitor.normalise import (
    DateError,
    clean_text,
    language,
    parse_date,
    parse_salary,
    week_start,
)

RAW_SCHEMA = pa.schema(
    [*(pa.field(f, pa.string()) for f in FIELDS), ("row", pa.int64()), ("problem", pa.string())]
)
POSTING_SCHEMA = pa.schema(
    [
        ("posting_id", pa.string()),
        ("source", pa.string()),
        ("source_id", pa.string()),
        ("source_key", pa.string()),
        ("title", pa.string()),
        ("company", pa.string()),
        ("city", pa.string()),
        ("province", pa.string()),
        ("location", pa.string()),
        ("salary_text", pa.string()),
        ("salary_min", pa.float64()),
        ("salary_max", pa.float64()),
        ("currency", pa.string()),
        ("posted_date", pa.date32()),
        ("month", pa.string()),
        ("week", pa.date32()),
        ("lang", pa.string()),
        ("role", pa.string()),
        ("description", pa.string()),
        ("url", pa.string()),
        ("import_run", pa.int64()),
        # 64-bit hash of the raw record and the field mapping it was read with: re-importing a
        # file skips known records before any normalisation (null where not known).
        ("raw_hash", pa.int64()),
        ("row", pa.int64()),
        ("problem", pa.string()),
    ]
)
MENTION_SCHEMA = pa.schema(
    [
        ("posting_id", pa.string()),
        ("month", pa.string()),
        ("area", pa.string()),
        ("item", pa.string()),
        ("term", pa.string()),
        ("matched", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("confidence", pa.float32()),
        ("section", pa.string()),
        ("kind", pa.string()),
    ]
)
AREA_SCHEMA = pa.schema(
    [
        ("posting_id", pa.string()),
        ("month", pa.string()),
        ("week", pa.date32()),
        ("area", pa.string()),
        ("weight", pa.float32()),
        ("role", pa.string()),
        ("province", pa.string()),
        ("city", pa.string()),
    ]
)
MIN_DESCRIPTION = 10  # characters; Chinese requirements fit in few
COUNT_SCHEMA = pa.schema([("period", pa.string()), ("area", pa.string()), ("postings", pa.int64())])


def raw_batch(rows: list[dict[str, Any]]) -> pa.RecordBatch:
    """Raw rows (field → value, plus 'row' and 'problem') as a batch of strings."""
    columns = {f: [_text(r.get(f)) for r in rows] for f in FIELDS}
    columns["row"] = [int(r.get("row") or 0) for r in rows]  # type: ignore[misc]
    columns["problem"] = [str(r.get("problem") or "") for r in rows]
    return pa.RecordBatch.from_pydict(columns, schema=RAW_SCHEMA)


def raw_row(
    fields: dict[str, Any], row: int, problem: str, raw_hash: int | None = None
) -> dict[str, Any]:
    """One raw row as `posting_batch` reads it: every field as text (a row of `raw_batch`)."""
    out: dict[str, Any] = {f: _text(fields.get(f)) for f in FIELDS}
    out.update(row=row, problem=problem, raw_hash=raw_hash)
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


# --- stage 1: normalised postings ---------------------------------------------------------------


def normalised_postings(
    raw: pa.RecordBatch, *, source: str = "", import_run: int = 0
) -> pa.RecordBatch:
    """One posting per raw row; rows that cannot be used keep a `problem` (quarantined later)."""
    return posting_batch(raw.to_pylist(), source=source, import_run=import_run)


def posting_batch(
    rows: Iterable[dict[str, Any]], *, source: str = "", import_run: int = 0
) -> pa.RecordBatch:
    """`normalised_postings` for raw rows held as dicts (field → text, 'row', 'problem' and
    optionally 'raw_hash'): the local runner's workers build no raw batch at all."""
    out: dict[str, list[Any]] = {name: [] for name in POSTING_SCHEMA.names}
    for row in rows:
        for name, value in _posting(row, source, import_run).items():
            out[name].append(value)
    return pa.RecordBatch.from_pydict(out, schema=POSTING_SCHEMA)


def _posting(row: dict[str, Any], default_source: str, import_run: int) -> dict[str, Any]:
    title = _short_text(row["title"] or "")
    description = clean_text(row["description"] or "")
    company = _short_text(row["company"] or "")
    location = _short_text(row["city"] or "")
    city, province = _locate(location)
    posted, date_problem = _date(row["posted"])
    source = _short_text(row["source"] or "") or default_source
    source_id = (row["source_id"] or "").strip()
    lo, hi, currency = _salary(row["salary"] or "")
    problem = row["problem"] or _problem(title, description, date_problem)
    return {
        "posting_id": content_hash(title, company, location, description),
        "source": source,
        "source_id": source_id,
        "source_key": f"{source}:{source_id}" if source_id else "",
        "title": title,
        "company": company,
        "city": city,
        "province": province,
        "location": location,
        "salary_text": (row["salary"] or "").strip()[:100],
        "salary_min": lo,
        "salary_max": hi,
        "currency": currency,
        "posted_date": posted,
        "month": f"{posted.year:04d}-{posted.month:02d}" if posted else "",
        "week": week_start(posted) if posted else None,
        "lang": language(title + description),
        "role": "",
        "description": description,
        "url": (row["url"] or "").strip()[:500],
        "import_run": import_run,
        "raw_hash": row.get("raw_hash"),
        "row": row["row"],
        "problem": problem,
    }


# The one-line fields repeat across postings (a title, an employer, a city, a date, a salary
# band), so their normalised forms are cached per worker; descriptions are not.
_SHORT = 16_384


@lru_cache(maxsize=_SHORT)
def _short_text(value: str) -> str:
    return clean_text(value, keep_lines=False)


@lru_cache(maxsize=_SHORT)
def _locate(location: str) -> tuple[str, str]:
    return locate(location)


@lru_cache(maxsize=_SHORT)
def _salary(value: str) -> tuple[float | None, float | None, str]:
    return parse_salary(_short_text(value))


@lru_cache(maxsize=_SHORT)
def _date(value: str | None) -> tuple[dt.date | None, str]:
    try:
        return parse_date(value), ""
    except DateError as exc:
        return None, say(gettext_noop("发布日期：%(problem)s"), problem=exc.said)


def _problem(title: str, description: str, date_problem: str) -> str:
    if not title:
        return say(gettext_noop("标题为空"))
    if len(description) < MIN_DESCRIPTION:
        return say(gettext_noop("描述为空或少于 %(n)s 个字符"), n=MIN_DESCRIPTION)
    return date_problem


def content_hash(title: str, company: str, location: str, description: str) -> str:
    body = "\x1f".join(
        ex.lower(" ".join(p.split())) for p in (title, company, location, description)
    )
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:20]


def usable(postings: pa.RecordBatch) -> pa.RecordBatch:
    return postings.filter(pc.equal(postings.column("problem"), ""))


def first_occurrences(postings: pa.RecordBatch, seen: set[str] | None = None) -> pa.RecordBatch:
    """The batch without postings whose id came earlier (in the batch, or in `seen`, which is
    updated). Mentions and area rows name postings by id, so an id must be stored once."""
    seen = set() if seen is None else seen
    keep = []
    for posting_id in postings.column("posting_id").to_pylist():
        keep.append(posting_id not in seen)
        seen.add(posting_id)
    return postings if all(keep) else postings.filter(pa.array(keep, pa.bool_()))


def rejected(postings: pa.RecordBatch) -> pa.RecordBatch:
    return postings.filter(pc.not_equal(postings.column("problem"), ""))


# --- stage 2: mentions, roles and posting × area rows ----------------------------------------------


def skill_mentions(postings: pa.RecordBatch, matcher: ex.Matcher) -> pa.RecordBatch:
    """Lexicon mentions and cue-phrase candidates of every posting in the batch."""
    return extracted(postings, matcher)[1]


def extracted(
    postings: pa.RecordBatch, matcher: ex.Matcher
) -> tuple[pa.RecordBatch, pa.RecordBatch, pa.RecordBatch]:
    """(postings with roles, mentions, area rows): one pass over the batch's postings.

    Area rows hold one row per (posting, area it demands) with the posting's role and place.
    """
    mentions: dict[str, list[Any]] = {name: [] for name in MENTION_SCHEMA.names}
    areas: dict[str, list[Any]] = {name: [] for name in AREA_SCHEMA.names}
    roles: list[str] = []
    keys = ("posting_id", "month", "week", "province", "city", "title", "description")
    for p in postings.select(list(keys)).to_pylist():
        found = ex.posting_mentions(p["title"], p["description"], matcher)
        role = ex.classify_role(p["title"], [m for m in found if m.area])
        roles.append(role)
        _append_mentions(mentions, p["posting_id"], p["month"], found)
        _append_areas(areas, p, role, ex.area_weights(found))
    index = POSTING_SCHEMA.get_field_index("role")
    with_roles = postings.set_column(index, "role", pa.array(roles, pa.string()))
    return (
        with_roles,
        pa.RecordBatch.from_pydict(mentions, schema=MENTION_SCHEMA),
        pa.RecordBatch.from_pydict(areas, schema=AREA_SCHEMA),
    )


def _append_mentions(
    out: dict[str, list[Any]], posting_id: str, month: str, found: list[ex.Mention]
) -> None:
    if not found:
        return
    out["posting_id"].extend([posting_id] * len(found))
    out["month"].extend([month] * len(found))
    for name, values in zip(ex.Mention._fields, zip(*found, strict=True), strict=True):
        out[name].extend(values)


def _append_areas(
    out: dict[str, list[Any]], p: dict[str, Any], role: str, weights: dict[str, float]
) -> None:
    for area, weight in sorted(weights.items()):
        if weight >= ex.DEMAND_THRESHOLD:
            for k in ("posting_id", "month", "week", "province", "city"):
                out[k].append(p[k])
            out["area"].append(area)
            out["weight"].append(weight)
            out["role"].append(role)


def area_counts(areas: pa.RecordBatch, period: str = "month") -> pa.RecordBatch:
    """Partial (period, area) → postings counts; sum them to combine batches or partitions."""
    table = (
        pa.Table.from_batches([areas])
        .group_by([period, "area"])
        .aggregate([("posting_id", "count")])
    )
    periods = table.column(period).cast(pa.string())
    return pa.RecordBatch.from_arrays(
        [
            periods.combine_chunks(),
            table.column("area").combine_chunks(),
            table.column("posting_id_count").combine_chunks(),
        ],
        schema=COUNT_SCHEMA,
    )


def stored_postings(batch: pa.RecordBatch, month: str | None = None) -> pa.RecordBatch:
    """A batch read back from the lake (month from the partition path) as a postings batch."""
    table = pa.Table.from_batches([batch])
    if "month" not in table.column_names:
        table = table.append_column("month", pa.array([month or ""] * table.num_rows, pa.string()))
    table = table.append_column("problem", pa.array([""] * table.num_rows, pa.string()))
    if "raw_hash" not in table.column_names:  # written before raw hashes were kept
        table = table.append_column("raw_hash", pa.nulls(table.num_rows, pa.int64()))
    columns = [table.column(f.name).cast(f.type) for f in POSTING_SCHEMA]
    return pa.RecordBatch.from_arrays([c.combine_chunks() for c in columns], schema=POSTING_SCHEMA)


def pipeline(
    raw_batches: Iterable[pa.RecordBatch], lexicon: ex.Lexicon
) -> Iterator[pa.RecordBatch]:
    """raw → area rows for usable postings: the composition Spark runs in `mapInArrow`."""
    matcher = ex.build_matcher(lexicon)
    for raw in raw_batches:
        postings = usable(normalised_postings(raw))
        yield extracted(postings, matcher)[2]
