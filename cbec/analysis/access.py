"""Who may review crosswalks: the owning organisation's admins, editors and reviewers (and staff)."""

from __future__ import annotations

from django.http import Http404

from cbec.accounts.models import Membership
from cbec.standards.access import AnyUser, frameworks_for_user
from cbec.standards.models import Association, Framework

REVIEW_ROLES = ("admin", "editor", "reviewer")


def can_review_crosswalks(user: AnyUser, framework: Framework) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False):
        return True
    if framework.issuer_id is None:
        return False
    return Membership.objects.filter(
        user_id=user.pk, organisation_id=framework.issuer_id, role__in=REVIEW_ROLES
    ).exists()


def get_crosswalk_for_user(user: AnyUser, row_id: int) -> Association:
    row = (
        Association.objects.select_related("framework", "origin", "destination_area")
        .filter(pk=row_id, framework__in=frameworks_for_user(user))
        .first()
    )
    if row is None:
        raise Http404(f"crosswalk row {row_id} not found")
    return row
