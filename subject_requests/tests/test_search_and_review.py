"""Search finds the subject's calls in every register of the controller where the user is DPO; the DPO reviews each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from retention.models import Hold, HoldKind
from subject_requests import selectors, services
from subject_requests.errors import RequestError
from subject_requests.models import MatchDecision

from .conftest import SUBJECT_TYPED


def test_search_matches_the_number_as_caller_or_callee_in_every_register_of_the_controller(
    personas, new_request, subject_calls, second_register, make_recording
):
    in_second = make_recording(second_register, seconds=2.0, caller="+358401234567")
    other_controller = make_recording(personas.other_register, seconds=2.0, caller=SUBJECT_TYPED)
    subject_request = new_request()

    assert services.request_search(subject_request=subject_request, actor=personas.dpo) == 3
    found = {m.recording_public_id: m for m in subject_request.matches.all()}
    assert set(found) == {
        subject_calls["as_caller"].public_id,
        subject_calls["as_callee"].public_id,
        in_second.public_id,
    }
    assert other_controller.public_id not in found
    assert found[subject_calls["as_caller"].public_id].matched_on == ["caller"]
    assert found[subject_calls["as_callee"].public_id].matched_on == ["callee"]
    assert all(m.decision == MatchDecision.PENDING for m in found.values())


def test_searching_again_keeps_earlier_decisions_and_adds_new_calls(
    personas, new_request, subject_calls, make_recording
):
    subject_request = new_request()
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    first = subject_request.matches.first()
    services.match_decide(match=first, actor=personas.dpo, include=False, reason="Toisen henkilön tietoja (15(4)).")
    make_recording(personas.register, seconds=2.0, caller=SUBJECT_TYPED)
    assert services.request_search(subject_request=subject_request, actor=personas.dpo) == 1
    first.refresh_from_db()
    assert first.decision == MatchDecision.EXCLUDED


def test_an_employee_request_finds_the_calls_the_agent_took(personas, controller, make_recording):
    own = make_recording(personas.register, seconds=2.0, agent="agent-ext")
    colleagues = make_recording(personas.register, seconds=2.0, agent=personas.colleague.username)
    subject_request = services.request_receive(
        actor=personas.dpo,
        controller=controller,
        rights=["access"],
        received_on=timezone.localdate(),
        channel="in_person",
        agent_identifier="agent-ext",
    )
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    found = {m.recording_public_id: m.matched_on for m in subject_request.matches.all()}
    assert found == {own.public_id: ["agent"]}
    assert colleagues.public_id not in found


def test_excluding_a_recording_needs_a_reason(personas, new_request, subject_calls):
    subject_request = new_request()
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    match = subject_request.matches.first()
    with pytest.raises(RequestError, match="reason"):
        services.match_decide(match=match, actor=personas.dpo, include=False, reason="")
    services.match_decide(match=match, actor=personas.dpo, include=False, reason="Toisen asiakkaan terveystietoja.")
    match.refresh_from_db()
    assert match.decision == MatchDecision.EXCLUDED and match.exclusion_reason == "Toisen asiakkaan terveystietoja."


def test_a_call_that_expires_before_the_deadline_is_flagged_and_can_be_held(personas, new_request, make_recording):
    register = personas.register
    register.retention_value, register.retention_unit = 61, "days"
    register.save()
    ended = datetime.now(UTC) - timedelta(days=55)
    expiring = make_recording(register, seconds=2.0, caller=SUBJECT_TYPED, ended=ended)
    lasting = make_recording(register, seconds=2.0, caller=SUBJECT_TYPED)
    subject_request = new_request()
    services.request_search(subject_request=subject_request, actor=personas.dpo)

    flags = {m.recording_public_id: m.expires_before_due for m in selectors.matches_for_review(subject_request)}
    assert flags == {expiring.public_id: True, lasting.public_id: False}

    expiring_match = subject_request.matches.get(recording_public_id=expiring.public_id)
    services.matches_hold(subject_request=subject_request, actor=personas.dpo, matches=[expiring_match])
    hold = Hold.objects.active().get(recordings=expiring)
    assert hold.kind == HoldKind.SUBJECT_REQUEST and hold.reference == subject_request.number
    assert hold.review_on == subject_request.due_on
    assert not any(m.expires_before_due for m in selectors.matches_for_review(subject_request))


def test_the_review_page_lets_the_dpo_include_and_exclude(personas, new_request, subject_calls, client):
    subject_request = new_request()
    client.force_login(personas.dpo)
    client.post(f"/requests/{subject_request.number}/search/")
    first, second = subject_request.matches.order_by("pk")
    client.post(f"/requests/{subject_request.number}/matches/{first.pk}/include/")
    client.post(
        f"/requests/{subject_request.number}/matches/{second.pk}/exclude/", {"reason": "Kolmannen osapuolen tietoja."}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.decision, second.decision) == (MatchDecision.INCLUDED, MatchDecision.EXCLUDED)
    page = client.get(f"/requests/{subject_request.number}/").content.decode()
    assert "Kolmannen osapuolen tietoja." in page
