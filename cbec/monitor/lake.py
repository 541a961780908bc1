"""The Parquet lake: <lake>/<dataset>/month=YYYY-MM/part-<run>-<n>.parquet, read with DuckDB.

Files are only ever added: a writer writes hidden temporary files and renames them when the
whole import succeeded, so a failed import leaves the lake as it was. One import at a time
holds the lake's lock file.

Publishing is all or nothing even when the process dies in the middle of it (a restart, a
killed worker): the writer first writes a journal of the renames (`.commit-*.json`; a
re-extraction's swap of whole datasets: `.swap-*.json`), and the next writer to take the lock,
or the scheduler's sweep, finishes what a journal lists. Without a journal nothing was
published, and the hidden files are only removed.
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.conf import settings

from cbec.monitor.stages import AREA_SCHEMA, MENTION_SCHEMA, POSTING_SCHEMA

SCHEMAS = {"postings": POSTING_SCHEMA, "mentions": MENTION_SCHEMA, "areas": AREA_SCHEMA}


def lake_dir() -> Path:
    return Path(settings.MONITOR_LAKE_DIR)


def _stored(schema: pa.Schema) -> pa.Schema:
    return pa.schema([f for f in schema if f.name not in {"month", "problem"}])


BUFFERED_ROWS = 20_000  # per dataset; one import's batches spread over many months


class LakeWriter:
    """Writes batches into month partitions; `commit` publishes, `abort` discards.

    Rows are buffered per partition and written as one row group when a dataset holds
    BUFFERED_ROWS of them (or at commit): a batch spread over 24 months would otherwise make
    24 tiny row groups, slow to write and to read.
    """

    def __init__(self, root: Path, tag: str) -> None:
        self.root = root
        self.tag = f"{tag}-{uuid.uuid4().hex[:8]}"
        self.writers: dict[tuple[str, str], pq.ParquetWriter] = {}
        self.paths: dict[tuple[str, str], Path] = {}
        self.pending: dict[str, dict[str, list[pa.RecordBatch]]] = {}
        self.pending_rows: dict[str, int] = {}
        self.publishing = False

    def write(self, dataset: str, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        by_month = self.pending.setdefault(dataset, {})
        for month, part in _by_month(batch):
            by_month.setdefault(month, []).append(part)
        self.pending_rows[dataset] = self.pending_rows.get(dataset, 0) + batch.num_rows
        if self.pending_rows[dataset] >= BUFFERED_ROWS:
            self._flush(dataset)

    def _flush(self, dataset: str) -> None:
        for month, parts in self.pending.pop(dataset, {}).items():
            table = pa.Table.from_batches([self._shape(dataset, p) for p in parts])
            self._writer(dataset, month).write_table(table, row_group_size=table.num_rows)
        self.pending_rows[dataset] = 0

    def _shape(self, dataset: str, batch: pa.RecordBatch) -> pa.RecordBatch:
        schema = _stored(SCHEMAS[dataset])
        return pa.RecordBatch.from_arrays([batch.column(f.name) for f in schema], schema=schema)

    def _writer(self, dataset: str, month: str) -> pq.ParquetWriter:
        key = (dataset, month)
        if key not in self.writers:
            folder = self.root / dataset / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            self.paths[key] = folder / f".part-{self.tag}.parquet.tmp"
            self.writers[key] = pq.ParquetWriter(
                self.paths[key], _stored(SCHEMAS[dataset]), compression="zstd"
            )
        return self.writers[key]

    def commit(self) -> int:
        for dataset in list(self.pending):
            self._flush(dataset)
        for writer in self.writers.values():
            writer.close()
        renames = [
            [str(path.relative_to(self.root)), str(_published(path).relative_to(self.root))]
            for path in self.paths.values()
        ]
        journal = self.root / f".commit-{self.tag}.json"
        if renames:
            _write_journal(journal, {"renames": renames})
            self.publishing = True
            _publish(self.root, journal)
        return len(self.paths)

    def abort(self) -> None:
        for writer in self.writers.values():
            writer.close()
        if self.publishing:  # part published: the journal lets the next writer finish it
            return
        for path in self.paths.values():
            path.unlink(missing_ok=True)


def _published(path: Path) -> Path:
    return path.with_name(path.name.removeprefix(".").removesuffix(".tmp"))


def _write_journal(path: Path, plan: dict[str, Any]) -> None:
    """Write `plan` so that the journal either exists whole or not at all."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(plan, fh)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.rename(path)


def _publish(root: Path, journal: Path) -> None:
    """Do (or finish) the renames a commit journal lists, then drop the journal."""
    for tmp, final in json.loads(journal.read_text(encoding="utf-8"))["renames"]:
        if (root / tmp).exists():
            (root / tmp).rename(root / final)
    journal.unlink()


def roll_forward(root: Path) -> int:
    """Finish every publish a writer began and did not end (its journal is still there); the
    caller holds the lock. Returns how many were finished."""
    journals = sorted(root.glob(".commit-*.json")) + sorted(root.glob(".swap-*.json"))
    for journal in journals:
        if journal.name.startswith(".commit-"):
            _publish(root, journal)
        else:
            staged = _swap(root, journal)
            if staged.exists():
                _remove_tree(staged)
    return len(journals)


def _by_month(batch: pa.RecordBatch) -> Iterator[tuple[str, pa.RecordBatch]]:
    """The batch's rows per month, as zero-copy slices of the batch sorted by month."""
    months = batch.column("month")
    if pc.min_max(months)["min"] == pc.min_max(months)["max"]:
        yield months[0].as_py(), batch
        return
    ordered = batch.take(pc.sort_indices(months))
    runs = pc.run_end_encode(ordered.column("month"))
    start = 0
    for month, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist(), strict=True):
        yield month, ordered.slice(start, end - start)
        start = end


@contextmanager
def locked(root: Path | None = None) -> Iterator[Path]:
    """Exclusive use of the lake for one writer (imports, re-extraction)."""
    root = root or lake_dir()
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            roll_forward(root)  # a writer cut off while publishing: the lake gets all of it
            yield root
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def sweep_if_idle(root: Path | None = None) -> int | None:
    """Finish publishes that writers began (their journals), then delete what writers that were
    cut off left unpublished; None when a writer holds the lake now (nothing is touched).
    Unpublished files are hidden (`.part-*.tmp`, a re-extraction's `.reextract-*` folder),
    never read, so removing them changes no result."""
    root = root or lake_dir()
    if not root.exists():
        return 0
    with (root / ".lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        try:
            roll_forward(root)
            leftovers = list(root.glob("*/month=*/.part-*.parquet.tmp"))
            for path in leftovers:
                path.unlink(missing_ok=True)
            for stray in root.glob(".*.json.tmp"):  # a journal never finished: nothing began
                stray.unlink(missing_ok=True)
            for folder in root.glob(".reextract-*"):
                _remove_tree(folder)
            for old in root.glob(".*-old-*"):  # a swap cut off before journals existed
                dataset = root / old.name[1:].split("-old-")[0]
                old.rename(dataset) if not dataset.exists() else _remove_tree(old)
            return len(leftovers)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def files(dataset: str, root: Path | None = None) -> list[Path]:
    base = (root or lake_dir()) / dataset
    return sorted(base.glob("month=*/part-*.parquet")) if base.exists() else []


def connect(root: Path | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per dataset (empty views when nothing is stored)."""
    root = root or lake_dir()
    con = duckdb.connect(config={"threads": threads or os.cpu_count() or 1})
    for dataset, schema in SCHEMAS.items():
        if files(dataset, root):
            pattern = str(root / dataset / "month=*" / "part-*.parquet").replace("'", "''")
            con.execute(
                f"CREATE VIEW {dataset} AS SELECT * FROM read_parquet('{pattern}', "
                "hive_partitioning=true, hive_types={'month': VARCHAR}, union_by_name=true)"
            )
        else:
            empty = pa.Table.from_batches(
                [], schema=pa.schema([f for f in schema if f.name != "problem"])
            )
            con.register(f"_{dataset}_empty", empty)
            con.execute(f"CREATE VIEW {dataset} AS SELECT * FROM _{dataset}_empty")
    return con


@dataclass
class Keys:
    """What the lake already holds, for de-duplication."""

    ids: set[str] = field(default_factory=set)  # posting ids (content hashes)
    keys: set[str] = field(default_factory=set)  # source:source_id
    raw_hashes: set[int] = field(default_factory=set)  # raw records already imported


def existing_keys(root: Path | None = None) -> Keys:
    found = Keys()
    for path in files("postings", root):
        names = set(pq.read_schema(path).names)
        columns = ["posting_id", "source_key", *(["raw_hash"] if "raw_hash" in names else [])]
        table = pq.read_table(path, columns=columns)
        found.ids.update(table.column("posting_id").to_pylist())
        found.keys.update(k for k in table.column("source_key").to_pylist() if k)
        if "raw_hash" in names:
            found.raw_hashes.update(
                h for h in table.column("raw_hash").to_pylist() if h is not None
            )
    return found


def replace_datasets(root: Path, staged: Path, datasets: tuple[str, ...]) -> None:
    """Swap freshly written datasets in (re-extraction); the old ones are removed after. A
    journal lists the swap first, so one cut off half-way is finished by `roll_forward`."""
    plan = {
        "staged": str(staged.relative_to(root)),
        "datasets": [
            [d, f".{d}-old-{uuid.uuid4().hex[:6]}", (staged / d).exists()] for d in datasets
        ],
    }
    journal = root / f".swap-{uuid.uuid4().hex[:8]}.json"
    _write_journal(journal, plan)
    _swap(root, journal)


def _swap(root: Path, journal: Path) -> Path:
    """Do (or finish) the swap a journal lists; returns the staged folder."""
    plan = json.loads(journal.read_text(encoding="utf-8"))
    staged = root / plan["staged"]
    for dataset, old_name, has_new in plan["datasets"]:
        target, old, new = root / dataset, root / old_name, staged / dataset
        if has_new and not new.exists():
            if old.exists() and not target.exists():
                old.rename(target)  # the new copy is gone (its folder removed): keep the old
            continue  # swapped in already
        if target.exists() and not old.exists():
            target.rename(old)
        if has_new:
            new.rename(target)
    for _dataset, old_name, _has_new in plan["datasets"]:
        if (root / old_name).exists():
            _remove_tree(root / old_name)
    journal.unlink()
    return staged


def _remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), reverse=True):
        child.rmdir() if child.is_dir() else child.unlink()
    path.rmdir()
