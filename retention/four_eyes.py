"""Four eyes on every insider path that destroys recordings or brings their deletion nearer.

A register may ask for a second approver (`Register.erasure_needs_second_approver`).
Then no single DPO can destroy its calls or shorten their lives:

- erasure for a data-subject request: a proposal a second DPO approves
  (subject_requests.erasure_approval);
- a retention event: the DPO who records it proposes the deletion of the calls
  it names; a second DPO of the register approves by completing the task
  (retention.events);
- a rule change that shortens retention, or switches to or from event-based
  deletion: a proposal a second DPO approves (retention.rule_proposals).

The scheduled purge deletes only what an approved rule made expire. These are
the rules; the workflows call them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from registers.expiry import add_period
from registers.models import Register, RetentionTrigger

# Four years hold every month length and a leap day: a period that is not shorter on any of these days
# is not shorter on any day.
_CYCLE_START = date(2024, 1, 1)
_CYCLE_DAYS = 4 * 365 + 1


def needs_second_approver(register: Register) -> bool:
    return register.erasure_needs_second_approver


def rule_change_shortens(register: Register, *, value: int | None, unit: str, trigger: str) -> bool:
    """Whether the new rule deletes any call sooner than the register's rule does today.

    Event-based deletion has no date: switching to it hands the deletion of
    every call to a DPO's single decision, and switching from it gives every
    call a date; both count as shorter.
    """
    if trigger == RetentionTrigger.EVENT or register.retention_trigger == RetentionTrigger.EVENT:
        return trigger != register.retention_trigger
    old_value, old_unit = register.retention_value or 0, register.retention_unit
    if unit == old_unit:
        return (value or 0) < old_value
    for offset in range(_CYCLE_DAYS):
        day = datetime.combine(_CYCLE_START + timedelta(days=offset), datetime.min.time())
        if add_period(day, value or 0, unit) < add_period(day, old_value, old_unit):
            return True
    return False


def rule_change_needs_second_approver(register: Register, *, value: int | None, unit: str, trigger: str) -> bool:
    return needs_second_approver(register) and rule_change_shortens(register, value=value, unit=unit, trigger=trigger)
