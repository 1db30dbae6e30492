"""Admin pages that only a superuser sees, and nobody edits."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        # For everyone else the rows do not exist: a 403 on a real id (a history page gives one)
        # would tell a DPO or an outsider which rows exist.
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.none()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
