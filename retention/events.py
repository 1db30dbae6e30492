"""Event-based registers: the event that ends retention is recorded, and the deletion is a tracked task."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from recordings.models import Recording
from registers.models import Register, RetentionTrigger
from registers.permissions import is_dpo
from registers.validators import PhoneNumberError, normalise_phone_number

from .errors import RetentionError
from .four_eyes import needs_second_approver
from .models import (
    Hold,
    RetentionTask,
    RetentionTaskStatus,
    TombstoneReason,
)
from .purge import _delete_blobs_and_rows, _destroy_keys, _revoke_packages, export_package_blobs_delete
from .selectors import active_hold_on_recording


def retention_event_record(
    *,
    actor,
    register: Register,
    event_on: date,
    reference: str,
    note: str = "",
    due_in_days: int = 30,
    phone_numbers: list[str] | tuple[str, ...] = (),
    request=None,
) -> RetentionTask:
    """The event that ends retention happened (e.g. the account was deleted): track the deletion.

    The customer's telephone numbers find the register's calls with them; the
    task names those calls, and completing it destroys them.
    """
    numbers = []
    for position, raw in enumerate(phone_numbers, start=1):
        if not (raw or "").strip():
            continue
        try:
            numbers.append(normalise_phone_number(raw))
        except PhoneNumberError as exc:
            raise RetentionError(f"Telephone number {position}: {exc}.") from None
    if not is_dpo(actor, register):
        raise RetentionError("Only the register's DPO may record retention events.", status=403)
    if register.retention_trigger != RetentionTrigger.EVENT:
        raise RetentionError("This register's recordings expire by date; the purge deletes them.")
    if not reference.strip():
        raise RetentionError("Give a reference that identifies the data to delete (e.g. the account number).")
    if event_on > timezone.localdate():
        raise RetentionError("The event date is in the future.")
    with transaction.atomic():
        task = RetentionTask.objects.create(
            register=register,
            event_on=event_on,
            reference=reference.strip(),
            note=note.strip(),
            due_on=event_on + timedelta(days=due_in_days),
            recorded_by=actor,
        )
        named = []
        if numbers:
            named = list(
                Recording.objects.filter(register=register, wrapped_key__isnull=False)
                .filter(Q(caller_number__in=numbers) | Q(callee_number__in=numbers))
                .values_list("pk", flat=True)
            )
            task.recordings.set(named)
        audit_record(
            action="retention_event",
            actor=actor,
            register=register,
            obj=task,
            request=request,
            details={"due_on": task.due_on.isoformat(), "recordings": len(named)},
        )
    return task


@dataclass
class RetentionTaskOutcome:
    task: RetentionTask
    destroyed: int = 0
    # One dict per call kept: its public id, when it started, and why it is kept (no personal data).
    kept: list[dict] = field(default_factory=list)


def _why_kept(recording_ids: list[int]) -> list[dict]:
    """What keeps each of these calls: an active hold (its kind and reference) or a restriction, never nothing."""
    holds: dict[int, list[str]] = {}
    for hold in Hold.objects.active().filter(recordings__in=recording_ids).prefetch_related("recordings"):
        label = _("hold: %(kind)s") % {"kind": hold.get_kind_display()} + (
            f" {hold.reference}" if hold.reference else ""
        )
        for pk in (r.pk for r in hold.recordings.all()):
            holds.setdefault(pk, []).append(label)
    kept = []
    for recording in Recording.objects.filter(pk__in=recording_ids).order_by("started_at"):
        reasons = holds.get(recording.pk, [])
        if recording.restricted:
            reasons.append(_("restricted by a data-subject request"))
        if not reasons:  # released or changed while the task ran: nothing the DPO must do but try again
            reasons.append(_("not deleted this time: press Mark deleted again"))
        kept.append(
            {
                "recording": str(recording.public_id),
                "started_at": timezone.localtime(recording.started_at).strftime("%-d.%-m.%Y %H:%M"),
                "why": "; ".join(reasons),
            }
        )
    return kept


def _approve(task: RetentionTask, actor) -> None:
    """Four eyes (retention.four_eyes): the DPO who recorded the event proposes, another DPO approves.

    The first completion by a second DPO of the register is the approval; a task
    kept open by a hold may then be finished by either. Called with the task locked.
    """
    if not needs_second_approver(task.register) or task.approved_by_id is not None:
        return
    if task.recorded_by_id == actor.pk:
        raise RetentionError(
            _(
                "This register needs a second data protection officer to approve the deletion: you recorded the "
                "event, so another data protection officer of the register completes the task. Nothing was deleted."
            ),
            status=409,
        )
    task.approved_by, task.approved_at = actor, timezone.now()
    task.save(update_fields=["approved_by", "approved_at"])


def retention_task_complete(*, actor, task: RetentionTask, request=None) -> RetentionTaskOutcome:
    """Destroy the calls the task names, as the purge does; held or restricted calls are kept and named.

    The task is done only when none of its calls is left: while a hold or a
    restriction keeps one, it stays open so the deletion is not forgotten.
    """
    if not is_dpo(actor, task.register):
        raise RetentionError("Only the register's DPO may close retention tasks.", status=403)
    with transaction.atomic():
        task = RetentionTask.objects.select_for_update().get(pk=task.pk)
        if task.status == RetentionTaskStatus.DONE:
            raise RetentionError("The task is already done.", status=409)
        _approve(task, actor)
        named = task.recordings.filter(wrapped_key__isnull=False)
        # Lock the calls first, as hold_place does, so a hold placed now is either seen below or waits.
        locked = list(
            Recording.objects.select_for_update(of=("self",))
            .filter(pk__in=named.values("pk"))
            .values_list("pk", flat=True)
        )
        free = list(
            Recording.objects.filter(pk__in=locked, restricted=False)
            .exclude(active_hold_on_recording())
            .values_list("pk", flat=True)
        )
        reference = f"retention task {task.pk}"
        # The task names its calls: their expiry, and the rule version it was computed under, play no part.
        rows = _destroy_keys(free, reason=TombstoneReason.EVENT, reference=reference, by_expiry=False)
        package_blobs = _revoke_packages(rows, reason=TombstoneReason.EVENT, reference=reference)
        kept = _why_kept(sorted(set(locked) - {r["pk"] for r in rows}))
        if not kept:
            task.status = RetentionTaskStatus.DONE
            task.completed_by = actor
            task.completed_at = timezone.now()
            # The account reference has served its purpose; keep no identifier once deleted.
            task.reference = f"(deleted, task {task.pk})"
            task.save()
        audit_record(
            action="retention_event",
            actor=actor,
            register=task.register,
            obj=task,
            request=request,
            details={
                "completed": not kept,
                "deleted": len(rows),
                "kept": len(kept),
                **(
                    {"recorded_by": task.recorded_by_id, "approved_by": task.approved_by_id}
                    if task.approved_by_id
                    else {}
                ),
            },
        )
    export_package_blobs_delete(package_blobs)
    # A blob that cannot be deleted leaves a keyless row; the next purge finishes it.
    _delete_blobs_and_rows(rows)
    return RetentionTaskOutcome(task=task, destroyed=len(rows), kept=kept)
