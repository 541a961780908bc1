"""The extraction stage on PySpark `mapInArrow` (local mode) agrees with the local runner.

Slow-ish: starts a JVM (about 10-20 s). Needs Java 17 or newer on PATH; skipped without it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from cbec.monitor import runner, samples, spark, trends
from cbec.monitor.lexicon import current_lexicon

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="PySpark needs Java"),
]


def test_spark_counts_match_the_local_runner(tmp_path: Path, settings: Any) -> None:
    path = tmp_path / "synthetic.jsonl"
    samples.write_file(path, per_month=15, months=6)
    root = tmp_path / "lake"
    lexicon = current_lexicon()
    runner.import_file(path, lexicon, root=root, source="synthetic")
    local = {(r["period"], r["key"]): r["postings"] for r in trends.shares("area", root=root)}
    session = spark.session("local[2]")
    try:
        counts = spark.monthly_area_counts(root, lexicon, spark=session)
    finally:
        session.stop()
    assert {(r["period"], r["area"]): r["postings"] for r in counts} == local
    assert len(local) > 20
