"""Admin for the DPO: registers of their own controller, and nothing else.

The admin scopes every queryset by membership: a DPO sees and edits the
registers they are DPO of, their controller, contacts, service lines,
processors and memberships. A superuser administers everything but plays no
audio here. Every change is written to the audit log.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record

from .forms import SECTIONS
from .models import (
    Contact,
    Controller,
    Membership,
    Processor,
    RecordedField,
    Register,
    Right,
    Role,
    ServiceLine,
)
from .permissions import dpo_register_ids


class DpoScopedAdmin(admin.ModelAdmin):
    """Permissions come from DPO memberships; superusers keep full admin rights."""

    register_path = "register"  # lookup from this model to its Register

    def _scope(self, request):
        return dpo_register_ids(request.user)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.register_path}__in": self._scope(request)}).distinct()

    def has_module_permission(self, request):
        return request.user.is_active and (request.user.is_superuser or bool(self._scope(request)))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or request.user.is_superuser or self.get_queryset(request).filter(pk=obj.pk).exists()
        )

    has_change_permission = has_view_permission

    def has_add_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class ServiceLineInline(admin.TabularInline):
    model = ServiceLine
    extra = 0


class ProcessorInline(admin.TabularInline):
    model = Processor
    extra = 0
    fields = ("name", "service", "service_en", "holds_register_data", "order")


class RegisterContactInline(admin.StackedInline):
    model = Contact
    extra = 0
    fk_name = "register"
    fields = (
        "controller",
        "kind",
        "name",
        "title",
        "title_en",
        "organisation",
        "email",
        "phone",
        "address",
        "note",
        "note_en",
        "order",
    )


def users_assignable_by(user):
    """Users a DPO may grant roles to: those without any role, and those of their own controller.

    Listing every account would tell a DPO about other controllers' staff.
    """
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    User = get_user_model()
    if user.is_superuser:
        return User.objects.all()
    controllers = Register.objects.filter(pk__in=dpo_register_ids(user)).values("controller_id")
    return User.objects.filter(
        Q(memberships__isnull=True) | Q(memberships__register__controller_id__in=controllers)
    ).distinct()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "agent_identifier")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = users_assignable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RegisterAdminForm(forms.ModelForm):
    recorded_metadata = forms.MultipleChoiceField(
        label=_("call metadata recorded"),
        choices=RecordedField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rights_offered = forms.MultipleChoiceField(
        label=_("rights offered"), choices=Right.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    download_roles = forms.MultipleChoiceField(
        label=_("roles that may download audio"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Register
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields


# What the admin edits besides the notice editor's fields, by the editor's section (registers.forms.SECTIONS):
# the controller, the retention rule (set here for a new register; an existing one's changes on the retention
# page), whether an erasure needs a second approver, and the playback policy, a section of its own.
ADMIN_ONLY_FIELDS = {
    "register": ("controller",),
    "retention": ("retention_value", "retention_unit", "retention_trigger", "retention_event", "retention_event_en"),
    "rights": ("erasure_needs_second_approver",),
}
PLAYBACK_POLICY_FIELDS = ("agents_may_listen_own_calls", "listen_reason_required", "download_roles")


def _admin_fieldsets() -> tuple:
    """The notice editor's sections, in the notice's order, with the admin's own fields added."""
    fieldsets = []
    for key, title, names in SECTIONS:
        fields = ADMIN_ONLY_FIELDS.get(key, ()) + names
        if fields:
            fieldsets.append((None if key == "register" else title, {"fields": fields}))
    return (*fieldsets, (_("Playback policy"), {"fields": PLAYBACK_POLICY_FIELDS}))


@admin.register(Register)
class RegisterAdmin(DpoScopedAdmin):
    form = RegisterAdminForm
    register_path = "pk"
    list_display = ("name", "controller", "slug", "retention_value", "retention_unit", "retention_trigger")
    # An existing register's rule changes on the retention page, which shows
    # the effect first and recomputes every expiry date.
    rule_fields = ("retention_value", "retention_unit", "retention_trigger", "retention_event")

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        # Four eyes cannot be switched off by the one DPO it is there to check; the system administrator can.
        if obj.erasure_needs_second_approver and not request.user.is_superuser:
            readonly += ("erasure_needs_second_approver",)
        return readonly + self.rule_fields

    list_filter = ("controller",)
    search_fields = ("name", "slug", "controller__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ServiceLineInline, ProcessorInline, RegisterContactInline, MembershipInline]
    fieldsets = _admin_fieldsets()

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "controller" in form.base_fields:
            form.base_fields["controller"].queryset = Controller.objects.filter(
                registers__in=dpo_register_ids(request.user)
            ).distinct()
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        rule_fields = {"retention_value", "retention_unit", "retention_trigger", "retention_event"}
        action = "retention_rule_change" if change and rule_fields & set(form.changed_data) else "register_change"
        audit_record(
            action=action,
            actor=request.user,
            register=obj,
            obj=obj,
            request=request,
            details={"created": not change, "fields": sorted(form.changed_data)},
        )

    def save_formset(self, request, form, formset, change):
        before = {}
        if formset.model is Membership:
            before = {m.pk: (m.role, m.user_id) for m in formset.queryset}
            deleted = [f.instance.pk for f in formset.deleted_forms if f.instance.pk]
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            _audit_membership_formset(request, form.instance, formset, before, deleted)
        elif formset.has_changed():
            audit_record(
                action="register_change",
                actor=request.user,
                register=form.instance,
                obj=form.instance,
                request=request,
                details={"inline": formset.model._meta.model_name},
            )


def _audit_membership_formset(request, register, formset, before, deleted) -> None:
    for membership in formset.new_objects:
        audit_record(
            action="role_change",
            actor=request.user,
            register=register,
            obj=membership,
            request=request,
            details={"change": "granted", "role": membership.role, "user_id": membership.user_id},
        )
    for membership, _fields in formset.changed_objects:
        audit_record(
            action="role_change",
            actor=request.user,
            register=register,
            obj=membership,
            request=request,
            details={
                "change": "changed",
                "from": before.get(membership.pk, (None,))[0],
                "role": membership.role,
                "user_id": membership.user_id,
            },
        )
    for pk in deleted:
        role, user_id = before.get(pk, (None, None))
        audit_record(
            action="role_change",
            actor=request.user,
            register=register,
            object_type="registers.membership",
            object_id=pk,
            request=request,
            details={"change": "revoked", "role": role, "user_id": user_id},
        )


@admin.register(Membership)
class MembershipAdmin(DpoScopedAdmin):
    list_display = ("user", "register", "role", "agent_identifier")
    list_filter = ("role", "register")
    search_fields = ("user__username", "register__name")

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "register" and not request.user.is_superuser:
            kwargs["queryset"] = Register.objects.filter(pk__in=dpo_register_ids(request.user))
        if db_field.name == "user":
            kwargs["queryset"] = users_assignable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        before = Membership.objects.filter(pk=obj.pk).values_list("role", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        audit_record(
            action="role_change",
            actor=request.user,
            register=obj.register,
            obj=obj,
            request=request,
            details={
                "change": "changed" if change else "granted",
                "from": before,
                "role": obj.role,
                "user_id": obj.user_id,
            },
        )

    def delete_model(self, request, obj):
        register, pk, role, user_id = obj.register, obj.pk, obj.role, obj.user_id
        super().delete_model(request, obj)
        audit_record(
            action="role_change",
            actor=request.user,
            register=register,
            object_type="registers.membership",
            object_id=pk,
            request=request,
            details={"change": "revoked", "role": role, "user_id": user_id},
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ControllerContactInline(admin.StackedInline):
    model = Contact
    extra = 0
    fk_name = "controller"
    fields = (
        "register",
        "kind",
        "name",
        "title",
        "title_en",
        "organisation",
        "email",
        "phone",
        "address",
        "note",
        "note_en",
        "order",
    )


@admin.register(Controller)
class ControllerAdmin(DpoScopedAdmin):
    register_path = "registers"
    list_display = ("name", "business_id", "city", "email")
    search_fields = ("name", "business_id", "trade_names")
    inlines = [ControllerContactInline]

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for register in obj.registers.all():
            audit_record(
                action="register_change",
                actor=request.user,
                register=register,
                obj=obj,
                request=request,
                details={"controller_fields": sorted(form.changed_data)},
            )
