"""Monitor API: demand trends and shares (open), imports, postings, lexicon candidates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import django_auth

from cbec.accounts.roles import require
from cbec.jobs.models import Job
from cbec.lib.said import shown
from cbec.monitor import access, actions, tasks, trends
from cbec.monitor.demand import demand_by_area
from cbec.monitor.lexicon import current_lexicon
from cbec.monitor.models import ImportRun

router = Router(tags=["monitor"])


class ShareOut(Schema):
    period: str
    key: str
    postings: int
    total: int
    share: float


class RunOut(Schema):
    id: int
    file_name: str
    status: str
    file_kind: str
    encoding: str
    preset: str
    rows_read: int
    added: int
    duplicates: int
    quarantined: int
    progress: int
    error: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    job: int | None  # the background job importing a large upload (GET /api/jobs/{id})
    quarantine: list[dict[str, Any]]


class CandidateOut(Schema):
    term: str
    postings: int
    first_month: str
    last_month: str


def _run_out(run: ImportRun, jobs: dict[str, int] | None = None) -> dict[str, Any]:
    rows = [
        {"file": q.file_name, "row": q.row, "reason": shown(q.reason), "raw": q.raw}
        for q in run.quarantine.all()[:500]
    ]
    skip = {"quarantine", "id", "job"}
    fields = {name: getattr(run, name) for name in RunOut.model_fields if name not in skip}
    fields["error"] = shown(run.error)
    job = (jobs if jobs is not None else _jobs([run])).get(str(run.pk))
    return {**fields, "id": run.pk, "job": job, "quarantine": rows}


def _jobs(runs: list[ImportRun]) -> dict[str, int]:
    """The latest job of each run (one query for a page of runs)."""
    found = Job.objects.filter(
        target_type=ImportRun._meta.label_lower, target_id__in=[str(r.pk) for r in runs]
    ).order_by("created_at", "id")
    return {job.target_id: job.pk for job in found}


@router.get("/monitor/trends", response=list[ShareOut], summary="Demand shares per period")
def get_trends(
    request: HttpRequest, by: str = "area", period: str = "month", since: dt.date | None = None
) -> Any:
    if by not in trends.DIMENSIONS or period not in trends.PERIODS:
        allowed = {"by": ", ".join(trends.DIMENSIONS), "period": ", ".join(trends.PERIODS)}
        raise HttpError(422, _("by 须为 %(by)s 之一，period 须为 %(period)s 之一") % allowed)
    return trends.shares(by, period, since)


@router.get("/monitor/demand", response=dict[str, float], summary="Demand share per domain area")
def get_demand(request: HttpRequest, since: dt.date | None = None) -> Any:
    return demand_by_area(since)


@router.get("/monitor/overview", summary="Postings and mentions in the lake")
def get_overview(request: HttpRequest) -> Any:
    found = trends.overview()
    return {k: (str(v) if isinstance(v, dt.date) else v) for k, v in found.items()}


@router.get("/monitor/imports", response=list[RunOut], auth=django_auth, summary="Recent imports")
def list_imports(request: HttpRequest) -> Any:
    runs = list(access.runs_for_user(request.user)[:50])
    jobs = _jobs(runs)
    return [_run_out(r, jobs) for r in runs]


@router.get(
    "/monitor/imports/{run_id}",
    response=RunOut,
    auth=django_auth,
    summary="One import with its quarantined rows",
)
def get_import(request: HttpRequest, run_id: int) -> Any:
    return _run_out(access.get_run_for_user(request.user, run_id))


@router.post(
    "/monitor/imports",
    response={201: RunOut, 202: RunOut},
    auth=django_auth,
    summary="Import a posting file (201: imported; 202: large, a job imports it)",
)
def post_import(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    preset: str = Form(""),
    source: str = Form(""),  # noqa: B008
) -> Any:
    require(request.user, "monitor.import")
    try:
        run, job = tasks.start_upload(
            file.name or "upload", file.chunks(), actor=request.user, preset=preset, source=source
        )
    except actions.ImportFailed as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201 if job is None else 202, _run_out(run))


@router.get(
    "/monitor/candidates",
    response=list[CandidateOut],
    auth=django_auth,
    summary="Frequent terms not in the lexicon",
)
def get_candidates(request: HttpRequest, limit: int = 50) -> Any:
    require(request.user, "monitor.view_postings")
    return trends.candidates(min(max(limit, 1), 500), {t.text for t in current_lexicon().terms})


@router.get(
    "/monitor/postings/{posting_id}", auth=django_auth, summary="One posting with its mentions"
)
def get_posting(request: HttpRequest, posting_id: str) -> Any:
    require(request.user, "monitor.view_postings")
    found = trends.posting(posting_id)
    if found is None:
        raise HttpError(404, _("找不到招聘信息 %(id)s") % {"id": posting_id})
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in found.items()}
