"""Monitor API: demand trends and shares (open), imports, postings, lexicon candidates."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import django_auth

from cbec.lib.said import shown
from cbec.monitor import access, actions, trends
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
    quarantine: list[dict[str, Any]]


class CandidateOut(Schema):
    term: str
    postings: int
    first_month: str
    last_month: str


def _run_out(run: ImportRun) -> dict[str, Any]:
    rows = [
        {"file": q.file_name, "row": q.row, "reason": shown(q.reason), "raw": q.raw}
        for q in run.quarantine.all()[:500]
    ]
    fields = {
        name: getattr(run, name) for name in RunOut.model_fields if name not in {"quarantine", "id"}
    }
    fields["error"] = shown(run.error)
    return {**fields, "id": run.pk, "quarantine": rows}


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
    actions.settle_interrupted_runs()
    return [_run_out(r) for r in access.runs_for_user(request.user)[:50]]


@router.get(
    "/monitor/imports/{run_id}",
    response=RunOut,
    auth=django_auth,
    summary="One import with its quarantined rows",
)
def get_import(request: HttpRequest, run_id: int) -> Any:
    actions.settle_interrupted_runs()
    return _run_out(access.get_run_for_user(request.user, run_id))


@router.post(
    "/monitor/imports", response={201: RunOut}, auth=django_auth, summary="Import a posting file"
)
def post_import(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    preset: str = Form(""),
    source: str = Form(""),  # noqa: B008
) -> Any:
    if not access.can_import_postings(request.user):
        raise HttpError(403, _("导入招聘信息需要编辑、管理员或企业代表权限"))
    with tempfile.TemporaryDirectory(prefix="cbec-upload-") as folder:
        path = Path(folder) / Path(file.name or "upload").name
        path.write_bytes(file.read())
        try:
            run = actions.import_postings(
                path, actor=request.user, preset=preset or None, source=source, workers=1
            )
        except actions.ImportFailed as exc:
            raise HttpError(422, str(exc)) from exc
    return Status(201, _run_out(run))


@router.get(
    "/monitor/candidates",
    response=list[CandidateOut],
    auth=django_auth,
    summary="Frequent terms not in the lexicon",
)
def get_candidates(request: HttpRequest, limit: int = 50) -> Any:
    if not access.can_view_postings(request.user):
        raise HttpError(403, _("候选词条仅对机构成员开放"))
    return trends.candidates(min(max(limit, 1), 500), {t.text for t in current_lexicon().terms})


@router.get(
    "/monitor/postings/{posting_id}", auth=django_auth, summary="One posting with its mentions"
)
def get_posting(request: HttpRequest, posting_id: str) -> Any:
    if not access.can_view_postings(request.user):
        raise HttpError(403, _("招聘信息正文仅对机构成员开放"))
    found = trends.posting(posting_id)
    if found is None:
        raise HttpError(404, _("找不到招聘信息 %(id)s") % {"id": posting_id})
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in found.items()}
