"""Celery tasks: thin wrappers over subject_requests.services."""

from __future__ import annotations

from celery import shared_task


@shared_task
def delete_expired_exports() -> int:
    """Delete export packages past their expiry or already downloaded (beat: hourly)."""
    from .services import export_packages_delete_expired

    return export_packages_delete_expired()


@shared_task
def send_deadline_reminders() -> int:
    """Email each DPO the requests due soon or late (beat: daily); safe to run twice."""
    from .reminders import deadline_digest_send

    return deadline_digest_send()
