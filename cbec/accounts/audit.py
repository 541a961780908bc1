"""The one way to write the audit log. Business verbs call it inside their transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import models

from cbec.accounts.models import AuditEntry

Actor = AbstractBaseUser | AnonymousUser | None


def log_action(
    action: str,
    *,
    actor: Actor = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Record `action` (an `app.thing.verb` code) against `target`."""
    user = actor if isinstance(actor, User) else None
    return AuditEntry.objects.create(
        action=action,
        actor=user,
        actor_label=actor_label or (user.get_username() if user else "system"),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        data=data or {},
    )
