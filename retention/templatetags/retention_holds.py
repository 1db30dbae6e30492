"""The hold form on a recording's page: the retention app's part of a page the recordings app renders."""

from __future__ import annotations

from django import template

from registers.models import Role
from registers.permissions import roles_for

from ..forms import HoldForm

register = template.Library()


@register.simple_tag(takes_context=True)
def hold_form_for(context, register_obj):
    """The form to place a hold for the viewing user (supervisors get fewer kinds than the DPO), or None."""
    roles = roles_for(context["request"].user, register_obj)
    if not roles & {Role.DPO, Role.SUPERVISOR}:
        return None
    return HoldForm(dpo=Role.DPO in roles)


@register.simple_tag
def bulk_hold_form_for(register_obj):
    """The form the register's DPO fills to hold the calls ticked on the call list."""
    return HoldForm(dpo=True, prefix="bulk")
