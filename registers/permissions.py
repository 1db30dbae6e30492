"""Who may do what in a register: the one place that decides.

Authorisation comes from Membership rows only. A Django superuser administers
the system but gets no role in any register by that status alone. Objects
outside the user's registers are answered with 404, so their existence leaks
nowhere.
"""

from __future__ import annotations

from django.http import Http404

from .models import Controller, Membership, Register, Role

# Roles that may read a register's description and metadata.
ANY_ROLE = tuple(Role.values)


def memberships_of(user) -> tuple[tuple[int, int, str], ...]:
    """Every (register id, controller id, role) the user holds, read once and kept on the user object.

    A page asks many times (the view's permission checks, the header's links,
    the audit scopes); each asking was a query of its own. request.user lives
    for one request, so the answer cannot outlive a change of roles there.
    """
    if not user.is_authenticated:
        return ()
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = tuple(
            Membership.objects.filter(user=user).values_list("register_id", "register__controller_id", "role")
        )
        user._memberships_cache = cached
    return cached


def roles_anywhere(user) -> set[str]:
    """The roles the user holds in any register."""
    return {role for _register, _controller, role in memberships_of(user)}


def roles_for(user, register: Register) -> set[str]:
    if not user.is_authenticated:
        return set()
    memberships = getattr(user, "_memberships_cache", None)
    if memberships is not None:
        return {role for register_id, _controller, role in memberships if register_id == register.pk}
    cache = getattr(user, "_register_roles_cache", None)
    if cache is None:
        cache = {}
        user._register_roles_cache = cache
    if register.pk not in cache:
        cache[register.pk] = set(Membership.objects.filter(user=user, register=register).values_list("role", flat=True))
    return cache[register.pk]


def has_role(user, register: Register, *roles: str) -> bool:
    return bool(roles_for(user, register) & set(roles or ANY_ROLE))


def register_for(user, slug: str, *roles: str, fields: tuple[str, ...] | None = None) -> Register:
    """The register with this slug if the user holds one of `roles` in it (any role if none), else 404.

    `fields` limits what is read (as QuerySet.only, the controller's as "controller__name"): a busy page
    that shows a few of the notice's sixty-odd fields need not load and decode the rest.
    """
    registers = Register.objects.select_related("controller")
    if fields is not None:
        registers = registers.only(*fields)
    try:
        register = registers.get(slug=slug)
    except Register.DoesNotExist:
        raise Http404 from None
    # A page opening a register asks about the user's roles again (the header, the audit scopes): one query for all.
    memberships_of(user)
    if not has_role(user, register, *roles):
        raise Http404
    return register


def register_ids_with_role(user, *roles: str) -> list[int]:
    """Ids of the registers in which the user holds one of `roles`; no query once memberships_of has read them."""
    if not user.is_authenticated:
        return []
    memberships = getattr(user, "_memberships_cache", None)
    if memberships is None:
        return list(registers_with_role(user, *roles).values_list("pk", flat=True))
    return sorted({register_id for register_id, _controller, role in memberships if role in roles})


def controller_ids_with_role(user, *roles: str) -> list[int]:
    """Ids of the controllers in one of whose registers the user holds one of `roles`; as register_ids_with_role."""
    if not user.is_authenticated:
        return []
    memberships = getattr(user, "_memberships_cache", None)
    if memberships is None:
        return list(controllers_with_role(user, *roles).values_list("pk", flat=True))
    return sorted({controller_id for _register, controller_id, role in memberships if role in roles})


def registers_with_role(user, *roles: str):
    """The registers in which the user holds one of `roles`."""
    return Register.objects.with_role(user, *roles)


def controllers_with_role(user, *roles: str):
    """The controllers in one of whose registers the user holds one of `roles`."""
    if not user.is_authenticated:
        return Controller.objects.none()
    return Controller.objects.filter(
        registers__memberships__user=user, registers__memberships__role__in=roles
    ).distinct()


# -- The DPO's reach -----------------------------------------------------------
#
# A data-subject request belongs to a controller, so every DPO of one of its
# registers sees the request itself (the subject's own identifiers, deadline,
# letters). Its recordings are another matter: a DPO sees and acts on the
# matches, packages and processor tasks of the registers they are DPO of, and
# nothing of the controller's other registers (not listed, 404 when named).


def dpo_registers(user, controller=None):
    """Registers in which the user is the DPO, optionally only those of one controller."""
    if not user.is_authenticated:
        return Register.objects.none()
    qs = Register.objects.with_role(user, Role.DPO).select_related("controller")
    if controller is not None:
        qs = qs.filter(controller=controller)
    return qs


def dpo_register_ids(user, controller=None) -> set[int]:
    """Ids of the registers in which the user is the DPO, optionally only those of one controller."""
    if not user.is_authenticated:
        return set()
    memberships = getattr(user, "_memberships_cache", None)
    if memberships is not None:
        return {
            register_id
            for register_id, controller_id, role in memberships
            if role == Role.DPO and (controller is None or controller_id == controller.pk)
        }
    qs = Membership.objects.filter(user=user, role=Role.DPO)
    if controller is not None:
        qs = qs.filter(register__controller=controller)
    return set(qs.values_list("register_id", flat=True))


def is_dpo(user, register: Register) -> bool:
    return has_role(user, register, Role.DPO)


def is_dpo_anywhere(user) -> bool:
    """The entry ticket to the request pages: DPO of at least one register."""
    return bool(dpo_register_ids(user))


def dpo_controllers(user):
    """Controllers with a register where the user is the DPO: whose requests they see."""
    return controllers_with_role(user, Role.DPO)


def is_dpo_of_controller(user, controller) -> bool:
    if getattr(user, "_memberships_cache", None) is not None:
        return bool(dpo_register_ids(user, controller))
    return controller.registers.filter(pk__in=dpo_register_ids(user)).exists()


def is_dpo_of_all(user, registers) -> bool:
    """Whether the user is the DPO of every one of `registers` (of none, vacuously)."""
    return {r.pk for r in registers} <= dpo_register_ids(user)
