"""Synthetic sample postings for the demo: written to a file, or imported into the lake."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from cbec.accounts.roles import SYSTEM, Actor
from cbec.monitor import generate
from cbec.monitor.actions import import_postings
from cbec.monitor.mapping import FIELDS
from cbec.monitor.models import ImportRun
from cbec.monitor.queries import lake_holds_samples

# `lake_holds_samples` lives in queries.py (the import verb needs it, and this module needs the
# verb); it stays importable from here for the pages.
__all__ = ["lake_holds_samples", "load_sample_postings", "write_file"]


def write_file(
    path: Path, *, per_month: int = 400, months: int = generate.MONTHS, seed: int = 7
) -> int:
    """JSONL (one object per line) or CSV (UTF-8), by the file's extension; gold labels omitted."""
    rows = generate.postings(per_month, months, seed)
    n = 0  # rows written
    with path.open("w", encoding="utf-8", newline="") as fh:
        if path.suffix.lower() == ".csv":
            writer = csv.DictWriter(fh, fieldnames=list(FIELDS), extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
                n += 1
        else:
            for row in rows:
                row.pop("_gold")
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    return n


def load_sample_postings(
    *, per_month: int = 400, months: int = generate.MONTHS, seed: int = 7, actor: Actor = SYSTEM
) -> ImportRun:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic-postings.jsonl"
        write_file(path, per_month=per_month, months=months, seed=seed)
        return import_postings(path, actor=actor, source="synthetic", is_sample=True)
