"""Who may do what in the industry monitor. Views, the API and the CLI ask only here.

- Demand trends (aggregates of public postings) are open to everyone.
- Posting texts, term candidates and signals need a member of an organisation or staff.
- Importing postings: staff, an organisation's admins and editors, and enterprise delegates
  (enterprises bring demand data). Editing the lexicon and running detection: staff, admins
  and editors.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from cbec.accounts.models import Membership
from cbec.monitor.models import ImportRun, Signal

AnyUser = AbstractBaseUser | AnonymousUser


def _memberships(user: AnyUser) -> QuerySet[Membership]:
    if user.pk is None:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk).select_related("organisation")


def can_view_postings(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    return bool(getattr(user, "is_staff", False)) or _memberships(user).exists()


def can_import_postings(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False):
        return True
    return any(
        m.role in {"admin", "editor"}
        or (m.role == "delegate" and m.organisation.kind == "enterprise")
        for m in _memberships(user)
    )


def can_edit_lexicon(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False):
        return True
    return _memberships(user).filter(role__in=["admin", "editor"]).exists()


def signals_for_user(user: AnyUser) -> QuerySet[Signal]:
    if not can_view_postings(user):
        return Signal.objects.none()
    return Signal.objects.prefetch_related("areas")


def get_signal_for_user(user: AnyUser, signal_id: int) -> Signal:
    found = signals_for_user(user).filter(pk=signal_id).first()
    if found is None:
        raise Http404(f"signal {signal_id} not found")
    return found


def runs_for_user(user: AnyUser) -> QuerySet[ImportRun]:
    """Import runs: all to staff, editors and admins; one's own to other importers."""
    if can_edit_lexicon(user):
        return ImportRun.objects.all()
    if can_import_postings(user):
        return ImportRun.objects.filter(started_by_id=user.pk)
    return ImportRun.objects.none()


def get_run_for_user(user: AnyUser, run_id: int) -> ImportRun:
    found = runs_for_user(user).filter(pk=run_id).first()
    if found is None:
        raise Http404(f"import {run_id} not found")
    return found
