"""The read-only CASE 1.1 REST binding under /ims/case/v1p1/.

Thin views: frameworks and items are reached only through the access helpers (drafts stay
private to their issuer's members), objects are shaped by `export.py`, collection parameters
by `query.py`. Errors use the binding's `imsx_StatusInfo` shape.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse

from cbec.standards.access import frameworks_for_user, items_for_user
from cbec.standards.interop.case import export
from cbec.standards.interop.case.query import QueryError, collection, link_header, select_fields
from cbec.standards.interop.case.types import item_of_child_of
from cbec.standards.models import Association, Framework, Item
from cbec.standards.snapshot import item_rows, snapshot

logger = logging.getLogger(__name__)
BASE_PATH = "/ims/case/v1p1/"
View = Callable[..., HttpResponse]


class NotFound(LookupError):
    pass


def status_info(
    status: int, code_minor: str, description: str, field: str = "sourcedId"
) -> JsonResponse:
    body = {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_codeMinor": {
            "imsx_codeMinorField": [
                {"imsx_codeMinorFieldName": field, "imsx_codeMinorFieldValue": code_minor}
            ]
        },
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def case_view(view: View) -> View:
    """GET only; known failures become imsx_StatusInfo; `fields` selects on single objects."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in {"GET", "HEAD"}:
            return status_info(
                405, "invalid_data", "The CASE binding is read-only (GET).", "method"
            )
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return status_info(404, "unknownobject", str(exc))
        except QueryError as exc:
            return status_info(400, exc.code, str(exc), exc.field)
        except Exception:
            logger.exception("CASE binding error at %s", request.path)
            return status_info(500, "internal_server_error", "Unexpected server error.")

    return wrapper


def _json(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, default=str),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri(BASE_PATH)


def _one(request: HttpRequest, obj: dict[str, Any]) -> HttpResponse:
    fields = [f.strip() for f in request.GET.get("fields", "").split(",") if f.strip()]
    unknown = [f for f in fields if f not in obj]
    if unknown:
        raise QueryError("invalid_selection_field", "fields", f"unknown fields {unknown}")
    return _json(select_fields(obj, fields) if fields else obj)


def _by_source_id(qs: Any, sourced_id: str) -> Any:
    """Objects are found by their UUID or by the non-UUID identifier they were imported with."""
    try:
        return qs.filter(Q(identifier=uuid.UUID(sourced_id))).first()
    except ValueError:
        return qs.filter(case_extra__source_identifier=sourced_id).first()


def _framework(request: HttpRequest, sourced_id: str) -> Framework:
    fw = _by_source_id(frameworks_for_user(request.user), sourced_id)
    if fw is None:
        raise NotFound(f"No CFDocument with sourcedId {sourced_id!r}.")
    return fw


@case_view
def documents(request: HttpRequest) -> HttpResponse:
    base = _base(request)
    rows = [export.case_document(snapshot(fw, content=False), base) for fw in _visible(request)]
    known = {key for row in rows for key in row} | {"identifier", "title", "version"}
    params = {k: str(v) for k, v in request.GET.items()}
    page, fields = collection(rows, params, known)
    body = [select_fields(r, fields) if fields else r for r in page.rows]
    response = _json({"CFDocuments": body})
    response["X-Total-Count"] = str(page.total)
    response["Link"] = link_header(request.build_absolute_uri(request.path), params, page)
    return response


def _visible(request: HttpRequest) -> list[Framework]:
    return list(frameworks_for_user(request.user).order_by("code", "version"))


@case_view
def document(request: HttpRequest, sourced_id: str) -> HttpResponse:
    fw = _framework(request, sourced_id)
    return _one(request, export.case_document(snapshot(fw, content=False), _base(request)))


@case_view
def package(request: HttpRequest, sourced_id: str) -> HttpResponse:
    fw = _framework(request, sourced_id)
    return _one(request, export.case_package(snapshot(fw), _base(request)))


def _item(request: HttpRequest, sourced_id: str) -> Item:
    item = _by_source_id(items_for_user(request.user).select_related("framework"), sourced_id)
    if item is None:
        raise NotFound(f"No CFItem with sourcedId {sourced_id!r}.")
    return item


@case_view
def item(request: HttpRequest, sourced_id: str) -> HttpResponse:
    found = _item(request, sourced_id)
    row = item_rows(Item.objects.filter(pk=found.pk))[0]
    snap = snapshot(found.framework, content=False)
    return _one(request, export.case_item(row, snap, _base(request)))


@case_view
def item_associations(request: HttpRequest, sourced_id: str) -> HttpResponse:
    """The item and every association that starts or ends at it."""
    found = _item(request, sourced_id)
    pkg = export.case_package(snapshot(found.framework), _base(request))
    ident = found.case_extra.get("source_identifier") or str(found.identifier)
    cf_item = next(i for i in pkg["CFItems"] if i["identifier"] == ident)
    links = [
        a
        for a in pkg["CFAssociations"]
        if ident in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    ]
    return _json({"CFItem": cf_item, "CFAssociations": links})


@case_view
def association(request: HttpRequest, sourced_id: str) -> HttpResponse:
    fw = _association_framework(request, sourced_id)
    pkg = export.case_package(snapshot(fw), _base(request))
    for a in pkg["CFAssociations"]:
        if a["identifier"] == sourced_id:
            return _one(request, a)
    raise NotFound(f"No CFAssociation with sourcedId {sourced_id!r}.")


def _association_framework(request: HttpRequest, sourced_id: str) -> Framework:
    """Stored associations, kept isChildOf identifiers, or generated isChildOf identifiers."""
    visible = frameworks_for_user(request.user)
    stored = _by_source_id(Association.objects.filter(framework__in=visible), sourced_id)
    if stored is not None:
        return stored.framework
    kept = items_for_user(request.user).filter(case_extra__child_of__identifier=sourced_id).first()
    if kept is not None:
        return kept.framework
    try:
        generated = items_for_user(request.user).filter(identifier=item_of_child_of(sourced_id))
    except ValueError:
        generated = Item.objects.none()
    loose = visible.filter(case_extra__has_key="loose_associations")
    found = generated.select_related("framework").first()
    if found is not None:
        return found.framework
    for fw in loose:
        if any(a.get("identifier") == sourced_id for a in fw.case_extra["loose_associations"]):
            return fw
    raise NotFound(f"No CFAssociation with sourcedId {sourced_id!r}.")


def _definitions(request: HttpRequest, kind: str) -> list[dict[str, Any]]:
    """Every definition of one kind (CFItemTypes, CFConcepts, …) the user can see."""
    out: list[dict[str, Any]] = []
    for fw in frameworks_for_user(request.user):
        used = set(fw.items.filter(case_item_type="").values_list("item_type", flat=True))
        defs = export.definitions_for(used, fw.case_extra.get("definitions"), _base(request))
        changed = fw.updated_at.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        out.extend(
            d | {"lastChangeDateTime": d.get("lastChangeDateTime") or changed}
            for d in defs.get(kind, [])
            if isinstance(d, dict)
        )
    return out


def _definition_set(request: HttpRequest, kind: str, sourced_id: str) -> HttpResponse:
    """The requested node followed by its children (by hierarchyCode)."""
    found = [d for d in _definitions(request, kind) if d.get("identifier") == sourced_id]
    if not found:
        raise NotFound(f"No {kind[:-1]} with sourcedId {sourced_id!r}.")
    node = found[0]
    prefix = f"{node.get('hierarchyCode', '')}."
    seen = {sourced_id}
    children = []
    for d in _definitions(request, kind):
        code = str(d.get("hierarchyCode") or "")
        if prefix != "." and code.startswith(prefix) and d.get("identifier") not in seen:
            seen.add(str(d.get("identifier")))
            children.append(d)
    return _json({kind: [node, *children]})


def _definition_one(request: HttpRequest, kind: str, sourced_id: str) -> HttpResponse:
    for d in _definitions(request, kind):
        if d.get("identifier") == sourced_id:
            return _one(request, d)
    raise NotFound(f"No {kind[:-1]} with sourcedId {sourced_id!r}.")


@case_view
def item_types(request: HttpRequest, sourced_id: str) -> HttpResponse:
    return _definition_set(request, "CFItemTypes", sourced_id)


@case_view
def subjects(request: HttpRequest, sourced_id: str) -> HttpResponse:
    return _definition_set(request, "CFSubjects", sourced_id)


@case_view
def concepts(request: HttpRequest, sourced_id: str) -> HttpResponse:
    return _definition_set(request, "CFConcepts", sourced_id)


@case_view
def licenses(request: HttpRequest, sourced_id: str) -> HttpResponse:
    return _definition_one(request, "CFLicenses", sourced_id)


@case_view
def groupings(request: HttpRequest, sourced_id: str) -> HttpResponse:
    return _definition_one(request, "CFAssociationGroupings", sourced_id)


@case_view
def rubrics(request: HttpRequest, sourced_id: str) -> HttpResponse:
    for fw in frameworks_for_user(request.user).filter(case_extra__has_key="rubrics"):
        for rubric in fw.case_extra.get("rubrics") or []:
            if isinstance(rubric, dict) and rubric.get("identifier") == sourced_id:
                return _one(request, rubric)
    raise NotFound(f"No CFRubric with sourcedId {sourced_id!r}.")


@case_view
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    raise NotFound(f"No CASE endpoint at {BASE_PATH}{rest}.")
