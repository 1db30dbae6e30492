"""Processor tasks: the DPO marks a processor's task done or cancelled."""

from __future__ import annotations

from .. import services
from .common import Action, optional_note, processor_task_of, request_action


@request_action(anchor="processors", target=processor_task_of)
def task_complete(action: Action):
    return services.processor_task_complete(
        task=action.target,
        actor=action.user,
        note=optional_note(action.request),
        cancelled="cancel" in action.request.POST,
        http_request=action.request,
    )
