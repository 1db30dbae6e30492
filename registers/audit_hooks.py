"""What of the audit log a user may read, as far as registers go, and how register objects are named there."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.registry import ObjectLabel, add_describer, add_register_options, add_scope

from .models import Controller, Membership, Register, Role
from .permissions import controller_ids_with_role, register_ids_with_role, registers_with_role

AUDIT_ROLES = (Role.DPO, Role.AUDITOR)


@add_scope
def register_and_ropa_events(user) -> Q | None:
    """Events of the registers where the user is DPO or auditor, and RoPA exports of their controllers."""
    register_ids = register_ids_with_role(user, *AUDIT_ROLES)
    if not register_ids:
        return None
    controller_ids = [str(pk) for pk in controller_ids_with_role(user, *AUDIT_ROLES)]
    return Q(register_id__in=register_ids) | Q(
        action="ropa_export", object_type="registers.controller", object_id__in=controller_ids
    )


@add_register_options
def audit_registers(user) -> list[tuple[int, str]]:
    return list(registers_with_role(user, *AUDIT_ROLES).values_list("pk", "name"))


@add_describer("registers.register")
def describe_registers(ids, user):
    return {
        str(r.pk): ObjectLabel(_("Register %(name)s") % {"name": r.name}, reverse("privacy_notice", args=[r.slug]))
        for r in Register.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    }


@add_describer("registers.controller")
def describe_controllers(ids, user):
    return {
        str(c.pk): ObjectLabel(_("Controller %(name)s") % {"name": c.name})
        for c in Controller.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    }


@add_describer("registers.membership")
def describe_memberships(ids, user):
    labels = dict(Role.choices)
    return {
        str(m.pk): ObjectLabel(
            _("Role %(role)s of %(user)s in %(register)s")
            % {"role": labels.get(m.role, m.role), "user": m.user.get_username(), "register": m.register.name}
        )
        for m in Membership.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related(
            "user", "register"
        )
    }
