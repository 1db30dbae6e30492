from celery import shared_task

from .services import journal_ship


@shared_task(name="backups.tasks.ship_deletion_journal")
def ship_deletion_journal() -> int:
    """Ship committed deletions a crash left in the outbox (each commit and each purge ship too)."""
    return journal_ship()
