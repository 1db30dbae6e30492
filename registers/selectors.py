"""Reads of registers, scoped to what a user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Membership, Register, Role


def registers_visible_to(user) -> QuerySet[Register]:
    return Register.objects.visible_to(user).select_related("controller")


def register_roles_for(user) -> dict[int, list[str]]:
    """{register id: [role, ...]} for the home page."""
    roles: dict[int, list[str]] = {}
    if not user.is_authenticated:
        return roles
    for register_id, role in Membership.objects.filter(user=user).values_list("register_id", "role"):
        roles.setdefault(register_id, []).append(role)
    return roles


def registers_for_ropa(user) -> QuerySet[Register]:
    """Registers whose RoPA the user may export: the DPO's and the auditor's."""
    return (
        Register.objects.with_role(user, Role.DPO, Role.AUDITOR)
        .select_related("controller")
        .prefetch_related("processors", "contacts", "service_lines")
    )


def public_register(slug: str) -> Register:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Register.objects.select_related("controller").prefetch_related(
            "contacts", "controller__contacts", "service_lines", "processors"
        ),
        slug=slug,
    )
