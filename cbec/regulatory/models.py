"""Regulation notices from feeds, their links, and the advisory panel's field-research visits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cbec.accounts.models import Organisation
from cbec.standards.models import DomainArea, Item, Regulation


class Notice(models.Model):
    """One regulation notice as imported: its fields, how it was classified, and why."""

    content_hash = models.CharField(max_length=64, unique=True)
    number = models.CharField(max_length=200, blank=True, db_index=True)
    authority = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=500)
    jurisdiction = models.CharField(max_length=10, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=40, blank=True)
    full_text = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    source = models.CharField(max_length=300, help_text="File and row it was imported from.")
    relevant = models.BooleanField(default=False, db_index=True)
    relevance_score = models.FloatField(default=0.0)
    topics: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    fired_rules: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    field_evidence: models.JSONField[Any] = models.JSONField(
        default=dict, blank=True, help_text="Snippets each parsed field was read from."
    )
    conflicts: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    is_sample = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    items: models.ManyToManyField[Item, Any] = models.ManyToManyField(
        Item, blank=True, related_name="notices"
    )
    areas: models.ManyToManyField[DomainArea, Any] = models.ManyToManyField(
        DomainArea, blank=True, related_name="notices"
    )

    class Meta:
        ordering = ["-issued_on", "-imported_at"]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.title}"[:200]


class LinkRelation(models.TextChoices):
    SAME = "same", _("即该法规")
    AMENDS = "amends", _("修订")
    REPEALS = "repeals", _("废止")
    MENTIONS = "mentions", _("提及")


class NoticeLink(models.Model):
    """What a notice says about another regulation; `regulation` is empty when it is unknown."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="links")
    regulation = models.ForeignKey(
        Regulation, null=True, blank=True, on_delete=models.SET_NULL, related_name="notice_links"
    )
    target = models.CharField(
        max_length=300, help_text="The number or title as the notice writes it."
    )
    relation = models.CharField(max_length=10, choices=LinkRelation.choices)
    evidence = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.notice_id} {self.relation} {self.target}"


class FieldVisit(models.Model):
    """An advisory-panel visit to an organisation, with what the panel found."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="field_visits"
    )
    organisation_name = models.CharField(max_length=200)
    visited_on = models.DateField()
    panel: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="field_visits"
    )
    panel_names = models.CharField(
        max_length=500, blank=True, help_text="Members without an account."
    )
    summary = models.TextField(blank=True)
    attachment = models.FileField(upload_to="field-visits/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.organisation_name}"


class FindingKind(models.TextChoices):
    PAIN_POINT = "pain_point", _("痛点")
    SKILL_NEED = "skill_need", _("新技能需求")


class FieldFinding(models.Model):
    """One structured finding of a visit; each can become a signal."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=12, choices=FindingKind.choices)
    text = models.TextField()
    areas: models.ManyToManyField[DomainArea, Any] = models.ManyToManyField(
        DomainArea, blank=True, related_name="field_findings"
    )
    signal_id = models.PositiveBigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.text[:80]
