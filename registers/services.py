"""Changes to a register's facts and settings, each one audited in the same transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record

from .models import Contact, Controller, FourEyesOffProposal, Membership, Register, Role


@transaction.atomic
def register_notice_update(
    *,
    actor,
    register: Register,
    changes: dict,
    contacts: list[Contact] = (),
    deleted_contacts: list[Contact] = (),
    request=None,
) -> list[str]:
    """Apply the notice editor's values; returns the names of what changed (nothing changed: nothing is written).

    `contacts` are this register's new or changed contacts, `deleted_contacts` those to remove. The register is
    validated as a whole (`full_clean`), so a published notice's slug is refused here too, whoever calls this.
    """
    current = Register.objects.select_for_update().get(pk=register.pk)
    changed = sorted(name for name, value in changes.items() if getattr(current, name) != value)
    if changed:
        for name in changed:
            setattr(current, name, changes[name])
        current.full_clean()
        current.save()
    for contact in contacts:
        contact.register, contact.controller = current, current.controller
        contact.full_clean()
        contact.save()
    # Only this register's own contacts: a contact of another register or of the whole controller is not its to drop.
    dropped = [c.pk for c in deleted_contacts if c.pk and c.register_id == current.pk]
    Contact.objects.filter(pk__in=dropped, register=current).delete()
    if contacts or dropped:
        changed.append("contacts")
    if changed:
        audit_record(
            action=AuditAction.REGISTER_CHANGE,
            actor=actor,
            register=current,
            obj=current,
            request=request,
            details={
                "fields": changed,
                "contacts_saved": len(contacts),
                "contacts_deleted": len(dropped),
                "via": "notice_editor",
            },
        )
    return changed


class SettingRefused(Exception):
    """A register setting the actor may not change this way; the message says why, for the page."""


def _other_dpos(register: Register, actor):
    return (
        Membership.objects.filter(register=register, role=Role.DPO, user__is_active=True)
        .exclude(user=actor)
        .values("user")
    )


@transaction.atomic
def register_second_approver_set(*, actor, register: Register, required: bool, request=None) -> str:
    """Switch the register's four eyes on at once, or ask for them to be switched off.

    Four eyes check the one DPO, so that DPO alone cannot remove them (as in the
    admin): switching off becomes a proposal another DPO of the register
    approves, and is refused where there is no other DPO. The system
    administrator switches off directly. Returns "on", "off", "proposed" or
    "unchanged".
    """
    current = Register.objects.select_for_update().get(pk=register.pk)
    if current.erasure_needs_second_approver == required:
        return "unchanged"
    if required or actor.is_superuser:
        current.erasure_needs_second_approver = required
        current.save(update_fields=["erasure_needs_second_approver"])
        FourEyesOffProposal.objects.pending().filter(register=current).update(
            status="withdrawn", decided_by=actor, decided_at=timezone.now()
        )
        _audit_four_eyes(current, actor, request, fields=["erasure_needs_second_approver"])
        return "on" if required else "off"
    if not _other_dpos(current, actor).exists():
        raise SettingRefused(
            _(
                "The second approver stays on: it checks your own decisions, so switching it off needs another "
                "data protection officer of the register to approve, and the register has no other."
            )
        )
    try:
        with transaction.atomic():
            proposal = FourEyesOffProposal.objects.create(register=current, proposed_by=actor)
    except IntegrityError:
        raise SettingRefused(_("Switching the second approver off is already waiting for approval.")) from None
    _audit_four_eyes(current, actor, request, step="proposed", proposal=proposal)
    return "proposed"


@transaction.atomic
def four_eyes_off_approve(*, actor, proposal: FourEyesOffProposal, request=None) -> None:
    """Another DPO of the register approves: the second approver is switched off, once."""
    if proposal.proposed_by_id == actor.pk:
        raise SettingRefused(_("You proposed this; another data protection officer of the register must approve it."))
    won = (
        FourEyesOffProposal.objects.pending()
        .filter(pk=proposal.pk)
        .exclude(proposed_by=actor)
        .update(status="approved", decided_by=actor, decided_at=timezone.now())
    )
    if not won:
        raise SettingRefused(_("This proposal has already been approved or withdrawn."))
    register = Register.objects.select_for_update().get(pk=proposal.register_id)
    register.erasure_needs_second_approver = False
    register.save(update_fields=["erasure_needs_second_approver"])
    _audit_four_eyes(register, actor, request, step="approved", proposal=proposal)


@transaction.atomic
def four_eyes_off_withdraw(*, actor, proposal: FourEyesOffProposal, request=None) -> None:
    withdrawn = (
        FourEyesOffProposal.objects.pending()
        .filter(pk=proposal.pk)
        .update(status="withdrawn", decided_by=actor, decided_at=timezone.now())
    )
    if not withdrawn:
        raise SettingRefused(_("This proposal has already been approved or withdrawn."))
    _audit_four_eyes(proposal.register, actor, request, step="withdrawn", proposal=proposal)


def _audit_four_eyes(register, actor, request, *, fields=None, step: str = "", proposal=None) -> None:
    details: dict = {"via": "register_settings"}
    if fields:
        details["fields"] = fields
        details["erasure_needs_second_approver"] = register.erasure_needs_second_approver
    if proposal is not None:
        details.update({"four_eyes_off": proposal.pk, "step": step})
    audit_record(
        action=AuditAction.REGISTER_CHANGE,
        actor=actor,
        register=register,
        obj=register,
        request=request,
        details=details,
    )


@transaction.atomic
def controller_facts_update(*, actor, register: Register, changes: dict, request=None) -> list[str]:
    """The controller's facts (name, business ID, address...), shared by its registers; each register's log says so."""
    controller = Controller.objects.select_for_update().get(pk=register.controller_id)
    changed = sorted(name for name, value in changes.items() if getattr(controller, name) != value)
    if not changed:
        return []
    for name in changed:
        setattr(controller, name, changes[name])
    controller.full_clean()
    controller.save()
    for each in controller.registers.all():
        audit_record(
            action=AuditAction.REGISTER_CHANGE,
            actor=actor,
            register=each,
            obj=controller,
            request=request,
            details={"controller_fields": changed, "via": "register_settings"},
        )
    return changed
