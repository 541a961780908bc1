"""Industry monitor benchmarks: ingest + extraction throughput, and trend queries over 10M rows.

    .venv/bin/python benchmarks/bench_monitor.py --postings 200000 --rows 10000000

Postings are synthetic (generate.py) padded to about 600 characters, streamed from a JSONL file
through the local runner on every core into a throwaway lake. Peak RSS is reported for the main
process and the largest worker.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from _harness import machine, setup_django

PAD = (
    "\n工作地点与团队：团队20人，采用OKR管理，每周复盘经营数据；公司位于产业园区，交通便利，"
    "周边配套完善。岗位发展路径清晰，表现优秀者可晋升为主管或经理，并有机会参与海外展会和市场考察。"
    "\nWe value ownership, clear writing and curiosity about overseas buyers."
    "\n面试流程：简历筛选后安排两轮面试，第一轮为业务主管面试，第二轮为部门负责人面试，"
    "一般一周内反馈结果。欢迎应届毕业生和有相关行业经验的候选人投递，请在简历中注明到岗时间。"
    "\nPlease send a CV in English or Chinese; we answer every application within one week."
)


def write_postings(path: Path, n: int) -> float:
    from cbec.monitor import generate

    per_month = max(1, n // generate.MONTHS + 1)
    chars = 0
    with path.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(generate.postings(per_month, generate.MONTHS, seed=101)):
            if i >= n:
                break
            row.pop("_gold")
            row["description"] += PAD
            chars += len(row["title"]) + len(row["description"])
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return chars / n


def bench_ingest(n: int, workers: int, reimport: bool, keep: Path | None) -> None:
    from cbec.monitor import runner
    from cbec.monitor.lexicon import current_lexicon

    folder = Path(tempfile.mkdtemp(prefix="cbec-bench-monitor-"))
    path = keep or folder / "postings.jsonl"
    # A file kept from an earlier run with --keep is reused (same generator, same seed).
    avg = _average_chars(path, n) if path.exists() else write_postings(path, n)
    lexicon = current_lexicon()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    outcome = runner.import_file(path, lexicon, root=folder / "lake", workers=workers)
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    p = outcome.progress
    rate = p.rows / seconds
    main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"ingest+extract: {p.rows:,} postings (avg {avg:.0f} chars, {path.stat().st_size / 1e6:.0f} MB JSONL), "
        f"{workers} workers: {seconds:.1f} s = {rate:,.0f} postings/s = {rate / workers:,.0f} postings/s/core "
        f"(wall clock); CPU time of all processes {cpu:.1f} s = {p.rows / cpu:,.0f} postings per CPU-second; "
        f"added {p.added:,}, duplicates {p.duplicates:,}; peak RSS main {main_rss:.0f} MB, largest worker {child_rss:.0f} MB"
    )
    bench_detection(folder / "lake")
    if reimport:
        start = time.perf_counter()
        again = runner.import_file(path, lexicon, root=folder / "lake", workers=workers)
        print(
            f"re-import of the same file: {again.progress.added} added, {time.perf_counter() - start:.1f} s"
        )


def bench_detection(root: Path) -> None:
    """What every import now adds: reading the monthly series of every area and term from the
    lake and running both detectors on them (the signal rows written after are a few dozen)."""
    from cbec.monitor import detect, trends

    start = time.perf_counter()
    found = trends.series("month", root=root)
    findings = [
        f
        for key, counts in sorted(found.counts.items())
        for f in detect.find(key, counts, found.totals)
    ]
    placed = trends.term_areas((f.key for f in findings if f.key.startswith("term:")), root=root)
    shown = trends.candidates(2_000, root=root)
    total = time.perf_counter() - start
    print(
        f"signal detection after the import (as actions.detect_signals, without its few database "
        f"writes): {len(found.counts):,} series over {len(found.periods)} months, "
        f"{len(findings)} findings ({len(placed)} terms placed, {len(shown):,} candidates): "
        f"{total:.1f} s"
    )


def _average_chars(path: Path, n: int) -> float:
    chars = lines = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            chars += len(row["title"]) + len(row["description"])
            lines += 1
    if lines != n:
        raise SystemExit(f"{path} holds {lines:,} postings, not {n:,}")
    return chars / n


def _cpu_seconds() -> float:
    """User + system time of this process and its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def write_area_rows(root: Path, rows: int) -> None:
    """`rows` synthetic area rows over 24 months (and their postings), partition by partition."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cbec.monitor.generate import month_of

    rng = np.random.default_rng(5)
    areas = np.array(
        [
            "T1",
            "T2",
            "T3",
            "T4",
            "T5",
            "T6",
            "T7",
            "T8",
            "T9",
            "customs-clearance",
            "live-stream-selling",
            "social-commerce",
            "overseas-warehouse",
            "cross-border-payment",
            "ai-customer-service",
        ]
    )
    roles = np.array(
        ["platform_ops", "advertising", "logistics", "customer_service", "data", "compliance"]
    )
    provinces = np.array(["广东", "浙江", "福建", "上海", "江苏", "山东"])
    per_month = rows // 24
    for m in range(24):
        first = month_of(m)
        month = first.strftime("%Y-%m")
        postings = per_month // 2
        ids = np.char.add(f"{m:02d}-", np.arange(postings).astype(str))
        weeks = np.array(
            [first + dt.timedelta(days=7 * int(w)) for w in rng.integers(0, 4, postings)]
        )
        for name, table in (
            (
                "postings",
                pa.table(
                    {
                        "posting_id": ids,
                        "week": weeks,
                        "role": rng.choice(roles, postings),
                        "province": rng.choice(provinces, postings),
                        "city": rng.choice(provinces, postings),
                    }
                ),
            ),
            (
                "areas",
                pa.table(
                    {
                        "posting_id": np.repeat(ids, 2),
                        "week": np.repeat(weeks, 2),
                        "area": rng.choice(areas, postings * 2),
                        "weight": np.ones(postings * 2, np.float32),
                        "role": np.repeat(rng.choice(roles, postings), 2),
                        "province": np.repeat(rng.choice(provinces, postings), 2),
                        "city": np.repeat(rng.choice(provinces, postings), 2),
                    }
                ),
            ),
        ):
            folder = root / name / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, folder / "part-bench.parquet", compression="zstd")


def bench_trends(rows: int) -> None:
    from cbec.monitor import trends
    from cbec.monitor.demand import demand_by_area

    root = Path(tempfile.mkdtemp(prefix="cbec-bench-lake-"))
    start = time.perf_counter()
    write_area_rows(root, rows)
    print(
        f"trend data: {rows:,} area rows, {rows // 2:,} postings written in {time.perf_counter() - start:.1f} s"
    )
    for label, fn in (
        ("monthly share per area", lambda: trends.shares("area", "month", root=root)),
        ("weekly share per area", lambda: trends.shares("area", "week", root=root)),
        ("monthly share per role", lambda: trends.shares("role", "month", root=root)),
        ("monthly share per province", lambda: trends.shares("province", "month", root=root)),
        ("demand by area since 2025-01", lambda: demand_by_area(dt.date(2025, 1, 1), root=root)),
    ):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
        print(f"  {label:30} {min(times):6.2f} s best of 3 ({len(result)} result rows)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--reimport", action="store_true", help="Also time importing the file again."
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="Write the postings file here (or reuse it if it exists) to repeat a measurement.",
    )
    args = parser.parse_args()
    setup_django()
    print(machine())
    if args.postings:
        bench_ingest(args.postings, args.workers, args.reimport, args.keep)
    if args.rows:
        bench_trends(args.rows)


if __name__ == "__main__":
    main()
