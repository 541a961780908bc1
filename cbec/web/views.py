"""Pages. Thin: access goes through the access helpers, data through the query modules."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cbec.accounts.models import Organisation
from cbec.api import api_not_found
from cbec.curricula.models import ProgrammeCount
from cbec.lib.params import whole_number
from cbec.standards import queries
from cbec.standards.access import (
    frameworks_for_user,
    get_framework_for_user,
    get_item_for_user,
    items_for_user,
)
from cbec.standards.models import (
    Association,
    DomainArea,
    FrameworkKind,
    FrameworkStatus,
    Item,
    ItemType,
    Regulation,
    Statistic,
    Verification,
)
from cbec.standards.search import plan_search, search_items
from cbec.standards.tree import national_layout
from cbec.web.templatetags.cbec import level_names
from cbec.web.tree_html import tree_rows_html


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


def standards_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k) or None for k in ("kind", "issuer", "status", "q")}
    qs = queries.filter_frameworks(frameworks_for_user(request.user), **filters)
    issuers = Organisation.objects.filter(frameworks__isnull=False).distinct()
    context = {
        "frameworks": qs.annotate(n_items=Count("items")),
        "filters": filters,
        "kinds": FrameworkKind.choices,
        "statuses": FrameworkStatus.choices,
        "issuers": issuers,
    }
    return render(request, "web/standards_list.html", context)


def _level_param(request: HttpRequest) -> int | None:
    return whole_number(request.GET.get("level"))


def framework_detail(request: HttpRequest, code: str) -> HttpResponse:
    """All levels: the item tree. One level: the national layout (or the filtered tree when
    the framework has no function → work content → requirement structure)."""
    fw = get_framework_for_user(request.user, code, request.GET.get("version") or None)
    level = _level_param(request)
    rows = queries.tree_rows(fw, level)
    layout = national_layout(rows, level) if level else []
    english = (request.LANGUAGE_CODE or "").startswith("en")
    if layout:
        _set_text(rows, english=english)
    tree_html = (
        ""
        if layout
        else tree_rows_html(
            rows,
            english=english,
            type_labels={k: str(label) for k, label in ItemType.choices},
            level_names={r: level_names([r]) for r in range(1, 9)},
            unverified_label=_("未核实"),
        )
    )
    context = {
        "fw": fw,
        "levels": list(fw.levels.all()),
        "level": level,
        "rows": rows,
        "layout": layout,
        "tree_html": tree_html,
        "weight_tables": queries.weight_tables(fw),
        # A blank field of a verified framework is simply not applicable; otherwise unconfirmed.
        "missing": "—" if fw.verification == Verification.VERIFIED else _("未核实"),
    }
    return render(request, "web/framework_detail.html", context)


def _set_text(rows: list[dict[str, Any]], *, english: bool) -> None:
    """The statement in the page's language (falling back to the other), resolved once per row."""
    first, second = (
        ("statement_en", "statement_zh") if english else ("statement_zh", "statement_en")
    )
    for row in rows:
        row["text"] = row[first] or row[second]


def item_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    item = get_item_for_user(request.user, identifier)
    return render(
        request, "web/item_detail.html", {"item": item, "detail": queries.item_detail(item)}
    )


def domain_map(request: HttpRequest) -> HttpResponse:
    areas = DomainArea.objects.annotate(
        n_items=Count("associations", distinct=True), n_regs=Count("regulations", distinct=True)
    )
    return render(request, "web/domain_map.html", {"areas": areas})


def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = DomainArea.objects.filter(code=code).first()
    if area is None:
        raise Http404(code)
    mapped = (
        Association.objects.filter(destination_area=area, origin__in=items_for_user(request.user))
        .select_related("origin__framework")
        .order_by("origin__framework__code", "origin__position")
    )
    context = {"area": area, "mapped": mapped, "related": area.related.all()}
    return render(request, "web/area_detail.html", context)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    plan = plan_search(query, queries.vocabulary())
    page_number = whole_number(request.GET.get("page")) or 1
    page_size = 25
    total, items = search_items(
        items_for_user(request.user), plan, offset=(page_number - 1) * page_size, limit=page_size
    )
    areas = DomainArea.objects.filter(code__in={a for g in plan.groups for a in g.areas})
    context = {
        "query": query,
        "total": total,
        "items": items,
        "areas": areas,
        "page": page_number,
        "has_next": page_number * page_size < total,
    }
    template = (
        "web/_search_results.html" if request.headers.get("HX-Request") else "web/search.html"
    )
    return render(request, template, context)


def regulations(request: HttpRequest) -> HttpResponse:
    jurisdiction = request.GET.get("jurisdiction") or None
    status = request.GET.get("status") or None
    regs = [
        (r, queries.regulation_status(r)) for r in queries.filter_regulations(jurisdiction, status)
    ]
    context = {
        "regulations": regs,
        "jurisdiction": jurisdiction,
        "status": status,
        "jurisdictions": sorted(set(Regulation.objects.values_list("jurisdiction", flat=True))),
    }
    return render(request, "web/regulations.html", context)


def regulation_detail(request: HttpRequest, code: str) -> HttpResponse:
    reg = Regulation.objects.filter(code=code).first()
    if reg is None:
        raise Http404(code)
    links = reg.links.filter(item__in=items_for_user(request.user)).select_related(
        "item__framework"
    )
    context = {"reg": reg, "status": queries.regulation_status(reg), "links": links}
    return render(request, "web/regulation_detail.html", context)


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
    return render(request, "web/programmes.html", context)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_not_found(request, request.path.removeprefix("/api/"))
    return render(request, "web/404.html", {"path": request.path}, status=404)


__all__ = ["Item", "Paginator"]
