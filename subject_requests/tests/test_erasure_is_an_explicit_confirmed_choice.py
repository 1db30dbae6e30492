"""Erasure is irreversible, so nothing is preselected, each call is linked, and a confirmation names how many go."""

from __future__ import annotations

import pytest

from recordings.models import Recording
from subject_requests import services
from subject_requests.errors import RequestError
from subject_requests.models import ErasureOutcome


def _url(subject_request) -> str:
    return f"/en/requests/{subject_request.number}/erasure/"


def test_no_decision_is_preselected_and_each_call_is_linked(personas, searched_request, subject_calls, client):
    subject_request = searched_request(rights=["erasure"])
    client.force_login(personas.dpo)
    page = client.get(_url(subject_request)).content.decode()
    assert "checked" not in page
    for key in ("as_caller", "as_callee"):
        assert f'href="/en/recordings/{subject_calls[key].public_id}/"' in page


def test_submitting_without_a_choice_for_every_call_erases_nothing(personas, searched_request, subject_calls, client):
    subject_request = searched_request(rights=["erasure"])
    client.force_login(personas.dpo)
    response = client.post(_url(subject_request), {"confirmed": "1"})
    assert response.status_code == 200
    assert Recording.objects.filter(pk=subject_calls["as_caller"].pk).exists()
    assert not subject_request.matches.exclude(erasure_outcome="").exists()


def test_the_first_post_asks_for_confirmation_naming_the_count(personas, searched_request, subject_calls, client):
    subject_request = searched_request(rights=["erasure"])
    client.force_login(personas.dpo)
    choices = {f"action_{m.pk}": "erase" for m in subject_request.matches.all()}

    confirm = client.post(_url(subject_request), choices)

    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "2 calls will be destroyed irreversibly" in body
    assert Recording.objects.filter(pk=subject_calls["as_caller"].pk).exists()

    done = client.post(_url(subject_request), {**choices, "confirmed": "1"})
    assert done.status_code == 302
    assert not Recording.objects.filter(pk__in=[subject_calls["as_caller"].pk, subject_calls["as_callee"].pk]).exists()


def test_the_service_refuses_when_a_recording_has_no_explicit_choice(personas, searched_request, subject_calls):
    subject_request = searched_request(rights=["erasure"])
    first, second = subject_request.matches.order_by("pk")
    with pytest.raises(RequestError, match="each recording"):
        services.erasure_decide(subject_request=subject_request, actor=personas.dpo, erase=[first.pk], refusals={})
    assert set(subject_request.matches.values_list("erasure_outcome", flat=True)) == {""}
    services.erasure_decide(
        subject_request=subject_request, actor=personas.dpo, erase=[first.pk], refusals={second.pk: "Reklamaatio"}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.erasure_outcome == ErasureOutcome.ERASED and second.erasure_outcome == ErasureOutcome.REFUSED


def test_the_confirmation_of_one_call_speaks_of_one_call_in_finnish(personas, searched_request, subject_calls, client):
    subject_request = searched_request(rights=["erasure"])
    client.force_login(personas.dpo)
    matches = list(subject_request.matches.order_by("pk"))
    choices = {
        f"action_{matches[0].pk}": "erase",
        f"action_{matches[1].pk}": "refuse",
        f"reason_{matches[1].pk}": "Reklamaatio",
    }

    body = client.post(f"/requests/{subject_request.number}/erasure/", choices).content.decode()

    assert "1 puhelu tuhotaan peruuttamattomasti." in body
    assert "Sen avain tuhotaan heti" in body and "Niiden avaimet" not in body
