"""Objection and withdrawal of consent get reasoned decisions; a request closes when every right is answered."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from retention.models import Hold, HoldKind
from subject_requests import selectors, services
from subject_requests.errors import RequestError
from subject_requests.models import DecisionOutcome, LetterKind, RequestStatus


def test_a_refused_objection_tells_the_subject_why_and_where_to_complain(personas, new_request, verify):
    subject_request = verify(new_request(rights=["objection"]))
    with pytest.raises(RequestError, match="reasons"):
        services.right_decide(
            subject_request=subject_request,
            actor=personas.dpo,
            right="objection",
            outcome=DecisionOutcome.REFUSED,
            reasons="",
        )
    services.right_decide(
        subject_request=subject_request,
        actor=personas.dpo,
        right="objection",
        outcome=DecisionOutcome.REFUSED,
        reasons="Tallentaminen on tarpeen asiakastapahtumien todentamiseksi.",
    )
    letter = subject_request.letters.get(kind=LetterKind.REFUSAL)
    assert "Tallentaminen on tarpeen asiakastapahtumien todentamiseksi." in letter.body
    assert "Tietosuojavaltuutetun toimisto" in letter.body
    assert AuditEvent.objects.filter(action="request_decision", reason=subject_request.number).exists()


def test_a_withdrawal_of_consent_is_recorded_and_confirmed(personas, new_request, verify):
    subject_request = verify(new_request(rights=["withdraw_consent"], language="en"))
    services.right_decide(
        subject_request=subject_request,
        actor=personas.dpo,
        right="withdraw_consent",
        outcome=DecisionOutcome.GRANTED,
        reasons="Calls are no longer recorded for training.",
    )
    letter = subject_request.letters.get(kind=LetterKind.DECISION)
    assert "withdrawal of consent" in letter.body and "no longer recorded for training" in letter.body


def test_closing_needs_every_right_answered_and_releases_the_requests_holds(personas, searched_request):
    subject_request = searched_request(rights=["access", "objection"])
    services.matches_hold(
        subject_request=subject_request, actor=personas.dpo, matches=list(subject_request.matches.all())
    )
    services.export_package_create(subject_request=subject_request, actor=personas.dpo, link_base="http://testserver")
    with pytest.raises(RequestError, match="Answer every right"):
        services.request_close(subject_request=subject_request, actor=personas.dpo)
    services.right_decide(
        subject_request=subject_request,
        actor=personas.dpo,
        right="objection",
        outcome=DecisionOutcome.GRANTED,
        reasons="",
    )
    services.request_close(subject_request=subject_request, actor=personas.dpo, note="Vastattu.")
    subject_request.refresh_from_db()
    assert subject_request.status == RequestStatus.COMPLETED
    assert not Hold.objects.active().filter(kind=HoldKind.SUBJECT_REQUEST, reference=subject_request.number).exists()
    assert subject_request not in selectors.open_requests_for_dashboard(personas.dpo)


def test_a_request_whose_identity_cannot_be_verified_is_refused(personas, new_request):
    subject_request = new_request(rights=["access", "erasure"])
    services.request_refuse(
        subject_request=subject_request,
        actor=personas.dpo,
        reason="Henkilöllisyyttäsi ei voitu varmistaa (tietosuoja-asetuksen 12 artiklan 6 kohta).",
    )
    subject_request.refresh_from_db()
    assert subject_request.status == RequestStatus.REFUSED
    letter = subject_request.letters.get(kind=LetterKind.REFUSAL)
    assert "Henkilöllisyyttäsi ei voitu varmistaa" in letter.body and "Tietosuojavaltuutetun toimisto" in letter.body
    with pytest.raises(RequestError, match="closed"):
        services.request_search(subject_request=subject_request, actor=personas.dpo)
