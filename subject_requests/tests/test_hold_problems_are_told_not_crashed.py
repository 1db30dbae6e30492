"""A hold the retention rules refuse, asked for from a request, is a message on the request page, never a 500."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from recordings.models import Recording
from retention.models import Hold


def _hold_url(subject_request, match):
    return reverse("subject_requests:hold", args=[subject_request.number, match.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_overdue_request_can_still_hold_its_recordings(personas, new_request, subject_calls, client):
    """Late is no reason to let the subject's calls be purged: the hold is reviewed from today."""
    from subject_requests import services

    subject_request = new_request(received_on=date.today() - timedelta(days=45))
    assert subject_request.due_on < date.today()
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    match = subject_request.matches.get(recording=subject_calls["as_caller"])
    client.force_login(personas.dpo)
    response = client.post(_hold_url(subject_request, match), follow=True)
    assert response.status_code == 200
    hold = Hold.objects.active().get(recordings=subject_calls["as_caller"])
    assert hold.review_on == date.today() and hold.reference == subject_request.number


def test_a_recording_whose_deletion_has_begun_cannot_be_held_and_the_dpo_is_told(
    personas, new_request, subject_calls, client
):
    from subject_requests import services

    subject_request = new_request()
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    recording = subject_calls["as_caller"]
    match = subject_request.matches.get(recording=recording)
    # The first step of a crypto-shred (the key destroyed) has committed; the row is not yet gone.
    Recording.objects.filter(pk=recording.pk).update(wrapped_key=None)
    client.force_login(personas.dpo)
    response = client.post(_hold_url(subject_request, match), follow=True)
    assert response.status_code == 200
    assert any("deleted" in m for m in _messages(response)), _messages(response)
    assert not Hold.objects.exists()
