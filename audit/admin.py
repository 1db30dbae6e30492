from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, even for a superuser."""

    list_display = ("sequence", "created_at", "actor_label", "action", "register_slug", "object_type", "object_id")
    list_filter = ("action", "register_slug")
    search_fields = ("reason", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
