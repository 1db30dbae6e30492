"""The silent stretches a player can skip are measured from the audio and served only inside a listening session."""

from __future__ import annotations

import numpy as np
import pytest
from django.urls import reverse

from recordings.models import Recording
from recordings.tests.tones import ingest_call, silence, tone, write_call


@pytest.fixture
def call_with_a_pause(personas, tmp_path):
    """Two seconds of tone, four of silence, three of tone."""
    path = tmp_path / "pause.wav"
    seconds = write_call(path, np.concatenate([tone(2, 440), silence(4), tone(3, 440)]))
    return ingest_call(personas.register, path, seconds)


def test_the_rendition_records_the_silent_stretch_of_a_call(call_with_a_pause):
    assert call_with_a_pause.rendition_status == "ready"
    [(start, end)] = call_with_a_pause.silences
    assert start == pytest.approx(2.0, abs=0.1) and end == pytest.approx(6.0, abs=0.1)


def test_a_listener_gets_the_silences_as_json_never_cached(personas, client, call_with_a_pause):
    client.force_login(personas.supervisor)
    url = reverse("recording_silences", args=[call_with_a_pause.public_id])
    refused = client.get(url)
    assert refused.status_code == 403, "no listening session yet"
    client.post(reverse("recording_listen", args=[call_with_a_pause.public_id]), {"reason": ""})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    [(start, end)] = response.json()["silences"]
    assert 1.9 < start < 2.1 and 5.9 < end < 6.1


def test_an_it_admin_and_an_outsider_get_no_silences(personas, client, call_with_a_pause):
    url = reverse("recording_silences", args=[call_with_a_pause.public_id])
    for user in (personas.it_admin, personas.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_a_rendition_made_before_silences_were_measured_gets_them_on_first_request(personas, client, call_with_a_pause):
    Recording.objects.filter(pk=call_with_a_pause.pk).update(silences=None)
    client.force_login(personas.supervisor)
    client.post(reverse("recording_listen", args=[call_with_a_pause.public_id]), {"reason": ""})
    response = client.get(reverse("recording_silences", args=[call_with_a_pause.public_id]))
    [(start, end)] = response.json()["silences"]
    assert 1.9 < start < 2.1 and 5.9 < end < 6.1
    call_with_a_pause.refresh_from_db()
    assert call_with_a_pause.silences == response.json()["silences"]


def test_the_pauses_between_words_stay_and_a_long_gap_in_speech_is_found(personas, tmp_path):
    from audio.synth import speech

    voice = speech(6.0, 1, seed=3)[:, 0] / 32767
    path = tmp_path / "speech.wav"
    seconds = write_call(path, np.concatenate([voice, silence(2.5), voice]))
    recording = ingest_call(personas.register, path, seconds)
    assert any(start <= 6.05 and end >= 8.45 for start, end in recording.silences), recording.silences
    assert all(end - start >= 1.0 for start, end in recording.silences)
    assert sum(end - start for start, end in recording.silences) < seconds / 2
