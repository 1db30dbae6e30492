"""Changing a register's retention rule: its preview, its validation, the change and its recompute job."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from recordings.models import Recording
from registers.models import Register, RetentionTrigger, RetentionUnit
from registers.permissions import is_dpo

from .errors import RetentionError
from .expiry_sql import _expiries_sql
from .four_eyes import rule_change_needs_second_approver
from .models import RuleRecompute
from .rule_recompute import rule_recompute_enqueue


@dataclass(frozen=True)
class RuleChangePreview:
    recordings: int
    expire_now: int
    expire_within_week: int
    expire_within_month: int
    later: int
    no_expiry: int


def retention_rule_preview(register: Register, *, value: int, unit: str, trigger: str) -> RuleChangePreview:
    """What a new rule would do: how many recordings would expire now, within a week, within a month."""
    now = timezone.now()
    week, month = now + timedelta(days=7), now + timedelta(days=30)
    counts = _counts(register, value=value, unit=unit, trigger=trigger, now=now, week=week, month=month)
    return RuleChangePreview(
        recordings=sum(counts.values()),
        expire_now=counts["now"],
        expire_within_week=counts["week"],
        expire_within_month=counts["month"],
        later=counts["later"],
        no_expiry=counts["none"],
    )


def _counts(register: Register, *, value, unit, trigger, now, week, month) -> Counter:
    """The register's keyed recordings by when they would expire ("none", "now", "week", "month", "later"),
    in one aggregate on the server: at a million calls a loop in Python took minutes."""
    sql, params = _expiries_sql(register, value=value, unit=unit, trigger=trigger, keyed_only=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE expires_at IS NULL), "
            "count(*) FILTER (WHERE expires_at <= %(now)s), "
            "count(*) FILTER (WHERE expires_at > %(now)s AND expires_at <= %(week)s), "
            "count(*) FILTER (WHERE expires_at > %(week)s AND expires_at <= %(month)s), "
            f"count(*) FILTER (WHERE expires_at > %(month)s) FROM ({sql}) AS expiries",
            {**params, "now": now, "week": week, "month": month},
        )
        return Counter(dict(zip(("none", "now", "week", "month", "later"), cursor.fetchone(), strict=True)))


def validate_rule(*, value: int | None, unit: str, trigger: str, event: str = "") -> None:
    if trigger not in RetentionTrigger.values:
        raise RetentionError("Choose when the period starts.")
    if trigger == RetentionTrigger.EVENT:
        if not event.strip():
            raise RetentionError("Name the event that ends the retention (e.g. the customer account is deleted).")
        return
    if unit not in RetentionUnit.values:
        raise RetentionError("Choose days or months.")
    if value is None or value <= 0:
        raise RetentionError("The retention period must be a positive whole number.")


def expires_at_recompute(register: Register) -> int:
    """Recompute expires_at for every recording of the register on the server (_expiries_sql), in one
    transaction, in passes until one finds nothing to change, and note the register's rule version on each.
    Returns how many rows were written. A tool for a register's repair; a rule change runs the batched
    background job instead (retention.rule_recompute)."""
    changed = 0
    while True:
        passed = _recompute_pass(register)
        changed += passed
        if not passed:
            return changed


def _recompute_pass(register: Register) -> int:
    sql, params = _expiries_sql(
        register,
        value=register.retention_value,
        unit=register.retention_unit,
        trigger=register.retention_trigger,
        keyed_only=False,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Recording._meta.db_table} AS r SET expires_at = x.expires_at, expiry_rule_version = %(version)s "
            f"FROM ({sql}) AS x WHERE r.id = x.id "
            "AND (r.expires_at IS DISTINCT FROM x.expires_at OR r.expiry_rule_version <> %(version)s)",
            {**params, "version": register.retention_rule_version},
        )
        return cursor.rowcount


def register_retention_rule_change(
    *,
    actor,
    register: Register,
    value: int | None,
    unit: str,
    trigger: str,
    event: str = "",
    request=None,
    approved_proposal=None,
) -> RuleRecompute:
    """Change the rule, audit it, and start the background job that recomputes every expiry; returns the job.

    The rule gets a new version in the same transaction. Until the job has
    noted it on a recording, the purge leaves that recording alone: its
    expiry was computed under the old rule, and acting on it would delete a
    call the new, longer rule keeps. A call whose upload read the old rule and
    commits after the change is refused by the database and computed again
    (recordings.services). In a register that asks for a second approver, a
    change that shortens retention is made only as an approved proposal
    (retention.rule_proposals).
    """
    if not is_dpo(actor, register):
        raise RetentionError("Only the register's DPO may change its retention rule.", status=403)
    validate_rule(value=value, unit=unit, trigger=trigger, event=event)
    if approved_proposal is None and rule_change_needs_second_approver(
        register, value=value, unit=unit, trigger=trigger
    ):
        raise RetentionError(
            _(
                "This register needs a second data protection officer to approve a rule that deletes calls sooner; "
                "propose the change instead."
            ),
            status=409,
        )
    before = {
        "value": register.retention_value,
        "unit": register.retention_unit,
        "trigger": register.retention_trigger,
        "event": register.retention_event,
    }
    with transaction.atomic():
        # The row lock waits for uploads in flight (their insert reads the version FOR SHARE) and for a
        # concurrent change, whose version this one then follows.
        version = (
            Register.objects.select_for_update().values_list("retention_rule_version", flat=True).get(pk=register.pk)
        )
        register.retention_value = value if trigger != RetentionTrigger.EVENT else None
        register.retention_unit = unit
        register.retention_trigger = trigger
        register.retention_event = event.strip() if trigger == RetentionTrigger.EVENT else ""
        register.retention_rule_version = version + 1
        register.save(
            update_fields=[
                "retention_value",
                "retention_unit",
                "retention_trigger",
                "retention_event",
                "retention_rule_version",
                "updated_at",
            ]
        )
        job = RuleRecompute.objects.create(
            register=register, rule_version=register.retention_rule_version, requested_by=actor
        )
        audit_record(
            action="retention_rule_change",
            actor=actor,
            register=register,
            obj=register,
            request=request,
            details={
                **({"proposal": approved_proposal.pk, "step": "approved"} if approved_proposal is not None else {}),
                "before": before,
                "after": {
                    "value": register.retention_value,
                    "unit": unit,
                    "trigger": trigger,
                    "event": register.retention_event,
                },
                "rule_version": register.retention_rule_version,
                "recompute": job.pk,
            },
        )
        transaction.on_commit(lambda: rule_recompute_enqueue(job.pk))
    return job
