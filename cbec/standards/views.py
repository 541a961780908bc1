"""Interchange and version pages. Thin: access helpers, verbs and pure cores do the work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cbec.accounts.models import Organisation
from cbec.accounts.roles import allowed, organisations_for
from cbec.standards.access import can_edit_framework, frameworks_for_user, get_framework_for_user
from cbec.standards.actions import (
    ImmutableVersionError,
    NotAllowed,
    import_workbook,
    publish_framework,
)
from cbec.standards.interop.problems import InterchangeError
from cbec.standards.interop.registry import (
    Format,
    ImportOptions,
    ImportSource,
    detect,
    import_with,
    importers,
)
from cbec.standards.models import Framework
from cbec.standards.versions import (
    changelog_markdown,
    changelog_workbook,
    diff_versions,
    new_version,
)

MAX_UPLOAD = 50 * 1024 * 1024


def _versions(request: HttpRequest, code: str) -> list[Framework]:
    return list(
        frameworks_for_user(request.user)
        .filter(code=code)
        .select_related("derived_from")
        .order_by("-created_at")
    )


def interchange(request: HttpRequest, code: str) -> HttpResponse:
    fw = get_framework_for_user(request.user, code, request.GET.get("version") or None)
    versions = _versions(request, code)
    context = {
        "fw": fw,
        "versions": versions,
        "may_version": allowed(request.user, "standards.new_version", fw),
        "may_edit": can_edit_framework(request.user, fw),
        "formats": [("case", "CASE 1.1 JSON"), ("excel", "Excel")],
        "languages": [("zh", "中文"), ("en", "English"), ("both", "中英对照")],
        "problems": request.session.pop("interop_problems", []),
        "message": request.session.pop("interop_message", ""),
    }
    return render(request, "standards/interchange.html", context)


def _back(
    request: HttpRequest, fw: Framework, message: str = "", problems: Any = None
) -> HttpResponse:
    request.session["interop_message"] = message
    request.session["interop_problems"] = problems or []
    url = reverse("standards:interchange", args=[fw.code]) + f"?version={fw.version}"
    return redirect(url)


@login_required
@require_POST
def create_version(request: HttpRequest, code: str) -> HttpResponse:
    fw = get_framework_for_user(request.user, code, request.POST.get("version") or None)
    try:
        draft = new_version(fw, actor=request.user, version=request.POST.get("number", ""))
    except (ImmutableVersionError, NotAllowed) as exc:
        return _back(request, fw, str(exc))
    return _back(request, draft, _("已创建新版本草案 %(v)s") % {"v": draft.version})


@login_required
@require_POST
def publish(request: HttpRequest, code: str) -> HttpResponse:
    fw = get_framework_for_user(request.user, code, request.POST.get("version") or None)
    try:
        publish_framework(fw, actor=request.user)
    except (ImmutableVersionError, NotAllowed) as exc:
        return _back(request, fw, str(exc))
    return _back(request, fw, _("已发布 %(v)s") % {"v": fw.version})


@login_required
@require_POST
def workbook_into(request: HttpRequest, code: str) -> HttpResponse:
    """Excel into a draft: create or update items by code."""
    fw = get_framework_for_user(request.user, code, request.POST.get("version") or None)
    upload = request.FILES.get("file")
    if upload is None or upload.size is None or upload.size > MAX_UPLOAD:
        return _back(request, fw, _("请选择不超过 50 MB 的文件。"))
    try:
        result = import_workbook(
            upload.read(),
            actor=request.user,
            file=upload.name or "upload.xlsx",
            framework=fw,
            good_rows_only=bool(request.POST.get("good_rows_only")),
        )
    except InterchangeError as exc:
        return _back(request, fw, _("未导入，没有任何更改。"), [p.as_dict() for p in exc.problems])
    except NotAllowed as exc:
        return _back(request, fw, str(exc))
    message = _("新增 %(c)s 条，更新 %(u)s 条。") % {"c": result.created, "u": result.updated}
    return _back(request, fw, message, [p.as_dict() for p in result.skipped])


def _issuers(request: HttpRequest) -> list[Organisation]:
    """The organisations in whose name the user may write standards."""
    ids = organisations_for(request.user, "standards.author")
    return list(Organisation.objects.filter(pk__in=ids).order_by("slug"))


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    """A CASE package or a workbook as a new draft of one of the user's organisations."""
    issuers = _issuers(request)
    formats = [(f.name, f.importer.label) for f in importers(upload=True) if f.importer]
    context: dict[str, Any] = {
        "issuers": issuers,
        "formats": formats,
        "problems": [],
        "result": None,
    }
    if request.method == "POST":
        context |= _import_upload(request, {o.slug: o for o in issuers})
    return render(request, "standards/import.html", context)


def _import_upload(request: HttpRequest, issuers: dict[str, Organisation]) -> dict[str, Any]:
    upload = request.FILES.get("file")
    issuer = issuers.get(request.POST.get("issuer", ""))
    if upload is None or issuer is None or (upload.size or 0) > MAX_UPLOAD:
        return {"error": _("请选择文件和发布机构。")}
    name = upload.name or "upload"
    data = upload.read()
    fmt = _upload_format(request.POST.get("format", ""), name, data)
    if fmt is None:
        return {"error": _("不支持的文件类型 %(suffix)s") % {"suffix": Path(name).suffix or name}}
    options = ImportOptions(
        actor=request.user,
        issuer=issuer,
        code=request.POST.get("code") or None,
        fresh=bool(request.POST.get("copy")),
        as_draft=True,
    )
    try:
        done = import_with(fmt.name, ImportSource(name, data), options)
        return {"result": done.framework}
    except InterchangeError as exc:
        return {
            "problems": [p.as_dict() for p in exc.problems],
            "error": _("未导入，没有任何更改。"),
        }
    except NotAllowed as exc:
        return {"error": str(exc)}


def _upload_format(chosen: str, name: str, data: bytes) -> Format | None:
    """The format the user chose, else the one the registry recognises in the file."""
    offered = {f.name: f for f in importers(upload=True)}
    return offered.get(chosen) or detect(name, data[:512], upload=True)


def diff(request: HttpRequest, code: str) -> HttpResponse:
    versions = _versions(request, code)
    old, new = _pair(request, code, versions)
    result = diff_versions(old, new)
    context = {
        "fw": new,
        "old": old,
        "new": new,
        "versions": versions,
        "diff": result,
        "counts": sorted(result.counts().items()),
    }
    return render(request, "standards/diff.html", context)


def _pair(
    request: HttpRequest, code: str, versions: list[Framework]
) -> tuple[Framework, Framework]:
    """The versions asked for; by default the newest one against the one it derives from."""
    new_number = request.GET.get("new") or None
    new = get_framework_for_user(
        request.user, code, new_number or (versions[0].version if versions else None)
    )
    default_old = new.derived_from.version if new.derived_from else new.version
    old = get_framework_for_user(request.user, code, request.GET.get("old") or default_old)
    return old, new


def changelog(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    old, new = _pair(request, code, _versions(request, code))
    result = diff_versions(old, new)
    name = f"{code}-{old.version}-{new.version}-changelog"
    if fmt == "xlsx":
        response = HttpResponse(
            changelog_workbook(code, result),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            changelog_markdown(code, result), content_type="text/markdown; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
