"""Pages: notices (list, detail, import), timeline, field visits."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cbec.accounts.roles import allowed, require
from cbec.errors import InvalidInput
from cbec.lib import clock
from cbec.regulatory import actions, queries
from cbec.regulatory.classify import TOPIC_RULES
from cbec.regulatory.models import FieldVisit, FindingKind, Notice
from cbec.standards.models import DomainArea

MAX_UPLOAD = 20 * 1024 * 1024


def notices(request: HttpRequest) -> HttpResponse:
    relevant = request.GET.get("relevant") or None
    topic = request.GET.get("topic") or None
    conflicts = request.GET.get("conflicts") == "1"
    qs = queries.filter_notices(relevant, topic, conflicts)
    context = {
        "notices": qs[:300],
        "count": qs.count(),
        "relevant": relevant,
        "topic": topic,
        "conflicts": conflicts,
        "topics": list(TOPIC_RULES),
        "may_import": allowed(request.user, "regulatory.manage"),
    }
    return render(request, "regulatory/notices.html", context)


def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = Notice.objects.filter(pk=pk).first()
    if notice is None:
        raise Http404(pk)
    context = {
        "notice": notice,
        "links": notice.links.select_related("regulation"),
        "items": notice.items.select_related("framework")[:40],
        "areas": notice.areas.all(),
    }
    return render(request, "regulatory/notice_detail.html", context)


def import_notices(request: HttpRequest) -> HttpResponse:
    require(request.user, "regulatory.manage")  # the form itself is for those who may import
    report = None
    if request.method == "POST":
        files = request.FILES.getlist("files")
        too_big = [f.name for f in files if (f.size or 0) > MAX_UPLOAD]
        if too_big:
            names = ", ".join(n or "" for n in too_big)
            raise InvalidInput(_("文件超过 20 MB：%(names)s") % {"names": names}, field="files")
        report = actions.import_notice_files(
            [(f.name or "upload", f.read()) for f in files], actor=request.user
        )
    return render(request, "regulatory/import.html", {"report": report})


def timeline(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "regulatory/timeline.html",
        {"entries": queries.timeline(), "today": clock.today()},
    )


def visits(request: HttpRequest) -> HttpResponse:
    may = allowed(request.user, "regulatory.manage")
    if request.method == "POST":
        require(request.user, "regulatory.manage")  # before reading the form: 403, not 400
        visited_on = _day(request.POST.get("visited_on", ""))
        if visited_on is None:
            # A plain-text 400 (the field's message alone), as clients of this form expect.
            message = _("调研日期应为 YYYY-MM-DD，而不是“%(value)s”")
            value = request.POST["visited_on"][:40]
            return HttpResponse(message % {"value": value}, status=400, content_type="text/plain")
        visit = actions.record_field_visit(
            actor=request.user,
            organisation_name=request.POST.get("organisation", "").strip()[:200],
            visited_on=visited_on,
            summary=request.POST.get("summary", ""),
            panel_names=request.POST.get("panel", ""),
            findings=_findings(request.POST.get("findings", "")),
            attachment=_attachment(request),
        )
        return redirect("regulatory:visit", pk=visit.pk)
    context = {
        "visits": FieldVisit.objects.prefetch_related("findings")[:100],
        "may_record": may,
        "areas": DomainArea.objects.all(),
        "kinds": FindingKind.choices,
    }
    return render(request, "regulatory/visits.html", context)


MAX_ATTACHMENT = 20 * 1024 * 1024


def _day(value: str) -> dt.date | None:
    """The visit date from the form: today when left empty, None when unreadable."""
    if not value.strip():
        return clock.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _attachment(request: HttpRequest) -> UploadedFile | None:
    upload = request.FILES.get("attachment")
    return upload if upload is not None and (upload.size or 0) <= MAX_ATTACHMENT else None


@login_required
def visit_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Attachments are internal working papers: signed-in people only."""
    visit = FieldVisit.objects.filter(pk=pk).first()
    if visit is None or not visit.attachment:
        raise Http404(pk)
    return FileResponse(
        visit.attachment.open("rb"),
        as_attachment=True,
        filename=visit.attachment.name.rsplit("/", 1)[-1],
    )


def _findings(text: str) -> list[tuple[str, str, list[str]]]:
    """One finding per line: "痛点: text #area #area" or "技能: text #area"."""
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        head, _, rest = line.partition(":") if ":" in line else line.partition("：")
        kind = "skill_need" if head.strip() in {"技能", "skill", "新技能需求"} else "pain_point"
        words = (rest or head).split()
        areas = [w[1:] for w in words if w.startswith("#")]
        found.append((kind, " ".join(w for w in words if not w.startswith("#")), areas))
    return found


def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = FieldVisit.objects.filter(pk=pk).prefetch_related("findings__areas").first()
    if visit is None:
        raise Http404(pk)
    return render(request, "regulatory/visit_detail.html", {"visit": visit})
