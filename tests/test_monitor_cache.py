"""The monitor's query cache: a result is kept until the lake's published files change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cbec.monitor import cache


def publish(root: Path, month: str, name: str, content: bytes = b"x") -> Path:
    folder = root / "postings" / f"month={month}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def test_results_are_kept_until_the_lake_changes(tmp_path: Path) -> None:
    calls: list[Any] = []

    @cache.lake_cached
    def query(dimension: str = "area", root: Path | None = None) -> list[dict[str, Any]]:
        calls.append((dimension, root))
        return [{"key": dimension, "n": len(calls)}]

    publish(tmp_path, "2026-01", "part-a.parquet")
    first = query(root=tmp_path)
    assert query(root=tmp_path) == first and len(calls) == 1
    query("role", root=tmp_path)
    assert len(calls) == 2  # other arguments, another entry

    first[0]["n"] = 99  # what a caller edits is its own copy
    assert query(root=tmp_path)[0]["n"] == 1

    (tmp_path / "postings" / "month=2026-01" / ".part-b.parquet.tmp").write_bytes(b"half")
    assert query(root=tmp_path)[0]["n"] == 1  # unpublished files change nothing

    publish(tmp_path, "2026-02", "part-b.parquet")  # an import published a file
    assert query(root=tmp_path)[0]["n"] == 3

    (tmp_path / "postings" / "month=2026-02" / "part-b.parquet").rename(
        tmp_path / "postings" / "month=2026-02" / "part-c.parquet"
    )  # re-extraction swaps files in under new names
    assert query(root=tmp_path)[0]["n"] == 4
    assert query(root=tmp_path / "elsewhere")[0]["n"] == 5  # another lake, another entry


def test_the_dashboard_queries_are_cached(tmp_path: Path) -> None:
    from cbec.monitor import demand, trends

    for fn in (trends.shares, trends.overview, demand.demand_by_area):
        assert hasattr(fn, "__wrapped__")
    assert trends.overview(root=tmp_path)["postings"] == 0
