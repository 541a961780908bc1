"""API for interchange and versions: exports in every format, version lists and the diff."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from cbec.standards.access import frameworks_for_user, get_framework_for_user
from cbec.standards.interop.publish.pdf import FontMissing
from cbec.standards.interop.registry import FORMATS, ExportOptions, export_bytes, file_name
from cbec.standards.snapshot import snapshot
from cbec.standards.versions import diff_versions

router = Router(tags=["interchange and versions"])


class VersionOut(Schema):
    version: str
    status: str
    derived_from: str | None
    item_count: int


class DiffChangeOut(Schema):
    kind: str
    code: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    detail: str


class AssociationChangeOut(Schema):
    kind: str
    association_type: str
    origin: str
    destination: str


class DiffOut(Schema):
    old_version: str
    new_version: str
    bump: str
    suggested_version: str
    counts: dict[str, int]
    items: list[DiffChangeOut]
    associations: list[AssociationChangeOut]


class ExportParams(Schema):
    version: str | None = None
    lang: str = "zh"


@router.get("/frameworks/{code}/versions", response=list[VersionOut], summary="All versions")
def list_versions(request: HttpRequest, code: str) -> Any:
    versions = frameworks_for_user(request.user).filter(code=code).select_related("derived_from")
    if not versions:
        get_framework_for_user(request.user, code)  # the API's 404
    return [
        {
            "version": fw.version,
            "status": fw.status,
            "derived_from": fw.derived_from.version if fw.derived_from else None,
            "item_count": fw.items.count(),
        }
        for fw in versions.order_by("created_at")
    ]


@router.get("/frameworks/{code}/diff", response=DiffOut, summary="Semantic diff of two versions")
def diff(request: HttpRequest, code: str, old: str, new: str) -> Any:
    """`old` and `new` are version numbers; the answer suggests the next semantic version."""
    a = get_framework_for_user(request.user, code, old)
    b = get_framework_for_user(request.user, code, new)
    return diff_versions(a, b).as_dict()


@router.get(
    "/frameworks/{code}/export/{fmt}",
    summary="Export a version: case, excel, docx or pdf",
    response={200: None},
)
def export(request: HttpRequest, code: str, fmt: str, params: Query[ExportParams]) -> Any:
    if fmt not in FORMATS or FORMATS[fmt].exporter is None:
        raise HttpError(404, f"no export format {fmt!r}")
    if params.lang not in {"zh", "en", "both"}:
        raise HttpError(422, "lang is zh, en or both")
    fw = get_framework_for_user(request.user, code, params.version)
    snap = snapshot(fw)
    options = ExportOptions(params.lang, request.build_absolute_uri("/ims/case/v1p1/"))
    try:
        data = export_bytes(fmt, snap, options)
    except FontMissing as exc:
        raise HttpError(503, str(exc)) from exc
    response = HttpResponse(data, content_type=FORMATS[fmt].media_type)
    name = file_name(fmt, snap, params.lang)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
