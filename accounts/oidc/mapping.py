"""The controller's page: which provider groups grant which register roles, and whether local passwords still work.

Who may change a mapping is an insider question: whoever maps groups can grant themselves listening. So a
register's DPO maps any role of that register but DPO (which stays granted by hand: a DPO could otherwise
make a friend a second DPO and defeat four-eyes), its IT administrator only the IT administrator role (and reads
the rest), and nobody else sees the page (404, as for other registers). Only a DPO of the controller switches
local passwords off or on. Every change is an audit event naming who, which group, which register and role.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from audit.services import audit_record
from registers.models import Controller, Membership, Register, Role

from ..models import GroupRoleMapping, ProviderIdentity, SignInPolicy
from . import config


def editable_roles(user, register_roles: set[str]) -> list[str]:
    if Role.DPO in register_roles:  # every role but DPO itself, which stays granted by hand (four-eyes)
        return [role for role in Role.values if role != Role.DPO]
    if Role.IT_ADMIN in register_roles:
        return [Role.IT_ADMIN]
    return []


class MappingForm(forms.Form):
    group = forms.CharField(label=gettext_lazy("Group"), max_length=255, strip=True)
    register = forms.TypedChoiceField(label=gettext_lazy("Register"), coerce=int)
    role = forms.ChoiceField(label=gettext_lazy("Role"))

    def __init__(self, *args, registers, roles_by_register, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles_by_register = roles_by_register
        self.fields["register"].choices = [(r.pk, r.name) for r in registers]
        labels = dict(Role.choices)
        roles = sorted({role for roles in roles_by_register.values() for role in roles}, key=Role.values.index)
        self.fields["role"].choices = [(r, labels[r]) for r in roles]

    def clean(self):
        data = super().clean()
        register_id, role = data.get("register"), data.get("role")
        if register_id is not None and role and role not in self.roles_by_register.get(register_id, []):
            raise forms.ValidationError(_("You may not map that role in that register."))
        return data


def _roles_here(user, controller) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    for register_id, role in Membership.objects.filter(user=user, register__controller=controller).values_list(
        "register_id", "role"
    ):
        roles.setdefault(register_id, set()).add(role)
    return roles


@never_cache
@login_required
def sign_in_settings(request, controller_id: int):
    controller = get_object_or_404(Controller, pk=controller_id)
    roles_here = _roles_here(request.user, controller)
    roles_by_register = {pk: editable_roles(request.user, roles) for pk, roles in roles_here.items()}
    roles_by_register = {pk: roles for pk, roles in roles_by_register.items() if roles}
    if not roles_by_register:
        raise Http404
    is_dpo = any(Role.DPO in roles for roles in roles_here.values())
    registers = list(Register.objects.filter(pk__in=roles_by_register).order_by("name"))
    form = MappingForm(
        request.POST if request.POST.get("action") == "add" else None,
        registers=registers,
        roles_by_register=roles_by_register,
    )
    policy = SignInPolicy.objects.filter(controller=controller).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add" and form.is_valid():
            _mapping_add(request, form.cleaned_data)
            return redirect(request.path)
        if action == "remove":
            _mapping_remove(request, request.POST.get("mapping", ""), roles_by_register)
            return redirect(request.path)
        if action == "local" and is_dpo:
            _local_sign_in_set(request, controller, request.POST.get("local_sign_in") == "on")
            return redirect(request.path)
    mappings = GroupRoleMapping.objects.filter(register__in=registers).select_related("register")
    for mapping in mappings:
        mapping.removable = mapping.role in roles_by_register.get(mapping.register_id, [])
    context = {
        "controller": controller,
        "form": form,
        "mappings": mappings,
        "is_dpo": is_dpo,
        "local_sign_in": policy.local_sign_in if policy else True,
        "sso_enabled": config.sso_enabled(),
        "groups_claim": settings.OIDC_GROUPS_CLAIM,
    }
    return render(request, "accounts/sign_in_settings.html", context)


@transaction.atomic
def _mapping_add(request, data) -> None:
    register = Register.objects.get(pk=data["register"])
    mapping, created = GroupRoleMapping.objects.get_or_create(
        register=register, group=data["group"], role=data["role"], defaults={"created_by": request.user}
    )
    if created:
        audit_record(
            action="group_mapping_change",
            request=request,
            register=register,
            obj=mapping,
            details={"added": {"group": mapping.group, "role": mapping.role}},
        )
        messages.success(request, _("Members of the group now get the role at their next sign-in."))


@transaction.atomic
def _mapping_remove(request, mapping_id: str, roles_by_register) -> None:
    mapping = GroupRoleMapping.objects.filter(pk=int(mapping_id) if mapping_id.isdigit() else 0).first()
    if mapping is None or mapping.role not in roles_by_register.get(mapping.register_id, []):
        raise Http404
    audit_record(
        action="group_mapping_change",
        request=request,
        register=mapping.register,
        obj=mapping,
        details={"removed": {"group": mapping.group, "role": mapping.role}},
    )
    mapping.delete()
    messages.success(request, _("Members of the group lose the role at their next sign-in."))


@transaction.atomic
def _local_sign_in_set(request, controller, allowed: bool) -> None:
    if not allowed and not config.sso_enabled():
        # No other way in: every member of staff, this DPO included, would be locked out.
        messages.error(
            request,
            _(
                "Sign-in through the identity provider is not configured on this server, so local passwords stay "
                "on: switching them off would leave staff no way to sign in."
            ),
        )
        return
    if not allowed and not ProviderIdentity.objects.filter(user=request.user, issuer=config.issuer()).exists():
        messages.error(
            request,
            _(
                "Local passwords stay on: sign in through the identity provider once first, so that switching "
                "them off does not lock you out."
            ),
        )
        return
    policy, _created = SignInPolicy.objects.select_for_update().get_or_create(controller=controller)
    if policy.local_sign_in == allowed:
        return
    policy.local_sign_in = allowed
    policy.save(update_fields=["local_sign_in", "updated_at"])
    audit_record(
        action="sign_in_policy_change",
        request=request,
        obj=controller,
        details={"local_sign_in": allowed},
    )
    if allowed:
        messages.success(request, _("Staff may sign in with a local password again."))
    else:
        messages.success(request, _("Local passwords are off: staff sign in through the identity provider."))
