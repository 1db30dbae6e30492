from django.contrib import admin

from lib.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only, even for a superuser."""

    list_display = ("sequence", "created_at", "actor_label", "action", "register_slug", "object_type", "object_id")
    list_filter = ("action", "register_slug")
    search_fields = ("reason", "object_id")
