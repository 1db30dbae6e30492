"""An "until the account is deleted" register: completing the deletion task destroys the customer's calls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from audit.models import AuditEvent
from journal.file import journal_entries
from recordings.models import Recording
from retention.models import HoldKind, RetentionTaskStatus, Tombstone, TombstoneReason
from retention.services import hold_place, retention_event_record, retention_task_complete

from .conftest import blob_files

CUSTOMER = "+358401234567"
SOMEONE_ELSE = "+358509998877"


@pytest.fixture
def customer_register(personas):
    """Like the Ajas customer register: kept until the customer account is deleted, so nothing expires."""
    register = personas.register
    register.retention_trigger, register.retention_value = "event", None
    register.retention_event = "Asiakastili poistetaan"
    register.save()
    return register


@pytest.fixture
def customer_calls(customer_register, stored):
    def call(number):
        return stored(customer_register, expired=False, expires_at=None, caller_number=number)

    return {"first": call(CUSTOMER), "second": call(CUSTOMER), "other": call(SOMEONE_ELSE)}


def _record_event(personas, register):
    return retention_event_record(
        actor=personas.dpo,
        register=register,
        event_on=timezone.localdate(),
        reference="ASIAKAS-4411",
        phone_numbers=["040 123 4567"],
    )


def test_completing_the_task_destroys_the_customers_calls_with_tombstones_and_journal(
    personas, customer_register, customer_calls, settings, django_capture_on_commit_callbacks
):
    task = _record_event(personas, customer_register)
    assert set(task.recordings.values_list("pk", flat=True)) == {
        customer_calls["first"].pk,
        customer_calls["second"].pk,
    }

    # The journal is written after the deleting transaction commits (the outbox is shipped then).
    with django_capture_on_commit_callbacks(execute=True):
        outcome = retention_task_complete(actor=personas.dpo, task=task)

    assert outcome.destroyed == 2 and outcome.kept == []
    task.refresh_from_db()
    assert task.status == RetentionTaskStatus.DONE and "ASIAKAS-4411" not in task.reference
    for key in ("first", "second"):
        call = customer_calls[key]
        assert not Recording.objects.filter(pk=call.pk).exists()
        tombstone = Tombstone.objects.get(recording_public_id=call.public_id)
        assert tombstone.reason == TombstoneReason.EVENT
        assert not any(call.original_blob in path for path in blob_files(settings))
    journalled = {entry["recording"] for entry in journal_entries()}
    assert journalled == {str(customer_calls[k].public_id) for k in ("first", "second")}
    assert Recording.objects.filter(pk=customer_calls["other"].pk, wrapped_key__isnull=False).exists()
    event = AuditEvent.objects.filter(action="retention_event").latest("pk")
    assert event.details["deleted"] == 2 and event.details["kept"] == 0


def test_a_held_call_is_kept_and_the_dpo_is_told_why(personas, customer_register, customer_calls):
    task = _record_event(personas, customer_register)
    held = customer_calls["second"]
    hold_place(
        actor=personas.dpo,
        recordings=[held],
        kind=HoldKind.COMPLAINT,
        reason="Reklamaatio käsittelyssä",
        review_on=timezone.localdate() + timedelta(days=30),
        reference="REK-12",
    )
    Recording.objects.filter(pk=customer_calls["first"].pk).update(restricted=True)

    with translation.override("fi"):  # the DPO's page is Finnish, and so are the reasons it shows
        outcome = retention_task_complete(actor=personas.dpo, task=task)

    assert outcome.destroyed == 0
    kept = {k["recording"]: k["why"] for k in outcome.kept}
    assert "REK-12" in kept[str(held.public_id)] and "säilytyspito" in kept[str(held.public_id)]
    assert "rajoitettu" in kept[str(customer_calls["first"].public_id)]
    assert Recording.objects.filter(pk=held.pk, wrapped_key__isnull=False).exists()
    # The task stays open until the kept calls can go too.
    task.refresh_from_db()
    assert task.status == RetentionTaskStatus.OPEN


def test_the_dpo_sees_on_the_page_which_calls_were_kept(personas, customer_register, customer_calls, client):
    task = _record_event(personas, customer_register)
    hold_place(
        actor=personas.dpo,
        recordings=[customer_calls["second"]],
        kind=HoldKind.COMPLAINT,
        reason="Reklamaatio",
        review_on=timezone.localdate() + timedelta(days=30),
        reference="REK-12",
    )
    client.force_login(personas.dpo)
    page = client.post(f"/retention/tasks/{task.pk}/done/", follow=True).content.decode()
    assert "REK-12" in page
    assert not Recording.objects.filter(pk=customer_calls["first"].pk).exists()


def test_a_rule_change_still_being_recomputed_does_not_keep_the_customers_calls(
    personas, customer_register, customer_calls
):
    """The task names its calls: their expiry, and the version it was computed under, play no part.

    A change of the register's rule (here its event's wording) gives the rule a new version, and
    until the background job has noted it on each call the purge leaves the call alone. Completing
    a task in that window deleted nothing, kept every call "for" an empty reason, and left the task
    open with nothing the DPO could act on.
    """
    from retention.services import register_retention_rule_change

    task = _record_event(personas, customer_register)
    register_retention_rule_change(
        actor=personas.dpo,
        register=customer_register,
        value=None,
        unit=customer_register.retention_unit,
        trigger="event",
        event="Asiakastili suljetaan ja poistetaan",
    )  # its job is queued on commit, which this test never reaches: every call keeps the old version

    outcome = retention_task_complete(actor=personas.dpo, task=task)

    assert outcome.kept == [] and outcome.destroyed == 2
    task.refresh_from_db()
    assert task.status == RetentionTaskStatus.DONE
    for key in ("first", "second"):
        assert not Recording.objects.filter(pk=customer_calls[key].pk).exists()


def test_a_call_kept_for_a_reason_the_page_cannot_name_is_never_shown_with_an_empty_reason(
    personas, customer_register, customer_calls
):
    """Should a call ever be kept by something other than a hold or a restriction, the DPO is told to look again."""
    from retention.events import _why_kept

    kept = _why_kept([customer_calls["first"].pk])

    assert kept[0]["why"].strip()
