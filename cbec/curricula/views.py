"""The curricula pages. For now one: CBEC programmes by province (Table 2)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cbec.curricula.models import ProgrammeCount


def programmes(request: HttpRequest) -> HttpResponse:
    rows = list(ProgrammeCount.objects.order_by("-vocational", "-undergraduate", "province_zh"))
    english = (request.LANGUAGE_CODE or "").startswith("en")
    chart = {
        "provinces": [r.province_en if english else r.province_zh for r in rows],
        "undergraduate": [r.undergraduate for r in rows],
        "vocational": [r.vocational for r in rows],
        "labels": [_("本科专业点"), _("高职专业点")],
    }
    context = {
        "rows": rows,
        "chart": chart,
        "undergraduate": sum(r.undergraduate for r in rows),
        "vocational": sum(r.vocational for r in rows),
    }
    return render(request, "curricula/programmes.html", context)
