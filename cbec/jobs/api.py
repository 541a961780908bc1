"""Jobs API: the progress of background jobs one started (staff: every job)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from cbec.jobs.models import Job
from cbec.jobs.work import jobs_for_user
from cbec.lib.said import shown

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    progress: int | None
    detail: str
    error: str
    result: dict[str, Any]
    attempts: int
    actor: str
    target: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


def job_out(job: Job) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": shown(job.title),
        "status": job.status,
        "progress": job.progress,
        "detail": shown(job.detail),
        "error": shown(job.error),
        "result": job.result,
        "attempts": job.attempts,
        "actor": job.actor_label,
        "target": f"{job.target_type}:{job.target_id}" if job.target_type else "",
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


@router.get("/jobs", response=list[JobOut], auth=django_auth, summary="Recent background jobs")
def list_jobs(request: HttpRequest) -> Any:
    return [job_out(j) for j in jobs_for_user(request.user)[:50]]


@router.get("/jobs/{job_id}", response=JobOut, auth=django_auth, summary="One job's progress")
def get_job(request: HttpRequest, job_id: int) -> Any:
    job = jobs_for_user(request.user).filter(pk=job_id).first()
    if job is None:
        raise HttpError(404, f"job {job_id} not found")
    return job_out(job)
