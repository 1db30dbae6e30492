"""Naming an audit event's step where a page lists one object's history."""

from __future__ import annotations

from django import template

from audit.registry import summarise

register = template.Library()


@register.filter
def audit_step(event) -> str:
    """The step as the owning app names it ("identity check: verified"), else the action ("changed a request")."""
    return getattr(event, "summary", "") or summarise(event) or event.get_action_display()
