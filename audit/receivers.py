"""The audit log listens to the layers below it, which may not import it."""

from __future__ import annotations

from django.dispatch import receiver

from journal.signals import journal_repaired


@receiver(journal_repaired)
def record_journal_repair(sender, path, torn, rebuilt=0, **kwargs) -> None:
    from .services import audit_record

    details = {"file": str(path), "rebuilt_entries": rebuilt}
    if torn is not None:
        details.update(torn_line=torn.line, bytes=torn.size)
    audit_record(
        action="journal_repair",
        actor_label="deletion journal",
        object_type="backups.journal",
        object_id=path.name,
        details=details,
    )
