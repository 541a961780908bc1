"""Industry monitor records kept in the database; postings themselves live in the Parquet lake.

The signals the monitor finds are filed into the inbox (`cbec.inbox.actions.file_signals`),
which owns them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cbec.standards.models import DomainArea


class Role(models.TextChoices):
    """Display names of the CBEC roles postings are classified into (extract.ROLES)."""

    PLATFORM_OPS = "platform_ops", _("平台运营")
    INDEPENDENT_SITE = "independent_site", _("独立站运营")
    ADVERTISING = "advertising", _("广告投放")
    PRODUCT_SELECTION = "product_selection", _("选品")
    LOGISTICS = "logistics", _("物流")
    CUSTOMER_SERVICE = "customer_service", _("客服")
    DATA = "data", _("数据分析")
    COMPLIANCE = "compliance", _("合规")
    OTHER = "other", _("其他")


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ImportRun(models.Model):
    """One posting file imported (or being imported); counts are updated as batches land."""

    file_name = models.CharField(max_length=300)
    file_size = models.BigIntegerField(default=0)
    file_kind = models.CharField(max_length=10, blank=True)
    encoding = models.CharField(max_length=60, blank=True)
    preset = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=80, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    rows_read = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    quarantined = models.PositiveIntegerField(default=0)
    bytes_read = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)
    lexicon_digest = models.CharField(max_length=20, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life (start, each landed batch): a run that stops beating while no one
    # holds the lake was cut off (a server restart in the middle of a background upload).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"import {self.pk} {self.file_name}"

    @property
    def progress(self) -> int:
        if self.status != ImportStatus.RUNNING:
            return 100
        return min(99, int(100 * self.bytes_read / self.file_size)) if self.file_size else 0


class QuarantinedRow(models.Model):
    """A row that was not imported, with where it was and why."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="quarantine")
    file_name = models.CharField(max_length=300)
    row = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)
    raw: models.JSONField[Any] = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "row"]

    def __str__(self) -> str:
        return f"{self.file_name}:{self.row} {self.reason}"


class LexiconAction(models.TextChoices):
    ADD = "add", _("加入")
    EXCLUDE = "exclude", _("排除")


class LexiconTerm(models.Model):
    """An edit to the extraction lexicon on top of the domain map: a term added to an area,
    or a term (alias, tool name) excluded from matching."""

    term = models.CharField(max_length=120)
    action = models.CharField(
        max_length=10, choices=LexiconAction.choices, default=LexiconAction.ADD
    )
    area = models.ForeignKey(
        DomainArea, null=True, blank=True, on_delete=models.CASCADE, related_name="lexicon_terms"
    )
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["term", "action", "area"], name="uniq_lexicon_term")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.term}"
