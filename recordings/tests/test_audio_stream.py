"""The authorised audio stream: Range requests, no caching, one audit event per listening session."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from recordings.services import open_audio


@pytest.fixture
def call(personas, make_recording):
    return make_recording(personas.register, fmt="wav-gsm", seconds=4.0)


@pytest.fixture
def plain(call) -> bytes:
    reader = open_audio(call)
    try:
        return b"".join(reader.read_all())
    finally:
        reader.close()


@pytest.fixture
def listening(client, personas, call):
    client.force_login(personas.supervisor)
    client.post(reverse("recording_listen", args=[call.public_id]), {"reason": ""})
    return client


def get(client, call, range_header=None):
    headers = {"HTTP_RANGE": range_header} if range_header else {}
    response = client.get(reverse("recording_audio", args=[call.public_id]), **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_whole_file_is_served_uncached(listening, call, plain):
    response, body = get(listening, call)
    assert response.status_code == 200
    assert body == plain
    assert response["Cache-Control"] == "no-store, private"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"].startswith("audio/ogg")
    assert int(response["Content-Length"]) == len(plain)


@pytest.mark.parametrize("header", ["bytes=0-99", "bytes=100-", "bytes=-500", "bytes=10-999999999"])
def test_ranges_return_206_with_the_right_bytes(listening, call, plain, header):
    size = len(plain)
    first, last = header.removeprefix("bytes=").split("-")
    if first == "":
        start, end = size - int(last), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    response, body = get(listening, call, header)
    assert response.status_code == 206
    assert body == plain[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert int(response["Content-Length"]) == end - start + 1


def test_a_range_beyond_the_end_is_416(listening, call, plain):
    response, _ = get(listening, call, f"bytes={len(plain) + 10}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(plain)}"


def test_a_middle_range_decrypts_to_the_same_bytes(listening, call, plain):
    mid = len(plain) // 2
    response, body = get(listening, call, f"bytes={mid}-{mid + 4095}")
    assert body == plain[mid : mid + 4096]


def test_stream_needs_a_listening_session(client, personas, call):
    client.force_login(personas.supervisor)
    response, _ = get(client, call)
    assert response.status_code == 403


def test_one_audit_event_per_listening_session_not_per_range_request(listening, call, plain):
    for start in range(0, len(plain), max(1, len(plain) // 5)):
        get(listening, call, f"bytes={start}-")
    plays = AuditEvent.objects.filter(action="play", object_id=str(call.pk))
    assert plays.count() == 1
    assert plays.get().client_address == "127.0.0.1"


def test_the_audio_url_is_not_guessable(call):
    url = reverse("recording_audio", args=[call.public_id])
    assert str(call.public_id) in url and str(call.pk) not in url.split("/")
