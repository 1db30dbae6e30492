"""Processor tasks: what each processor holding a register's data must do for a request, and its completion."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from registers.models import Processor

from ..errors import RequestError
from ..models import ProcessorTask, SubjectRequest, TaskStatus
from .common import _audit, _require_dpo, _require_dpo_of_register


def _processor_tasks_create(subject_request: SubjectRequest) -> list[ProcessorTask]:
    """One task per right for every processor in whose system one of the controller's registers is kept."""
    processors = Processor.objects.filter(register__controller=subject_request.controller, holds_register_data=True)
    tasks = []
    for processor in processors.select_related("register"):
        for right in subject_request.rights:
            task, _ = ProcessorTask.objects.get_or_create(
                request=subject_request,
                processor=processor,
                action=right,
                defaults={"due_on": subject_request.due_on},
            )
            tasks.append(task)
    return tasks


def processor_task_complete(
    *, task: ProcessorTask, actor, note: str = "", cancelled: bool = False, http_request=None
) -> ProcessorTask:
    """Mark a processor's task done (the processor confirmed) or cancelled (with a note why)."""
    subject_request = task.request
    _require_dpo(actor, subject_request.controller)
    _require_dpo_of_register(actor, task.processor.register)
    if not task.is_open:
        raise RequestError("The task is already closed.")
    note = (note or "").strip()
    if cancelled and not note:
        raise RequestError("Say why the task is cancelled.")
    with transaction.atomic():
        task.status = TaskStatus.CANCELLED if cancelled else TaskStatus.DONE
        task.note = note
        task.completed_at = timezone.now()
        task.completed_by = actor
        task.save(update_fields=["status", "note", "completed_at", "completed_by"])
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={
                "processor_task": task.pk,
                "processor": task.processor_id,
                "action": task.action,
                "status": task.status,
            },
        )
    return task
