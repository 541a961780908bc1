"""Industry demand per domain area, for the gap report (cbec.analysis) and the dashboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cbec.monitor.cache import lake_cached
from cbec.monitor.lake import connect, files


@lake_cached
def demand_by_area(since: dt.date | None = None, root: Path | None = None) -> dict[str, float]:
    """Area code → share of postings (since `since`, default all) that demand the area.

    Empty when the lake holds no postings, so callers can fall back to their own order. Kept
    until the lake changes.
    """
    if not files("postings", root):
        return {}
    where = " WHERE month >= ?" if since else ""
    params = [since.strftime("%Y-%m")] if since else []
    sql = f"""SELECT area, count(*) / (SELECT count(*) FROM postings{where})
              FROM areas{where} GROUP BY area ORDER BY 2 DESC"""
    with connect(root) as con:
        rows = con.execute(sql, params + params).fetchall()
    return {area: round(float(share), 5) for area, share in rows}
