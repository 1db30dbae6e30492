"""Retention's services: holds here, the rest one module per concern, all importable from here.

- holds: placing and releasing legal holds (below)
- retention.purge: the scheduled purge of expired recordings
- retention.rule_changes: changing a register's rule (its preview, validation and audit)
- retention.rule_recompute: the background job that recomputes the expiries after a change
- retention.events: event-based registers' deletion tasks
- retention.reconcile: storage reconciliation
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from recordings.models import Recording
from registers.models import Register, Role
from registers.permissions import is_dpo, roles_for

from .errors import RetentionError
from .events import (  # noqa: F401 - re-exported
    RetentionTaskOutcome,
    retention_event_record,
    retention_task_complete,
)
from .models import (
    SUPERVISOR_HOLD_KINDS,
    Hold,
    HoldKind,
)
from .purge import DEFAULT_BATCH_SIZE, PurgeResult, purge_expired_recordings  # noqa: F401 - re-exported
from .reconcile import ReconcileReport, reconcile_storage  # noqa: F401 - re-exported
from .rule_changes import (  # noqa: F401 - re-exported
    RuleChangePreview,
    expires_at_recompute,
    register_retention_rule_change,
    retention_rule_preview,
    validate_rule,
)


def can_place_hold(user, register: Register, kind: str) -> bool:
    roles = roles_for(user, register)
    if Role.DPO in roles:
        return True
    return Role.SUPERVISOR in roles and kind in SUPERVISOR_HOLD_KINDS


def hold_place(
    *,
    actor,
    recordings,
    kind: str,
    reason: str,
    review_on: date,
    reference: str = "",
    request=None,
) -> Hold:
    """Place a legal hold on recordings of one register; the purge keeps them while it is active."""
    recordings = list(recordings)
    if not recordings:
        raise RetentionError("Choose at least one recording to hold.")
    if kind not in HoldKind.values:
        raise RetentionError(f"Unknown hold kind “{kind}”.")
    if not reason.strip():
        raise RetentionError("A hold needs a reason.")
    if review_on < timezone.localdate():
        raise RetentionError("The review date is in the past.")
    registers = {r.register_id for r in recordings}
    if len(registers) != 1:
        raise RetentionError("A hold covers recordings of one register only.")
    register = recordings[0].register
    if not can_place_hold(actor, register, kind):
        raise RetentionError("You may not place this kind of hold on this register.", status=403)
    with transaction.atomic():
        # Lock the rows so a purge running now either finished first (and the
        # recording is gone) or sees the hold.
        ids = [r.pk for r in recordings]
        alive = set(
            Recording.objects.select_for_update()
            .filter(pk__in=ids, wrapped_key__isnull=False)
            .values_list("pk", flat=True)
        )
        if alive != set(ids):
            raise RetentionError("A recording was deleted before the hold could be placed.", status=409)
        hold = Hold.objects.create(
            register=register,
            kind=kind,
            reason=reason.strip(),
            reference=reference.strip(),
            placed_by=actor,
            review_on=review_on,
        )
        hold.recordings.set(ids)
        audit_record(
            action="hold_place",
            actor=actor,
            register=register,
            obj=hold,
            reason=reference or reason[:200],
            request=request,
            details={"kind": kind, "recordings": [str(r.public_id) for r in recordings]},
        )
    return hold


def hold_place_bulk(
    *,
    actor,
    register: Register,
    recordings,
    kind: str,
    reason: str,
    review_on: date,
    reference: str = "",
    request=None,
) -> Hold:
    """One hold on calls chosen from the call list, for the register's DPO: all of them or none.

    The caller passes the recordings the actor may see; the hold itself, its
    audit event naming every recording, and one event for the bulk action
    commit together.
    """
    if not is_dpo(actor, register):
        raise RetentionError(_("Only the register's DPO may place a hold on several calls at once."), status=403)
    recordings = list(recordings)
    if any(r.register_id != register.pk for r in recordings):
        raise RetentionError(_("A hold covers calls of one register only."))
    with transaction.atomic():
        hold = hold_place(
            actor=actor,
            recordings=recordings,
            kind=kind,
            reason=reason,
            review_on=review_on,
            reference=reference,
            request=request,
        )
        audit_record(
            action="bulk_hold",
            actor=actor,
            register=register,
            obj=hold,
            reason=hold.reference or hold.reason[:200],
            request=request,
            details={"kind": kind, "count": len(recordings)},
        )
    return hold


def hold_release(*, actor, hold: Hold, reason: str = "", request=None) -> Hold:
    if not can_place_hold(actor, hold.register, hold.kind):
        raise RetentionError("You may not release this hold.", status=403)
    with transaction.atomic():
        hold = Hold.objects.select_for_update().get(pk=hold.pk)
        if not hold.is_active:
            raise RetentionError("The hold was already released.", status=409)
        hold.released_at = timezone.now()
        hold.released_by = actor
        hold.release_reason = reason.strip()
        hold.save(update_fields=["released_at", "released_by", "release_reason"])
        audit_record(
            action="hold_release",
            actor=actor,
            register=hold.register,
            obj=hold,
            reason=hold.reference or reason[:200],
            request=request,
            details={"kind": hold.kind},
        )
    return hold
