"""Verbs: import notices, record field visits and findings. Each is audited and transactional."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from cbec.accounts.audit import Actor, log_action
from cbec.regulatory.classify import classify
from cbec.regulatory.feeds import FeedProblem, RawNotice, read_feed
from cbec.regulatory.linking import KnownRegulation, areas_for, known_numbers, regulation_links
from cbec.regulatory.models import FieldFinding, FieldVisit, Notice, NoticeLink
from cbec.regulatory.notice_text import NoticeFields, extract, normalise_number, parse_date
from cbec.regulatory.signals import signal_for_finding, signal_for_notice
from cbec.standards.models import DomainArea, Item, Regulation
from cbec.standards.textnorm import normalise

MAX_LINKED_ITEMS = 40


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    relevant: int = 0
    conflicts: int = 0
    problems: list[str] = field(default_factory=list)
    notices: list[int] = field(default_factory=list)


def import_notice_files(
    files: list[tuple[str, bytes]], *, actor: Actor = None, sample: bool = False
) -> ImportReport:
    """Import every readable notice; unreadable files and entries are reported, not fatal.

    Re-importing the same notices adds nothing (content hash). One transaction: a crash half
    way leaves the database as it was.
    """
    report = ImportReport()
    with transaction.atomic():
        known = _known_regulations()
        for name, data in files:
            notices, problems = read_feed(name, data)
            report.problems.extend(str(p) for p in problems)
            for raw in notices:
                _import_one(raw, known, report, sample)
        _resolve_repeals_within(report.notices)
        log_action(
            "regulatory.notices.imported",
            actor=actor,
            data={k: v for k, v in report.__dict__.items() if k != "notices"},
        )
    return report


def _resolve_repeals_within(notice_ids: list[int]) -> None:
    """A repeal of an earlier *notice* (imported now or before) is not a repeal of the unknown."""
    for notice in Notice.objects.filter(pk__in=notice_ids).exclude(conflicts=[]):
        kept = [c for c in notice.conflicts if not _names_known_notice(c)]
        if kept != notice.conflicts:
            notice.conflicts = kept
            notice.save(update_fields=["conflicts"])


def _names_known_notice(conflict: str) -> bool:
    prefix, suffix = "repeals ", ", which is not a known regulation"
    if not (conflict.startswith(prefix) and conflict.endswith(suffix)):
        return False
    return Notice.objects.filter(number=conflict[len(prefix) : -len(suffix)]).exists()


def _known_regulations() -> list[KnownRegulation]:
    return [
        KnownRegulation(r.code, known_numbers(r.number), r.name_zh, r.name_en)
        for r in Regulation.objects.all()
    ]


def content_hash(title: str, number: str, text: str) -> str:
    return hashlib.sha256(
        "\x1f".join([normalise(title), number, normalise(text)]).encode()
    ).hexdigest()


def _import_one(
    raw: RawNotice, known: list[KnownRegulation], report: ImportReport, sample: bool
) -> None:
    values = raw.values
    title, text = values.get("title", ""), values.get("text", "")
    if not title and not values.get("number"):
        report.problems.append(
            str(FeedProblem(raw.source, "title", "a notice needs a title or a number"))
        )
        return
    fields = extract(title, text)
    number = normalise_number(values.get("number", "")) or fields.number
    digest = content_hash(title, number, text)
    if Notice.objects.filter(content_hash=digest).exists():
        report.duplicates += 1
        return
    verdict = classify(title, text)
    notice = Notice.objects.create(
        content_hash=digest,
        number=number,
        title=(title or number)[:500],
        authority=values.get("authority") or "、".join(fields.authorities),
        jurisdiction=values.get("jurisdiction") or ("CN" if _is_chinese(title + text) else ""),
        issued_on=parse_date(values.get("issued", ""))
        or _date(fields.issued.value if fields.issued else ""),
        effective_on=_effective(values, fields),
        status=values.get("status", ""),
        full_text=text,
        url=values.get("url", "")[:1000] if values.get("url", "").startswith("http") else "",
        source=raw.source[:300],
        relevant=verdict.relevant,
        relevance_score=verdict.score,
        topics=verdict.topics,
        fired_rules=[list(f) for f in verdict.fired],
        field_evidence=_evidence(fields),
        is_sample=sample,
    )
    links = regulation_links(fields, title, known, own=number)
    NoticeLink.objects.bulk_create(
        NoticeLink(
            notice=notice,
            relation=link.relation,
            target=link.target[:300],
            evidence=link.evidence,
            regulation=Regulation.objects.filter(code=link.regulation).first()
            if link.regulation
            else None,
        )
        for link in links
    )
    notice.conflicts = _conflicts(notice, values, fields, links)
    notice.save(update_fields=["conflicts"])
    if verdict.relevant:
        _link_standards(notice, [link.regulation for link in links if link.regulation])
        signal_for_notice(notice)
        report.relevant += 1
    report.created += 1
    report.conflicts += bool(notice.conflicts)
    report.notices.append(notice.pk)


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text[:500])


def _date(text: str) -> dt.date | None:
    return parse_date(text) if text else None


def _effective(values: dict[str, str], fields: NoticeFields) -> dt.date | None:
    given = parse_date(values.get("effective", ""))
    return given or (_date(fields.effective[0].value) if fields.effective else None)


def _evidence(fields: NoticeFields) -> dict[str, list[str]]:
    return {
        "number": [f.snippet for f in fields.numbers[:3]],
        "effective": [f.snippet for f in fields.effective],
        "issued": [fields.issued.snippet] if fields.issued else [],
        "repeals": [f.snippet for f in fields.repeals],
        "amends": [f.snippet for f in fields.amends],
    }


def _conflicts(
    notice: Notice, values: dict[str, str], fields: NoticeFields, links: list
) -> list[str]:
    """Contradictions for a person to resolve; the notice is kept as imported."""
    found = []
    dates = {f.value for f in fields.effective}
    given = parse_date(values.get("effective", ""))
    if given:
        dates.add(str(given))
    if len(dates) > 1:
        found.append(f"two or more effective dates: {', '.join(sorted(dates))}")
    for link in links:
        if link.relation == "repeals" and link.regulation is None:
            found.append(f"repeals {link.target}, which is not a known regulation")
    if notice.number:
        others = Notice.objects.filter(number=notice.number).exclude(pk=notice.pk)
        for other in others.filter(~Q(effective_on=notice.effective_on)):
            found.append(
                f"notice #{other.pk} has the same number with effective date {other.effective_on}"
            )
    return found


def _link_standards(notice: Notice, regulation_codes: list[str]) -> None:
    """Items that apply or track a linked regulation, then compliance items of the topic areas."""
    area_codes = areas_for(notice.topics)
    notice.areas.set(DomainArea.objects.filter(code__in=area_codes))
    direct = Item.objects.filter(regulation_links__regulation__code__in=regulation_codes)
    by_area = Item.objects.filter(
        outgoing__destination_area__code__in=area_codes,
        outgoing__status="approved",
        item_type__in=["skill_requirement", "knowledge"],
        dimensions__icontains="regulation",
    )
    chosen = list(
        dict.fromkeys(
            [*direct.distinct()[:MAX_LINKED_ITEMS], *by_area.distinct()[:MAX_LINKED_ITEMS]]
        )
    )
    notice.items.set(chosen[:MAX_LINKED_ITEMS])


@transaction.atomic
def record_field_visit(
    *,
    actor: Actor,
    organisation_name: str,
    visited_on: dt.date,
    summary: str = "",
    panel_names: str = "",
    findings: list[tuple[str, str, list[str]]] | None = None,
    sample: bool = False,
) -> FieldVisit:
    """A visit with its findings: (kind, text, domain-area codes) each."""
    from cbec.accounts.models import Organisation

    visit = FieldVisit.objects.create(
        organisation=Organisation.objects.filter(name_zh=organisation_name).first(),
        organisation_name=organisation_name,
        visited_on=visited_on,
        summary=summary,
        panel_names=panel_names,
        recorded_by=actor if isinstance(actor, User) else None,
        is_sample=sample,
    )
    for kind, text, areas in findings or []:
        finding = FieldFinding.objects.create(visit=visit, kind=kind, text=text)
        finding.areas.set(DomainArea.objects.filter(code__in=areas))
        signal_for_finding(finding)
    log_action(
        "regulatory.field_visit.recorded",
        actor=actor,
        target=visit,
        data={"findings": len(findings or [])},
    )
    return visit
