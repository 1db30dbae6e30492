from celery import shared_task

from .services import audit_anchor_new_events, audit_anchor_write


@shared_task
def write_audit_anchor() -> int:
    return audit_anchor_write()["audit"]["sequence"]


@shared_task
def anchor_new_audit_events() -> int | None:
    """Every minute: anchor what was written since the last anchor, if anything (the sequence anchored, or None)."""
    anchor = audit_anchor_new_events()
    return anchor["audit"]["sequence"] if anchor else None
