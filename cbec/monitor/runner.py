"""The local runner: read a posting file, run the stages on every core, de-duplicate, write the
lake. No Django here (the import verb in actions.py records the run and the quarantine).

The reading process does as little as it can, because on a small machine it shares the cores
with the workers: it reads records (JSONL lines stay undecoded bytes), drops records the lake
already holds by their raw hash, and sends chunks out. Workers decode, parse, normalise and
extract, and send back Arrow batches; the reader de-duplicates them and writes Parquet.

Memory stays bounded: at most 2 chunks per worker are in flight, and Parquet writers stream
row groups out per month partition.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
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
from cbec.monitor.readers import RawRow, Table, decode_line, jsonl_row, open_table

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
# A record on its way to a worker: (line or row number, undecoded JSONL line or parsed row,
# raw hash). A chunk is a list of them.
Record = tuple[int, bytes | RawRow, int]
Quarantined = tuple[int, str, dict[str, str]]


@dataclass
class Result:
    postings: pa.RecordBatch  # usable postings, roles set
    mentions: pa.RecordBatch
    areas: pa.RecordBatch
    quarantine: list[Quarantined]
    encodings: set[str]
    repeats: int = 0  # usable rows dropped because an earlier row of the chunk had their id


@dataclass(frozen=True)
class Job:
    """What every chunk of one import shares (sent to each worker once)."""

    lexicon: ex.Lexicon
    mapping: Mapping
    source: str
    run_id: int


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
    job = Job(lexicon, mapping, source or path.stem, run_id)
    with locked(root):
        seen = existing_keys(root)
        writer = LakeWriter(root, f"run{run_id}")
        try:
            chunks = _new_records(_records(table, mapping), seen.raw_hashes, table, outcome)
            for result in _results(chunks, job, workers):
                _land(result, writer, seen.ids, seen.keys, outcome)
                table.encodings |= result.encodings
                outcome.progress.bytes_read = table.progress[0]
                if on_progress:
                    on_progress(outcome.progress)
            outcome.files_written = writer.commit()
        except BaseException:
            writer.abort()
            raise
    outcome.encoding = table.encoding
    return outcome


# --- reading ----------------------------------------------------------------------------------


def _records(table: Table, mapping: Mapping) -> Iterator[Record]:
    """Every record with its raw hash, salted with the mapping (another mapping of the same
    bytes gives other postings, so it must not count as already imported)."""
    salt = hashlib.blake2b(
        json.dumps([mapping.preset, sorted(mapping.columns.items())]).encode(), digest_size=16
    ).digest()
    if table.lines is not None:
        for number, line in table.lines:
            yield number, line, _hash(line, salt)
        return
    for raw in table.rows:
        body = json.dumps(raw.values, ensure_ascii=False, sort_keys=True, default=str)
        yield raw.number, raw, _hash(body.encode(), salt)


def _hash(data: bytes, salt: bytes) -> int:
    digest = hashlib.blake2b(data, digest_size=8, salt=salt).digest()
    return int.from_bytes(digest, "big", signed=True)


def _new_records(
    records: Iterator[Record], known: set[int], table: Table, outcome: Outcome
) -> Iterator[list[Record]]:
    """Chunks of the records whose raw hash the lake does not hold yet; the others are counted
    as duplicates here, before any parsing (re-importing a file costs little more than reading
    it)."""
    chunk: list[Record] = []
    for record in records:
        if record[2] in known:
            _skipped(record, table, outcome)
            continue
        chunk.append(record)
        if len(chunk) >= BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _skipped(record: Record, table: Table, outcome: Outcome) -> None:
    payload = record[1]
    if isinstance(payload, bytes):
        table.encodings.add(decode_line(payload)[1])
    outcome.progress.rows += 1
    outcome.progress.duplicates += 1


# --- the work, on every core -------------------------------------------------------------------


def _results(chunks: Iterable[list[Record]], job: Job, workers: int) -> Iterator[Result]:
    if workers == 1:
        _init(job)
        yield from (_work(chunk) for chunk in chunks)
        return
    context = multiprocessing.get_context("spawn")  # no forked Django state or threads
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init, initargs=(job,)
    ) as pool:
        pending: deque[Future[Result]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


_JOB: Job | None = None
_MATCHER: ex.Matcher | None = None


def _init(job: Job) -> None:
    global _JOB, _MATCHER
    _JOB = job
    _MATCHER = ex.build_matcher(job.lexicon)


def _work(chunk: list[Record]) -> Result:
    """Parse, normalise and extract one chunk (in a worker, or inline for small files)."""
    assert _JOB is not None and _MATCHER is not None
    encodings: set[str] = set()
    rows = []
    for number, payload, raw_hash in chunk:
        raw = payload
        if isinstance(payload, bytes):
            parsed, encoding = jsonl_row(number, payload)
            encodings.add(encoding)
            if parsed is None:
                continue  # a blank line
            raw = parsed
        assert isinstance(raw, RawRow)
        fields = {f: raw.values.get(h, "") for f, h in _JOB.mapping.columns.items()}
        rows.append(stages.raw_row(fields, raw.number, raw.problem, raw_hash))
    postings = stages.posting_batch(rows, source=_JOB.source, import_run=_JOB.run_id)
    problems = postings.column("problem").to_pylist()
    quarantine = [_quarantined(row, p) for row, p in zip(rows, problems, strict=True) if p]
    usable = stages.usable(postings)
    unique = stages.first_occurrences(usable)
    kept, mentions, areas = stages.extracted(unique, _MATCHER)
    repeats = usable.num_rows - unique.num_rows
    return Result(kept, mentions, areas, quarantine, encodings, repeats)


def _quarantined(row: dict[str, Any], problem: str) -> Quarantined:
    skip = {"row", "problem", "raw_hash"}
    raw = {k: str(v)[:RAW_KEEP] for k, v in row.items() if k not in skip and v}
    return int(row["row"]), problem[:500], raw


# --- landing ----------------------------------------------------------------------------------


def _land(
    result: Result, writer: LakeWriter, ids: set[str], keys: set[str], outcome: Outcome
) -> None:
    postings = result.postings
    fresh = _fresh(postings, ids, keys)
    progress = outcome.progress
    progress.rows += postings.num_rows + result.repeats + len(result.quarantine)
    progress.duplicates += postings.num_rows - len(fresh) + result.repeats
    progress.added += len(fresh)
    progress.quarantined += len(result.quarantine)
    outcome.quarantine.extend(result.quarantine)
    if len(fresh) == postings.num_rows:
        writer.write("postings", postings)
        writer.write("mentions", result.mentions)
        writer.write("areas", result.areas)
    elif fresh:
        # Ids are unique within a result (first_occurrences), so filtering by id is exact.
        keep = pa.array(sorted(fresh), pa.string())
        writer.write("postings", postings.filter(pc.is_in(postings.column("posting_id"), keep)))
        for name, batch in (("mentions", result.mentions), ("areas", result.areas)):
            writer.write(name, batch.filter(pc.is_in(batch.column("posting_id"), keep)))


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
