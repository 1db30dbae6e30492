"""Changes to a register's facts, each one audited in the same transaction."""

from __future__ import annotations

from django.db import transaction

from audit.models import AuditAction
from audit.services import audit_record

from .models import Register


@transaction.atomic
def register_notice_update(*, actor, register: Register, changes: dict, request=None) -> list[str]:
    """Apply the notice editor's values; returns the names of the fields that changed (none: nothing is written).

    The register is validated as a whole (`full_clean`), so a published notice's slug is refused here too,
    whoever calls this.
    """
    current = Register.objects.select_for_update().get(pk=register.pk)
    changed = sorted(name for name, value in changes.items() if getattr(current, name) != value)
    if not changed:
        return []
    for name in changed:
        setattr(current, name, changes[name])
    current.full_clean()
    current.save()
    audit_record(
        action=AuditAction.REGISTER_CHANGE,
        actor=actor,
        register=current,
        obj=current,
        request=request,
        details={"fields": changed, "via": "notice_editor"},
    )
    return changed
