from celery import shared_task

from .services import purge_expired_recordings as purge


@shared_task(name="retention.tasks.purge_expired_recordings")
def purge_expired_recordings() -> dict:
    """The scheduled purge; the same service the purge_expired command runs."""
    result = purge()
    return {"deleted": result.deleted, "errors": result.errors, "completed": result.completed_interrupted}
