"""Read side of the lake: demand shares, term series, candidates and evidence, with DuckDB.

What the dashboard and the API read on every request (`shares`, `overview`) is kept until the
lake changes (`cbec.monitor.cache`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cbec.monitor.cache import lake_cached
from cbec.monitor.lake import connect

DIMENSIONS = ("area", "role", "province", "city")
PERIODS = ("month", "week")


@dataclass
class Series:
    periods: list[str]
    totals: list[int]
    counts: dict[str, list[int]]  # key → postings per period


def _period_expr(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    return "month" if period == "month" else "strftime(week, '%Y-%m-%d')"


def _since(since: dt.date | None, column: str = "month") -> tuple[str, list[Any]]:
    if since is None:
        return "", []
    return f" WHERE {column} >= ?", [since.strftime("%Y-%m")]


@lake_cached
def shares(
    dimension: str = "area",
    period: str = "month",
    since: dt.date | None = None,
    root: Path | None = None,
) -> list[dict[str, Any]]:
    """Rows {period, key, postings, total, share}: postings demanding an area, or per role /
    province / city, as a share of all postings of the period."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}")
    p = _period_expr(period)
    where, params = _since(since)
    table, key = ("areas", "area") if dimension == "area" else ("postings", dimension)
    sql = f"""
        WITH totals AS (SELECT {p} AS period, count(*) AS total FROM postings{where} GROUP BY 1),
             counts AS (SELECT {p} AS period, {key} AS key, count(*) AS n FROM {table}{where}
                        GROUP BY 1, 2)
        SELECT c.period, c.key, c.n, t.total, c.n / t.total AS share
        FROM counts c JOIN totals t USING (period) WHERE c.key <> '' ORDER BY 1, 2"""
    with connect(root) as con:
        rows = con.execute(sql, params + params).fetchall()
    return [
        {"period": str(r[0]), "key": r[1], "postings": r[2], "total": r[3], "share": round(r[4], 5)}
        for r in rows
    ]


def totals(period: str = "month", root: Path | None = None) -> tuple[list[str], list[int]]:
    with connect(root) as con:
        rows = con.execute(
            f"SELECT {_period_expr(period)} AS p, count(*) FROM postings GROUP BY 1 ORDER BY 1"
        ).fetchall()
    return [str(r[0]) for r in rows], [r[1] for r in rows]


_TERM_KEY = "'term:' || CASE WHEN kind = 'candidate' THEN lower(term) ELSE term END"


def series(period: str = "month", root: Path | None = None, min_postings: int = 12) -> Series:
    """Per-period posting counts of every area ('area:T4') and term ('term:GPSR'), lexicon
    terms and candidates alike (candidates are case-folded so spellings count together);
    keys named by fewer than `min_postings` postings in all are left out."""
    periods, total = totals(period, root)
    rows = f"""
        SELECT {_TERM_KEY} AS key, posting_id, month FROM mentions
        WHERE kind = 'candidate' OR confidence >= 0.5
        UNION ALL SELECT 'area:' || area, posting_id, month FROM areas"""
    # Monthly counts read the month every row carries (its partition); weekly ones need each
    # posting's week, a join that costs more than the count (5.9 s against 2.3 s, 1 M postings).
    if period == "month":
        sql = f"SELECT key, month, count(DISTINCT posting_id) FROM ({rows}) GROUP BY 1, 2"
    else:
        sql = f"""SELECT r.key, {_period_expr(period)}, count(DISTINCT r.posting_id)
                  FROM ({rows}) r JOIN postings p USING (posting_id) GROUP BY 1, 2"""
    index = {p: i for i, p in enumerate(periods)}
    counts: dict[str, list[int]] = {}
    with connect(root) as con:
        for key, per, n in con.execute(sql).fetchall():
            counts.setdefault(key, [0] * len(periods))[index[str(per)]] = n
    # A posting falls in one period, so the per-period counts add up to the postings in all.
    return Series(periods, total, {k: v for k, v in counts.items() if sum(v) >= min_postings})


def term_areas(
    keys: Iterable[str] | None = None, root: Path | None = None
) -> dict[str, dict[str, int]]:
    """For each term key ('term:…'), the areas of the postings mentioning it (to place candidate
    terms); only `keys` when given — the whole join is ten times slower on a large lake."""
    wanted = sorted(set(keys)) if keys is not None else None
    where = f"WHERE {_TERM_KEY} IN (SELECT unnest(?::VARCHAR[]))" if wanted is not None else ""
    sql = f"""
        WITH m AS (SELECT DISTINCT {_TERM_KEY} AS key, posting_id FROM mentions {where})
        SELECT m.key, a.area, count(*) FROM m JOIN areas a USING (posting_id) GROUP BY 1, 2"""
    # count(*) counts postings: an area row is one (posting, area) pair, and m is distinct.
    out: dict[str, dict[str, int]] = {}
    with connect(root) as con:
        for key, area, n in con.execute(sql, [wanted] if wanted is not None else []).fetchall():
            out.setdefault(key, {})[area] = n
    return out


def evidence(
    key: str, since_month: str, limit: int = 5, root: Path | None = None
) -> list[dict[str, Any]]:
    """Postings behind a finding: the first ones from its onset on."""
    kind, _, value = key.partition(":")
    if kind == "area":
        match = "posting_id IN (SELECT posting_id FROM areas WHERE area = ?)"
    else:
        match = "posting_id IN (SELECT posting_id FROM mentions WHERE term = ? OR (kind = 'candidate' AND lower(term) = lower(?)))"
    params = [value] if kind == "area" else [value, value]
    sql = f"""SELECT posting_id, title, company, city, posted_date, url, source FROM postings
              WHERE month >= ? AND {match} ORDER BY posted_date, posting_id LIMIT ?"""
    with connect(root) as con:
        rows = con.execute(sql, [since_month, *params, limit]).fetchall()
    names = ("id", "title", "company", "city", "date", "url", "source")
    return [
        {"kind": "posting", **dict(zip(names, [*r[:4], str(r[4]), *r[5:]], strict=True))}
        for r in rows
    ]


def candidates(
    limit: int = 50, known: set[str] | None = None, root: Path | None = None
) -> list[dict[str, Any]]:
    """Frequent cue phrases not in the lexicon, with how many postings name them and since when."""
    sql = """SELECT lower(term) AS t, any_value(term), count(DISTINCT posting_id), min(month), max(month)
             FROM mentions WHERE kind = 'candidate' GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ?"""
    known = {k.lower() for k in known or set()}
    with connect(root) as con:
        rows = con.execute(sql, [limit + len(known)]).fetchall()
    out = [
        {"term": r[1], "postings": r[2], "first_month": r[3], "last_month": r[4]}
        for r in rows
        if r[0] not in known
    ]
    return out[:limit]


def posting(posting_id: str, root: Path | None = None) -> dict[str, Any] | None:
    with connect(root) as con:
        rel = con.execute("SELECT * FROM postings WHERE posting_id = ?", [posting_id])
        names = [d[0] for d in rel.description]
        row = rel.fetchone()
        if row is None:
            return None
        found = dict(zip(names, row, strict=True))
        found["mentions"] = [
            dict(
                zip(
                    ("area", "term", "matched", "start", "end", "confidence", "section", "kind"),
                    m,
                    strict=True,
                )
            )
            for m in con.execute(
                'SELECT area, term, matched, start, "end", confidence, section, kind FROM mentions '
                "WHERE posting_id = ? ORDER BY start",
                [posting_id],
            ).fetchall()
        ]
    return found


@lake_cached
def overview(root: Path | None = None) -> dict[str, Any]:
    with connect(root) as con:
        n, first, last = con.execute(
            "SELECT count(*), min(posted_date), max(posted_date) FROM postings"
        ).fetchone() or (0, None, None)
        mentions = (con.execute("SELECT count(*) FROM mentions").fetchone() or (0,))[0]
    return {"postings": n, "first": first, "last": last, "mentions": mentions}
