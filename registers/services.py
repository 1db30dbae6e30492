"""Changes to a register's facts, each one audited in the same transaction."""

from __future__ import annotations

from django.db import transaction

from audit.models import AuditAction
from audit.services import audit_record

from .models import Contact, Register


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
