"""The standards' read pages: the list, a framework's tree, an item, the domain map and its
areas, search, regulations. Thin: access goes through `access.py`, data through `queries.py`
and the pure cores (`tree.py`, `search.py`). Their URLs are named in the shell's namespace
(`web:standards`, `web:framework`, …): see `urls.py`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cbec.accounts.models import Organisation
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
    ItemType,
    Regulation,
    Verification,
)
from cbec.standards.search import plan_search, search_items
from cbec.standards.tree import national_layout
from cbec.standards.tree_html import tree_rows_html
from cbec.web.templatetags.cbec import level_names


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
    return render(request, "standards/standards_list.html", context)


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
    return render(request, "standards/framework_detail.html", context)


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
        request, "standards/item_detail.html", {"item": item, "detail": queries.item_detail(item)}
    )


def domain_map(request: HttpRequest) -> HttpResponse:
    areas = DomainArea.objects.annotate(
        n_items=Count("associations", distinct=True), n_regs=Count("regulations", distinct=True)
    )
    return render(request, "standards/domain_map.html", {"areas": areas})


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
    return render(request, "standards/area_detail.html", context)


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
        "standards/_search_results.html"
        if request.headers.get("HX-Request")
        else "standards/search.html"
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
    return render(request, "standards/regulations.html", context)


def regulation_detail(request: HttpRequest, code: str) -> HttpResponse:
    reg = Regulation.objects.filter(code=code).first()
    if reg is None:
        raise Http404(code)
    links = reg.links.filter(item__in=items_for_user(request.user)).select_related(
        "item__framework"
    )
    context = {"reg": reg, "status": queries.regulation_status(reg), "links": links}
    return render(request, "standards/regulation_detail.html", context)
