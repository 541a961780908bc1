"""Staff views of the standards data. Published content stays immutable: edits go through verbs."""

from django.contrib import admin

from cbec.standards.models import DomainArea, Framework, Item, Regulation, Statistic


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin[Framework]):
    list_display = ["title_zh", "code", "version", "kind", "status", "verification", "is_sample"]
    list_filter = ["kind", "status", "verification", "is_sample"]
    search_fields = ["title_zh", "title_en", "code", "number"]
    readonly_fields = ["identifier", "content_hash", "created_at", "updated_at"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin[Item]):
    list_display = ["code", "statement_zh", "item_type", "framework"]
    list_filter = ["item_type", "framework"]
    search_fields = ["code", "statement_zh", "statement_en"]
    raw_id_fields = ["parent", "derived_from"]

    def has_change_permission(self, request: object, obj: Item | None = None) -> bool:
        return obj is None or not obj.framework.is_immutable


@admin.register(DomainArea)
class DomainAreaAdmin(admin.ModelAdmin[DomainArea]):
    list_display = ["code", "label_zh", "label_en", "group"]
    list_filter = ["group"]


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin[Regulation]):
    list_display = ["name_zh", "jurisdiction", "number", "effective_on", "verification"]
    list_filter = ["jurisdiction", "verification"]
    search_fields = ["name_zh", "name_en", "number"]


@admin.register(Statistic)
class StatisticAdmin(admin.ModelAdmin[Statistic]):
    list_display = ["metric", "value", "verification"]
