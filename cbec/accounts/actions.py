"""Verbs of the accounts app that other apps call: the catalog's organisations."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cbec.accounts.audit import log_action
from cbec.accounts.models import Organisation
from cbec.accounts.roles import Actor, require


@transaction.atomic
def upsert_organisation(
    *, actor: Actor, slug: str, values: dict[str, Any]
) -> tuple[Organisation, str]:
    """Create or bring up to date the organisation `slug` (catalog issuers); says which:
    `created`, `updated` or `unchanged` (re-loading the catalog changes nothing)."""
    require(actor, "catalog.load")
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        org = Organisation.objects.create(slug=slug, **values)
        log_action("accounts.organisation.created", actor=actor, target=org, data={"slug": slug})
        return org, "created"
    changed = [name for name, value in values.items() if getattr(org, name) != value]
    if not changed:
        return org, "unchanged"
    for name in changed:
        setattr(org, name, values[name])
    org.save(update_fields=changed)
    log_action("accounts.organisation.updated", actor=actor, target=org, data={"fields": changed})
    return org, "updated"
