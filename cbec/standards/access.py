"""Who may see which standards. Views and the API reach frameworks and items only through here."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from cbec.accounts.models import Organisation
from cbec.accounts.roles import Actor, allowed, organisations_for
from cbec.standards.models import Framework, FrameworkStatus, Item

AnyUser = AbstractBaseUser | AnonymousUser


def frameworks_for_user(user: AnyUser) -> QuerySet[Framework]:
    """Published history is public; drafts only to the issuer's members and staff."""
    qs = Framework.objects.select_related("issuer")
    if allowed(user, "standards.view_drafts"):  # staff: every organisation's drafts
        return qs
    mine = organisations_for(user, "standards.view_drafts")
    return qs.filter(~Q(status=FrameworkStatus.DRAFT) | Q(issuer_id__in=mine))


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


def can_edit_framework(user: Actor, framework: Framework) -> bool:
    """Drafts are edited by those holding `standards.edit` for the issuer; published ones by
    nobody (they change through a new version)."""
    return not framework.is_immutable and allowed(user, "standards.edit", framework)


def may_author(actor: Actor, issuer: Organisation) -> bool:
    """May `actor` write standards in `issuer`'s name (`standards.author`)?"""
    return allowed(actor, "standards.author", issuer)
