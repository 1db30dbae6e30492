"""Retention arithmetic: when a recording's period runs out under its register's rule.

Here, with the rule's fields, because ingest (recordings) sets `expires_at`
and the retention app recomputes it; both stand on registers.

Months are calendar months with end-of-month clamping (a call ending on
31 August plus 6 months expires on the last day of February); days are days.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dateutil.relativedelta import relativedelta

from lib.timezones import HELSINKI

from .models import Register, RetentionTrigger, RetentionUnit


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` plus whole calendar months, clamped to the last day of the target month."""
    return moment + relativedelta(months=months)


def add_period(moment: datetime, value: int, unit: str) -> datetime:
    if unit == RetentionUnit.MONTHS:
        return add_months(moment, value)
    if unit == RetentionUnit.DAYS:
        return moment + timedelta(days=value)
    raise ValueError(f"unknown retention unit {unit!r}")


def expires_at_for(register: Register, *, ended_at: datetime) -> datetime | None:
    """When a call that ended at `ended_at` expires; None for event-based registers.

    The arithmetic is done in Helsinki local time, so "12 months from the end of
    the call" lands on the same wall-clock date a Finnish reader expects, and is
    converted back to an aware UTC datetime for storage.
    """
    if register.retention_trigger == RetentionTrigger.EVENT or not register.retention_value:
        return None
    local = ended_at.astimezone(HELSINKI)
    naive = add_period(local.replace(tzinfo=None), register.retention_value, register.retention_unit)
    # fold=0 picks the first of an ambiguous autumn hour; a nonexistent spring
    # hour is normalised forward by the round trip through UTC.
    return naive.replace(tzinfo=HELSINKI).astimezone(UTC)
