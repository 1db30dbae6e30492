from celery import shared_task

from .lifecycle import backup_scheduled
from .services import journal_ship


@shared_task(name="backups.tasks.ship_deletion_journal")
def ship_deletion_journal() -> int:
    """Ship committed deletions a crash left in the outbox (each commit and each purge ship too)."""
    return journal_ship()


@shared_task(name="backups.tasks.scheduled_backup")
def scheduled_backup() -> str:
    """BACKUP_SCHEDULE's backup into BACKUP_DIR: leftovers removed, backup made and verified, old ones pruned."""
    run = backup_scheduled()
    return (
        run.skipped or f"{run.folder.name}: verified; {len(run.pruned)} pruned, {len(run.leftovers_removed)} leftovers"
    )
