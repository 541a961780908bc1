"""Verbs: import notices, record field visits and findings. Each is audited and transactional."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_noop

from cbec.accounts.audit import log_action
from cbec.accounts.roles import Actor, require
from cbec.inbox.actions import file_signals
from cbec.lib.bulk import insert_pairs
from cbec.lib.said import say
from cbec.regulatory.classify import classify
from cbec.regulatory.feeds import FeedProblem, RawNotice, read_feed
from cbec.regulatory.linking import (
    KnownRegulation,
    ProposedLink,
    areas_for,
    known_numbers,
    regulation_links,
)
from cbec.regulatory.models import FieldFinding, FieldVisit, Notice, NoticeLink
from cbec.regulatory.notice_text import NoticeFields, extract, normalise_number, parse_date
from cbec.regulatory.signals import finding_draft, notice_draft
from cbec.standards.models import DomainArea, Item, Regulation
from cbec.standards.textnorm import normalise

MAX_LINKED_ITEMS = 40
BATCH = 500


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    relevant: int = 0
    conflicts: int = 0
    problems: list[str] = field(default_factory=list)  # stored messages (cbec.lib.said)
    notices: list[int] = field(default_factory=list)


def import_notice_files(
    files: list[tuple[str, bytes]], *, actor: Actor, sample: bool = False
) -> ImportReport:
    """Import every readable notice; unreadable files and entries are reported, not fatal.

    Re-importing the same notices adds nothing (content hash). Reading, extraction and
    classification happen first, in memory; then everything is written in one transaction with
    bulk inserts (10,000 notices are one batch, not 10,000 round trips). A crash leaves the
    database as it was.
    """
    require(actor, "regulatory.manage")
    report = ImportReport()
    known = _known_regulations()
    prepared: dict[str, _Prepared] = {}
    for name, data in files:
        notices, problems = read_feed(name, data)
        report.problems.extend(p.said() for p in problems)
        for raw in notices:
            item = _prepare(raw, known, sample, report)
            if item is not None and item.notice.content_hash in prepared:
                report.duplicates += 1
            elif item is not None:
                prepared[item.notice.content_hash] = item
    with transaction.atomic():
        fresh = _drop_stored(list(prepared.values()), report)
        _write(fresh, report, actor)
        log_action(
            "regulatory.notices.imported",
            actor=actor,
            data={k: v for k, v in report.__dict__.items() if k != "notices"},
        )
    return report


@dataclass
class _Prepared:
    notice: Notice  # not saved yet
    links: list[ProposedLink]
    dates: set[str]  # every effective date the source states


def _known_regulations() -> list[KnownRegulation]:
    return [
        KnownRegulation(r.code, known_numbers(r.number), r.name_zh, r.name_en)
        for r in Regulation.objects.all()
    ]


def content_hash(title: str, number: str, text: str) -> str:
    return hashlib.sha256(
        "\x1f".join([normalise(title), number, normalise(text)]).encode()
    ).hexdigest()


def _prepare(
    raw: RawNotice, known: list[KnownRegulation], sample: bool, report: ImportReport
) -> _Prepared | None:
    """Everything about one notice that needs no database: fields, verdict, proposed links."""
    values = raw.values
    title, text = values.get("title", ""), values.get("text", "")
    if not title and not values.get("number"):
        report.problems.append(
            FeedProblem(raw.source, "title", say(gettext_noop("公告需要标题或文号"))).said()
        )
        return None
    fields = extract(title, text)
    number = normalise_number(values.get("number", "")) or fields.number
    verdict = classify(title, text)
    notice = Notice(
        content_hash=content_hash(title, number, text),
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
    dates = {f.value for f in fields.effective}
    if given := parse_date(values.get("effective", "")):
        dates.add(str(given))
    return _Prepared(notice, regulation_links(fields, title, known, own=number), dates)


def _drop_stored(prepared: list[_Prepared], report: ImportReport) -> list[_Prepared]:
    hashes = [p.notice.content_hash for p in prepared]
    stored: set[str] = set()
    for start in range(0, len(hashes), BATCH):
        chunk = hashes[start : start + BATCH]
        stored.update(
            Notice.objects.filter(content_hash__in=chunk).values_list("content_hash", flat=True)
        )
    report.duplicates += len(stored)
    return [p for p in prepared if p.notice.content_hash not in stored]


def _write(fresh: list[_Prepared], report: ImportReport, actor: Actor) -> None:
    numbers = _numbers_with_dates(fresh)
    for p in fresh:
        p.notice.conflicts = _conflicts(p, numbers)
    notices = Notice.objects.bulk_create([p.notice for p in fresh], batch_size=BATCH)
    regulation_ids = dict(Regulation.objects.values_list("code", "id"))
    NoticeLink.objects.bulk_create(
        (
            NoticeLink(
                notice=p.notice,
                relation=link.relation,
                target=link.target[:300],
                evidence=link.evidence,
                regulation_id=regulation_ids.get(link.regulation or ""),
            )
            for p in fresh
            for link in p.links
        ),
        batch_size=BATCH,
    )
    _link_relevant([p for p in fresh if p.notice.relevant], actor)
    report.created = len(notices)
    report.relevant = sum(n.relevant for n in notices)
    report.conflicts = sum(bool(n.conflicts) for n in notices)
    report.notices = [n.pk for n in notices]


def _numbers_with_dates(fresh: list[_Prepared]) -> dict[str, list[tuple[str, dt.date | None]]]:
    """Every notice number already stored or in this batch, with (title, effective date)."""
    wanted = {p.notice.number for p in fresh if p.notice.number}
    for p in fresh:
        wanted.update(link.target for link in p.links if link.relation == "repeals")
    found: dict[str, list[tuple[str, dt.date | None]]] = {}
    for number, title, effective in Notice.objects.filter(number__in=wanted).values_list(
        "number", "title", "effective_on"
    ):
        found.setdefault(number, []).append((title, effective))
    for p in fresh:
        if p.notice.number:
            found.setdefault(p.notice.number, []).append((p.notice.title, p.notice.effective_on))
    return found


def _conflicts(p: _Prepared, numbers: dict[str, list[tuple[str, dt.date | None]]]) -> list[str]:
    """Contradictions for a person to resolve; the notice is kept as imported."""
    found = []
    if len(p.dates) > 1:
        found.append(
            say(gettext_noop("有两个以上的施行日期：%(dates)s"), dates=", ".join(sorted(p.dates)))
        )
    for link in p.links:
        # A repeal of a notice the platform holds is not a repeal of something unknown.
        if link.relation == "repeals" and link.regulation is None and link.target not in numbers:
            found.append(
                say(gettext_noop("废止 %(target)s，但它不是已知的法规"), target=link.target)
            )
    for title, effective in numbers.get(p.notice.number, []) if p.notice.number else []:
        if effective != p.notice.effective_on:
            found.append(
                say(
                    gettext_noop("“%(title)s”文号相同，施行日期为 %(date)s"),
                    title=title,
                    date=str(effective),
                )
            )
    return found


def _link_relevant(relevant: list[_Prepared], actor: Actor) -> None:
    """Areas and items per notice, and one signal each; notices share few link sets."""
    cache: dict[Any, StandardLinks] = {}
    item_pairs, area_pairs, drafts = [], [], []
    for p in relevant:
        codes = tuple(sorted({link.regulation for link in p.links if link.regulation}))
        key = (codes, tuple(areas_for(p.notice.topics)))
        links = cache[key] if key in cache else cache.setdefault(key, standard_links(*key))
        item_pairs += [(p.notice.pk, i) for i in links.item_ids]
        area_pairs += [(p.notice.pk, a) for a in links.area_ids]
        drafts.append(notice_draft(p.notice, links))
    insert_pairs(Notice.items.through, "notice", "item", item_pairs)
    insert_pairs(Notice.areas.through, "notice", "domainarea", area_pairs)
    file_signals(drafts, actor=actor)


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


@dataclass(frozen=True)
class StandardLinks:
    area_ids: tuple[int, ...]
    item_ids: tuple[int, ...]
    framework_ids: tuple[int, ...]


def standard_links(regulation_codes: tuple[str, ...], area_codes: tuple[str, ...]) -> StandardLinks:
    """Items that apply or track a linked regulation, then compliance items of the topic areas."""
    direct = Item.objects.filter(regulation_links__regulation__code__in=regulation_codes)
    by_area = Item.objects.filter(
        outgoing__destination_area__code__in=area_codes,
        outgoing__status="approved",
        item_type__in=["skill_requirement", "knowledge"],
        dimensions__icontains="regulation",
    )
    ids = [
        *direct.values_list("id", flat=True).distinct()[:MAX_LINKED_ITEMS],
        *by_area.values_list("id", flat=True).distinct()[:MAX_LINKED_ITEMS],
    ]
    items = tuple(dict.fromkeys(ids))[:MAX_LINKED_ITEMS]
    frameworks = tuple(
        Item.objects.filter(id__in=items)
        .order_by()
        .values_list("framework_id", flat=True)
        .distinct()
    )
    areas = tuple(DomainArea.objects.filter(code__in=area_codes).values_list("id", flat=True))
    return StandardLinks(areas, items, frameworks)


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
    attachment: UploadedFile | None = None,
) -> FieldVisit:
    """A visit with its findings: (kind, text, domain-area codes) each; each finding is filed
    in the inbox as a signal."""
    from cbec.accounts.models import Organisation

    require(actor, "regulatory.manage")
    visit = FieldVisit.objects.create(
        organisation=Organisation.objects.filter(name_zh=organisation_name).first(),
        organisation_name=organisation_name,
        visited_on=visited_on,
        summary=summary,
        panel_names=panel_names,
        recorded_by=actor if isinstance(actor, User) else None,
        is_sample=sample,
    )
    if attachment is not None:
        visit.attachment.save(attachment.name or "attachment", attachment, save=True)
    for kind, text, areas in findings or []:
        finding = FieldFinding.objects.create(visit=visit, kind=kind, text=text)
        finding.areas.set(DomainArea.objects.filter(code__in=areas))
        (signal,) = file_signals([finding_draft(finding)], actor=actor)
        finding.signal_id = signal.pk
        finding.save(update_fields=["signal_id"])
    log_action(
        "regulatory.field_visit.recorded",
        actor=actor,
        target=visit,
        data={"findings": len(findings or [])},
    )
    return visit
