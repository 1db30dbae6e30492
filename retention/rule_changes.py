"""Changing a register's retention rule: its preview, its validation and the recomputed expiries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from recordings.models import Recording
from registers.expiry import expires_at_for
from registers.models import Register, RetentionTrigger, RetentionUnit
from registers.permissions import is_dpo

from .errors import RetentionError


@dataclass(frozen=True)
class RuleChangePreview:
    recordings: int
    expire_now: int
    expire_within_week: int
    expire_within_month: int
    later: int
    no_expiry: int


def _new_expiry(value: int, unit: str, trigger: str, ended_at: datetime) -> datetime | None:
    probe = Register(retention_value=value, retention_unit=unit, retention_trigger=trigger)
    return expires_at_for(probe, ended_at=ended_at)


def retention_rule_preview(register: Register, *, value: int, unit: str, trigger: str) -> RuleChangePreview:
    """What a new rule would do: how many recordings would expire now, within a week, within a month."""
    now = timezone.now()
    week, month = now + timedelta(days=7), now + timedelta(days=30)
    counts = Counter()
    for ended_at in (
        Recording.objects.filter(register=register, wrapped_key__isnull=False)
        .values_list("ended_at", flat=True)
        .iterator(chunk_size=2000)
    ):
        expires = _new_expiry(value, unit, trigger, ended_at)
        if expires is None:
            counts["none"] += 1
        elif expires <= now:
            counts["now"] += 1
        elif expires <= week:
            counts["week"] += 1
        elif expires <= month:
            counts["month"] += 1
        else:
            counts["later"] += 1
    return RuleChangePreview(
        recordings=sum(counts.values()),
        expire_now=counts["now"],
        expire_within_week=counts["week"],
        expire_within_month=counts["month"],
        later=counts["later"],
        no_expiry=counts["none"],
    )


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


def expires_at_recompute(register: Register, *, batch_size: int = 2000) -> int:
    """Recompute expires_at for every recording of the register, in batches. Returns how many changed."""
    changed = 0
    last_pk = 0
    while True:
        batch = list(
            Recording.objects.filter(register=register, pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "ended_at", "expires_at")[:batch_size]
        )
        if not batch:
            return changed
        last_pk = batch[-1].pk
        dirty = []
        for recording in batch:
            new = expires_at_for(register, ended_at=recording.ended_at)
            if new != recording.expires_at:
                recording.expires_at = new
                dirty.append(recording)
        with transaction.atomic():
            Recording.objects.bulk_update(dirty, ["expires_at"])
        changed += len(dirty)


def register_retention_rule_change(
    *, actor, register: Register, value: int | None, unit: str, trigger: str, event: str = "", request=None
) -> int:
    """Change the rule, recompute every expiry and audit it. Returns how many expiries changed."""
    if not is_dpo(actor, register):
        raise RetentionError("Only the register's DPO may change its retention rule.", status=403)
    validate_rule(value=value, unit=unit, trigger=trigger, event=event)
    before = {
        "value": register.retention_value,
        "unit": register.retention_unit,
        "trigger": register.retention_trigger,
        "event": register.retention_event,
    }
    with transaction.atomic():
        register.retention_value = value if trigger != RetentionTrigger.EVENT else None
        register.retention_unit = unit
        register.retention_trigger = trigger
        register.retention_event = event.strip() if trigger == RetentionTrigger.EVENT else ""
        register.save(
            update_fields=["retention_value", "retention_unit", "retention_trigger", "retention_event", "updated_at"]
        )
        changed = expires_at_recompute(register)
        audit_record(
            action="retention_rule_change",
            actor=actor,
            register=register,
            obj=register,
            request=request,
            details={
                "before": before,
                "after": {
                    "value": register.retention_value,
                    "unit": unit,
                    "trigger": trigger,
                    "event": register.retention_event,
                },
                "recomputed": changed,
            },
        )
    return changed
