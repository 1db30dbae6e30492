"""Erasure is refused for a call under a complaint hold: nothing held is deleted; the letter gives the reasons
and the right to complain."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from recordings.models import Recording
from recordings.services import open_audio
from retention.models import HoldKind
from retention.services import hold_place
from subject_requests import services
from subject_requests.models import DecisionOutcome, ErasureOutcome, LetterKind


@pytest.fixture
def complaint_hold(personas, subject_calls):
    return hold_place(
        actor=personas.dpo,
        recordings=[subject_calls["as_caller"]],
        kind=HoldKind.COMPLAINT,
        reason="Asiakkaan reklamaatio laskutuksesta.",
        review_on=timezone.localdate() + timedelta(days=60),
        reference="REK-2026-17",
    )


def _readable(recording) -> bool:
    reader = open_audio(Recording.objects.get(pk=recording.pk), variant="original")
    try:
        return bool(b"".join(reader.read_all()))
    finally:
        reader.close()


def test_erasure_of_only_held_calls_is_refused_with_reasons(personas, searched_request, subject_calls, complaint_hold):
    subject_request = searched_request(rights=["erasure"])
    held = subject_request.matches.get(recording_public_id=subject_calls["as_caller"].public_id)
    other = subject_request.matches.get(recording_public_id=subject_calls["as_callee"].public_id)
    services.match_decide(match=other, actor=personas.dpo, include=False, reason="Ei koske pyyntöä.")

    decision = services.erasure_decide(subject_request=subject_request, actor=personas.dpo)

    assert decision.outcome == DecisionOutcome.REFUSED
    assert _readable(subject_calls["as_caller"])
    held.refresh_from_db()
    assert held.erasure_outcome == ErasureOutcome.REFUSED and "reklamaation" in held.erasure_reason
    letter = subject_request.letters.get(kind=LetterKind.REFUSAL)
    assert "17 artiklan 3 kohdan e alakohta" in letter.body
    assert "Tietosuojavaltuutetun toimisto, tietosuoja.fi, PL 800, 00531 Helsinki" in letter.body


def test_a_held_call_is_kept_and_the_rest_erased(personas, searched_request, subject_calls, complaint_hold):
    subject_request = searched_request(rights=["erasure"])
    decision = services.erasure_decide(subject_request=subject_request, actor=personas.dpo)
    assert decision.outcome == DecisionOutcome.PARTIALLY_GRANTED
    assert _readable(subject_calls["as_caller"])
    assert not Recording.objects.filter(pk=subject_calls["as_callee"].pk).exists()
    letter = subject_request.letters.get(kind=LetterKind.ERASURE)
    assert "Seuraavia tallenteita emme voi poista" in letter.body
    assert "Tietosuojavaltuutetun toimisto" in letter.body


def test_the_form_will_not_erase_a_held_call(personas, searched_request, subject_calls, complaint_hold, client):
    subject_request = searched_request(rights=["erasure"])
    held = subject_request.matches.get(recording_public_id=subject_calls["as_caller"].public_id)
    client.force_login(personas.dpo)
    page = client.get(f"/requests/{subject_request.number}/erasure/")
    assert page.context["form"][f"action_{held.pk}"].initial == "refuse"
    form = {key: "erase" for key in page.context["form"].fields if key.startswith("action_")}
    response = client.post(f"/requests/{subject_request.number}/erasure/", form)
    with translation.override("fi"):  # the pages speak Finnish by default
        refusal = gettext("This recording is under an active hold and cannot be erased until the hold is released.")
    assert response.status_code == 200 and refusal in response.content.decode()
    assert Recording.objects.filter(pk=subject_calls["as_caller"].pk).exists()
    assert Recording.objects.filter(pk=subject_calls["as_callee"].pk).exists()


def test_the_dpo_may_refuse_with_their_own_reason(personas, searched_request, subject_calls):
    subject_request = searched_request(rights=["erasure"])
    callee = subject_request.matches.get(recording_public_id=subject_calls["as_callee"].public_id)
    services.erasure_decide(
        subject_request=subject_request,
        actor=personas.dpo,
        refusals={callee.pk: "Tallenne tarvitaan vireillä olevassa oikeudenkäynnissä."},
    )
    assert _readable(subject_calls["as_callee"])
    assert not Recording.objects.filter(pk=subject_calls["as_caller"].pk).exists()
    letter = subject_request.letters.get(kind=LetterKind.ERASURE)
    assert "Tallenne tarvitaan vireillä olevassa oikeudenkäynnissä." in letter.body
