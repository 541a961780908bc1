"""The signal inbox owns signals: findings from any monitor source (job postings, regulation
notices, field-research visits) that may call for a change to the standards, each with a
triage deadline, its evidence and links to the domain areas, items and standards it concerns.

Other apps file signals only through `cbec.inbox.actions.file_signals`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cbec.standards.models import DomainArea, Framework, Item


class SignalSource(models.TextChoices):
    POSTING = "posting", _("招聘数据")
    REGULATION = "regulation", _("法规变化")
    FIELD_VISIT = "field_visit", _("实地调研")


class SignalStatus(models.TextChoices):
    NEW = "new", _("待处理")
    TRIAGED = "triaged", _("已分派")
    DISMISSED = "dismissed", _("已驳回")
    MERGED = "merged", _("已合并")
    PROMOTED = "promoted", _("已转为修订提案")


class Signal(models.Model):
    """A finding that may call for a change to the standards, from any monitor source.

    `key` makes detection idempotent (posting findings: `posting:<kind>:<term>:<onset>`).
    `evidence` lists references: {"kind": "posting", "id", "title", "date", "url", ...}.
    """

    source_kind = models.CharField(max_length=12, choices=SignalSource.choices)
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, help_text="emerging, declining, new_term, …")
    title_zh = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    summary_zh = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    data: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    evidence: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=SignalStatus.choices, default=SignalStatus.NEW)
    triage_due = models.DateField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_reason = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    areas: models.ManyToManyField[DomainArea, Any] = models.ManyToManyField(
        DomainArea, blank=True, related_name="signals"
    )
    items: models.ManyToManyField[Item, Any] = models.ManyToManyField(
        Item, blank=True, related_name="signals"
    )
    frameworks: models.ManyToManyField[Framework, Any] = models.ManyToManyField(
        Framework, blank=True, related_name="signals"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        # The table keeps the name it had when the monitor held signals (no data moves).
        db_table = "monitor_signal"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["source_kind", "status"], name="monitor_sig_source__0935b3_idx")
        ]

    def __str__(self) -> str:
        return self.title_zh
