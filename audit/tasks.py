from celery import shared_task

from .services import audit_checkpoint_write


@shared_task
def write_audit_checkpoint() -> int | None:
    checkpoint = audit_checkpoint_write()
    return checkpoint["sequence"] if checkpoint else None
