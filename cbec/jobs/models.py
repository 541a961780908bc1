"""Background jobs as the platform sees them: one row per job with its progress, and the
heartbeats of the processes that run them (`cbec worker`, `cbec scheduler`).

The task framework's own result rows (`django_tasks_db`) say only queued/running/done; a Job
row adds what a person reads — what the job does, how far it got, why it failed (a stored `say`
message, shown in the reader's language) — and what the scheduler needs to retry a job whose
worker was cut off: the task to enqueue again, its attempts and the job's last sign of life.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    """One piece of long work run by a worker: a posting upload, a re-extraction, a detection."""

    kind = models.CharField(max_length=60, db_index=True, help_text="monitor.import, …")
    title = models.CharField(max_length=500, help_text="what the job does (a `say` message)")
    task_path = models.CharField(max_length=200, help_text="the task to enqueue (again)")
    params: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0–100; None: unknown"
    )
    detail = models.TextField(blank=True, help_text="the current step or outcome (`say`)")
    error = models.TextField(blank=True, help_text="why it failed (`say`)")
    result: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, help_text="username, or the system actor")
    by_system = models.BooleanField(default=False, help_text="started by the system actor")
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    task_id = models.CharField(max_length=64, blank=True, help_text="the task framework's id")
    # What the job works on (the import run it fills), like the audit log's targets.
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"job {self.pk} {self.kind}"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


class Heartbeat(models.Model):
    """The last sign of life of a long-running process, and how often it promised one."""

    name = models.CharField(max_length=40, unique=True, help_text="worker, scheduler")
    beat_at = models.DateTimeField()
    period_s = models.PositiveIntegerField(help_text="seconds between beats")
    info = models.CharField(max_length=200, blank=True, help_text="host and process id")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
