"""Authoring a standard by hand: start a draft, add its items, publish it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_noop

from cbec.accounts.audit import log_action
from cbec.accounts.models import Organisation
from cbec.accounts.roles import Actor, require
from cbec.lib.said import say
from cbec.standards.errors import ImmutableVersionError
from cbec.standards.models import Association, DomainArea, Framework, FrameworkStatus, Item
from cbec.standards.textnorm import search_text
from cbec.standards.versions import record_replacements


@transaction.atomic
def publish_framework(framework: Framework, *, actor: Actor) -> Framework:
    """Freeze a draft: from now on its content may only change through a new version."""
    require(actor, "standards.publish", framework)
    if framework.status != FrameworkStatus.DRAFT:
        raise ImmutableVersionError(
            say(
                gettext_noop("%(framework)s 的状态为 %(status)s，只有草案可以发布"),
                framework=framework,
                status=framework.status,
            )
        )
    replaced = record_replacements(framework)
    framework.status = FrameworkStatus.PUBLISHED
    framework.save(update_fields=["status", "updated_at"])
    log_action(
        "standards.framework.published",
        actor=actor,
        target=framework,
        data={"code": framework.code, "version": framework.version, "replaced_items": replaced},
    )
    return framework


@transaction.atomic
def create_draft_framework(
    *,
    actor: Actor,
    issuer: Organisation,
    code: str,
    title_zh: str,
    title_en: str = "",
    kind: str = "group",
    version: str = "0.1.0",
    is_sample: bool = False,
) -> Framework:
    """Start a new standard as a draft of `issuer`; only its admins and editors may."""
    require(actor, "standards.author", issuer)
    framework = Framework.objects.create(
        code=code,
        version=version,
        title_zh=title_zh,
        title_en=title_en,
        kind=kind,
        issuer=issuer,
        issuer_text=issuer.name_zh,
        status=FrameworkStatus.DRAFT,
        is_sample=is_sample,
        verification="verified" if not is_sample else "unverified",
    )
    log_action(
        "standards.framework.created",
        actor=actor,
        target=framework,
        data={"code": code, "version": version},
    )
    return framework


@transaction.atomic
def add_item(
    *,
    actor: Actor,
    framework: Framework,
    code: str,
    item_type: str,
    statement_zh: str,
    statement_en: str = "",
    parent: Item | None = None,
    levels: list[int] | None = None,
    areas: list[DomainArea] | None = None,
) -> Item:
    """Add an item to a draft; published versions change only through a new version."""
    require(actor, "standards.edit", framework)
    if framework.is_immutable:
        raise ImmutableVersionError(
            say(
                gettext_noop("%(framework)s 的状态为 %(status)s；请创建新版本"),
                framework=framework,
                status=framework.status,
            )
        )
    item = Item.objects.create(
        framework=framework,
        parent=parent,
        item_type=item_type,
        code=code,
        position=framework.items.count(),
        depth=(parent.depth + 1) if parent else 0,
        statement_zh=statement_zh,
        statement_en=statement_en,
        levels=sorted(levels or [], reverse=True),
        search_text=search_text(code, [statement_zh, statement_en]),
        is_sample=framework.is_sample,
        verification=framework.verification,
    )
    for area in areas or []:
        Association.objects.create(
            framework=framework,
            association_type="isRelatedTo",
            origin=item,
            destination_area=area,
            match="narrow",
            coverage="full",
            confidence=1.0,
            status="approved",
            rationale="Mapped by the framework's authors.",
        )
    log_action("standards.item.added", actor=actor, target=item, data={"framework": framework.code})
    return item
