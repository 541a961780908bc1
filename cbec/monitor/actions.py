"""Business verbs of the industry monitor; each writes the audit log. Views and commands call
these and never save monitor models themselves."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cbec.accounts.audit import log_action
from cbec.accounts.roles import SYSTEM, Actor, require
from cbec.errors import InvalidInput
from cbec.inbox.actions import SignalDraft, file_signals
from cbec.inbox.models import Signal, SignalSource
from cbec.lib import clock
from cbec.lib.said import say
from cbec.monitor import detect, stages, trends
from cbec.monitor import extract as ex
from cbec.monitor.lake import (
    LakeWriter,
    files,
    lake_dir,
    locked,
    replace_datasets,
    sweep_if_idle,
)
from cbec.monitor.lexicon import current_lexicon
from cbec.monitor.mapping import MappingError
from cbec.monitor.models import (
    ImportRun,
    ImportStatus,
    LexiconAction,
    LexiconTerm,
    QuarantinedRow,
)
from cbec.monitor.queries import lake_holds_samples
from cbec.monitor.readers import ReadError
from cbec.monitor.runner import Outcome, Progress, import_file
from cbec.standards.models import Association, DomainArea, FrameworkStatus, Item


class ImportFailed(InvalidInput):
    """The file as a whole could not be read; the run records why (a stored message)."""

    status = 422  # the API's answer since imports began

    def __init__(self, run: ImportRun) -> None:
        super().__init__(run.error)
        self.run = run


def _user(actor: Actor) -> Any:
    return actor if actor.is_authenticated else None


@transaction.atomic
def start_import(
    file_name: str,
    size: int,
    *,
    actor: Actor,
    source: str = "",
    preset: str = "",
    is_sample: bool = False,
) -> ImportRun:
    require(actor, "monitor.import")
    run = ImportRun.objects.create(
        heartbeat_at=timezone.now(),
        file_name=file_name[:300],
        file_size=size,
        source=source[:80],
        preset=preset,
        started_by=_user(actor),
        is_sample=is_sample,
    )
    log_action("monitor.import.started", actor=actor, target=run, data={"file": file_name})
    return run


def import_postings(
    path: Path,
    *,
    actor: Actor,
    run: ImportRun | None = None,
    preset: str | None = None,
    source: str = "",
    workers: int | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    is_sample: bool = False,
    detect: bool = True,
) -> ImportRun:
    """Import a posting file into the lake; quarantined rows are recorded with their reasons.
    When postings were added the signals are detected again (`detect=False` leaves that to
    the caller, e.g. several files in a row), so the dashboard and the inbox stay current.

    Raises ImportFailed (the run records why) when the file as a whole cannot be read; the
    lake is then unchanged. Detection after the import is system work (the importer, say an
    enterprise delegate, need not hold `monitor.detect`).
    """
    require(actor, "monitor.import")
    run = run or start_import(
        path.name,
        path.stat().st_size,
        actor=actor,
        source=source,
        preset=preset or "",
        is_sample=is_sample,
    )
    lexicon = current_lexicon()

    def progress(p: Progress) -> None:
        ImportRun.objects.filter(pk=run.pk).update(
            rows_read=p.rows,
            added=p.added,
            duplicates=p.duplicates,
            quarantined=p.quarantined,
            bytes_read=p.bytes_read,
            heartbeat_at=timezone.now(),
        )
        if on_progress:
            on_progress(p)

    try:
        outcome = import_file(
            path,
            lexicon,
            root=lake_dir(),
            preset=preset,
            source=source,
            run_id=run.pk,
            workers=workers,
            on_progress=progress,
        )
    except (ReadError, MappingError) as exc:
        _fail(run, exc.said, actor)
        raise ImportFailed(run) from exc
    except Exception as exc:
        _fail(
            run,
            say(
                gettext_noop("%(file)s：导入中止（%(detail)s），未添加任何内容"),
                file=path.name,
                detail=f"{exc.__class__.__name__}: {exc}",
            ),
            actor,
        )
        raise ImportFailed(run) from exc
    try:
        if detect and outcome.progress.added:
            detect_signals(actor=SYSTEM, sample=run.is_sample)  # before the run reads done
    finally:
        _finish(run, outcome, lexicon.digest(), actor)
    return run


STALE_AFTER = dt.timedelta(minutes=10)


def settle_interrupted_runs(now: dt.datetime | None = None) -> list[ImportRun]:
    """Runs still 'running' with no sign of life for STALE_AFTER, while no writer holds the
    lake, were cut off (e.g. the server restarted during a background upload): they are marked
    failed — their rows never reached the lake — and half-written files are removed."""
    now = now or timezone.now()
    stale = list(
        ImportRun.objects.filter(status=ImportStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    )
    if not stale or sweep_if_idle() is None:
        return []
    minutes = int(STALE_AFTER.total_seconds() // 60)
    for run in stale:
        message = say(
            gettext_noop(
                "%(file)s：导入中断（超过 %(minutes)s 分钟没有进展），湖中数据未改变；请重新导入该文件"
            ),
            file=run.file_name,
            minutes=minutes,
        )
        _fail(run, message, SYSTEM, "monitor.import.interrupted")
    return stale


@transaction.atomic
def _fail(
    run: ImportRun, message: str, actor: Actor, action: str = "monitor.import.failed"
) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    run.refresh_from_db()
    log_action(action, actor=actor, target=run, data={"error": message})


@transaction.atomic
def _finish(run: ImportRun, outcome: Outcome, digest: str, actor: Actor) -> None:
    p = outcome.progress
    QuarantinedRow.objects.bulk_create(
        QuarantinedRow(run=run, file_name=outcome.file_name, row=row, reason=reason, raw=raw)
        for row, reason, raw in outcome.quarantine
    )
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.DONE,
        file_kind=outcome.kind,
        encoding=outcome.encoding,
        preset=outcome.preset,
        rows_read=p.rows,
        added=p.added,
        duplicates=p.duplicates,
        quarantined=p.quarantined,
        bytes_read=run.file_size,
        lexicon_digest=digest,
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    counts = {
        "rows": p.rows,
        "added": p.added,
        "duplicates": p.duplicates,
        "quarantined": p.quarantined,
    }
    log_action("monitor.import.finished", actor=actor, target=run, data=counts)


# --- lexicon ------------------------------------------------------------------------------------


@transaction.atomic
def add_lexicon_term(term: str, area: DomainArea, *, actor: Actor, note: str = "") -> LexiconTerm:
    require(actor, "monitor.edit_lexicon")
    term = " ".join(term.split())
    if len(term) < 2:
        raise InvalidInput(_("词条至少需要两个字符"), field="term")
    edit, _created = LexiconTerm.objects.get_or_create(
        term=term,
        action=LexiconAction.ADD,
        area=area,
        defaults={"note": note, "created_by": _user(actor)},
    )
    LexiconTerm.objects.filter(term__iexact=term, action=LexiconAction.EXCLUDE).delete()
    log_action(
        "monitor.lexicon.added", actor=actor, target=edit, data={"term": term, "area": area.code}
    )
    return edit


@transaction.atomic
def exclude_lexicon_term(term: str, *, actor: Actor, note: str = "") -> LexiconTerm:
    require(actor, "monitor.edit_lexicon")
    term = " ".join(term.split())
    if len(term) < 2:
        raise InvalidInput(_("词条至少需要两个字符"), field="term")
    edit, _created = LexiconTerm.objects.get_or_create(
        term=term,
        action=LexiconAction.EXCLUDE,
        area=None,
        defaults={"note": note, "created_by": _user(actor)},
    )
    log_action("monitor.lexicon.excluded", actor=actor, target=edit, data={"term": term})
    return edit


@transaction.atomic
def remove_lexicon_edit(edit: LexiconTerm, *, actor: Actor) -> None:
    require(actor, "monitor.edit_lexicon")
    log_action(
        "monitor.lexicon.removed",
        actor=actor,
        target=edit,
        data={"term": edit.term, "action": edit.action},
    )
    edit.delete()


def reextract(
    *, actor: Actor, on_progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Run extraction again over every stored posting with the current lexicon (after edits).
    New datasets are written beside the old ones and swapped in only when complete.
    `on_progress(files done, files)` after each stored file (a job's progress)."""
    require(actor, "monitor.edit_lexicon")
    lexicon = current_lexicon()
    matcher = ex.build_matcher(lexicon)
    counts = {"postings": 0, "mentions": 0}
    with locked() as root, tempfile.TemporaryDirectory(dir=root, prefix=".reextract-") as staged:
        writer = LakeWriter(Path(staged), "reextract")
        try:
            seen: set[str] = set()
            stored = files("postings", root)
            for done, path in enumerate(stored, 1):
                _reextract_file(path, matcher, writer, counts, seen)
                if on_progress:
                    on_progress(done, len(stored))
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        replace_datasets(root, Path(staged), ("postings", "mentions", "areas"))
    with transaction.atomic():
        log_action(
            "monitor.lexicon.reextracted", actor=actor, data={**counts, "lexicon": lexicon.digest()}
        )
    return counts


def _reextract_file(
    path: Path, matcher: ex.Matcher, writer: LakeWriter, counts: dict[str, int], seen: set[str]
) -> None:
    month = path.parent.name.removeprefix("month=")
    for batch in pq.ParquetFile(path).iter_batches(batch_size=stages_batch()):
        # Lakes written before in-file repeats were dropped may hold a posting twice.
        postings = stages.first_occurrences(stages.stored_postings(batch, month), seen)
        kept, mentions, areas = stages.extracted(postings, matcher)
        writer.write("postings", kept)
        writer.write("mentions", mentions)
        writer.write("areas", areas)
        counts["postings"] += kept.num_rows
        counts["mentions"] += mentions.num_rows


def stages_batch() -> int:
    return 5_000


# --- signals ------------------------------------------------------------------------------------


def detect_signals(
    *, actor: Actor, today: dt.date | None = None, sample: bool = False
) -> list[Signal]:
    """Findings on the monthly series are filed in the inbox (idempotent: one signal per
    finding). They are sample data when `sample` (postings being imported as sample) or when
    earlier sample postings are in the lake."""
    require(actor, "monitor.detect")
    found = trends.series("month")
    if len(found.periods) <= detect.BASELINE + 1:
        return []
    findings = [
        f
        for key, counts in sorted(found.counts.items())
        for f in detect.find(key, counts, found.totals)
    ]
    placed = trends.term_areas(f.key for f in findings if f.key.startswith("term:"))
    known = {ex.lower(t.text) for t in current_lexicon().terms}
    term_labels = {f"term:{c['term'].lower()}": c["term"] for c in trends.candidates(2_000)}
    today = today or clock.today()
    sample = sample or lake_holds_samples()  # shares over sample postings are sample too
    drafts = [_draft(f, found, placed, known, term_labels, sample) for f in findings]
    with transaction.atomic():
        signals = file_signals(drafts, actor=actor, today=today)
        log_action("monitor.signals.detected", actor=actor, data={"findings": len(findings)})
    return signals


def _signal_kind(f: detect.Finding, candidate: bool) -> str:
    if f.direction == "down":
        return "declining"
    return "new_term" if f.new and candidate else "emerging"


def _texts(kind: str, label: str, onset: str, f: detect.Finding) -> dict[str, str]:
    zh_title = {
        "emerging": "技能需求上升",
        "declining": "技能需求下降",
        "new_term": "新出现的技能词",
    }[kind]
    en_title = {
        "emerging": "Rising skill demand",
        "declining": "Falling skill demand",
        "new_term": "New skill term",
    }[kind]
    method = {
        "burst": "Kleinberg 突发检测",
        "changepoint": "变点检测 (PELT)",
        "both": "突发检测与变点检测",
    }[f.method]
    method_en = {
        "burst": "Kleinberg bursts",
        "changepoint": "change points (PELT)",
        "both": "bursts and change points",
    }[f.method]
    return {
        "title_zh": f"{zh_title}：{label}（{onset} 起）",
        "title_en": f"{en_title}: {label} (from {onset})",
        "summary_zh": f"提及“{label}”的招聘占比由 {f.before:.1%} 变为 {f.after:.1%}；检测方法：{method}。",
        "summary_en": f"Share of postings naming “{label}” moved from {f.before:.1%} to {f.after:.1%}; found by {method_en}.",
    }


def _areas_for(key: str, placed: dict[str, dict[str, int]]) -> list[DomainArea]:
    if key.startswith("area:"):
        return list(DomainArea.objects.filter(code=key[5:]))
    counts = placed.get(key, {})
    total = max(counts.values(), default=0)
    codes = [a for a, n in counts.items() if total and n >= 0.5 * total]
    return list(DomainArea.objects.filter(code__in=codes))


def _items_for(areas: list[DomainArea], limit: int = 12) -> list[Item]:
    rows = (
        Association.objects.filter(
            destination_area__in=areas, origin__framework__status=FrameworkStatus.PUBLISHED
        )
        .select_related("origin__framework")
        .order_by("-origin__framework__kind", "origin__framework__code", "origin__position")[:limit]
    )
    return list({a.origin_id: a.origin for a in rows}.values())


def _draft(
    f: detect.Finding,
    found: trends.Series,
    placed: dict[str, dict[str, int]],
    known: set[str],
    term_labels: dict[str, str],
    sample: bool,
) -> SignalDraft:
    """A finding as the inbox will file it. Filed again (the next detection) it refreshes its
    series and evidence; its links are set once, when it is first filed."""
    onset = found.periods[f.onset]
    label = term_labels.get(f.key, f.key.split(":", 1)[1])
    areas = _areas_for(f.key, placed)
    if f.key.startswith("area:") and areas:
        label = f"{areas[0].label_zh} / {areas[0].label_en}"
    candidate = f.key.startswith("term:") and ex.lower(label) not in known
    kind = _signal_kind(f, candidate)
    items = _items_for(areas)
    texts = _texts(kind, label, onset, f)
    return SignalDraft(
        key=f"posting:{kind}:{f.key}:{onset}",
        source_kind=SignalSource.POSTING,
        kind=kind,
        title_zh=texts["title_zh"],
        title_en=texts["title_en"],
        summary_zh=texts["summary_zh"],
        summary_en=texts["summary_en"],
        data={
            "series": f.key,
            "direction": f.direction,
            "method": f.method,
            "onset": onset,
            "before": f.before,
            "after": f.after,
            "periods": found.periods,
            "counts": found.counts[f.key],
            "totals": found.totals,
            "candidate": candidate,
        },
        evidence=trends.evidence(f.key, onset, 5),
        area_ids=[a.pk for a in areas],
        item_ids=[i.pk for i in items],
        framework_ids=sorted({i.framework_id for i in items}),
        is_sample=sample,
        refresh=("data", "evidence", "is_sample"),
    )
