"""Blob storage down: ingest answers 503 JSON with nothing stored, playback says the audio is unavailable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from recordings.models import Recording

from .conftest import call_data
from .test_ingest_api import upload

pytestmark = pytest.mark.s3


def test_ingest_answers_503_json_and_stores_nothing_while_storage_is_down(
    personas, client, ingest_token, audio_file, stoppable_s3_storage
):
    path = audio_file("wav-mulaw", 3.0)
    stoppable_s3_storage.stop()
    response = upload(client, ingest_token, path, call_data(3.0, external_id="pbx-outage"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "storage" in response.json()["error"]
    assert not Recording.objects.exists()
    assert not AuditEvent.objects.filter(action="ingest").exists()

    stoppable_s3_storage.restart()
    response = upload(client, ingest_token, path, call_data(3.0, external_id="pbx-outage"))
    assert response.status_code == 201, response.json()
    keys = stoppable_s3_storage.client().list_objects_v2(Bucket=stoppable_s3_storage.bucket).get("Contents", [])
    assert [k["Key"] for k in keys] == [Recording.objects.get().original_blob]


def test_playback_says_the_audio_is_unavailable_while_storage_is_down(
    personas, client, make_recording, stoppable_s3_storage
):
    call = make_recording(personas.register, fmt="wav-mulaw", seconds=3.0)
    client.force_login(personas.supervisor)
    client.post(reverse("recording_listen", args=[call.public_id]), {"reason": ""})
    stoppable_s3_storage.stop()
    response = client.get(reverse("recording_audio", args=[call.public_id]), HTTP_RANGE="bytes=100-")
    assert response.status_code == 503
    assert "tallennustila ei vastaa" in response.content.decode()  # the UI's Finnish: storage does not answer
    assert response["Cache-Control"] == "no-store, private"

    stoppable_s3_storage.restart()
    response = client.get(reverse("recording_audio", args=[call.public_id]), HTTP_RANGE="bytes=100-")
    assert response.status_code == 206
