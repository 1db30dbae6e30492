"""Blobs without rows and rows without blobs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from recordings.models import Recording
from vault.blobs import delete_blob


@dataclass
class ReconcileReport:
    orphan_blobs: list[str] = field(default_factory=list)
    rows_missing_blobs: list[str] = field(default_factory=list)
    removed: int = 0


def reconcile_storage(
    *, fix: bool = False, grace: timedelta = timedelta(hours=1), actor_label: str = "manage.py reconcile_storage"
) -> ReconcileReport:
    """Blobs without a row (left by a crash between write and commit) and rows whose blob is gone.

    Blobs younger than `grace` are left alone: an ingest may be between writing
    the blob and committing its row, or a `.part-` file still being written.
    With `fix`, what was removed and marked is written to the audit log (counts, no names).
    """
    from django.core.files.storage import default_storage

    from vault.blobs import blob_exists, iter_blob_names
    from vault.holders import blobs_in_use

    report = ReconcileReport()
    # Every blob a row still refers to: recordings' and live export packages' (vault.holders).
    known = blobs_in_use()
    cutoff = timezone.now() - grace
    for name in iter_blob_names():
        if name in known:
            continue
        try:
            modified = default_storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            modified = None
        if modified is not None and modified > cutoff:
            continue
        report.orphan_blobs.append(name)
        if fix:
            delete_blob(name)
            report.removed += 1
    for public_id, original in (
        Recording.objects.filter(wrapped_key__isnull=False).values_list("public_id", "original_blob").iterator()
    ):
        if not blob_exists(original):
            report.rows_missing_blobs.append(str(public_id))
    if fix and report.rows_missing_blobs:
        Recording.objects.filter(public_id__in=report.rows_missing_blobs, blob_missing_at__isnull=True).update(
            blob_missing_at=timezone.now()
        )
    if fix:
        audit_record(
            action=AuditAction.STORAGE_RECONCILE,
            actor_label=actor_label,
            details={
                "orphan_blobs_removed": report.removed,
                "recordings_missing_audio": len(report.rows_missing_blobs),
                "grace_seconds": int(grace.total_seconds()),
            },
        )
    return report
