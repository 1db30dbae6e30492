"""Deadlines: one calendar month from receipt with end-of-month clamping, an extension of up to two more."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from subject_requests import selectors, services
from subject_requests.errors import RequestError
from subject_requests.models import LetterKind


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2025, 12, 31), date(2026, 1, 31)),
    ],
)
def test_a_request_is_due_one_calendar_month_after_receipt(received, due):
    assert services.request_due_on(received) == due


def test_received_on_31_january_is_due_on_the_last_day_of_february(new_request):
    subject_request = new_request(received_on=date(2026, 1, 31))
    assert subject_request.due_on == date(2026, 2, 28)
    assert subject_request.initial_due_on == date(2026, 2, 28)


def test_extension_by_two_months_notifies_the_subject_with_the_reason(personas, new_request):
    received = timezone.localdate() - timedelta(days=3)
    subject_request = new_request(received_on=received)
    mail.outbox.clear()
    services.request_extend(
        subject_request=subject_request, actor=personas.dpo, months=2, reason="Pyyntö koskee satoja puheluita."
    )
    subject_request.refresh_from_db()
    assert subject_request.due_on == services.request_due_on(received, extension_months=2)
    assert subject_request.initial_due_on == services.request_due_on(received)
    letter = subject_request.letters.get(kind=LetterKind.EXTENSION)
    assert "Pyyntö koskee satoja puheluita." in letter.body
    assert subject_request.due_on.strftime("%-d.%-m.%Y") in letter.body
    assert len(mail.outbox) == 1 and "Pyyntö koskee satoja puheluita." in mail.outbox[0].body


def test_received_31_january_extended_by_two_months_is_due_30_april():
    assert services.request_due_on(date(2026, 1, 31), extension_months=2) == date(2026, 4, 30)


def test_an_extension_needs_a_reason_and_at_most_two_months(personas, new_request):
    subject_request = new_request()
    with pytest.raises(RequestError, match="reason"):
        services.request_extend(subject_request=subject_request, actor=personas.dpo, months=1, reason=" ")
    with pytest.raises(RequestError, match="one or two months"):
        services.request_extend(subject_request=subject_request, actor=personas.dpo, months=3, reason="Paljon työtä.")


def test_an_extension_cannot_be_made_after_the_first_month(personas, new_request):
    subject_request = new_request(received_on=timezone.localdate() - timedelta(days=40))
    with pytest.raises(RequestError, match="within it"):
        services.request_extend(subject_request=subject_request, actor=personas.dpo, months=1, reason="Myöhässä.")


def test_the_register_target_shows_beside_the_legal_deadline(personas, new_request, second_register, client):
    subject_request = new_request(received_on=date(2026, 3, 2))
    targets = selectors.response_targets(subject_request)
    assert [(t.register, t.target_on) for t in targets] == [(second_register, date(2026, 3, 9))]
    client.force_login(personas.dpo)
    page = client.get(f"/requests/{subject_request.number}/").content.decode()
    assert "9.3.2026" in page and "Asiakasrekisteri" in page
