"""In a register that asks for a second approver, the DPO who records a retention event cannot also destroy the calls
it names: a second DPO of the register approves by completing the task."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from audit.models import AuditEvent
from recordings.models import Recording
from registers.models import Role
from retention.errors import RetentionError
from retention.models import RetentionTaskStatus
from retention.services import retention_event_record, retention_task_complete
from testkit import grant, make_user

CUSTOMER = "+358401234567"


@pytest.fixture(autouse=True)
def _errors_in_english():
    """The messages are asserted in English; the pages show them in Finnish."""
    with translation.override("en"):
        yield


@pytest.fixture
def four_eyes_register(personas):
    register = personas.register
    register.retention_trigger, register.retention_value = "event", None
    register.retention_event = "Asiakastili poistetaan"
    register.erasure_needs_second_approver = True
    register.save()
    return register


@pytest.fixture
def second_dpo(four_eyes_register):
    user = make_user("dpo2-a", is_staff=True)
    grant(user, four_eyes_register, Role.DPO)
    return user


@pytest.fixture
def customer_calls(four_eyes_register, stored):
    return [stored(four_eyes_register, expired=False, expires_at=None, caller_number=CUSTOMER) for _ in range(2)]


def _record(actor, register):
    return retention_event_record(
        actor=actor,
        register=register,
        event_on=timezone.localdate(),
        reference="ASIAKAS-77",
        phone_numbers=["040 123 4567"],
    )


def _alive(calls) -> int:
    return Recording.objects.filter(pk__in=[c.pk for c in calls], wrapped_key__isnull=False).count()


def test_a_lone_dpo_proposes_nothing_is_destroyed_and_a_second_dpo_approves(
    personas, four_eyes_register, second_dpo, customer_calls
):
    task = _record(personas.dpo, four_eyes_register)
    assert task.recordings.count() == 2

    with pytest.raises(RetentionError, match="second data protection officer"):
        retention_task_complete(actor=personas.dpo, task=task)
    assert _alive(customer_calls) == 2
    task.refresh_from_db()
    assert task.status == RetentionTaskStatus.OPEN and task.approved_by is None

    outcome = retention_task_complete(actor=second_dpo, task=task)
    assert outcome.destroyed == 2 and _alive(customer_calls) == 0
    task.refresh_from_db()
    assert task.status == RetentionTaskStatus.DONE
    assert task.approved_by == second_dpo and task.recorded_by == personas.dpo
    event = AuditEvent.objects.filter(action="retention_event").latest("pk")
    assert event.actor_id == second_dpo.pk and event.details["approved_by"] == second_dpo.pk


def test_the_lone_dpos_post_on_the_page_destroys_nothing(
    personas, four_eyes_register, second_dpo, customer_calls, client
):
    task = _record(personas.dpo, four_eyes_register)
    client.force_login(personas.dpo)
    page = client.get(f"/registers/{four_eyes_register.slug}/retention/").content.decode()
    assert "second data protection officer" in page or "toisen tietosuojavastaavan" in page
    client.post(f"/retention/tasks/{task.pk}/done/")
    assert _alive(customer_calls) == 2
    client.force_login(second_dpo)
    client.post(f"/retention/tasks/{task.pk}/done/")
    assert _alive(customer_calls) == 0


def test_without_four_eyes_the_dpo_who_recorded_the_event_completes_it(personas, customer_calls):
    register = personas.register
    register.erasure_needs_second_approver = False
    register.save()
    task = _record(personas.dpo, register)
    assert retention_task_complete(actor=personas.dpo, task=task).destroyed == 2
