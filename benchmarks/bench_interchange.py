"""Interchange and versions at scale: 10,000-item CASE import and export, a 14,000-row ESCO
skills CSV, and the diff of two 10,000-item versions. Prints numbers, peak memory, the machine.

Run: .venv/bin/python benchmarks/bench_interchange.py
Targets: CASE import < 10 s, CASE export < 10 s, ESCO 14,000 rows < 30 s, diff < 2 s.
"""

from __future__ import annotations

import csv
import json
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _harness import machine, setup_django

setup_django()

from generate import generated_framework, store  # noqa: E402

from cbec.standards.actions import import_framework  # noqa: E402
from cbec.standards.interop.case.export import case_package  # noqa: E402
from cbec.standards.interop.case.parse import parse_case_package  # noqa: E402
from cbec.standards.interop.esco.parse import parse_esco  # noqa: E402
from cbec.standards.models import Framework  # noqa: E402
from cbec.standards.snapshot import snapshot  # noqa: E402
from cbec.standards.versions import diff_versions  # noqa: E402


def measure(label: str, fn: Callable[[], Any]) -> Any:
    """Wall time, and the process's peak resident memory so far (no tracing overhead)."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:52} {seconds:7.2f} s   peak RSS {peak:6.0f} MiB", flush=True)
    return result


def esco_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "conceptType",
                "conceptUri",
                "skillType",
                "reuseLevel",
                "preferredLabel",
                "altLabels",
                "hiddenLabels",
                "status",
                "modifiedDate",
                "scopeNote",
                "definition",
                "inScheme",
                "description",
            ]
        )
        for n in range(rows):
            kind = "knowledge" if n % 4 == 0 else "skill/competence"
            writer.writerow(
                [
                    "KnowledgeSkillCompetence",
                    f"http://data.europa.eu/esco/skill/{uuid.uuid4()}",
                    kind,
                    "sector-specific",
                    f"skill number {n} for cross-border trade",
                    f"alt {n}\nother label {n}",
                    "",
                    "released",
                    "2024-05-01",
                    "",
                    "",
                    "http://data.europa.eu/esco/concept-scheme/skills",
                    f"Description of skill {n}, long enough to look like ESCO's own text.",
                ]
            )


def main() -> None:
    print(machine())
    fw = store(generated_framework("bench-case", 10_000))
    pkg = measure(
        "CASE export 10,000 items (snapshot + package)", lambda: case_package(snapshot(fw))
    )
    data = measure("  … as JSON bytes", lambda: json.dumps(pkg, ensure_ascii=False).encode())
    print(
        f"  package: {len(pkg['CFItems']):,} items, {len(pkg['CFAssociations']):,} associations, {len(data) / 2**20:.1f} MiB"
    )
    spec = measure(
        "CASE parse 10,000 items (--copy)",
        lambda: parse_case_package(data, "bench.json", code="bench-copy", fresh=True),
    )
    measure(
        "CASE import 10,000 items (write, one transaction)",
        lambda: import_framework(spec, actor=None, file="bench.json", source_format="case"),
    )
    measure(
        "CASE import end to end (parse + write, fresh copy)",
        lambda: import_framework(
            parse_case_package(data, "bench.json", code="bench-copy2", fresh=True),
            actor=None,
            file="bench.json",
            source_format="case",
        ),
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "skills_en.csv"
        esco_csv(path, 14_000)
        print(f"  ESCO skills file: {path.stat().st_size / 2**20:.1f} MiB")
        esco = measure("ESCO parse 14,000 skills (streamed)", lambda: parse_esco([path]))
        measure(
            "ESCO import 14,000 skills (write)",
            lambda: import_framework(esco, actor=None, file=path.name, source_format="esco"),
        )
    # The next version: 500 skills reworded, 20 knowledge items removed, 10 items added.
    spec = generated_framework("bench-case", 10_000)
    spec.version = "1.1.0"
    for item in [i for i in spec.items if i.item_type == "skill_requirement"][:500]:
        item.statement_zh += "（修订）"
    removed = {i.code for i in spec.items if i.item_type == "knowledge"}
    removed = set(sorted(removed)[:20])
    spec.items = [i for i in spec.items if i.code not in removed]
    spec.items += [
        type(spec.items[0])(f"NEW{n}", "R1", "function", f"新职业功能{n}") for n in range(10)
    ]
    draft = store(spec)
    result = measure(
        "diff of two 10,000-item versions (load + diff)", lambda: diff_versions(fw, draft)
    )
    print(f"  {result.counts()} → suggest {result.suggested_version}")
    a, b = snapshot(fw), snapshot(draft)
    from cbec.standards.diff import diff_snapshots

    measure("  diff core only (two snapshots in memory)", lambda: diff_snapshots(a, b))
    assert Framework.objects.filter(code="bench-copy").exists()


if __name__ == "__main__":
    sys.exit(main())
