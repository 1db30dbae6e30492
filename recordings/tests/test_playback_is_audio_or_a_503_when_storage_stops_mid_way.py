"""Blob storage stopping between two plays of a call is a 503 page, not a 206 that sends no bytes.

After the first play the blob's header is cached, so the next play's first storage read is of the audio
itself; it must happen before the answer's status and headers are chosen.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.s3


@pytest.mark.parametrize("range_header", ["bytes=100-", "bytes=0-", None])
def test_a_play_after_storage_stopped_is_a_503_even_with_the_header_cached(
    personas, client, make_recording, stoppable_s3_storage, range_header
):
    call = make_recording(personas.register, fmt="wav-mulaw", seconds=3.0)
    client.force_login(personas.supervisor)
    client.post(reverse("recording_listen", args=[call.public_id]), {"reason": ""})
    audio_url = reverse("recording_audio", args=[call.public_id])
    headers = {"HTTP_RANGE": range_header} if range_header else {}
    first = client.get(audio_url, **headers)
    assert first.status_code in (200, 206)
    audio = b"".join(first.streaming_content)
    assert len(audio) == int(first["Content-Length"]) > 0

    stoppable_s3_storage.stop()
    response = client.get(audio_url, **headers)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "tallennustila ei vastaa" in response.content.decode()  # the UI's Finnish: storage does not answer

    stoppable_s3_storage.restart()
    again = client.get(audio_url, **headers)
    assert again.status_code == first.status_code
    assert b"".join(again.streaming_content) == audio
