"""Regulation feed and field-research API."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from cbec.lib.said import shown
from cbec.regulatory import actions, queries
from cbec.regulatory.models import FieldVisit, Notice

router = Router(tags=["regulatory"])


class NoticeOut(Schema):
    id: int
    number: str
    title: str
    authority: str
    jurisdiction: str
    issued_on: dt.date | None
    effective_on: dt.date | None
    relevant: bool
    relevance_score: float
    topics: list[str]
    conflicts: list[str]
    is_sample: bool


class LinkOut(Schema):
    relation: str
    target: str
    regulation: str | None
    evidence: str


class NoticeDetailOut(NoticeOut):
    fired_rules: list[list[str]]
    field_evidence: dict[str, list[str]]
    links: list[LinkOut]
    areas: list[str]
    items: list[str]
    source: str
    url: str


class TimelineOut(Schema):
    date: dt.date
    kind: str
    key: str
    title: str
    upcoming: bool


class FindingIn(Schema):
    kind: str
    text: str
    areas: list[str] = []


class VisitIn(Schema):
    organisation: str
    visited_on: dt.date
    summary: str = ""
    panel: str = ""
    findings: list[FindingIn] = []


class FindingOut(Schema):
    kind: str
    text: str
    areas: list[str]


class VisitOut(Schema):
    id: int
    organisation: str
    visited_on: dt.date
    summary: str
    panel: str
    findings: list[FindingOut]


def _notice(n: Notice) -> dict[str, Any]:
    fields = [
        "id",
        "number",
        "title",
        "authority",
        "jurisdiction",
        "issued_on",
        "effective_on",
        "relevant",
        "relevance_score",
        "topics",
        "conflicts",
        "is_sample",
    ]
    out = {f: getattr(n, f) for f in fields}
    out["conflicts"] = [shown(c) for c in n.conflicts]  # in the language the client asked for
    return out


def _visit(v: FieldVisit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "organisation": v.organisation_name,
        "visited_on": v.visited_on,
        "summary": v.summary,
        "panel": v.panel_names,
        "findings": [
            {"kind": f.kind, "text": f.text, "areas": [a.code for a in f.areas.all()]}
            for f in v.findings.all()
        ],
    }


@router.get("/notices", response=list[NoticeOut], summary="Imported regulation notices")
@paginate(LimitOffsetPagination)
def list_notices(
    request: HttpRequest,
    relevant: str | None = None,
    topic: str | None = None,
    conflicts: bool = False,
) -> Any:
    return [_notice(n) for n in queries.filter_notices(relevant, topic, conflicts)]


@router.get(
    "/notices/timeline", response=list[TimelineOut], summary="Effective dates, newest first"
)
def notice_timeline(request: HttpRequest) -> Any:
    return [e.__dict__ for e in queries.timeline()]


@router.get(
    "/notices/{notice_id}",
    response=NoticeDetailOut,
    summary="One notice, with why it was classified so",
)
def get_notice(request: HttpRequest, notice_id: int) -> Any:
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None:
        raise Http404(f"notice {notice_id} not found")
    links = [
        {
            "relation": link.relation,
            "target": link.target,
            "evidence": link.evidence,
            "regulation": link.regulation.code if link.regulation else None,
        }
        for link in notice.links.select_related("regulation")
    ]
    return _notice(notice) | {
        "fired_rules": notice.fired_rules,
        "field_evidence": notice.field_evidence,
        "links": links,
        "areas": [a.code for a in notice.areas.all()],
        "source": notice.source,
        "url": notice.url,
        "items": [str(i.identifier) for i in notice.items.all()],
    }


@router.get("/field-visits", response=list[VisitOut], summary="Advisory-panel field visits")
def list_visits(request: HttpRequest) -> Any:
    return [_visit(v) for v in FieldVisit.objects.prefetch_related("findings__areas")[:200]]


@router.post(
    "/field-visits",
    response={201: VisitOut},
    auth=django_auth,
    summary="Record a field visit with its findings (standards bodies' editors)",
)
def create_visit(request: HttpRequest, body: VisitIn) -> Any:
    bad = [f.kind for f in body.findings if f.kind not in {"pain_point", "skill_need"}]
    if bad:
        message = _("findings.kind 须为 pain_point 或 skill_need，而不是“%(kind)s”")
        raise HttpError(422, message % {"kind": bad[0]})
    visit = actions.record_field_visit(
        actor=request.user,
        organisation_name=body.organisation,
        visited_on=body.visited_on,
        summary=body.summary,
        panel_names=body.panel,
        findings=[(f.kind, f.text, f.areas) for f in body.findings],
    )
    return Status(201, _visit(visit))
