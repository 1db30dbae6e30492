"""“No recordings were found” cannot be the answer while found recordings wait for review or are included."""

from __future__ import annotations

import pytest

from subject_requests import services
from subject_requests.errors import RequestError
from subject_requests.models import LetterKind


def test_the_service_refuses_the_answer_while_matches_wait_for_review(personas, new_request, verify, subject_calls):
    subject_request = verify(new_request())
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    assert subject_request.matches.count() == 2

    with pytest.raises(RequestError, match="review"):
        services.access_answer_without_recordings(subject_request=subject_request, actor=personas.dpo)
    assert not subject_request.letters.filter(kind=LetterKind.ACCESS).exists()


def test_the_answer_is_possible_once_every_match_is_excluded(personas, new_request, verify, subject_calls):
    subject_request = verify(new_request())
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    for match in subject_request.matches.all():
        services.match_decide(match=match, actor=personas.dpo, include=False, reason="Toisen henkilön puhelu")
    services.access_answer_without_recordings(subject_request=subject_request, actor=personas.dpo)
    assert subject_request.letters.filter(kind=LetterKind.ACCESS).exists()


def test_the_page_offers_the_answer_only_when_nothing_is_pending_or_included(
    personas, new_request, verify, subject_calls, client
):
    subject_request = verify(new_request())
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    client.force_login(personas.dpo)
    page = client.get(f"/en/requests/{subject_request.number}/").content.decode()
    assert 'id="answer-none"' not in page
    assert "found recordings still wait for review" in page
