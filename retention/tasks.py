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


@shared_task(name="retention.tasks.rule_recompute")
def rule_recompute_task(job_id: int) -> dict:
    """A rule change's recompute of its register's expiries (retention.rule_recompute)."""
    from .rule_recompute import rule_recompute_run

    job = rule_recompute_run(job_id)
    return {"job": job.pk, "done": job.done, "finished": job.finished_at is not None}


@shared_task(name="retention.tasks.rule_recomputes_resume")
def rule_recomputes_resume() -> dict:
    """The beat's sweep: a recompute whose task was lost (broker down, worker killed) is run to its end."""
    from .rule_recompute import rule_recomputes_resume as resume

    return {"finished": resume()}
