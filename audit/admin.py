from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, even for a superuser."""

    list_display = ("sequence", "created_at", "actor_label", "action", "register_slug", "object_type", "object_id")
    list_filter = ("action", "register_slug")
    search_fields = ("reason", "object_id")

    def get_queryset(self, request):
        # Others read the log on their registers' pages; here its rows do not exist for them, so a
        # 403 on a real id cannot tell which events exist.
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.none()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
