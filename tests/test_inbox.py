"""The signal inbox: regulation and field-visit signals, triage by personas, the GPSR case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User

from cbec.accounts.models import AuditEntry
from cbec.accounts.roles import SYSTEM
from cbec.inbox.actions import triage_due
from cbec.inbox.models import Signal
from cbec.regulatory.actions import import_notice_files, record_field_visit
from cbec.revisions.models import ChangeProposal

from .test_regulatory import GPSR_HTML

pytestmark = pytest.mark.django_db


@pytest.fixture
def gpsr_signal() -> Signal:
    import_notice_files([("gpsr.html", GPSR_HTML)], actor=SYSTEM)
    return Signal.objects.get(source_kind="regulation")


def test_gpsr_notice_becomes_a_linked_signal(gpsr_signal: Signal, persona: Any) -> None:
    assert gpsr_signal.items.filter(framework__code="cbec-reference-roles").exists()
    assert gpsr_signal.frameworks.filter(code="cbec-reference-roles").exists()
    assert gpsr_signal.areas.filter(code="regulation-tracking").exists()
    assert gpsr_signal.evidence[0]["kind"] == "notice"
    page = persona("chair").get(f"/inbox/{gpsr_signal.pk}/").content.decode()
    assert "General Product Safety Regulation" in page and 'id="triage"' in page
    # Importing the same notice again does not add a second signal.
    import_notice_files([("gpsr.html", GPSR_HTML)], actor=SYSTEM)
    assert Signal.objects.filter(source_kind="regulation").count() == 1


def test_triage_deadline_is_two_weeks_or_the_effective_date() -> None:
    today = dt.date(2026, 11, 25)
    assert triage_due(today, None) == dt.date(2026, 12, 9)
    assert triage_due(today, dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
    assert triage_due(today, dt.date(2020, 1, 1)) == dt.date(2026, 12, 9)


def test_field_findings_become_signals(user: Any) -> None:
    record_field_visit(
        actor=user("chair"),
        organisation_name="示例企业",
        visited_on=dt.date(2026, 10, 1),
        findings=[
            ("skill_need", "独立站 GA4 数据分析", ["T8"]),
            ("pain_point", "物流成本", ["T7"]),
        ],
    )
    signals = Signal.objects.filter(source_kind="field_visit")
    assert signals.count() == 2 and signals.filter(areas__code="T8").exists()


def test_inbox_filters_and_counts(gpsr_signal: Signal, persona: Any) -> None:
    chair = persona("chair")
    html = chair.get("/inbox/", {"source": "regulation"}).content.decode()
    assert 'id="inbox"' in html and "General Product Safety" in html
    assert (
        "General Product Safety" not in chair.get("/inbox/", {"source": "posting"}).content.decode()
    )
    counts = chair.get("/api/inbox/counts").json()
    assert counts["status"]["new"] >= 1
    assert persona(None).get("/inbox/").status_code == 302  # log in first
    assert persona(None).get("/api/inbox").status_code == 401


def test_assign_dismiss_with_reason_merge_and_promote(
    gpsr_signal: Signal, persona: Any, user: Any
) -> None:
    chair = persona("chair")
    api = f"/api/inbox/{gpsr_signal.pk}/triage"
    assigned = chair.post(
        api,
        {"step": "assign", "assignee": "university", "due": "2026-12-01"},
        content_type="application/json",
    ).json()
    assert assigned["status"] == "triaged" and assigned["assigned_to"] == "university"
    no_reason = chair.post(api, {"step": "dismiss", "reason": " "}, content_type="application/json")
    assert no_reason.status_code == 422
    duplicate = Signal.objects.create(
        source_kind="regulation",
        key="dup",
        kind="regulation_change",
        title_zh="重复",
        evidence=[{"kind": "notice", "id": 0, "title": "dup"}],
    )
    merged = chair.post(
        f"/api/inbox/{duplicate.pk}/triage",
        {"step": "merge", "into": gpsr_signal.pk},
        content_type="application/json",
    ).json()
    assert merged["status"] == "merged" and merged["merged_into"] == gpsr_signal.pk
    gpsr_signal.refresh_from_db()
    assert len(gpsr_signal.evidence) == 2
    response = chair.post(f"/inbox/{gpsr_signal.pk}/triage/", {"step": "promote"})
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get()
    assert proposal.signals.get() == gpsr_signal and proposal.items.exists()
    assert (
        chair.post(
            api, {"step": "dismiss", "reason": "late"}, content_type="application/json"
        ).status_code
        == 422
    )
    actions = set(
        AuditEntry.objects.filter(target_type="inbox.signal").values_list("action", flat=True)
    )
    assert actions >= {"inbox.signal.assigned", "inbox.signal.merged", "inbox.signal.promoted"}


def test_dismiss_needs_rights(gpsr_signal: Signal, persona: Any) -> None:
    body = {"step": "dismiss", "reason": "not relevant to us"}
    teacher = persona("teacher").post(
        f"/api/inbox/{gpsr_signal.pk}/triage", body, content_type="application/json"
    )
    assert teacher.status_code == 403
    assert persona("teacher").post(f"/inbox/{gpsr_signal.pk}/triage/", body).status_code == 403
    ok = persona("chair").post(
        f"/api/inbox/{gpsr_signal.pk}/triage", body, content_type="application/json"
    )
    assert (
        ok.json()["status"] == "dismissed" and ok.json()["dismissed_reason"] == "not relevant to us"
    )


def test_sample_data_tells_the_gpsr_story(persona: Any) -> None:
    from cbec.regulatory.models import Notice
    from cbec.setup_data import load_sample

    first = load_sample(postings=False)
    again = load_sample(postings=False)
    assert first["notices"]["new"] >= 8 and again["notices"]["new"] == 0
    gpsr = Notice.objects.get(number="Regulation (EU) 2023/988")
    assert gpsr.is_sample and str(gpsr.effective_on) == "2024-12-13"
    assert {link.regulation.code for link in gpsr.links.all() if link.regulation} == {
        "eu-gpsr-2023-988",
        "eu-gpsd-2001-95",
    }
    signal = Signal.objects.get(evidence__0__id=gpsr.pk)
    assert signal.items.filter(regulation_links__regulation__code="eu-gpsr-2023-988").exists()
    assert "2024-12-13" in persona(None).get("/regulatory/timeline/").content.decode()
    assert Signal.objects.filter(source_kind="field_visit", is_sample=True).count() == 3


def test_a_malformed_due_date_is_a_400_naming_the_field(gpsr_signal: Signal, persona: Any) -> None:
    chair = persona("chair")
    assignee = User.objects.get(username="university")
    response = chair.post(
        f"/inbox/{gpsr_signal.pk}/triage/",
        {"step": "assign", "assignee": assignee.pk, "due": "next friday"},
    )
    assert response.status_code == 400
    assert "due" in response.content.decode() and "next friday" in response.content.decode()
    gpsr_signal.refresh_from_db()
    assert gpsr_signal.status == "new"  # nothing written


def test_filing_a_signal_twice_under_one_key_keeps_one(user: Any) -> None:
    """A signal filed twice under one key is one signal; its links are the draft's."""
    from cbec.inbox.actions import SignalDraft, file_signals
    from cbec.standards.models import DomainArea

    area = DomainArea.objects.get(code="T8")
    draft = SignalDraft(
        key="test:once",
        source_kind="field_visit",
        kind="skill_need",
        title_zh="一次",
        area_ids=[area.pk],
    )
    first = file_signals([draft], actor=user("chair"))
    again = file_signals([draft], actor=user("chair"))
    assert first[0].pk == again[0].pk and list(first[0].areas.all()) == [area]
    assert first[0].triage_due is not None
