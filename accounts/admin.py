"""Sign-in records for the system administrator, read-only: mappings change on the controller's page (audited)."""

from django.contrib import admin

from lib.admin import ReadOnlyAdmin

from .models import GroupRoleMapping, ProviderIdentity, SignInPolicy


@admin.register(ProviderIdentity)
class ProviderIdentityAdmin(ReadOnlyAdmin):
    list_display = ("user", "issuer", "subject", "last_sign_in_at")
    search_fields = ("user__username", "subject")


@admin.register(GroupRoleMapping)
class GroupRoleMappingAdmin(ReadOnlyAdmin):
    list_display = ("group", "register", "role", "created_by", "created_at")
    list_filter = ("role",)


@admin.register(SignInPolicy)
class SignInPolicyAdmin(ReadOnlyAdmin):
    list_display = ("controller", "local_sign_in", "updated_at")
