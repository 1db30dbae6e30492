"""A register kept in a processor's system turns each request into tracked tasks for that processor."""

from __future__ import annotations

import pytest

from registers.models import Processor
from subject_requests import services
from subject_requests.errors import RequestError
from subject_requests.models import DecisionOutcome, TaskStatus


@pytest.fixture
def booking_system(second_register):
    """Like Onni & hoiva's customer register, kept in Ajas Oy's booking system."""
    Processor.objects.create(
        register=second_register, name="Ajas Oy", service="Ajanvarausjärjestelmä", holds_register_data=True
    )
    Processor.objects.create(register=second_register, name="Hosting Oy", holds_register_data=False)
    return second_register


def test_a_request_becomes_one_task_per_right_for_the_processor_holding_the_data(booking_system, new_request):
    subject_request = new_request(rights=["access", "erasure"])
    tasks = list(subject_request.processor_tasks.select_related("processor"))
    assert {(t.processor.name, t.action) for t in tasks} == {("Ajas Oy", "access"), ("Ajas Oy", "erasure")}
    assert all(t.status == TaskStatus.OPEN and t.due_on == subject_request.due_on for t in tasks)


def test_the_request_cannot_close_while_a_processor_task_is_open(personas, booking_system, new_request, verify, client):
    subject_request = verify(new_request(rights=["objection"]))
    services.right_decide(
        subject_request=subject_request,
        actor=personas.dpo,
        right="objection",
        outcome=DecisionOutcome.REFUSED,
        reasons="Tallentamiselle on painavat oikeutetut perusteet.",
    )
    with pytest.raises(RequestError, match="processor task"):
        services.request_close(subject_request=subject_request, actor=personas.dpo)
    task = subject_request.processor_tasks.get()
    client.force_login(personas.dpo)
    client.post(f"/requests/{subject_request.number}/tasks/{task.pk}/", {"note": "Ajas Oy vahvisti 3.2."})
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.completed_by == personas.dpo and task.completed_at
    services.request_close(subject_request=subject_request, actor=personas.dpo)
    subject_request.refresh_from_db()
    assert not subject_request.is_open


def test_no_tasks_without_a_processor_holding_the_data(new_request):
    assert not new_request(rights=["access"]).processor_tasks.exists()
