"""When the search finds nothing, the access answer tells the subject so, after a search and verification."""

from __future__ import annotations

import pytest

from subject_requests import services
from subject_requests.errors import RequestError
from subject_requests.models import DecisionOutcome, LetterKind


def test_the_subject_is_told_no_recordings_were_found(personas, new_request, verify):
    subject_request = verify(new_request(phone_numbers=["+358 44 000 0000"]))
    with pytest.raises(RequestError, match="Search"):
        services.access_answer_without_recordings(subject_request=subject_request, actor=personas.dpo)
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    services.access_answer_without_recordings(subject_request=subject_request, actor=personas.dpo)
    letter = subject_request.letters.get(kind=LetterKind.ACCESS)
    assert "Emme löytäneet" in letter.body and "Tietosuojavaltuutetun toimisto" in letter.body
    assert subject_request.decisions.get(right="access").outcome == DecisionOutcome.GRANTED


def test_found_recordings_must_be_given_not_denied(personas, searched_request):
    subject_request = searched_request()
    with pytest.raises(RequestError, match="package or an appointment"):
        services.access_answer_without_recordings(subject_request=subject_request, actor=personas.dpo)


def test_the_pages_work_in_english_too(personas, new_request, client):
    subject_request = new_request()
    client.force_login(personas.dpo)
    assert client.get("/en/requests/").status_code == 200
    page = client.get(f"/en/requests/{subject_request.number}/")
    assert page.status_code == 200 and "Identity verification" in page.content.decode()
