"""Who may see which standards. Views and the API reach frameworks and items only through here."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from cbec.accounts.models import Membership
from cbec.standards.models import Framework, FrameworkStatus, Item

AnyUser = AbstractBaseUser | AnonymousUser


def _member_org_ids(user: AnyUser) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user_id=user.pk).values_list("organisation_id", flat=True)
    )


def frameworks_for_user(user: AnyUser) -> QuerySet[Framework]:
    """Published history is public; drafts only to the issuer's members and staff."""
    qs = Framework.objects.select_related("issuer")
    if getattr(user, "is_staff", False):
        return qs
    return qs.filter(~Q(status=FrameworkStatus.DRAFT) | Q(issuer_id__in=_member_org_ids(user)))


def items_for_user(user: AnyUser) -> QuerySet[Item]:
    return Item.objects.filter(framework__in=frameworks_for_user(user))


def get_framework_for_user(user: AnyUser, code: str, version: str | None = None) -> Framework:
    """The requested version, or the newest non-draft one (newest draft if only drafts exist)."""
    qs = frameworks_for_user(user).filter(code=code)
    found = qs.filter(version=version).first() if version else _newest(list(qs))
    if found is None:
        raise Http404(f"framework {code!r} not found")
    return found


def _newest(versions: list[Framework]) -> Framework | None:
    def key(fw: Framework) -> tuple[bool, tuple[int, ...]]:
        numbers = tuple(int(p) if p.isdecimal() else 0 for p in fw.version.split("."))
        return fw.status != FrameworkStatus.DRAFT, numbers

    return max(versions, key=key, default=None)


def get_item_for_user(user: AnyUser, identifier: str) -> Item:
    try:
        uuid.UUID(str(identifier))
    except ValueError as exc:
        raise Http404(f"item {identifier!r} not found") from exc
    item = (
        items_for_user(user)
        .select_related("framework", "parent")
        .filter(identifier=identifier)
        .first()
    )
    if item is None:
        raise Http404(f"item {identifier!r} not found")
    return item


def can_edit_framework(user: AnyUser, framework: Framework) -> bool:
    """Drafts are edited by the issuer's admins and editors (and staff); published ones by nobody."""
    if framework.is_immutable or not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False):
        return True
    if framework.issuer_id is None:
        return False
    return Membership.objects.filter(
        user_id=user.pk, organisation_id=framework.issuer_id, role__in=["admin", "editor"]
    ).exists()
