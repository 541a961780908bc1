"""Classify and link 10,000 regulation notices (issue 6 target: < 10 s on 2 cores).

Notices are the labelled evaluation set repeated with varied numbers and dates, so every one is
distinct. Prints the pure part (field extraction, classification, regulation links) and the
whole import (with database writes, item links and signals) separately.
Run: .venv/bin/python benchmarks/bench_regulatory.py [N]
"""

from __future__ import annotations

import json
import resource
import sys
import time

from _harness import ROOT, machine, setup_django

setup_django()

from cbec.regulatory.actions import _known_regulations, import_notice_files  # noqa: E402
from cbec.regulatory.classify import classify  # noqa: E402
from cbec.regulatory.linking import regulation_links  # noqa: E402
from cbec.regulatory.notice_text import extract  # noqa: E402


def notices(n: int) -> list[dict[str, str]]:
    path = ROOT / "cbec" / "regulatory" / "data" / "notices_labelled.jsonl"
    base = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    out = []
    for i in range(n):
        row = dict(base[i % len(base)])
        row.pop("label", None)
        row["number"] = f"基准公告{2000 + i // 1000}年第{i}号"
        row["text"] = (
            f"{row['text']} 本公告自{2020 + i % 7}年{1 + i % 12}月{1 + i % 28}日起施行。（基准{i}）"
        )
        out.append(row)
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(f"machine: {machine()}")
    rows = notices(n)
    known = _known_regulations()
    start = time.perf_counter()
    for row in rows:
        fields = extract(row["title"], row["text"])
        classify(row["title"], row["text"])
        regulation_links(fields, row["title"], known, own=row["number"])
    pure = time.perf_counter() - start
    print(
        f"extract + classify + regulation links, {n} notices: {pure:.2f} s ({n / pure:,.0f}/s, one core)"
    )
    payload = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
    start = time.perf_counter()
    report = import_notice_files([("bench.jsonl", payload)])
    total = time.perf_counter() - start
    print(
        f"full import incl. database, item links and signals: {total:.1f} s "
        f"({report.created} new, {report.relevant} relevant); target < 10 s"
    )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")


if __name__ == "__main__":
    main()
