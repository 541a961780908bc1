"""What the industry monitor shows to whom; the rules themselves are capabilities in
`cbec.accounts.roles` (`monitor.view_postings`, `monitor.import`, `monitor.edit_lexicon`).

- Demand trends (aggregates of public postings) are open to everyone.
- Posting texts, term candidates and posting signals need `monitor.view_postings`.
- Import runs: all of them to those who may edit the lexicon; one's own to other importers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cbec.accounts.roles import allowed
from cbec.inbox.access import signals_for_user
from cbec.monitor.models import ImportRun

__all__ = ["can_edit_lexicon", "can_import_postings", "can_view_postings", "signals_for_user"]


def can_view_postings(user: Any) -> bool:
    return allowed(user, "monitor.view_postings")


def can_import_postings(user: Any) -> bool:
    return allowed(user, "monitor.import")


def can_edit_lexicon(user: Any) -> bool:
    return allowed(user, "monitor.edit_lexicon")


def runs_for_user(user: Any) -> QuerySet[ImportRun]:
    if can_edit_lexicon(user):
        return ImportRun.objects.all()
    if can_import_postings(user):
        return ImportRun.objects.filter(started_by_id=user.pk)
    return ImportRun.objects.none()


def get_run_for_user(user: Any, run_id: int) -> ImportRun:
    found = runs_for_user(user).filter(pk=run_id).first()
    if found is None:
        raise Http404(f"import {run_id} not found")
    return found
