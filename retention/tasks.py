from datetime import timedelta

from celery import shared_task
from django.conf import settings

from .services import purge_expired_recordings as purge
from .services import reconcile_storage as reconcile


@shared_task(name="retention.tasks.purge_expired_recordings")
def purge_expired_recordings() -> dict:
    """The scheduled purge; the same service the purge_expired command runs."""
    result = purge()
    return {"deleted": result.deleted, "errors": result.errors, "completed": result.completed_interrupted}


@shared_task(name="retention.tasks.reconcile_storage")
def reconcile_storage() -> dict:
    """The daily `reconcile_storage --fix`: what a process killed mid-upload left (a `.part-` file, a blob whose
    row never committed) goes once older than RECONCILE_GRACE_SECONDS; rows without audio are marked."""
    report = reconcile(
        fix=True, grace=timedelta(seconds=settings.RECONCILE_GRACE_SECONDS), actor_label="scheduled reconciliation"
    )
    return {"orphan_blobs_removed": report.removed, "recordings_missing_audio": len(report.rows_missing_blobs)}
