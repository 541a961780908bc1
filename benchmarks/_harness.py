"""Shared set-up for benchmarks: a throwaway database, the catalog, machine facts, timing."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    """Use a fresh SQLite file (or DATABASE_URL if set) so the demo database is untouched."""
    if "DATABASE_URL" not in os.environ:
        os.environ["CBEC_DATA_DIR"] = tempfile.mkdtemp(prefix="cbec-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cbec.settings")
    os.environ.setdefault("CBEC_DEBUG", "0")
    os.environ.setdefault("CBEC_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("CBEC_ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from cbec.setup_data import load_builtin_catalog

    load_builtin_catalog()


def machine() -> str:
    from django.db import connection

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.node()} · {cpu} · {os.cpu_count()} cores · Python {platform.python_version()}"
        f" · {connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
    )


def median_ms(fn: Callable[[], object], runs: int = 15, warmup: int = 2) -> tuple[float, float]:
    """(median, p90) wall time of `fn` in milliseconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1]
