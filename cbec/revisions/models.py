"""Change proposals. For now only drafts, created when a signal is promoted; deliberation,
ballots, action holders and releases build on this model in the revision-workflow issue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cbec.standards.models import DomainArea, Framework, Item


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")


class ChangeProposal(models.Model):
    title = models.CharField(max_length=300)
    rationale = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    signals: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "inbox.Signal", blank=True, related_name="proposals"
    )
    frameworks: models.ManyToManyField[Framework, Any] = models.ManyToManyField(
        Framework, blank=True, related_name="proposals"
    )
    items: models.ManyToManyField[Item, Any] = models.ManyToManyField(
        Item, blank=True, related_name="proposals"
    )
    areas: models.ManyToManyField[DomainArea, Any] = models.ManyToManyField(
        DomainArea, blank=True, related_name="proposals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
