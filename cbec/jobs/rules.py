"""Pure rules of the job machinery (no Django): when a heartbeat is stale, when periodic work
is due, what /health/ sums up to, whether a cut-off job is tried again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

STALE_FACTOR = 2  # a process is late once it missed about two beats


def age_seconds(beat_at: dt.datetime | None, now: dt.datetime) -> float | None:
    """Seconds since the last beat; None when it never beat."""
    if beat_at is None:
        return None
    return max(0.0, (now - beat_at).total_seconds())


def is_stale(age: float | None, period_s: float, factor: float = STALE_FACTOR) -> bool:
    """No beat at all, or none for longer than `factor` periods."""
    return age is None or age > factor * period_s


def is_due(last_run: float | None, period_s: float, now: float) -> bool:
    """Periodic work is due when it never ran (in this scheduler) or a period has passed."""
    return last_run is None or now - last_run >= period_s


def overall(database_ok: bool, processes_ok: Iterable[bool]) -> str:
    """`down` without a database, `degraded` while a needed process is late, else `ok`."""
    if not database_ok:
        return "down"
    return "ok" if all(processes_ok) else "degraded"


def may_retry(attempts: int, max_attempts: int) -> bool:
    """A job cut off after `attempts` starts is enqueued again while attempts remain."""
    return attempts < max_attempts
