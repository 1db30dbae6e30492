from celery import shared_task

from .services import audit_anchor_write


@shared_task
def write_audit_anchor() -> int:
    return audit_anchor_write()["audit"]["sequence"]
