"""Rectification corrects a call's details with a recorded reason; the audit names the fields, not their values."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from recordings.models import Recording
from subject_requests import services
from subject_requests.errors import RequestError
from subject_requests.models import DecisionOutcome, LetterKind


def test_the_dpo_corrects_the_agent_and_the_number(personas, searched_request, subject_calls, client):
    subject_request = searched_request(rights=["rectification"])
    match = subject_request.matches.get(recording_public_id=subject_calls["as_caller"].public_id)
    client.force_login(personas.dpo)
    response = client.post(
        f"/requests/{subject_request.number}/matches/{match.pk}/rectify/",
        {
            "agent_name": "agent-ext",
            "direction": "inbound",
            "caller_number": "050 999 8877",
            "callee_number": "010 380 8000",
            "service_number": "010 380 8000",
            "reason": "Puhelun välitti toinen asiakaspalvelija; soittajan numero tallentui väärin.",
        },
    )
    assert response.status_code == 302
    call = Recording.objects.get(pk=subject_calls["as_caller"].pk)
    assert call.agent_name == "agent-ext" and call.agent == personas.agent
    assert call.caller_number == "+358509998877"
    rectification = subject_request.rectifications.get()
    assert rectification.fields == ["agent_name", "caller_number"]
    event = AuditEvent.objects.get(action="rectification")
    assert event.reason == subject_request.number
    assert event.details["fields"] == ["agent_name", "caller_number"]
    assert "+358509998877" not in repr(event.details) and "agent-ext" not in repr(event.details)


def test_a_correction_needs_a_reason_and_a_change(personas, searched_request, subject_calls):
    subject_request = searched_request(rights=["rectification"])
    match = subject_request.matches.get(recording_public_id=subject_calls["as_caller"].public_id)
    with pytest.raises(RequestError, match="reason"):
        services.rectification_apply(match=match, actor=personas.dpo, changes={"direction": "outbound"}, reason="")
    with pytest.raises(RequestError, match="Nothing to correct"):
        services.rectification_apply(match=match, actor=personas.dpo, changes={"direction": "inbound"}, reason="x")


def test_the_decision_letter_lists_what_was_corrected(personas, searched_request, subject_calls):
    subject_request = searched_request(rights=["rectification"])
    match = subject_request.matches.get(recording_public_id=subject_calls["as_caller"].public_id)
    services.rectification_apply(
        match=match, actor=personas.dpo, changes={"direction": "outbound"}, reason="Puhelu oli lähtevä."
    )
    services.right_decide(
        subject_request=subject_request, actor=personas.dpo, right="rectification", outcome=DecisionOutcome.GRANTED
    )
    letter = subject_request.letters.get(kind=LetterKind.DECISION)
    assert "oikaisseet" in letter.body and "puhelun suunta" in letter.body
