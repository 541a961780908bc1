"""Analysis pages: coverage matrix, drill-down, feature index, gaps, paper findings, comparison,
and the crosswalk workbench. Thin: data through services, access through the helpers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cbec.accounts.roles import allowed
from cbec.analysis import actions, services
from cbec.analysis.access import get_crosswalk_for_user
from cbec.analysis.rows import LEVELS
from cbec.lib.params import whole_number
from cbec.standards.access import get_framework_for_user
from cbec.standards.models import Association, DomainArea, Framework


def _english(request: HttpRequest) -> bool:
    return (request.LANGUAGE_CODE or "").startswith("en")


def _area_labels(cov: services.Coverage, english: bool) -> dict[str, str]:
    return {a.code: (a.label_en if english else a.label_zh) for a in cov.areas}


def coverage_page(request: HttpRequest) -> HttpResponse:
    english = _english(request)
    cov = services.coverage(request.user, english=english)
    fmt = request.GET.get("format")
    if fmt == "csv":
        response = HttpResponse(services.matrix_csv(cov), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="coverage.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            services.matrix_xlsx(cov),
            content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
        response["Content-Disposition"] = 'attachment; filename="coverage.xlsx"'
        return response
    level = whole_number(request.GET.get("level"))
    labels = _area_labels(cov, english)
    value = (
        (lambda f, a: cov.matrix.at_level(f, a, level))
        if level
        else (lambda f, a: cov.matrix.cell(f, a).value)
    )
    table = [
        (f, [(a.code, value(f.code, a.code), cov.matrix.cell(f.code, a.code)) for a in cov.areas])
        for f in cov.frameworks
    ]
    chart = {
        "areas": [labels[a.code] for a in cov.areas],
        "area_codes": [a.code for a in cov.areas],
        "frameworks": [f.title for f in cov.frameworks],
        "framework_codes": [f.code for f in cov.frameworks],
        "cells": [
            [x, y, value(f.code, a.code)]
            for y, f in enumerate(cov.frameworks)
            for x, a in enumerate(cov.areas)
        ],
    }
    context = {
        "table": table,
        "areas": cov.areas,
        "labels": labels,
        "chart": chart,
        "level": level,
        "levels": LEVELS,
    }
    return render(request, "analysis/coverage.html", context)


def cell_page(request: HttpRequest, code: str, area: str) -> HttpResponse:
    fw = get_framework_for_user(request.user, code)
    domain_area = DomainArea.objects.filter(code=area).first()
    if domain_area is None:
        raise Http404(area)
    rows = (
        Association.objects.filter(framework=fw, destination_area=domain_area)
        .select_related("origin", "reviewer")
        .order_by("status", "origin__position")
    )
    return render(request, "analysis/cell.html", {"fw": fw, "area": domain_area, "rows": rows})


def features_page(request: HttpRequest) -> HttpResponse:
    cov = services.coverage(request.user, english=_english(request))
    indexes = services.feature_indexes(cov)
    rows = list(zip(cov.frameworks, indexes, strict=True))
    return render(request, "analysis/features.html", {"rows": rows})


def gaps_page(request: HttpRequest, code: str) -> HttpResponse:
    english = _english(request)
    fw = get_framework_for_user(request.user, code)
    cov = services.coverage(request.user, english=english)
    report = services.gaps_for(cov, fw)
    context = {"fw": fw, "report": report, "labels": _area_labels(cov, english)}
    return render(request, "analysis/gaps.html", context)


def paper_page(request: HttpRequest) -> HttpResponse:
    english = _english(request)
    cov = services.coverage(request.user, english=english)
    findings = services.paper_findings(cov)
    indexes = services.feature_indexes(cov)
    definitions = [
        (f, sum(1 for i in f.items.values() if i.item_type in {"occupation", "job_type", "role"}))
        for f in cov.frameworks
    ]
    context = {
        "findings": findings,
        "indexes": list(zip(cov.frameworks, indexes, strict=True)),
        "definitions": definitions,
        "labels": _area_labels(cov, english),
    }
    return render(request, "analysis/paper.html", context)


def compare_page(request: HttpRequest) -> HttpResponse:
    english = _english(request)
    cov = services.coverage(request.user, english=english)
    codes = [f.code for f in cov.frameworks]
    a = request.GET.get("a") or (codes[0] if codes else "")
    b = request.GET.get("b") or (codes[1] if len(codes) > 1 else a)
    if a not in codes or b not in codes:
        raise Http404("unknown framework")
    rows = services.comparison(cov, a, b)
    counts = {
        side: sum(1 for r in rows if r.side == side)
        for side in ("shared", "only_a", "only_b", "neither")
    }
    context = {
        "frameworks": cov.frameworks,
        "a": a,
        "b": b,
        "rows": rows,
        "counts": counts,
        "labels": _area_labels(cov, english),
    }
    return render(request, "analysis/compare.html", context)


def workbench(request: HttpRequest, code: str) -> HttpResponse:
    fw = get_framework_for_user(request.user, code)
    status = request.GET.get("status", "proposed")
    rows = (
        Association.objects.filter(framework=fw, status=status)
        .select_related("origin", "destination_area", "destination_item__framework", "reviewer")
        .order_by("-confidence", "origin__position")[:500]
    )
    context: dict[str, Any] = {
        "fw": fw,
        "rows": rows,
        "status": status,
        "may_review": allowed(request.user, "analysis.review_crosswalk", fw),
        "flags": services.flags(request.user, fw),
        "targets": Framework.objects.filter(status="published").exclude(pk=fw.pk).order_by("code"),
    }
    return render(request, "analysis/workbench.html", context)


@login_required
@require_POST
def suggest(request: HttpRequest, code: str) -> HttpResponse:
    fw = get_framework_for_user(request.user, code)
    target_code = request.POST.get("target") or ""
    target = get_framework_for_user(request.user, target_code) if target_code else None
    actions.suggest_crosswalks(actor=request.user, framework=fw, target=target)
    return redirect("analysis:workbench", code=fw.code)


@login_required
@require_POST
def review(request: HttpRequest, row_id: int) -> HttpResponse:
    row = get_crosswalk_for_user(request.user, row_id)
    actions.review_crosswalk(  # refusals and bad fields: styled 403/400 by the middleware
        actor=request.user,
        row=row,
        decision=request.POST.get("decision", ""),
        match=request.POST.get("match") or None,
        coverage=request.POST.get("coverage") or None,
        rationale=request.POST.get("rationale"),
    )
    if request.headers.get("HX-Request"):
        return render(request, "analysis/_row.html", {"row": row, "may_review": True})
    return redirect("analysis:workbench", code=row.framework.code)


@login_required
@require_POST
def bulk(request: HttpRequest, code: str) -> HttpResponse:
    fw = get_framework_for_user(request.user, code)
    ids = [n for n in map(whole_number, request.POST.getlist("rows")) if n is not None]
    rows = list(Association.objects.filter(framework=fw, pk__in=ids).select_related("framework"))
    actions.bulk_review(actor=request.user, rows=rows, decision=request.POST.get("decision", ""))
    return redirect("analysis:workbench", code=fw.code)
