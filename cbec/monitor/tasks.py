"""The monitor's background jobs: posting uploads, re-extraction and signal detection run by a
worker, with their progress on the job (and, for uploads, on the import run).

Thin: every task calls a verb in `actions`; what starts a job checks the actor may do it, and
the verb checks again when the job runs (as the user who started it, reloaded, or the system
actor). `settle_imports` and `detect_if_pending` are the scheduler's monitor entries
(`cbec.jobs.schedule`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from cbec.accounts.audit import log_action
from cbec.accounts.models import AuditEntry
from cbec.accounts.roles import SYSTEM, Actor, require
from cbec.errors import CbecError
from cbec.jobs import work
from cbec.jobs.models import ACTIVE, Job, JobStatus
from cbec.lib.said import say
from cbec.monitor import actions, lake
from cbec.monitor.models import ImportRun, ImportStatus, QuarantinedRow
from cbec.monitor.runner import Progress

IMPORT, REEXTRACT, DETECT = "monitor.import", "monitor.reextract", "monitor.detect"
INLINE_UPLOAD = 2_000_000  # bytes; smaller uploads are imported while the request waits


# --- posting uploads ------------------------------------------------------------------------


def start_upload(
    name: str, chunks: Any, *, actor: Actor, preset: str = "", source: str = ""
) -> tuple[ImportRun, Job | None]:
    """Store an uploaded posting file and import it: at once when it is small (ImportFailed
    then tells why the file could not be read), else as a job for a worker — the run's page
    and the API follow its progress. Returns the run and the job (None when imported inline)."""
    path = work.store_upload(name, chunks)
    size = path.stat().st_size
    try:
        run = actions.start_import(path.name, size, actor=actor, source=source, preset=preset)
    except BaseException:
        work.remove_upload(path)
        raise
    if size < INLINE_UPLOAD:
        try:
            actions.import_postings(
                path, actor=actor, run=run, preset=preset or None, source=source, workers=1
            )
        finally:
            work.remove_upload(path)
        return run, None
    job = work.start(
        import_upload,
        kind=IMPORT,
        title=say(gettext_noop("导入招聘文件 %(file)s"), file=path.name),
        actor=actor,
        params={"run": run.pk, "path": str(path), "preset": preset, "source": source},
        target=run,
    )
    run.refresh_from_db()
    return run, job


@task()
def import_upload(job_id: int) -> dict[str, Any]:
    return work.run(job_id, _import_upload)


def _import_upload(job: Job, actor: Actor) -> dict[str, Any]:
    run = ImportRun.objects.filter(pk=job.params["run"]).first()
    path = Path(job.params["path"])
    if run is None:
        work.remove_upload(path)
        raise work.JobFailed(say(gettext_noop("导入记录已被删除，任务未执行")))
    if run.status != ImportStatus.RUNNING:  # an earlier attempt ended it before it was cut off
        work.remove_upload(path)
        if run.status == ImportStatus.FAILED:
            raise work.JobFailed(run.error)
        return _counts(run)
    if not path.exists():
        message = say(
            gettext_noop("%(file)s：上传的文件已不在服务器上，湖中数据未改变；请重新上传"),
            file=run.file_name,
        )
        _fail_run(run, message)
        raise work.JobFailed(message)
    _restart(run)

    def progress(p: Progress) -> None:
        if run.file_size:
            work.report(job, progress=int(100 * p.bytes_read / run.file_size))

    try:
        actions.import_postings(
            path,
            actor=actor,
            run=run,
            preset=job.params.get("preset") or None,
            source=job.params.get("source", ""),
            on_progress=progress,
        )
    except actions.ImportFailed as exc:  # the run records why; the lake is unchanged
        work.remove_upload(path)
        raise work.JobFailed(exc.run.error) from exc
    except CbecError as exc:  # e.g. the user may no longer import: nothing was read
        _fail_run(run, exc.message or str(exc))
        work.remove_upload(path)
        raise
    work.remove_upload(path)
    run.refresh_from_db()
    return _counts(run)


def _counts(run: ImportRun) -> dict[str, Any]:
    return {
        "run": run.pk,
        "rows": run.rows_read,
        "added": run.added,
        "duplicates": run.duplicates,
        "quarantined": run.quarantined,
    }


def _restart(run: ImportRun) -> None:
    """Counts of an earlier attempt that was cut off start again (the lake has none of its
    rows, or all of them: a re-import then finds them as duplicates)."""
    with transaction.atomic():
        QuarantinedRow.objects.filter(run=run).delete()
        ImportRun.objects.filter(pk=run.pk).update(
            rows_read=0,
            added=0,
            duplicates=0,
            quarantined=0,
            bytes_read=0,
            error="",
            heartbeat_at=timezone.now(),
        )
    run.refresh_from_db()


def _fail_run(
    run: ImportRun, message: str, action: str = "monitor.import.failed", actor: Actor = SYSTEM
) -> None:
    with transaction.atomic():
        ended = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED, error=message, finished_at=timezone.now()
        )
        if ended:
            run.refresh_from_db()
            log_action(action, actor=actor, target=run, data={"error": message})


# --- re-extraction and detection ------------------------------------------------------------


def start_reextract(actor: Actor) -> Job:
    """Re-extract every stored posting with the current lexicon, as a job."""
    require(actor, "monitor.edit_lexicon")  # refused now, not later in the worker
    return work.start(
        reextract_lake,
        kind=REEXTRACT,
        title=say(gettext_noop("用当前词库重新抽取全部招聘信息")),
        actor=actor,
    )


@task()
def reextract_lake(job_id: int) -> dict[str, Any]:
    return work.run(job_id, _reextract)


def _reextract(job: Job, actor: Actor) -> dict[str, Any]:
    def progress(done: int, total: int) -> None:
        work.report(job, progress=int(100 * done / total) if total else None)

    return dict(actions.reextract(actor=actor, on_progress=progress))


def start_detection(actor: Actor) -> Job:
    """Detect signals over the whole lake, as a job."""
    require(actor, "monitor.detect")
    return work.start(
        detect_postings, kind=DETECT, title=say(gettext_noop("检测招聘中的信号")), actor=actor
    )


@task()
def detect_postings(job_id: int) -> dict[str, Any]:
    return work.run(job_id, _detect)


def _detect(job: Job, actor: Actor) -> dict[str, Any]:
    found = actions.detect_signals(actor=actor)
    detail = say(gettext_noop("检测完成：%(n)s 项发现。"), n=len(found))
    work.report(job, detail=detail)
    return {"findings": len(found)}


# --- the scheduler's monitor entries ------------------------------------------------------


def settle_imports(actor: Actor = SYSTEM) -> list[ImportRun]:
    """Import runs the web page would otherwise show 'running' for ever: a run whose job is
    queued or running is alive; one whose job failed (it was cut off too often) fails with it;
    a run with no job (a command-line import) cut off for `actions.STALE_AFTER` fails. Lake
    writes cut off while publishing are finished first; unpublished leftovers are removed."""
    lake.sweep_if_idle()
    ended: list[ImportRun] = []
    running = {str(r.pk): r for r in ImportRun.objects.filter(status=ImportStatus.RUNNING)}
    jobs: dict[str, Job] = {}
    for job in Job.objects.filter(
        target_type=ImportRun._meta.label_lower, target_id__in=list(running)
    ).order_by("created_at", "id"):
        jobs[job.target_id] = job  # the latest per run
    alive = [int(key) for key, job in jobs.items() if job.status in ACTIVE]
    ImportRun.objects.filter(pk__in=alive).update(heartbeat_at=timezone.now())
    for key, job in jobs.items():
        if job.status == JobStatus.FAILED:
            _fail_run(running[key], job.error, "monitor.import.interrupted", actor)
            ended.append(running[key])
    return ended + actions.settle_interrupted_runs()


def lake_stamp() -> float | None:
    """When the lake's published files last changed (an import, a re-extraction); None empty."""
    stamps = [p.stat().st_mtime for d in lake.SCHEMAS for p in lake.files(d)]
    return max(stamps, default=None)


def last_detection() -> float | None:
    """When signals were last detected: by a detection job, or by an import that detected."""
    times: list[dt.datetime] = []
    job = Job.objects.filter(kind=DETECT, status=JobStatus.DONE).order_by("-started_at").first()
    if job is not None and job.started_at is not None:
        times.append(job.started_at)
    entry = AuditEntry.objects.filter(action="monitor.signals.detected").order_by("-pk").first()
    if entry is not None:
        times.append(entry.created_at)
    return max(times).timestamp() if times else None


def detect_if_pending(actor: Actor = SYSTEM) -> Job | None:
    """Start a detection when postings changed since signals were last detected (an import
    that did not detect, e.g. one retried after it had published; a re-extraction)."""
    stamp = lake_stamp()
    if stamp is None or Job.objects.filter(kind=DETECT, status__in=ACTIVE).exists():
        return None
    last = last_detection()
    if last is not None and last >= stamp:
        return None
    return start_detection(actor)
