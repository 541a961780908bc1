"""Starting, running, watching and retrying background jobs.

A job is a `Job` row plus one task enqueued on Django's task framework (`settings.TASKS`; the
database backend by default, run by `cbec worker`). The task is a thin wrapper that calls
`run(job_id, work)`: the row is claimed, the work runs as the job's actor (the user who started
it, reloaded; or the system actor), a thread beats the row's heartbeat while it runs, and the
row ends `done` or `failed` with a message in the reader's language.

A job whose process died (a restart, a killed worker) stops beating; the scheduler's
`settle_stale_jobs` enqueues it again while attempts remain, else fails it. Work must therefore
be safe to run again: it either completed (and says so) or changed nothing (the posting import
and re-extraction publish their files only when complete).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from cbec.accounts.audit import log_action
from cbec.accounts.roles import SYSTEM, Actor, SystemActor, allowed
from cbec.errors import CbecError
from cbec.jobs import rules
from cbec.jobs.models import ACTIVE, Heartbeat, Job, JobStatus
from cbec.jobs.schedule import SCHEDULE, SCHEDULER_INTERVAL_S, WORKER_BEAT_S
from cbec.lib.said import say

logger = logging.getLogger(__name__)

JOB_STALE_AFTER = dt.timedelta(seconds=8 * WORKER_BEAT_S)  # two minutes without a beat


class JobFailed(Exception):
    """Raised by a job's work: the job ends `failed` with `message` (a `say` string); the work
    raises it only before it changed anything."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- uploads --------------------------------------------------------------------------------


def upload_dir() -> Path:
    return Path(settings.JOBS_UPLOAD_DIR).resolve()  # the same for workers in other folders


def store_upload(name: str, chunks: Iterator[bytes]) -> Path:
    """Keep an uploaded file where a worker in another process finds it, until its job ran."""
    folder = upload_dir() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    base = Path(name).name
    path = folder / (base if base not in {"", ".", ".."} else "upload")
    with path.open("wb") as fh:
        for chunk in chunks:
            fh.write(chunk)
    return path


def remove_upload(path: Path) -> None:
    """Delete a stored upload and its folder (only ever one made by `store_upload`)."""
    folder = path.parent
    if folder.parent == upload_dir():
        shutil.rmtree(folder, ignore_errors=True)


# --- starting -------------------------------------------------------------------------------


def start(
    task: Any,
    *,
    kind: str,
    title: str,
    actor: Actor,
    params: dict[str, Any] | None = None,
    target: Any = None,
    max_attempts: int = 3,
) -> Job:
    """Record a job and enqueue `task` (a module-level `@task` taking the job id) for it.
    The actor is who the work runs as; verbs check its permissions when the job runs."""
    system = isinstance(actor, SystemActor)
    user: Any = actor if not system and actor.is_authenticated else None
    job = Job.objects.create(
        kind=kind,
        title=title,
        task_path=task.module_path,
        params=params or {},
        started_by=user,
        actor_label=actor.label if isinstance(actor, SystemActor) else _username(actor),
        by_system=system,
        max_attempts=max_attempts,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        heartbeat_at=timezone.now(),
    )
    _enqueue(job)
    job.refresh_from_db()
    return job


def _username(actor: Any) -> str:
    return str(actor.get_username()) if actor.is_authenticated else ""


def _enqueue(job: Job) -> None:
    result = import_string(job.task_path).enqueue(job.pk)
    # Update, not save: an immediate backend has already run the job and ended the row.
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def for_target(target: Any) -> Job | None:
    """The latest job working on `target` (an import run), if any."""
    return (
        Job.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("-created_at", "-id")
        .first()
    )


def jobs_for_user(user: Any) -> QuerySet[Job]:
    """Every job to staff; one's own to everyone else signed in."""
    if not user.is_authenticated:
        return Job.objects.none()
    if allowed(user, "jobs.view_all"):
        return Job.objects.all()
    return Job.objects.filter(started_by_id=user.pk)


# --- running --------------------------------------------------------------------------------

Work = Callable[[Job, Actor], dict[str, Any] | None]


def run(job_id: int, work: Work) -> dict[str, Any]:
    """Run `work(job, actor)` for the job: what the task wrapper calls. Returns the result
    recorded on the job (JSON), or {"skipped": …} when the job is gone or already ended."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status not in ACTIVE:
        return {"skipped": job_id}
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=job.started_at or now,
        heartbeat_at=now,
        finished_at=None,
    )
    job.refresh_from_db()
    try:
        with _beating(job.pk):
            result = work(job, actor_of(job)) or {}
    except JobFailed as exc:
        _end(job, JobStatus.FAILED, error=exc.message)
        return {"failed": exc.message}
    except CbecError as exc:  # not allowed (any more), invalid input: raised before any change
        _end(job, JobStatus.FAILED, error=exc.message or str(exc))
        return {"failed": exc.message}
    except Exception as exc:
        detail = f"{exc.__class__.__name__}: {exc}"
        _end(
            job, JobStatus.FAILED, error=say(gettext_noop("任务出错（%(detail)s）"), detail=detail)
        )
        raise  # the worker's log and the task result keep the traceback
    _end(job, JobStatus.DONE, result=result)
    return result


def actor_of(job: Job) -> Actor:
    """Who the job runs as: the user who started it (as they are now), or the system actor."""
    if job.started_by_id is not None:
        return get_user_model().objects.get(pk=job.started_by_id)
    if job.by_system:
        return SYSTEM if job.actor_label == SYSTEM.label else SystemActor(label=job.actor_label)
    raise JobFailed(
        say(gettext_noop("启动该任务的用户 %(user)s 已不存在，任务未执行"), user=job.actor_label)
    )


def report(job: Job, *, progress: int | None = None, detail: str | None = None) -> None:
    """Progress of a running job (0–100) and what it is doing; also a sign of life."""
    fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
    if progress is not None:
        fields["progress"] = max(0, min(99, progress))
    if detail is not None:
        fields["detail"] = detail
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)


def _end(job: Job, status: str, *, error: str = "", result: dict[str, Any] | None = None) -> None:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error}
    if status == JobStatus.DONE:
        fields["progress"] = 100
    if result is not None:
        fields["result"] = result
    Job.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()


@contextmanager
def _beating(job_id: int) -> Iterator[None]:
    """Beat the job's heartbeat from a thread while its work runs, whatever backend runs it
    (the work itself may go minutes without reporting progress)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(WORKER_BEAT_S):
                try:
                    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    logger.warning("job %s: heartbeat not written", job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


# --- watching ------------------------------------------------------------------------------


def settle_stale_jobs(actor: Actor = SYSTEM, now: dt.datetime | None = None) -> list[Job]:
    """Jobs 'running' without a beat for JOB_STALE_AFTER were cut off (their worker died):
    enqueued again while attempts remain, else failed. Returns the jobs settled."""
    now = now or timezone.now()
    stale = list(
        Job.objects.filter(status=JobStatus.RUNNING).filter(
            Q(heartbeat_at__lt=now - JOB_STALE_AFTER) | Q(heartbeat_at__isnull=True)
        )
    )
    for job in stale:
        _drop_task_result(job, now)
        if rules.may_retry(job.attempts, job.max_attempts):
            with transaction.atomic():
                Job.objects.filter(pk=job.pk).update(
                    status=JobStatus.QUEUED,
                    heartbeat_at=now,
                    detail=say(
                        gettext_noop("第 %(attempt)s 次运行被中断（进程停止），已重新排队"),
                        attempt=job.attempts,
                    ),
                )
                log_action(
                    "jobs.job.retried", actor=actor, target=job, data={"attempts": job.attempts}
                )
            _enqueue(job)
        else:
            with transaction.atomic():
                message = say(
                    gettext_noop("任务 %(attempts)s 次运行都被中断，已停止重试"),
                    attempts=job.attempts,
                )
                _end(job, JobStatus.FAILED, error=message)
                log_action("jobs.job.abandoned", actor=actor, target=job, data={"error": message})
        job.refresh_from_db()
    return stale


def _drop_task_result(job: Job, now: dt.datetime) -> None:
    """The database backend leaves a cut-off task 'running' for ever: mark it failed."""
    from django_tasks_db import DatabaseBackend

    if not job.task_id:
        return
    try:
        backend = import_string(job.task_path).get_backend()
    except ImportError:
        return
    if not isinstance(backend, DatabaseBackend):
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=now,
        exception_class_path="cbec.jobs.work.Interrupted",
        traceback="The worker stopped while this task ran; cbec scheduler enqueued the job again.",
    )


def beat(name: str, period_s: int) -> None:
    """Record a sign of life of this process (`worker`, `scheduler`)."""
    Heartbeat.objects.update_or_create(
        name=name,
        defaults={
            "beat_at": timezone.now(),
            "period_s": period_s,
            "info": f"{socket.gethostname()}:{os.getpid()}"[:200],
        },
    )


# --- the worker and the scheduler -----------------------------------------------------------


def database_backend() -> Any:
    """The default task backend when it is the database one (run by `cbec worker`), else None."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db import DatabaseBackend

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    return backend if isinstance(backend, DatabaseBackend) else None


def run_worker(*, batch: bool = False, interval: float = 1.0) -> None:
    """Run queued jobs (the database backend's worker) and beat the `worker` heartbeat."""
    from django.core.management import call_command

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    stop = threading.Event()
    beat("worker", WORKER_BEAT_S)
    if not batch:
        threading.Thread(
            target=_beat_loop, args=(stop,), name="worker-heartbeat", daemon=True
        ).start()
    try:
        call_command(
            "db_worker",
            batch=batch,
            interval=interval,
            reload=False,
            startup_delay=not batch,
            verbosity=1,
        )
    finally:
        stop.set()
        for sig, handler in handlers.items():  # the backend's worker sets its own
            signal.signal(sig, handler)
        beat("worker", WORKER_BEAT_S)


def _beat_loop(stop: threading.Event) -> None:
    try:
        while not stop.wait(WORKER_BEAT_S):
            try:
                beat("worker", WORKER_BEAT_S)
            except DatabaseError:
                logger.warning("worker heartbeat not written", exc_info=True)
    finally:
        connections.close_all()


def scheduler_round(last: dict[str, float], now: float, interval: int) -> list[str]:
    """One round: beat, then run each periodic entry that is due (as the system actor), in
    order; an entry that fails is logged and the others still run. Returns the names run."""
    beat("scheduler", interval)
    ran = []
    for entry in SCHEDULE:
        if not rules.is_due(last.get(entry.name), entry.period_s, now):
            continue
        last[entry.name] = now
        ran.append(entry.name)
        try:
            import_string(entry.function)(SYSTEM)
        except Exception:
            logger.exception("scheduled work %s failed", entry.name)
    return ran


def run_scheduler(*, once: bool = False, interval: int = SCHEDULER_INTERVAL_S) -> list[str]:
    """Run rounds every `interval` seconds until stopped (`once`: a single round)."""
    last: dict[str, float] = {}
    ran: list[str] = []
    while True:
        try:
            ran = scheduler_round(last, time.monotonic(), interval)
        except DatabaseError:
            if once:
                raise
            logger.exception("scheduler round failed; trying again in %s s", interval)
        if once:
            return ran
        close_old_connections()  # like a request's end: drop broken or expired connections
        time.sleep(interval)
