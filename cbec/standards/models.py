"""Standards as CASE-aligned data in the Chinese national layout.

Framework = CFDocument, Item = CFItem, Association = CFAssociation (plus governed crosswalk
fields). DomainArea is the one CBEC competency map everything is mapped to.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cbec.accounts.models import Organisation


class Verification(models.TextChoices):
    VERIFIED = "verified", _("已核实")
    PARTIAL = "partial", _("部分核实")
    UNVERIFIED = "unverified", _("未核实")


class Provenance(models.Model):
    """Where a catalog fact comes from and how far it is confirmed."""

    sources: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    verification = models.CharField(
        max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    unverified_notes: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        abstract = True


class FrameworkKind(models.TextChoices):
    NATIONAL = "national", _("国家标准")
    PROVINCIAL = "provincial", _("省级标准")
    LOCAL = "local", _("地方标准")
    GROUP = "group", _("团体标准")
    ENTERPRISE = "enterprise", _("企业标准")
    INTERNATIONAL = "international", _("国际框架")
    REFERENCE = "reference", _("平台参考框架")


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("草案")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被替代")
    WITHDRAWN = "withdrawn", _("已废止")


class Framework(Provenance):
    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(max_length=80, help_text="Stable catalog code shared by all versions.")
    version = models.CharField(max_length=20, default="1.0.0")
    title_zh = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    issuer = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="frameworks"
    )
    issuer_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=16, choices=FrameworkKind.choices)
    jurisdiction = models.CharField(max_length=40, blank=True)
    number = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    issued_on = models.DateField(null=True, blank=True)
    issued_text = models.CharField(max_length=200, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    effective_text = models.CharField(max_length=300, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    description_zh = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    scope = models.TextField(blank=True)
    levels_text = models.TextField(blank=True)
    covers: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    lacks: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derivatives"
    )
    uri = models.CharField(max_length=500, blank=True)
    case_extra: models.JSONField[Any] = models.JSONField(
        default=dict, blank=True, help_text="CASE fields kept verbatim for round trips."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="uniq_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.title_zh} v{self.version}"

    @property
    def is_immutable(self) -> bool:
        return self.status != FrameworkStatus.DRAFT

    @property
    def owner_org_id(self) -> int | None:
        """The organisation whose members may change it (`cbec.accounts.roles`): the issuer."""
        return self.issuer_id


class Level(models.Model):
    """A proficiency level of one framework (五级 … 一级; rank 5 is the entry level)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=20)
    name_zh = models.CharField(max_length=60)
    name_en = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["framework", "-rank"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "rank"], name="uniq_level_rank")
        ]

    def __str__(self) -> str:
        return self.name_zh


class ItemType(models.TextChoices):
    OCCUPATION = "occupation", _("职业")
    JOB_TYPE = "job_type", _("工种")
    ROLE = "role", _("岗位")
    LEVEL = "level", _("等级")
    FUNCTION = "function", _("职业功能")
    WORK_CONTENT = "work_content", _("工作内容")
    SKILL_REQUIREMENT = "skill_requirement", _("技能要求")
    KNOWLEDGE = "knowledge", _("相关知识")
    TOOL = "tool", _("工具")
    BASIC_REQUIREMENT = "basic_requirement", _("基本要求")
    OTHER = "other", _("其他")


class CrossBorderDimension(models.TextChoices):
    LANGUAGE = "language", _("语言")
    CULTURE = "culture", _("文化")
    PLATFORM_RULES = "platform_rules", _("平台规则")
    REGULATION = "regulation", _("法规与合规")
    CUSTOMS = "customs", _("海关通关")
    PAYMENT_FX = "payment_fx", _("支付与外汇")
    LOGISTICS = "logistics", _("物流")
    DATA = "data", _("数据")
    MARKETING = "marketing", _("营销")
    EMERGING_MODELS = "emerging_models", _("新业态新技术")


class Item(Provenance):
    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    item_type = models.CharField(max_length=20, choices=ItemType.choices)
    case_item_type = models.CharField(
        max_length=120, blank=True, help_text="Original CFItemType when it has no mapping."
    )
    code = models.CharField(max_length=60)
    position = models.PositiveIntegerField(default=0)
    depth = models.PositiveSmallIntegerField(default=0)
    statement_zh = models.TextField(blank=True)
    statement_en = models.TextField(blank=True)
    aliases_zh: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    aliases_en: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    levels: models.JSONField[Any] = models.JSONField(
        default=list,
        blank=True,
        help_text="Level ranks this item applies to (5 = 五级 … 1 = 一级).",
    )
    dimensions: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derivatives"
    )
    uri = models.CharField(max_length=500, blank=True)
    case_extra: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="uniq_item_code")]
        indexes = [models.Index(fields=["framework", "parent", "position"])]

    def __str__(self) -> str:
        return f"{self.code} {self.statement_zh or self.statement_en}"[:120]

    @property
    def owner_org_id(self) -> int | None:
        return self.framework.issuer_id


class WeightKind(models.TextChoices):
    THEORY = "theory", _("理论知识")
    SKILL = "skill", _("技能要求")


class WeightEntry(models.Model):
    """One cell of a 权重表: percent of `kind` assessed on `item` at `level`."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="weights")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="weights")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="weights")
    kind = models.CharField(max_length=8, choices=WeightKind.choices)
    scope = models.ForeignKey(
        Item,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scoped_weights",
        help_text="The role or job type this weight table belongs to, when a framework has several.",
    )
    percent = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "level", "kind", "scope"], name="uniq_weight_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}@{self.level_id} {self.kind} {self.percent}%"


class DomainArea(Provenance):
    """One area of the CBEC domain map (Table 1 work tasks and the areas §3-§4 name)."""

    code = models.SlugField(max_length=60, unique=True)
    group = models.CharField(max_length=20)
    position = models.PositiveIntegerField(default=0)
    label_zh = models.CharField(max_length=120)
    label_en = models.CharField(max_length=160)
    definition_zh = models.TextField(blank=True)
    definition_en = models.TextField(blank=True)
    content_zh = models.TextField(blank=True, help_text="Table 1 具体内容")
    skill_requirement_zh = models.TextField(blank=True, help_text="Table 1 技能要求")
    tools: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    aliases_zh: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    aliases_en: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    dimensions: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    related: models.ManyToManyField[DomainArea, Any] = models.ManyToManyField("self", blank=True)
    source_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.code} {self.label_zh}"


class AssociationType(models.TextChoices):
    IS_CHILD_OF = "isChildOf"
    IS_PEER_OF = "isPeerOf"
    IS_PART_OF = "isPartOf"
    EXACT_MATCH_OF = "exactMatchOf"
    PRECEDES = "precedes"
    IS_RELATED_TO = "isRelatedTo"
    REPLACED_BY = "replacedBy"
    EXEMPLAR = "exemplar"
    HAS_SKILL_LEVEL = "hasSkillLevel"
    IS_TRANSLATION_OF = "isTranslationOf"


class CrosswalkMatch(models.TextChoices):
    EXACT = "exact", _("等同")
    BROAD = "broad", _("较宽")
    NARROW = "narrow", _("较窄")
    RELATED = "related", _("相关")


class Coverage(models.TextChoices):
    FULL = "full", _("完全覆盖")
    PARTIAL = "partial", _("部分覆盖")


class CrosswalkStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")


class Association(models.Model):
    """A CASE association, or a governed crosswalk row when it maps across frameworks/areas.

    `association_type` holds one of AssociationType or an `ext:` token (CASE 1.1 extensible enum).
    Exactly one destination is set: an item, a domain area, or an external URI.
    """

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="associations")
    association_type = models.CharField(max_length=80)
    origin = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="outgoing")
    destination_item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="incoming"
    )
    destination_area = models.ForeignKey(
        DomainArea, null=True, blank=True, on_delete=models.CASCADE, related_name="associations"
    )
    destination_uri = models.CharField(max_length=500, blank=True)
    destination_title = models.CharField(max_length=300, blank=True)
    sequence = models.IntegerField(null=True, blank=True)
    match = models.CharField(max_length=8, choices=CrosswalkMatch.choices, blank=True)
    coverage = models.CharField(max_length=8, choices=Coverage.choices, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=CrosswalkStatus.choices, default=CrosswalkStatus.APPROVED
    )
    uri = models.CharField(max_length=500, blank=True)
    case_extra: models.JSONField[Any] = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["framework", "association_type"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(destination_item__isnull=False, destination_area__isnull=True)
                    | models.Q(destination_item__isnull=True, destination_area__isnull=False)
                    | models.Q(
                        destination_item__isnull=True,
                        destination_area__isnull=True,
                        destination_uri__gt="",
                    )
                ),
                name="association_one_destination",
            )
        ]

    def __str__(self) -> str:
        return f"{self.origin.code} {self.association_type}"

    @property
    def owner_org_id(self) -> int | None:
        """A crosswalk row belongs to the framework that holds it."""
        return self.framework.issuer_id


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("现行有效")
    UPCOMING = "upcoming", _("尚未生效")
    AMENDED = "amended", _("已修订")
    REPEALED = "repealed", _("已废止")
    UNKNOWN = "unknown", _("状态未核实")


class Regulation(Provenance):
    code = models.SlugField(max_length=80, unique=True)
    name_zh = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300, blank=True)
    jurisdiction = models.CharField(max_length=10)
    number = models.CharField(max_length=300, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    issued_text = models.CharField(max_length=200, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    effective_text = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=RegulationStatus.choices, default=RegulationStatus.UNKNOWN
    )
    summary = models.TextField(blank=True)
    topics: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    domain_areas: models.ManyToManyField[DomainArea, Any] = models.ManyToManyField(
        DomainArea, blank=True, related_name="regulations"
    )

    class Meta:
        ordering = ["jurisdiction", "-issued_on", "code"]

    def __str__(self) -> str:
        return self.name_zh


class RegulationRelation(models.TextChoices):
    APPLY = "apply", _("应用")
    TRACK = "track", _("跟踪")


class RegulationLink(models.Model):
    """An item that must apply a regulation, or track its changes."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="links")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="regulation_links")
    relation = models.CharField(max_length=8, choices=RegulationRelation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "item", "relation"], name="uniq_regulation_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.relation} {self.regulation_id}"


class Statistic(Provenance):
    """A sourced figure from the catalog (trade volume, pilot zones, programme counts)."""

    code = models.SlugField(max_length=80, unique=True)
    metric = models.CharField(max_length=300)
    value = models.TextField()
    paper_value = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.metric
