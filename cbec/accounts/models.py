"""Organisations, memberships (people and their roles) and the audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    GOVERNMENT = "government", _("政府机构")
    UNIVERSITY = "university", _("本科高校")
    VOCATIONAL_COLLEGE = "vocational_college", _("职业院校")
    ASSOCIATION = "association", _("行业协会/标准组织")
    ENTERPRISE = "enterprise", _("企业")
    TRAINING_PROVIDER = "training_provider", _("培训机构")
    EVALUATION_ORG = "evaluation_org", _("评价机构")


class Organisation(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name_zh = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=32, choices=OrgKind.choices)
    jurisdiction = models.CharField(max_length=40, blank=True)
    is_sample = models.BooleanField(
        default=False, help_text="Demo data, labelled as sample in the UI."
    )

    class Meta:
        ordering = ["name_zh"]

    def __str__(self) -> str:
        return self.name_zh


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("管理员")
    EDITOR = "editor", _("编辑")
    REVIEWER = "reviewer", _("审核人")
    DELEGATE = "delegate", _("代表")
    MEMBER = "member", _("成员")


class Membership(models.Model):
    """A person's role in an organisation; access rules read these, never ad-hoc flags."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="uniq_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class AuditEntry(models.Model):
    """One business action: who did what to which thing, with the data that explains it."""

    action = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=80, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    data: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"
