"""Access by a listening appointment: the invitation states the facts; playback is audited with the request number."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from subject_requests import services
from subject_requests.errors import RequestError
from subject_requests.models import AppointmentStatus, DecisionOutcome, LetterKind


@pytest.fixture
def appointment(personas, searched_request):
    subject_request = searched_request()
    return services.appointment_schedule(
        subject_request=subject_request,
        actor=personas.dpo,
        starts_at=timezone.now() + timedelta(minutes=5),
        place="Jaakonkatu 3, 01620 Vantaa, neuvotteluhuone 2",
        attendees="Tietosuojavastaava\nRekisteröity",
    )


def test_the_invitation_gives_time_place_and_the_register_facts(appointment, personas):
    letter = appointment.request.letters.get(kind=LetterKind.APPOINTMENT)
    assert "Jaakonkatu 3, 01620 Vantaa, neuvotteluhuone 2" in letter.body
    assert timezone.localtime(appointment.starts_at).strftime("%H.%M") in letter.body
    assert personas.register.purpose in letter.body
    assert "Tietosuojavaltuutetun toimisto" in letter.body


def test_playback_during_the_appointment_is_audited_against_the_request(appointment, personas, subject_calls, client):
    subject_request = appointment.request
    match = subject_request.matches.get(recording_public_id=subject_calls["as_caller"].public_id)
    client.force_login(personas.dpo)
    response = client.post(f"/requests/{subject_request.number}/matches/{match.pk}/play/")
    assert response.status_code == 302 and str(match.recording_public_id) in response["Location"]

    event = AuditEvent.objects.filter(action="play").get()
    assert event.reason == subject_request.number
    assert event.object_id == str(subject_calls["as_caller"].pk)
    assert event.details["appointment"] == appointment.pk

    audio = client.get(f"/recordings/{match.recording_public_id}/audio/")
    assert audio.status_code == 200
    assert b"".join(audio.streaming_content)[:4] == b"OggS"


def test_there_is_no_playback_without_an_appointment_today(appointment, personas, subject_calls):
    appointment.starts_at = timezone.now() + timedelta(days=3)
    appointment.save()
    with pytest.raises(RequestError, match="appointment"):
        services.appointment_playback(
            subject_request=appointment.request, recording=subject_calls["as_caller"], actor=personas.dpo
        )


def test_an_excluded_recording_is_not_played(appointment, personas, subject_calls):
    with pytest.raises(RequestError):
        services.appointment_playback(
            subject_request=appointment.request, recording=subject_calls["someone_else"], actor=personas.dpo
        )


def test_a_held_appointment_answers_the_access_request(appointment, personas):
    services.appointment_close(appointment=appointment, actor=personas.dpo, held=True, notes="Kuunneltiin molemmat.")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.HELD
    assert appointment.request.decisions.get(right="access").outcome == DecisionOutcome.GRANTED


def test_appointment_playback_opens_the_same_listening_session_as_the_player(appointment, personas, subject_calls):
    """The session the appointment opens is the player's: the DPO's browser plays it, in any of its tabs."""
    from django.test import Client

    from recordings.models import ListeningGrant

    subject_request = appointment.request
    recording = subject_calls["as_caller"]
    match = subject_request.matches.get(recording=recording)
    dpo_browser = Client()
    dpo_browser.force_login(personas.dpo)
    dpo_browser.post(f"/requests/{subject_request.number}/matches/{match.pk}/play/")
    grant = ListeningGrant.objects.get(user=personas.dpo, recording=recording)
    assert grant.reason == subject_request.number
    assert grant.audit_event.details["appointment"] == appointment.pk

    audio = dpo_browser.get(f"/recordings/{recording.public_id}/audio/", HTTP_RANGE="bytes=1-")
    assert audio.status_code == 206
    # Another browser of the same user opens a session of its own, with its own audit event.
    other_browser = Client()
    other_browser.force_login(personas.dpo)
    assert other_browser.get(f"/recordings/{recording.public_id}/audio/", HTTP_RANGE="bytes=1-").status_code == 403
