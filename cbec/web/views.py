"""The shell's own page: the dashboard (总览). Every other page lives in the app that owns it
(`standards/pages.py`, `curricula/views.py`, `analysis/views.py`, …); `urls.py` mounts the
standards' and curricula's read pages under this namespace's names (`web:standards`, …)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cbec.curricula.models import ProgrammeCount
from cbec.standards import queries
from cbec.standards.access import (
    frameworks_for_user,
    items_for_user,
)
from cbec.standards.models import (
    DomainArea,
    FrameworkKind,
    Regulation,
    Statistic,
    Verification,
)


def dashboard(request: HttpRequest) -> HttpResponse:
    frameworks = frameworks_for_user(request.user)
    by_kind = {row["kind"]: row["n"] for row in frameworks.values("kind").annotate(n=Count("id"))}
    programmes = list(ProgrammeCount.objects.all())
    upcoming = sorted(
        (r for r in Regulation.objects.all() if queries.regulation_status(r) == "upcoming"),
        key=lambda r: r.effective_on or r.issued_on,  # type: ignore[arg-type, return-value]
    )
    context = {
        "kinds": [(k, label, by_kind.get(k, 0)) for k, label in FrameworkKind.choices],
        "framework_count": frameworks.count(),
        "item_count": items_for_user(request.user).count(),
        "area_count": DomainArea.objects.count(),
        "regulation_count": Regulation.objects.count(),
        "verification": _verification_counts(frameworks),
        "statistics": Statistic.objects.order_by("code"),
        "undergraduate": sum(p.undergraduate for p in programmes),
        "vocational": sum(p.vocational for p in programmes),
        "upcoming": upcoming[:5],
    }
    return render(request, "web/dashboard.html", context)


def _verification_counts(frameworks: Any) -> list[tuple[str, str, int]]:
    counts = {
        r["verification"]: r["n"] for r in frameworks.values("verification").annotate(n=Count("id"))
    }
    return [(k, str(label), counts.get(k, 0)) for k, label in Verification.choices]
