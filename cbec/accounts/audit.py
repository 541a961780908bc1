"""The one way to write the audit log. Business verbs call it inside their transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import models

from cbec.accounts.models import AuditEntry
from cbec.accounts.roles import Actor, SystemActor

__all__ = ["Actor", "log_action"]


def log_action(
    action: str,
    *,
    actor: Actor | None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Record `action` (an `app.thing.verb` code) against `target`, by a person or a system
    actor (its label: `system`, `cli`, `scheduler`)."""
    user = actor if isinstance(actor, User) else None
    label = actor.label if isinstance(actor, SystemActor) else "system"
    return AuditEntry.objects.create(
        action=action,
        actor=user,
        actor_label=actor_label or (user.get_username() if user else label),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        data=data or {},
    )
