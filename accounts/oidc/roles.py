"""Register roles follow the provider's groups at every sign-in.

A role a group grants is a membership marked by a GroupGrant. A sign-in adds the roles the user's groups map
to now and removes the group-granted ones they no longer map to; memberships granted by hand are never added
to the mark nor removed. Each change is an audit event of its register.
"""

from __future__ import annotations

from django.db import transaction

from audit.services import audit_record
from registers.models import Membership, Role

from ..models import GroupGrant, GroupRoleMapping


def desired_roles(groups: set[str]) -> dict[tuple[int, str], str]:
    """(register id, role) -> the group that grants it, for the groups given."""
    wanted: dict[tuple[int, str], str] = {}
    # The DPO role is granted by hand only: a DPO mapping their own group to DPO would defeat four-eyes.
    mappings = GroupRoleMapping.objects.filter(group__in=groups).exclude(role=Role.DPO).order_by("group")
    for mapping in mappings:
        wanted.setdefault((mapping.register_id, mapping.role), mapping.group)
    return wanted


@transaction.atomic
def roles_follow_groups(*, user, groups: set[str], issuer: str, subject: str, request=None) -> dict[str, int]:
    """Make the user's group-granted memberships match `groups`; returns how many were granted and revoked."""
    wanted = desired_roles(groups)
    held = {
        (m.register_id, m.role): m
        for m in Membership.objects.select_for_update().filter(user=user).select_related("register")
    }
    granted_by_group = dict(GroupGrant.objects.filter(membership__user=user).values_list("membership_id", "group"))
    who = {"issuer": issuer, "subject": subject, "source": "groups"}
    granted = revoked = 0
    for key, membership in held.items():
        if membership.pk in granted_by_group and key not in wanted:
            audit_record(
                action="role_change",
                actor=user,
                register=membership.register,
                obj=membership,
                request=request,
                details={**who, "revoked": membership.role, "group": granted_by_group[membership.pk]},
            )
            membership.delete()
            revoked += 1
    for (register_id, role), group in wanted.items():
        if (register_id, role) in held:
            continue
        membership = Membership.objects.create(user=user, register_id=register_id, role=role)
        GroupGrant.objects.create(membership=membership, group=group)
        audit_record(
            action="role_change",
            actor=user,
            register=membership.register,
            obj=membership,
            request=request,
            details={**who, "granted": role, "group": group},
        )
        granted += 1
    return {"granted": granted, "revoked": revoked}
