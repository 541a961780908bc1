"""What /health/ reports and what the staff banner asks: the database, and how long ago the
worker and the scheduler last beat."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone

from cbec.jobs import rules
from cbec.jobs.models import Heartbeat, Job, JobStatus
from cbec.jobs.schedule import SCHEDULER_INTERVAL_S, WORKER_BEAT_S

PROCESSES = {"worker": WORKER_BEAT_S, "scheduler": SCHEDULER_INTERVAL_S}


def report(now: dt.datetime | None = None) -> dict[str, Any]:
    """{"status": ok|degraded|down, "database": ok|error, "worker": {…}, "scheduler": {…},
    "jobs": {"queued": n, "running": n}}; a process is late after two missed beats."""
    now = now or timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        beats = {h.name: h for h in Heartbeat.objects.filter(name__in=PROCESSES)}
        jobs = {
            "queued": Job.objects.filter(status=JobStatus.QUEUED).count(),
            "running": Job.objects.filter(status=JobStatus.RUNNING).count(),
        }
    except DatabaseError:
        return {"status": rules.overall(False, []), "database": "error"}
    body: dict[str, Any] = {"status": "", "database": "ok"}
    needed = {"worker": _worker_needed(), "scheduler": True}
    for name, default_period in PROCESSES.items():
        found = beats.get(name)
        period = found.period_s if found else default_period
        age = rules.age_seconds(found.beat_at if found else None, now)
        body[name] = {
            "age_s": None if age is None else round(age, 1),
            "period_s": period,
            "ok": not rules.is_stale(age, period) or not needed[name],
            "needed": needed[name],
        }
    body["jobs"] = jobs
    body["status"] = rules.overall(True, (body[n]["ok"] for n in PROCESSES))
    return body


def _worker_needed() -> bool:
    """`cbec worker` runs the database backend's queue; other backends have their own workers
    (Celery, RQ) or none (the immediate backend runs jobs where they start)."""
    from cbec.jobs.work import database_backend

    return database_backend() is not None


def scheduler_late(now: dt.datetime | None = None) -> float | None:
    """Seconds since the scheduler last beat when that is longer than two periods (or it never
    beat: -1); None while it is on time. One query."""
    found = Heartbeat.objects.filter(name="scheduler").first()
    now = now or timezone.now()
    age = rules.age_seconds(found.beat_at if found else None, now)
    if not rules.is_stale(age, found.period_s if found else SCHEDULER_INTERVAL_S):
        return None
    return -1.0 if age is None else age
