"""What of the sign-in events a register's DPOs and auditors read on the audit page, and how mappings are named.

Role changes from groups and group mapping changes carry their register, so the registers' own scope covers
them. A change of a controller's sign-in policy names the controller: its DPOs and auditors read it too. Sign-ins,
refused sign-ins and provider logouts name no register: a controller's DPOs and auditors read those of the people
holding a role in one of its registers (by the event's actor, or by the provider subject it names).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from audit.registry import ObjectLabel, add_describer, add_scope, add_summary
from registers.models import Membership, Role
from registers.permissions import controller_ids_with_role

from .models import GroupRoleMapping, ProviderIdentity

SIGN_IN_ACTIONS = ("sso_sign_in", "sign_in_refused", "sso_logout")


@add_scope
def sign_in_policy_events(user) -> Q | None:
    controller_ids = [str(pk) for pk in controller_ids_with_role(user, Role.DPO, Role.AUDITOR)]
    if not controller_ids:
        return None
    return Q(action="sign_in_policy_change", object_type="registers.controller", object_id__in=controller_ids)


@add_scope
def sign_in_events(user) -> Q | None:
    controller_ids = controller_ids_with_role(user, Role.DPO, Role.AUDITOR)
    if not controller_ids:
        return None
    staff = Membership.objects.filter(register__controller_id__in=controller_ids).values_list("user_id", flat=True)
    subjects = list(ProviderIdentity.objects.filter(user_id__in=staff).values_list("subject", flat=True).distinct())
    people = Q(actor_id__in=staff)
    if subjects:
        people |= Q(details__subject__in=subjects)
    return Q(action__in=SIGN_IN_ACTIONS) & people


@add_describer("accounts.grouprolemapping")
def describe_mappings(ids, user):
    labels = dict(Role.choices)
    return {
        str(m.pk): ObjectLabel(
            _("Group %(group)s as %(role)s in %(register)s")
            % {"group": m.group, "role": labels.get(m.role, m.role), "register": m.register.name}
        )
        for m in GroupRoleMapping.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related("register")
    }


@add_summary
def sign_in_change(event) -> str:
    """What a mapping or policy change did: the event must say it, a removed mapping's row being gone."""
    details = event.details or {}
    if event.action == "group_mapping_change":
        labels = dict(Role.choices)
        for key, text in (
            ("added", _("added: group %(group)s grants %(role)s")),
            ("removed", _("removed: group %(group)s no longer grants %(role)s")),
        ):
            if isinstance(details.get(key), dict):
                change = details[key]
                role = change.get("role", "")
                return text % {"group": change.get("group", ""), "role": labels.get(role, role)}
    if event.action == "sign_in_policy_change" and "local_sign_in" in details:
        return _("local passwords on") if details["local_sign_in"] else _("local passwords off")
    return ""
