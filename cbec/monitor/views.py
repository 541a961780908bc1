"""Monitor pages: demand dashboard, posting import with progress, lexicon editor, one posting.
Thin: data through trends/demand, writes through actions, permissions through access."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cbec.accounts.roles import require
from cbec.errors import InvalidInput
from cbec.inbox.models import SignalSource
from cbec.jobs import work
from cbec.jobs.models import JobStatus
from cbec.lib.params import whole_number
from cbec.lib.said import shown
from cbec.monitor import access, actions, tasks, trends
from cbec.monitor.demand import demand_by_area
from cbec.monitor.lexicon import area_terms, current_lexicon
from cbec.monitor.mapping import PRESETS
from cbec.monitor.models import LexiconTerm, Role
from cbec.monitor.samples import lake_holds_samples
from cbec.standards.models import DomainArea

TOP_AREAS = 8


def _english(request: HttpRequest) -> bool:
    return (request.LANGUAGE_CODE or "").startswith("en")


def _labels(english: bool) -> dict[str, str]:
    return {a.code: (a.label_en if english else a.label_zh) for a in DomainArea.objects.all()}


WINDOWS = (6, 12, 24)  # months the dashboard can be narrowed to, counted back from the newest


def _window(request: HttpRequest, last: dt.date | None) -> tuple[int | None, dt.date | None]:
    """The chosen window (`?months=`) and the first day it covers; None, None for all data."""
    months = request.GET.get("months", "")
    if last is None or not months.isdecimal() or int(months) not in WINDOWS:
        return None, None
    index = last.year * 12 + last.month - int(months)  # months since year 0, window start
    return int(months), dt.date(index // 12, index % 12 + 1, 1)


def dashboard(request: HttpRequest) -> HttpResponse:
    english = _english(request)
    labels = _labels(english)
    overview = trends.overview()
    months, since = _window(request, overview["last"])
    demand = demand_by_area(since)
    chart = _chart_data(labels, list(demand)[:TOP_AREAS], since)
    signals = access.signals_for_user(request.user).filter(source_kind=SignalSource.POSTING)[:12]
    context = {
        "overview": overview,
        "months": months,
        "windows": WINDOWS,
        "since": since,
        "demand": [(code, labels.get(code, code), share) for code, share in demand.items()],
        "chart": chart,
        "signals": signals,
        "may_view": access.can_view_postings(request.user),
        "may_import": access.can_import_postings(request.user),
        "sample": lake_holds_samples(),
    }
    return render(request, "monitor/dashboard.html", context)


@login_required
@require_POST
def detect_now(request: HttpRequest) -> HttpResponse:
    require(request.user, "monitor.detect")
    job = tasks.start_detection(request.user)
    if job.status == JobStatus.DONE:  # a quick worker (or the immediate backend) was done
        messages.success(request, _("检测完成：%(n)s 项发现。") % {"n": job.result["findings"]})
    elif job.status == JobStatus.FAILED:
        messages.error(request, shown(job.error))
    else:
        return redirect("jobs:job", job_id=job.pk)
    return redirect("monitor:dashboard")


def _chart_data(labels: dict[str, str], top: list[str], since: dt.date | None) -> dict[str, Any]:
    def series(
        dimension: str,
        keys: list[str] | None,
        period: str = "month",
        names: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        rows = trends.shares(dimension, period, since)
        periods = sorted({r["period"] for r in rows})
        keys = keys if keys is not None else sorted({r["key"] for r in rows})
        table = {(r["period"], r["key"]): r["share"] for r in rows}
        return {
            "periods": periods,
            "series": [
                {
                    "key": k,
                    "name": (names or labels).get(k, k),
                    "data": [table.get((p, k), 0) for p in periods],
                }
                for k in keys
            ],
        }

    def top_places(dimension: str) -> list[tuple[str, int]]:
        totals: dict[str, int] = {}
        for r in trends.shares(dimension, "month", since):
            totals[r["key"]] = totals.get(r["key"], 0) + r["postings"]
        return sorted(totals.items(), key=lambda kv: -kv[1])[:15]

    return {
        "areas": series("area", top),
        "areas_weekly": series("area", top[:4], "week"),
        "roles": series("role", None, names={k: str(v) for k, v in Role.choices}),
        "provinces": top_places("province"),
        "cities": top_places("city"),
    }


# --- import -------------------------------------------------------------------------------------


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "monitor.import")  # refusals: the styled 403 page
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            return render(
                request,
                "monitor/import.html",
                _import_context(request, _("请选择文件。")),
                status=400,
            )
        try:
            run, _job = tasks.start_upload(
                upload.name or "upload",
                upload.chunks(),
                actor=request.user,
                preset=request.POST.get("preset", ""),
                source=request.POST.get("source", ""),
            )
        except actions.ImportFailed as exc:  # a small file imported at once: the run says why
            run = exc.run
        return redirect("monitor:run", run_id=run.pk)
    return render(request, "monitor/import.html", _import_context(request, ""))


def _import_context(request: HttpRequest, error: str) -> dict[str, Any]:
    return {
        "runs": access.runs_for_user(request.user)[:20],
        "presets": list(PRESETS),
        "error": error,
    }


@login_required
def run_page(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, run_id)
    template = "monitor/_run.html" if request.headers.get("HX-Request") else "monitor/run.html"
    context = {"run": run, "job": work.for_target(run), "quarantine": run.quarantine.all()[:200]}
    return render(request, template, context)


# --- lexicon ------------------------------------------------------------------------------------


@login_required
def lexicon_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "monitor.view_postings")
    english = _english(request)
    lexicon = current_lexicon()
    areas = [
        (a, (a.label_en if english else a.label_zh), area_terms(a))
        for a in DomainArea.objects.all()
    ]
    context = {
        "areas": areas,
        "edits": LexiconTerm.objects.select_related("area", "created_by"),
        "candidates": trends.candidates(40, {t.text for t in lexicon.terms}),
        "excluded": sorted(lexicon.exclude),
        "may_edit": access.can_edit_lexicon(request.user),
        "area_choices": [(a.code, label) for a, label, _terms in areas],
    }
    return render(request, "monitor/lexicon.html", context)


@login_required
@require_POST
def lexicon_edit(request: HttpRequest) -> HttpResponse:
    require(request.user, "monitor.edit_lexicon")
    op = request.POST.get("op", "")
    term = request.POST.get("term", "")
    note = request.POST.get("note", "")
    # Bad input (InvalidInput from here or the verbs) becomes a styled 400 naming the field.
    if op == "add":
        area = DomainArea.objects.filter(code=request.POST.get("area", "")).first()
        if area is None:
            raise InvalidInput(_("请选择领域"), field="area")
        actions.add_lexicon_term(term, area, actor=request.user, note=note)
    elif op == "exclude":
        actions.exclude_lexicon_term(term, actor=request.user, note=note)
    elif op == "remove":
        edit = LexiconTerm.objects.filter(pk=whole_number(request.POST.get("id")) or 0).first()
        if edit is None:
            raise Http404("lexicon edit not found")
        actions.remove_lexicon_edit(edit, actor=request.user)
    elif op == "reextract":
        job = tasks.start_reextract(request.user)
        if job.status != JobStatus.DONE:  # queued for a worker, or failed: its page says
            return redirect("jobs:job", job_id=job.pk)
    else:
        raise InvalidInput(_("未知操作“%(op)s”") % {"op": op[:40]}, field="op")
    return redirect("monitor:lexicon")


# --- one posting --------------------------------------------------------------------------------


@login_required
def posting_page(request: HttpRequest, posting_id: str) -> HttpResponse:
    require(request.user, "monitor.view_postings")
    found = trends.posting(posting_id)
    if found is None:
        raise Http404(posting_id)
    context = {
        "p": found,
        "pieces": _highlighted(found),
        "role": dict(Role.choices).get(found["role"], found["role"]),
    }
    return render(request, "monitor/posting.html", context)


def _highlighted(posting: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    """The text cut into (piece, mention or None) for highlighting matched spans."""
    text = f"{posting['title']}\n{posting['description']}"
    pieces: list[tuple[str, dict[str, Any] | None]] = []
    at = 0
    for m in posting["mentions"]:
        if m["start"] < at:
            continue
        pieces.append((text[at : m["start"]], None))
        pieces.append((text[m["start"] : m["end"]], m))
        at = m["end"]
    pieces.append((text[at:], None))
    return pieces
