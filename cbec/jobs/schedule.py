"""The periodic work `cbec scheduler` runs, as data: (name, function, period).

Each entry names a function `f(actor)` by its dotted path (so this module imports no app); the
scheduler calls it as the system actor every `period_s` seconds, in this order. Entries are
cheap checks that do small database work themselves or start a job for a worker (`cbec.jobs.
work.start`) — never long work in the scheduler. Another workflow adds its entry here (the
revision workflow: deadline enforcement).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Periodic:
    name: str
    function: str  # dotted path of a callable taking the actor
    period_s: int
    what: str  # one line for `cbec scheduler --list` and docs/operations.md


SCHEDULE: tuple[Periodic, ...] = (
    Periodic(
        "jobs.settle",
        "cbec.jobs.work.settle_stale_jobs",
        60,
        "jobs whose worker stopped beating: enqueued again, or failed after the last attempt",
    ),
    Periodic(
        "monitor.settle_imports",
        "cbec.monitor.tasks.settle_imports",
        60,
        "finish interrupted lake writes; import runs left running with no live job: failed",
    ),
    Periodic(
        "monitor.detect_if_pending",
        "cbec.monitor.tasks.detect_if_pending",
        300,
        "signal detection when postings changed since the last detection (as a job)",
    ),
)

SCHEDULER_INTERVAL_S = 30  # seconds between rounds; also the scheduler's heartbeat period
WORKER_BEAT_S = 15  # the worker's heartbeat period (and that of a running job)
