"""Text built from a register's structured fields for its privacy notice."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Register, RetentionTrigger, RetentionUnit


def retention_period_text(value: int, unit: str) -> str:
    if unit == RetentionUnit.DAYS:
        return ngettext("%(n)d day", "%(n)d days", value) % {"n": value}
    return ngettext("%(n)d month", "%(n)d months", value) % {"n": value}


def retention_rule_text(register: Register) -> str:
    if register.retention_trigger == RetentionTrigger.EVENT:
        event = register.text("retention_event")
        if register.retention_value:
            return _("%(period)s after %(event)s") % {
                "period": retention_period_text(register.retention_value, register.retention_unit),
                "event": event,
            }
        return _("until %(event)s") % {"event": event}
    return _("%(period)s from the end of the call") % {
        "period": retention_period_text(register.retention_value or 0, register.retention_unit)
    }
