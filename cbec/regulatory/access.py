"""Who may import notices and record field visits: staff, and admins or editors of a government
body, association or evaluation organisation (the bodies that run the standards process)."""

from __future__ import annotations

from cbec.accounts.models import Membership
from cbec.standards.access import AnyUser

STANDARDS_BODIES = ("government", "association", "evaluation_org")


def can_manage_monitoring(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False):
        return True
    return Membership.objects.filter(
        user_id=user.pk, role__in=["admin", "editor"], organisation__kind__in=STANDARDS_BODIES
    ).exists()
