"""Intake: numbers in any format are stored in E.164; the subject is acknowledged; their data stays in the request."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from audit.models import AuditEvent
from subject_requests import services
from subject_requests.errors import RequestError
from subject_requests.models import LetterKind, RequestStatus, SubjectRequest

from .conftest import SUBJECT_EMAIL, SUBJECT_NAME


def test_the_dpo_records_a_request_through_the_form(personas, client):
    client.force_login(personas.dpo)
    response = client.post(
        "/requests/new/",
        {
            "controller": personas.register.controller.pk,
            "rights": ["access", "erasure"],
            "received_on": "2026-01-31",
            "channel": "letter",
            "language": "en",
            "subject_name": SUBJECT_NAME,
            "subject_email": SUBJECT_EMAIL,
            "phone_numbers": "040 123 4567\n+358 50 111 2222\n0401234567",
            "agent_identifier": "",
        },
    )
    subject_request = SubjectRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/requests/{subject_request.number}/")
    assert subject_request.number == "SR-2026-0001"
    assert subject_request.subject_phone_numbers == ["+358401234567", "+358501112222"]
    assert subject_request.rights == ["access", "erasure"]
    assert subject_request.due_on == date(2026, 2, 28)
    assert subject_request.status == RequestStatus.RECEIVED


def test_a_number_that_is_not_a_telephone_number_is_refused_by_position(personas, client):
    client.force_login(personas.dpo)
    response = client.post(
        "/requests/new/",
        {
            "controller": personas.register.controller.pk,
            "rights": ["access"],
            "received_on": "2026-01-31",
            "channel": "email",
            "language": "fi",
            "phone_numbers": "040 123 4567\nabc",
        },
    )
    assert response.status_code == 200
    # The page is Finnish, and so is the reason.
    assert "Numero 2: Puhelinnumerossa ei voi olla kirjaimia." in response.content.decode()
    assert not SubjectRequest.objects.exists()


def test_a_request_needs_a_number_or_an_agent_identity(personas, controller):
    with pytest.raises(RequestError, match="telephone number"):
        services.request_receive(
            actor=personas.dpo, controller=controller, rights=["access"], received_on=date(2026, 1, 5), channel="phone"
        )


def test_an_employee_is_found_by_agent_identity(personas, controller):
    subject_request = services.request_receive(
        actor=personas.dpo,
        controller=controller,
        rights=["access"],
        received_on=date(2026, 1, 5),
        channel="in_person",
        agent_identifier="agent-ext",
    )
    assert subject_request.subject_agent == personas.agent


def test_the_subject_gets_an_acknowledgement_with_number_and_deadline(new_request):
    subject_request = new_request(received_on=date(2026, 1, 31))
    letter = subject_request.letters.get(kind=LetterKind.ACKNOWLEDGEMENT)
    assert subject_request.number in letter.body and "28.2.2026" in letter.body
    assert letter.emailed_at is not None
    assert mail.outbox[-1].to == [SUBJECT_EMAIL]
    assert subject_request.number in mail.outbox[-1].subject


def test_only_the_dpo_of_the_controller_may_record_its_requests(personas, controller):
    with pytest.raises(RequestError):
        services.request_receive(
            actor=personas.outsider,
            controller=controller,
            rights=["access"],
            received_on=date(2026, 1, 5),
            channel="email",
            phone_numbers=["040 123 4567"],
        )


def test_the_intake_audit_event_carries_the_number_and_no_personal_data(new_request):
    subject_request = new_request()
    event = AuditEvent.objects.get(action="request_intake")
    assert event.reason == subject_request.number
    text = repr(event.details) + event.reason
    for personal in (SUBJECT_NAME, SUBJECT_EMAIL, "+358401234567", "040 123 4567"):
        assert personal not in text
