"""The daily deadline digest: one email per DPO, naming requests due soon or late, once a day, without the subject."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from subject_requests import tasks
from subject_requests.models import DeadlineReminder
from subject_requests.reminders import deadline_digest_send

from .conftest import SUBJECT_EMAIL, SUBJECT_NAME, SUBJECT_NUMBER


def _emails(personas):
    for user, address in ((personas.dpo, "dpo-a@example.fi"), (personas.sibling_dpo, "dpo-a2@example.fi")):
        user.email = address
        user.save(update_fields=["email"])
    personas.outsider.email = "dpo-b@example.fi"
    personas.outsider.save(update_fields=["email"])


def _requests(new_request, today):
    return {
        # Received 40 days ago: due about ten days ago.
        "late": new_request(received_on=today - timedelta(days=40)),
        # Received 27 days ago: due in three or four days.
        "soon": new_request(received_on=today - timedelta(days=27)),
        # Received today: due in a month.
        "later": new_request(received_on=today),
    }


def test_each_dpo_gets_one_email_naming_the_requests_due_soon_or_late(personas, new_request, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEADLINE_REMINDER_DAYS = 7
    _emails(personas)
    today = timezone.localdate()
    requests = _requests(new_request, today)
    mail.outbox.clear()

    assert tasks.send_deadline_reminders() == 2

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"dpo-a@example.fi", "dpo-a2@example.fi"}
    body = by_recipient["dpo-a@example.fi"].body
    assert requests["late"].number in body and requests["soon"].number in body
    assert requests["later"].number not in body
    assert f"/requests/{requests['late'].number}/" in body
    assert "Rekisteri A" in body
    due = requests["late"].due_on
    assert f"{due.day}.{due.month}.{due.year}" in body
    # Register A2's DPO sees the same controller's requests, named by their own register only.
    sibling = by_recipient["dpo-a2@example.fi"].body
    assert "Rekisteri A2" in sibling and "Rekisteri A," not in sibling


def test_the_digest_holds_no_personal_data_of_the_subject(personas, new_request, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _emails(personas)
    today = timezone.localdate()
    new_request(
        received_on=today - timedelta(days=40), description="Soitin reklamaatiosta", subject_postal_address="Kotikatu 5"
    )
    mail.outbox.clear()
    deadline_digest_send()
    assert mail.outbox
    for message in mail.outbox:
        text = message.subject + message.body
        digits = "".join(ch for ch in text if ch.isdigit())
        assert SUBJECT_NAME not in text and SUBJECT_EMAIL not in text
        assert SUBJECT_NUMBER.removeprefix("+358") not in digits and "Kotikatu" not in text
        assert "reklamaatio" not in text


def test_running_the_digest_twice_in_a_day_sends_nothing_more(personas, new_request, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _emails(personas)
    today = timezone.localdate()
    _requests(new_request, today)
    mail.outbox.clear()
    assert deadline_digest_send(today=today) == 2
    assert deadline_digest_send(today=today) == 0
    assert len(mail.outbox) == 2
    assert DeadlineReminder.objects.filter(sent_on=today).count() == 4

    # A request that falls due later the same day is named alone; tomorrow everything is named again.
    fresh = new_request(received_on=today - timedelta(days=29))
    assert deadline_digest_send(today=today) == 2
    digests = [m for m in mail.outbox[2:] if m.to[0] != SUBJECT_EMAIL]
    assert len(digests) == 2
    assert all(fresh.number in m.body and m.body.count("/requests/SR-") == 1 for m in digests)
    assert deadline_digest_send(today=today + timedelta(days=1)) == 2


def test_the_lead_days_are_configurable(personas, new_request, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _emails(personas)
    today = timezone.localdate()
    in_a_fortnight = new_request(received_on=today - timedelta(days=17))
    settings.DEADLINE_REMINDER_DAYS = 7
    mail.outbox.clear()
    assert deadline_digest_send(today=today) == 0
    settings.DEADLINE_REMINDER_DAYS = 21
    assert deadline_digest_send(today=today) == 2
    assert in_a_fortnight.number in mail.outbox[0].body


def test_closed_requests_and_other_controllers_dpos_are_left_out(personas, new_request, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _emails(personas)
    from subject_requests import services

    today = timezone.localdate()
    late = new_request(received_on=today - timedelta(days=40))
    services.request_refuse(subject_request=late, actor=personas.dpo, reason="Ilmeisen perusteeton pyyntö.")
    mail.outbox.clear()
    assert deadline_digest_send(today=today) == 0
    new_request(received_on=today - timedelta(days=40))
    deadline_digest_send(today=today)
    assert "dpo-b@example.fi" not in {m.to[0] for m in mail.outbox}


def test_the_beat_schedule_runs_the_digest_daily(settings):
    entries = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    schedule = entries["subject_requests.tasks.send_deadline_reminders"]["schedule"]
    assert schedule.hour == {settings.DEADLINE_REMINDER_HOUR_UTC} and schedule.minute == {0}
