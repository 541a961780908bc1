"""Results of lake queries, kept until the lake changes.

The lake's files are only ever added or swapped in under new names (`cbec.monitor.lake`), so the
list of published files with their sizes and modification times says whether anything changed.
`lake_cached` keys each result on the function, its arguments and that list's digest: after an
import or a re-extraction the next call reads the lake again, in every process (each gunicorn
worker keeps its own cache), and otherwise no DuckDB connection is opened at all.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from cbec.monitor.lake import SCHEMAS, lake_dir

P = ParamSpec("P")
R = TypeVar("R")

MAX_ENTRIES = 256  # a dashboard view needs about ten; the API's `since` adds a few per date

_entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_lock = threading.Lock()


def lake_state(root: Path) -> str:
    """Digest of the published files of every dataset (name, size, modification time)."""
    digest = hashlib.blake2b(str(root).encode(), digest_size=16)
    for dataset in SCHEMAS:
        base = root / dataset
        if not base.is_dir():
            continue
        for month in sorted(os.scandir(base), key=lambda e: e.name):
            if not month.name.startswith("month=") or not month.is_dir():
                continue
            for entry in sorted(os.scandir(month.path), key=lambda e: e.name):
                if entry.name.startswith("part-") and entry.name.endswith(".parquet"):
                    stat = entry.stat()
                    digest.update(
                        f"{dataset}/{month.name}/{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
                    )
    return digest.hexdigest()


def lake_cached(fn: Callable[P, R]) -> Callable[P, R]:
    """Memoise `fn` (which takes `root: Path | None`) until the lake under `root` changes.

    Results are returned as fresh containers (lists, dicts and the dicts in a list are copied),
    so a caller that edits what it got does not edit the cache.
    """
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        root = Path(bound.arguments.get("root") or lake_dir())
        bound.arguments["root"] = root
        key = (fn.__module__, fn.__qualname__, tuple(bound.arguments.items()), lake_state(root))
        with _lock:
            if key in _entries:
                _entries.move_to_end(key)
                return _copy(_entries[key])
        value = fn(*bound.args, **bound.kwargs)
        with _lock:
            _entries[key] = value
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
        return _copy(value)

    return wrapper


def clear() -> None:
    with _lock:
        _entries.clear()


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [dict(v) if isinstance(v, dict) else v for v in value]
    if isinstance(value, dict):
        return dict(value)
    return value
