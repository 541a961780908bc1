"""The local runner: read a posting file, run the stages on every core, de-duplicate, write the
lake. No Django here (the import verb in actions.py records the run and the quarantine).

Memory stays bounded: at most 2 batches per worker are in flight, and Parquet writers stream
row groups out per month partition.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from cbec.monitor import extract as ex
from cbec.monitor import stages
from cbec.monitor.lake import LakeWriter, existing_keys, locked
from cbec.monitor.mapping import Mapping, resolve
from cbec.monitor.readers import RawRow, Table, open_table

BATCH = 2_000
INLINE_BELOW = 4_000_000  # bytes; smaller files run in this process (no pool start-up)
RAW_KEEP = 500  # characters of each quarantined cell kept for the person who fixes it


@dataclass
class Progress:
    rows: int = 0
    added: int = 0
    duplicates: int = 0
    quarantined: int = 0
    bytes_read: int = 0


@dataclass
class Outcome:
    file_name: str
    kind: str
    encoding: str
    preset: str
    progress: Progress
    quarantine: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)
    files_written: int = 0


ProgressFn = Callable[[Progress], None]


def import_file(
    path: Path,
    lexicon: ex.Lexicon,
    *,
    root: Path,
    preset: str | None = None,
    source: str = "",
    run_id: int = 0,
    workers: int | None = None,
    on_progress: ProgressFn | None = None,
) -> Outcome:
    """Import one file into the lake at `root`. ReadError/MappingError leave the lake unchanged."""
    table = open_table(path)
    mapping = resolve(table.headers, preset)
    outcome = Outcome(path.name, table.kind, "", mapping.preset, Progress())
    size = path.stat().st_size
    workers = 1 if size < INLINE_BELOW else (workers or os.cpu_count() or 1)
    with locked(root):
        ids, keys = existing_keys(root)
        writer = LakeWriter(root, f"run{run_id}")
        try:
            for result in _results(table, mapping, lexicon, source or path.stem, run_id, workers):
                _land(result, writer, ids, keys, outcome)
                outcome.progress.bytes_read = table.progress[0]
                if on_progress:
                    on_progress(outcome.progress)
            outcome.files_written = writer.commit()
        except BaseException:
            writer.abort()
            raise
    outcome.encoding = table.encoding
    return outcome


Result = tuple[pa.RecordBatch, pa.RecordBatch, pa.RecordBatch, pa.RecordBatch]


def _results(
    table: Table, mapping: Mapping, lexicon: ex.Lexicon, source: str, run_id: int, workers: int
) -> Iterator[Result]:
    batches = (stages.raw_batch(rows) for rows in _chunks(table.rows, mapping))
    if workers == 1:
        _init(lexicon)
        yield from (_work(b, source, run_id) for b in batches)
        return
    context = multiprocessing.get_context("spawn")  # no forked Django state or threads
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init, initargs=(lexicon,)
    ) as pool:
        pending: deque[Future[Result]] = deque()
        for batch in batches:
            pending.append(pool.submit(_work, batch, source, run_id))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _chunks(rows: Iterator[RawRow], mapping: Mapping) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for raw in rows:
        values = {f: raw.values.get(h, "") for f, h in mapping.columns.items()}
        chunk.append({**values, "row": raw.number, "problem": raw.problem})
        if len(chunk) >= BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_MATCHER: ex.Matcher | None = None


def _init(lexicon: ex.Lexicon) -> None:
    global _MATCHER
    _MATCHER = ex.build_matcher(lexicon)


def _work(raw: pa.RecordBatch, source: str, run_id: int) -> Result:
    assert _MATCHER is not None
    postings = stages.normalised_postings(raw, source=source, import_run=run_id)
    mask = pc.not_equal(postings.column("problem"), "")
    problems = postings.column("problem").filter(mask)
    bad = raw.filter(mask).set_column(raw.schema.get_field_index("problem"), "problem", problems)
    kept, mentions, areas = stages.extracted(stages.usable(postings), _MATCHER)
    return kept, mentions, areas, bad


def _land(
    result: Result, writer: LakeWriter, ids: set[str], keys: set[str], outcome: Outcome
) -> None:
    postings, mentions, areas, bad = result
    fresh = _fresh(postings, ids, keys)
    progress = outcome.progress
    progress.rows += postings.num_rows + bad.num_rows
    progress.duplicates += postings.num_rows - len(fresh)
    progress.added += len(fresh)
    progress.quarantined += bad.num_rows
    outcome.quarantine.extend(_quarantined(r) for r in bad.to_pylist())
    if fresh:
        keep = pa.array(sorted(fresh), pa.string())
        writer.write("postings", postings.filter(pc.is_in(postings.column("posting_id"), keep)))
        writer.write("mentions", mentions.filter(pc.is_in(mentions.column("posting_id"), keep)))
        writer.write("areas", areas.filter(pc.is_in(areas.column("posting_id"), keep)))


def _quarantined(row: dict[str, Any]) -> tuple[int, str, dict[str, str]]:
    raw = {k: str(v)[:RAW_KEEP] for k, v in row.items() if k not in {"row", "problem"} and v}
    return int(row["row"]), str(row["problem"])[:500], raw


def _fresh(postings: pa.RecordBatch, ids: set[str], keys: set[str]) -> set[str]:
    """Posting ids new to the lake (and to this file so far); updates the seen sets."""
    fresh: set[str] = set()
    columns = postings.select(["posting_id", "source_key"]).to_pydict()
    for posting_id, key in zip(columns["posting_id"], columns["source_key"], strict=True):
        if posting_id in ids or (key and key in keys):
            continue
        ids.add(posting_id)
        if key:
            keys.add(key)
        fresh.add(posting_id)
    return fresh
