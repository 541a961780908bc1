from django.contrib import admin

from cbec.accounts.models import AuditEntry, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name_zh", "name_en", "kind", "jurisdiction", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["name_zh", "name_en", "slug"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the audit log is written by business verbs, never edited by hand."""

    list_display = ["created_at", "action", "actor_label", "target_label"]
    list_filter = ["action"]
    search_fields = ["action", "target_label", "actor_label"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
