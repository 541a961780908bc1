"""Every write verb × every persona against the permission table (`cbec.accounts.roles`).

EXPECTED is the specification, written out by hand per persona: who may do what on the sample
data (the chair edits for the sample evaluation centre, a government body; university and
enterprise delegates; teacher and student are members of the sample college; the outsider
belongs to no organisation; staff is the demo admin). A verb called by someone the table denies
must raise NotAllowed and write nothing; one it allows must not raise NotAllowed.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from cbec.accounts.models import AuditEntry, Organisation
from cbec.accounts.roles import CAPABILITIES, OPERATOR, SYSTEM, allowed, markdown_table
from cbec.errors import CbecError, NotAllowed

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = [
    "chair",
    "university",
    "enterprise",
    "teacher",
    "student",
    "outsider",
    "anonymous",
    "staff",
]
EDITORS = {"chair", "staff"}
MEMBERS = {"chair", "university", "enterprise", "teacher", "student", "staff"}
BRINGS_DEMAND = {"chair", "enterprise", "staff"}

EXPECTED: dict[str, set[str]] = {
    "catalog.load": {"staff"},
    "standards.view_drafts": EDITORS,
    "standards.author": EDITORS,
    "standards.edit": EDITORS,
    "standards.publish": EDITORS,
    "standards.new_version": EDITORS,
    "analysis.review_crosswalk": EDITORS,
    "jobs.view_all": {"staff"},
    "monitor.view_postings": MEMBERS,
    "monitor.import": BRINGS_DEMAND,
    "monitor.edit_lexicon": EDITORS,
    "monitor.detect": BRINGS_DEMAND,
    "regulatory.manage": EDITORS,
    "inbox.file_signal": BRINGS_DEMAND,
    "inbox.triage": EDITORS,
    "revisions.draft_proposal": EDITORS,
}
SYSTEM_MAY = {
    "catalog.load",
    "standards.author",
    "standards.edit",
    "standards.publish",
    "standards.new_version",
    "monitor.import",
    "monitor.edit_lexicon",
    "monitor.detect",
    "regulatory.manage",
    "inbox.file_signal",
}


def actor_of(name: str) -> Any:
    if name == "anonymous":
        return AnonymousUser()
    return User.objects.get(username="demo" if name == "staff" else name)


def sample_draft() -> Any:
    from cbec.standards.models import Framework

    return Framework.objects.get(code="sample-live-commerce-draft")


def test_every_capability_is_specified() -> None:
    assert set(EXPECTED) == set(CAPABILITIES)


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_table_allows_exactly_the_specified_personas(code: str) -> None:
    target = sample_draft()
    granted = {p for p in PERSONAS if allowed(actor_of(p), code, target)}
    assert granted == EXPECTED[code]
    assert allowed(SYSTEM, code) is (code in SYSTEM_MAY)
    assert allowed(OPERATOR, code) is (code in SYSTEM_MAY)


def test_no_actor_is_a_programming_error_not_a_pass() -> None:
    with pytest.raises(TypeError):
        allowed(None, "inbox.triage")


# --- verbs --------------------------------------------------------------------------------------


def _signal(key: str = "test:perm") -> Any:
    from cbec.inbox.actions import SignalDraft, file_signals

    draft = SignalDraft(key=key, source_kind="regulation", kind="t", title_zh="测试信号")
    return file_signals([draft], actor=SYSTEM)[0]


def _crosswalk_row() -> Any:
    from cbec.standards.models import Association

    row = Association.objects.filter(framework=sample_draft(), destination_area__isnull=False)
    return row.first()


def _postings_file(tmp: Path) -> Path:
    path = tmp / "p.jsonl"
    path.write_text(
        '{"id": "1", "title": "跨境电商运营", "description": "负责亚马逊店铺运营", '
        '"date": "2026-01-05", "city": "深圳"}\n',
        encoding="utf-8",
    )
    return path


Verb = tuple[str, Callable[[], Any], Callable[[Any, Any], Any]]


def _verbs(tmp: Path) -> dict[str, Verb]:
    """verb name → (capability, make its target, call it as an actor on that target). Targets
    are made before the audit log is counted, so only the verb's own writes count."""
    from cbec.accounts.actions import upsert_organisation
    from cbec.accounts.sample import load_sample_data
    from cbec.analysis import actions as analysis
    from cbec.curricula.actions import load_programme_counts
    from cbec.inbox import actions as inbox
    from cbec.monitor import actions as monitor
    from cbec.monitor.models import LexiconTerm
    from cbec.regulatory.actions import import_notice_files, record_field_visit
    from cbec.revisions.actions import draft_proposal_from_signals
    from cbec.standards import actions as standards
    from cbec.standards.actions.crosswalks import propose_crosswalks
    from cbec.standards.catalog.specs import Catalog, FrameworkSpec, ProvenanceSpec
    from cbec.standards.models import DomainArea
    from cbec.standards.versions import new_version

    issuer = Organisation.objects.get(slug="sample-eval-centre")
    area = DomainArea.objects.order_by("code").first()
    spec = FrameworkSpec(
        code="perm-test",
        version="0.1.0",
        title_zh="权限测试",
        title_en="",
        kind="group",
        status="draft",
        provenance=ProvenanceSpec(),
    )
    nothing: Callable[[], Any] = lambda: None  # noqa: E731

    def published() -> Any:
        return standards.publish_framework(sample_draft(), actor=actor_of("staff"))

    def lexicon_edit() -> Any:
        return LexiconTerm.objects.create(term="权限测试", action="exclude")

    def draft() -> Any:
        return inbox.SignalDraft(key="perm:x", source_kind="regulation", kind="t", title_zh="x")

    return {
        "load_catalog": (
            "catalog.load",
            nothing,
            lambda a, _: standards.load_catalog(Catalog([], [], [], [], []), actor=a),
        ),
        "load_sample_data": ("catalog.load", nothing, lambda a, _: load_sample_data(actor=a)),
        "upsert_organisation": (
            "catalog.load",
            nothing,
            lambda a, _: upsert_organisation(
                actor=a, slug="perm-org", values={"name_zh": "测试", "kind": "enterprise"}
            ),
        ),
        "load_programme_counts": (
            "catalog.load",
            nothing,
            lambda a, _: load_programme_counts([], actor=a),
        ),
        "create_draft_framework": (
            "standards.author",
            nothing,
            lambda a, _: standards.create_draft_framework(
                actor=a, issuer=issuer, code="perm-draft", title_zh="权限测试"
            ),
        ),
        "import_framework": (
            "standards.author",
            nothing,
            lambda a, _: standards.import_framework(
                spec, actor=a, file="perm.json", source_format="case", issuer=issuer
            ),
        ),
        "add_item": (
            "standards.edit",
            sample_draft,
            lambda a, fw: standards.add_item(
                actor=a,
                framework=fw,
                code="9.9",
                item_type="skill_requirement",
                statement_zh="测试",
            ),
        ),
        "import_workbook": (
            "standards.edit",
            sample_draft,
            lambda a, fw: standards.import_workbook(
                _workbook(fw), actor=a, file="perm.xlsx", framework=fw
            ),
        ),
        "publish_framework": (
            "standards.publish",
            sample_draft,
            lambda a, fw: standards.publish_framework(fw, actor=a),
        ),
        "new_version": ("standards.new_version", published, lambda a, fw: new_version(fw, actor=a)),
        "review_crosswalk": (
            "analysis.review_crosswalk",
            _crosswalk_row,
            lambda a, row: analysis.review_crosswalk(actor=a, row=row, decision="approve"),
        ),
        "propose_crosswalks": (
            "analysis.review_crosswalk",
            sample_draft,
            lambda a, fw: propose_crosswalks(actor=a, framework=fw, proposals=[]),
        ),
        "suggest_crosswalks": (
            "analysis.review_crosswalk",
            sample_draft,
            lambda a, fw: analysis.suggest_crosswalks(actor=a, framework=fw, top_k=1),
        ),
        "start_import": (
            "monitor.import",
            nothing,
            lambda a, _: monitor.start_import("p.jsonl", 10, actor=a),
        ),
        "import_postings": (
            "monitor.import",
            lambda: _postings_file(tmp),
            lambda a, path: monitor.import_postings(path, actor=a, detect=False),
        ),
        "add_lexicon_term": (
            "monitor.edit_lexicon",
            nothing,
            lambda a, _: monitor.add_lexicon_term("权限测试词", area, actor=a),
        ),
        "exclude_lexicon_term": (
            "monitor.edit_lexicon",
            nothing,
            lambda a, _: monitor.exclude_lexicon_term("权限测试词", actor=a),
        ),
        "remove_lexicon_edit": (
            "monitor.edit_lexicon",
            lexicon_edit,
            lambda a, edit: monitor.remove_lexicon_edit(edit, actor=a),
        ),
        "reextract": ("monitor.edit_lexicon", nothing, lambda a, _: monitor.reextract(actor=a)),
        "detect_signals": ("monitor.detect", nothing, lambda a, _: monitor.detect_signals(actor=a)),
        "import_notice_files": (
            "regulatory.manage",
            nothing,
            lambda a, _: import_notice_files([("n.json", b'{"notices": []}')], actor=a),
        ),
        "record_field_visit": (
            "regulatory.manage",
            nothing,
            lambda a, _: record_field_visit(
                actor=a, organisation_name="权限测试企业", visited_on=dt.date(2026, 11, 1)
            ),
        ),
        "file_signals": ("inbox.file_signal", draft, lambda a, d: inbox.file_signals([d], actor=a)),
        "assign_signal": (
            "inbox.triage",
            _signal,
            lambda a, s: inbox.assign_signal(actor=a, signal=s, assignee=actor_of("chair")),
        ),
        "dismiss_signal": (
            "inbox.triage",
            _signal,
            lambda a, s: inbox.dismiss_signal(actor=a, signal=s, reason="not ours"),
        ),
        "merge_signal": (
            "inbox.triage",
            lambda: (_signal(), _signal("test:perm2")),
            lambda a, pair: inbox.merge_signal(actor=a, signal=pair[0], into=pair[1]),
        ),
        "promote_signal": (
            "inbox.triage",
            _signal,
            lambda a, s: inbox.promote_signal(actor=a, signal=s),
        ),
        "draft_proposal_from_signals": (
            "revisions.draft_proposal",
            _signal,
            lambda a, s: draft_proposal_from_signals(actor=a, signals=[s]),
        ),
    }


def _workbook(framework: Any) -> bytes:
    """The framework's own Excel export: a valid workbook for it."""
    from cbec.standards.interop.excel.export import workbook_bytes
    from cbec.standards.snapshot import snapshot

    return workbook_bytes(snapshot(framework))


def _verb_names() -> list[str]:
    return sorted({v for cap in CAPABILITIES.values() for v in cap.verbs})


class _Rollback(Exception):
    pass


@pytest.mark.django_db
@pytest.mark.parametrize("verb", _verb_names())
def test_each_verb_obeys_the_table_for_every_persona(verb: str, tmp_path: Path) -> None:
    capability, setup, call = _verbs(tmp_path)[verb]
    for name in PERSONAS:
        outcome, wrote = _run(setup, call, actor_of(name))
        if name in EXPECTED[capability]:
            assert not isinstance(outcome, NotAllowed), f"{verb} as {name}: {outcome}"
        else:
            assert isinstance(outcome, NotAllowed), f"{verb} as {name} was not refused: {outcome}"
            assert not wrote, f"{verb} as {name} was refused but wrote the audit log"


def _run(setup: Callable[[], Any], call: Callable[[Any, Any], Any], actor: Any) -> tuple[Any, bool]:
    """Set up and call inside a savepoint that is always rolled back, so personas don't see
    each other's writes; returns the CbecError raised (or None) and whether audit rows were
    added by the call."""
    result: list[Any] = [None, False]
    try:
        with transaction.atomic():
            target = setup()
            before = AuditEntry.objects.count()
            try:
                call(actor, target)
            except CbecError as exc:
                result[0] = exc
            result[1] = AuditEntry.objects.count() != before
            raise _Rollback
    except _Rollback:
        pass
    return result[0], result[1]


@pytest.mark.django_db
def test_the_verb_list_names_every_verb_the_table_names(tmp_path: Path) -> None:
    assert set(_verb_names()) <= set(_verbs(tmp_path))


# --- every write verb checks itself -------------------------------------------------------------


def _action_modules() -> list[Path]:
    files = [
        *ROOT.glob("cbec/*/actions.py"),
        *ROOT.glob("cbec/*/actions/*.py"),
        ROOT / "cbec" / "accounts" / "sample.py",
    ]
    return sorted(p for p in files if p.name != "__init__.py")


def _calls(node: ast.AST) -> set[str]:
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return names


def test_every_public_verb_that_writes_the_audit_log_calls_require() -> None:
    """A public function in an actions module that audits a write must check its capability
    itself (views' checks don't count: the CLI, the API and jobs call verbs directly)."""
    missing, verbs = [], set()
    for path in _action_modules():
        functions = [
            n
            for n in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(n, ast.FunctionDef)
        ]
        # A module's own helper that calls require (`_require_open`) counts as the check.
        checks = {"require"} | {f.name for f in functions if "require" in _calls(f)}
        for node in functions:
            calls = _calls(node)
            if not node.name.startswith("_") and "log_action" in calls:
                verbs.add(node.name)
                if not calls & checks:
                    missing.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert missing == []
    named = {v for cap in CAPABILITIES.values() for v in cap.verbs}
    assert verbs <= named, f"verbs missing from the capability table: {sorted(verbs - named)}"


def test_docs_hold_the_permission_table() -> None:
    text = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert markdown_table() in text, "regenerate with: cbec permissions --markdown"
