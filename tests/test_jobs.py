"""Background jobs, the worker and the scheduler: a job cut off by a restart is retried and
lands once, a broken file's job fails and changes nothing, heartbeats feed /health/ and the
staff banner. Jobs run at once in the tests (conftest); the tests of `cbec worker` and of
retries queue them in the database as production does and run the worker in this process."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.utils import timezone

from cbec.accounts.models import AuditEntry
from cbec.accounts.roles import SYSTEM
from cbec.cli import main
from cbec.jobs import health, rules, work
from cbec.jobs.models import Heartbeat, Job, JobStatus
from cbec.lib.said import shown
from cbec.monitor import actions, lake, runner, samples, tasks
from cbec.monitor.lexicon import current_lexicon
from cbec.monitor.models import ImportRun, ImportStatus

pytestmark = pytest.mark.django_db

ENGLISH_TERMINAL = {"LC_ALL": "C.UTF-8"}
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def cli(*args: str) -> Any:
    return CliRunner(env=ENGLISH_TERMINAL).invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def lake_dir(settings: Any, tmp_path: Path) -> Path:
    settings.MONITOR_LAKE_DIR = tmp_path / "lake"
    return Path(settings.MONITOR_LAKE_DIR)


@pytest.fixture
def queued(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs wait in the database for `cbec worker`, as in production."""
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = DATABASE_BACKEND
    # The worker drops its connections between jobs; the test's transaction must stay open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def postings_file(tmp_path: Path, per_month: int = 20, months: int = 3) -> Path:
    path = tmp_path / "feed.jsonl"
    samples.write_file(path, per_month=per_month, months=months)
    return path


def stored(dataset: str) -> tuple[int, int]:
    """(rows, distinct rows) of a dataset; postings are distinct by id."""
    distinct = "DISTINCT posting_id" if dataset == "postings" else "DISTINCT *"
    sql = f"SELECT (SELECT count(*) FROM {dataset}), (SELECT count(*) FROM (SELECT {distinct} FROM {dataset}))"
    with lake.connect() as con:
        row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def hidden_leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*") if p.name != ".lock"]


def big_upload(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ImportRun, Job]:
    """Upload `path` as the enterprise delegate, large enough to be a job."""
    monkeypatch.setattr(tasks, "INLINE_UPLOAD", 0)
    enterprise = User.objects.get(username="enterprise")
    run, job = tasks.start_upload(
        path.name, iter([path.read_bytes()]), actor=enterprise, source="feed"
    )
    assert job is not None
    return run, job


def cut_off(monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """Make the next import die like a killed process: no clean-up runs, files stay as they
    are — while writing (before anything is published) or half-way through publishing."""
    monkeypatch.setattr(lake, "BUFFERED_ROWS", 1)  # write to disk as batches land
    monkeypatch.setattr(lake.LakeWriter, "abort", lambda self: None)
    if where == "writing":

        def dies(self: lake.LakeWriter) -> int:
            raise SystemExit("killed")

        monkeypatch.setattr(lake.LakeWriter, "commit", dies)
        return
    real_rename = Path.rename
    renamed: list[Path] = []

    def rename(self: Path, target: Any) -> Any:
        if self.name.endswith(".parquet.tmp"):
            if len(renamed) == 2:
                raise SystemExit("killed")
            renamed.append(self)
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)


# --- a job cut off by a restart ------------------------------------------------------------


@pytest.mark.parametrize("where", ["writing", "publishing"])
def test_an_upload_cut_off_mid_way_is_retried_by_the_scheduler_and_lands_once(
    lake_dir: Path,
    tmp_path: Path,
    queued: None,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    path = postings_file(tmp_path)
    clean = runner.import_file(path, current_lexicon(), root=tmp_path / "clean", source="feed")
    expected = clean.progress.added
    run, job = big_upload(path, monkeypatch)
    assert job.status == JobStatus.QUEUED and run.status == ImportStatus.RUNNING
    stored_upload = Path(job.params["path"])
    assert stored_upload.is_relative_to(tmp_path / "uploads") and stored_upload.exists()

    with monkeypatch.context() as killed:
        cut_off(killed, where)
        with pytest.raises(SystemExit):
            tasks.import_upload.call(job.pk)  # the worker process dies in the middle
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.attempts == 1
    assert hidden_leftovers(lake_dir)  # a half-written lake
    if where == "publishing":
        assert 0 < stored("postings")[0] < expected  # part of it visible, part not

    # The restart: no beat for minutes. The scheduler retries the job; the worker runs it.
    long_ago = timezone.now() - dt.timedelta(minutes=20)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=long_ago)
    result = cli("scheduler", "--once")
    assert "jobs.settle" in result.output and "monitor.settle_imports" in result.output
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and "被中断" in job.detail
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.RUNNING  # waits for it
    worker = cli("worker", "--batch")
    assert worker.exit_code == 0, worker.output

    job.refresh_from_db()
    run.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.progress == 100
    assert run.status == ImportStatus.DONE
    assert stored("postings") == (expected, expected)  # each posting once
    assert stored("mentions")[0] == clean_mentions(tmp_path / "clean")
    assert run.added + run.duplicates + run.quarantined == run.rows_read
    assert run.added == (expected if where == "writing" else 0)  # published ones: duplicates
    assert not hidden_leftovers(lake_dir) and not stored_upload.exists()
    assert AuditEntry.objects.filter(action="jobs.job.retried", actor_label="system").exists()


def clean_mentions(root: Path) -> int:
    with lake.connect(root) as con:
        row = con.execute("SELECT count(*) FROM mentions").fetchone()
    assert row is not None
    return int(row[0])


def test_a_job_cut_off_on_every_attempt_fails_and_so_does_its_run(
    persona: Any, lake_dir: Path, tmp_path: Path, queued: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, job = big_upload(postings_file(tmp_path, per_month=5, months=1), monkeypatch)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=job.max_attempts, heartbeat_at=long_ago
    )
    assert [j.pk for j in work.settle_stale_jobs()] == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "已停止重试" in shown(job.error, "zh-hans")
    assert "stopped retrying" in shown(job.error, "en")
    assert [r.pk for r in tasks.settle_imports()] == [run.pk]
    page = persona("enterprise").get(f"/monitor/imports/{run.pk}/").content.decode()
    assert "已停止重试" in page and ImportRun.objects.get(pk=run.pk).status == ImportStatus.FAILED
    assert stored("postings") == (0, 0)


def test_a_broken_file_s_job_ends_failed_with_a_message_and_changes_nothing(
    persona: Any, lake_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cbec.inbox.models import Signal

    actions.import_postings(postings_file(tmp_path), actor=SYSTEM, source="feed")
    before = (lake.files("postings"), Signal.objects.count(), stored("mentions"))
    monkeypatch.setattr(tasks, "INLINE_UPLOAD", 0)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a workbook" * 100)
    client = persona("enterprise")
    with junk.open("rb") as fh:
        response = client.post("/monitor/import/", {"file": fh})
    assert response.status_code == 302
    run = ImportRun.objects.latest("pk")
    job = work.for_target(run)
    assert job is not None and job.status == JobStatus.FAILED
    assert run.status == ImportStatus.FAILED
    assert "Excel 工作簿" in client.get(response["Location"]).content.decode()
    english = client.get(f"/api/jobs/{job.pk}", headers={"Accept-Language": "en"}).json()
    assert english["status"] == "failed" and "not a readable Excel workbook" in english["error"]
    assert (lake.files("postings"), Signal.objects.count(), stored("mentions")) == before
    assert not list((tmp_path / "uploads").iterdir())  # the stored upload is gone


def test_large_uploads_through_the_api_answer_202_with_the_job(
    persona: Any, lake_dir: Path, tmp_path: Path, queued: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "INLINE_UPLOAD", 0)
    client = persona("demo")
    with postings_file(tmp_path).open("rb") as fh:
        created = client.post("/api/monitor/imports", {"file": fh})
    assert created.status_code == 202
    body = created.json()
    assert body["status"] == "running" and body["added"] == 0 and body["job"]
    assert client.get(f"/api/jobs/{body['job']}").json()["status"] == "queued"
    assert persona("chair").get(f"/api/jobs/{body['job']}").status_code == 404  # not theirs
    cli("worker", "--batch")
    done = client.get(f"/api/monitor/imports/{body['id']}").json()
    assert done["status"] == "done" and done["added"] > 0
    assert client.get(f"/api/jobs/{body['job']}").json()["progress"] == 100


# --- re-extraction and detection as jobs, their page ---------------------------------------


def test_reextraction_queues_a_job_whose_page_shows_progress(
    persona: Any, lake_dir: Path, tmp_path: Path, queued: None
) -> None:
    actions.import_postings(postings_file(tmp_path), actor=SYSTEM, source="feed")
    chair = persona("chair")
    response = chair.post("/monitor/lexicon/edit/", {"op": "reextract"})
    job = Job.objects.get(kind=tasks.REEXTRACT)
    assert response["Location"] == f"/jobs/{job.pk}/"
    partial = chair.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<section id="job"') and "hx-trigger" in partial
    assert "排队" in partial and job.actor_label == "chair"
    assert persona("teacher").get(response["Location"]).status_code == 404
    assert persona("teacher").post("/monitor/lexicon/edit/", {"op": "reextract"}).status_code == 403
    assert cli("worker", "--batch").exit_code == 0
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["postings"] == stored("postings")[0]
    page = chair.get(response["Location"]).content.decode()
    assert "已完成" in page and "hx-trigger" not in page
    entry = AuditEntry.objects.filter(action="monitor.lexicon.reextracted").latest("pk")
    assert entry.actor is not None and entry.actor.username == "chair"  # the user, not system


def test_detection_after_imports_runs_when_postings_changed(
    lake_dir: Path, tmp_path: Path, queued: None
) -> None:
    assert tasks.detect_if_pending(SYSTEM) is None  # an empty lake
    actions.import_postings(postings_file(tmp_path), actor=SYSTEM, source="feed", detect=False)
    job = tasks.detect_if_pending(SYSTEM)
    assert job is not None and job.by_system and job.status == JobStatus.QUEUED
    assert tasks.detect_if_pending(SYSTEM) is None  # one at a time
    cli("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and "findings" in job.result
    assert tasks.detect_if_pending(SYSTEM) is None  # nothing changed since


# --- the processes: worker, scheduler, /health/, banner ------------------------------------


def test_cbec_worker_runs_queued_jobs_and_beats(
    lake_dir: Path, tmp_path: Path, queued: None, user: Any
) -> None:
    job = tasks.start_detection(user("chair"))
    assert job.status == JobStatus.QUEUED
    result = cli("worker", "--batch")
    assert result.exit_code == 0, result.output
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.finished_at is not None
    assert Heartbeat.objects.get(name="worker").period_s == 15


def test_cbec_worker_explains_a_backend_it_cannot_run() -> None:
    result = CliRunner(env=ENGLISH_TERMINAL).invoke(main, ["worker", "--batch"])
    assert result.exit_code == 1 and "ImmediateBackend" in result.output


def test_the_scheduler_beats_and_health_reports_it(
    client: Any, settings: Any, lake_dir: Path
) -> None:
    from cbec.jobs.schedule import SCHEDULE

    listed = cli("scheduler", "--list").output
    assert listed.count("every") == len(SCHEDULE) and all(e.name in listed for e in SCHEDULE)
    before = client.get("/health/").json()
    assert before["database"] == "ok" and before["scheduler"]["age_s"] is None
    assert before["status"] == "degraded" and not before["scheduler"]["ok"]
    assert before["worker"] == {"age_s": None, "period_s": 15, "ok": True, "needed": False}
    result = cli("scheduler", "--once")
    assert result.exit_code == 0 and result.output.startswith("ran: jobs.settle")
    after = client.get("/health/")
    body = after.json()
    assert after.status_code == 200 and body["status"] == "ok"
    assert 0 <= body["scheduler"]["age_s"] < 5 and body["scheduler"]["period_s"] == 30
    assert body["jobs"] == {"queued": 0, "running": 0}
    Heartbeat.objects.filter(name="scheduler").update(
        beat_at=timezone.now() - dt.timedelta(seconds=61)
    )
    assert client.get("/health/").json()["status"] == "degraded"
    settings.TASKS = DATABASE_BACKEND  # a worker is needed now, and none beat
    cli("scheduler", "--once")
    body = client.get("/health/").json()
    assert body["worker"]["needed"] and not body["worker"]["ok"] and body["status"] == "degraded"
    assert json.loads(json.dumps(body)) == body


def test_staff_see_a_banner_when_the_scheduler_is_late(persona: Any) -> None:
    assert 'id="scheduler-late"' in persona("demo").get("/").content.decode()  # never ran
    assert 'id="scheduler-late"' not in persona("chair").get("/").content.decode()  # not staff
    work.beat("scheduler", 30)
    assert 'id="scheduler-late"' not in persona("demo").get("/").content.decode()
    Heartbeat.objects.filter(name="scheduler").update(
        beat_at=timezone.now() - dt.timedelta(minutes=7)
    )
    page = persona("demo").get("/standards/").content.decode()
    assert 'id="scheduler-late"' in page and "已 7 分钟没有运行" in page
    demo = persona("demo")
    demo.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "has not run for 7 minutes" in demo.get("/").content.decode()
    assert health.scheduler_late() is not None


def test_rules() -> None:
    now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    assert rules.age_seconds(None, now) is None
    assert rules.age_seconds(now - dt.timedelta(seconds=90), now) == 90
    assert rules.is_stale(None, 30) and rules.is_stale(61, 30) and not rules.is_stale(60, 30)
    assert rules.is_due(None, 60, 0) and rules.is_due(0, 60, 60) and not rules.is_due(0, 60, 59)
    assert rules.overall(False, [True]) == "down" and rules.overall(True, [True, False]) == (
        "degraded"
    )
    assert rules.may_retry(2, 3) and not rules.may_retry(3, 3)


def test_a_reextraction_cut_off_while_swapping_is_finished_by_the_next_writer(
    lake_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    actions.import_postings(postings_file(tmp_path), actor=SYSTEM, source="feed")
    before = (stored("postings"), stored("mentions"))
    real_rename = Path.rename

    def rename(self: Path, target: Any) -> Any:
        if Path(target).name == "mentions" and self.parent.name.startswith(".reextract-"):
            raise SystemExit("killed")  # postings swapped in, mentions moved away: none there
        return real_rename(self, target)

    with monkeypatch.context() as killed:
        killed.setattr(Path, "rename", rename)
        with pytest.raises(SystemExit):
            actions.reextract(actor=SYSTEM)
    assert not (lake_dir / "mentions").exists() and list(lake_dir.glob(".swap-*.json"))
    with lake.locked():  # the next writer finishes the swap first
        pass
    assert (stored("postings"), stored("mentions")) == before
    assert lake.sweep_if_idle() == 0 and not hidden_leftovers(lake_dir)
