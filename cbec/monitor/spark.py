"""The same stages on Apache Spark: `mapInArrow` runs stages.extracted on each Arrow batch of
the lake's postings, Spark groups the area rows. See docs/monitor.md for a real cluster."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from cbec.monitor import extract as ex
from cbec.monitor import stages

AREA_DDL = "posting_id string, month string, week date, area string, weight float, role string, province string, city string"


def session(master: str = "local[2]", app: str = "cbec-monitor") -> Any:
    """A Spark session; in local mode the workers use this Python."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "5000")
        .getOrCreate()
    )


def area_rows_of(lexicon: ex.Lexicon) -> Any:
    """The function Spark runs per partition: stored postings batches → area rows batches."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        matcher = ex.build_matcher(lexicon)
        for batch in batches:
            yield stages.extracted(stages.stored_postings(batch), matcher)[2]

    return run


def monthly_area_counts(
    root: Path, lexicon: ex.Lexicon, master: str = "local[2]", spark: Any = None
) -> list[dict[str, Any]]:
    """Postings per (month, demanded area), computed on Spark from <root>/postings."""
    spark = spark or session(master)
    postings = spark.read.parquet(str(root / "postings"))
    areas = postings.mapInArrow(area_rows_of(lexicon), AREA_DDL)
    rows = areas.groupBy("month", "area").count().orderBy("month", "area").collect()
    return [{"period": r["month"], "area": r["area"], "postings": r["count"]} for r in rows]
