"""Range requests through the audio view that start, end and span 64 KiB vault segments return the right bytes.

The expected bytes come from outside the code under test: a download of the
original must be byte for byte the file the recorder uploaded, so every range
is checked against a slice of that file. The browser rendition is checked
against its own whole-body answer and the size recorded when it was made.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from vault.blobs import SEGMENT_SIZE

from .conftest import call_data
from .test_ingest_api import upload

SEGMENT = 64 * 1024
assert SEGMENT == SEGMENT_SIZE, "the vault format documents 64 KiB segments"


@pytest.fixture
def long_call(personas, client, ingest_token, audio_file):
    """40 s of 16-bit PCM at 8 kHz: an original of about ten segments, a rendition of about three."""
    from recordings.models import Recording
    from recordings.services import rendition_make

    register = personas.register
    register.download_roles = ["supervisor"]
    register.save()
    path = audio_file("wav-pcm", 40.0)
    response = upload(client, ingest_token, path, call_data(40.0))
    assert response.status_code == 201, response.content
    recording = rendition_make(Recording.objects.get(public_id=response.json()["id"]))
    uploaded = path.read_bytes()
    assert len(uploaded) > 9 * SEGMENT and recording.rendition_size > 2 * SEGMENT
    return recording, uploaded


@pytest.fixture
def listening(client, personas, long_call):
    recording, _ = long_call
    client.force_login(personas.supervisor)
    client.post(reverse("recording_listen", args=[recording.public_id]), {"reason": "coaching"})
    return client


def fetch(client, recording, range_header=None, *, download=False):
    url = reverse("recording_audio", args=[recording.public_id]) + ("?download=1" if download else "")
    headers = {"HTTP_RANGE": range_header} if range_header else {}
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def boundary_ranges(size: int) -> list[tuple[int, int]]:
    """Ranges that end on, start on, straddle and span segment boundaries, and the last partial segment."""
    k = SEGMENT
    return [
        (0, k - 1),
        (k - 1, k),
        (k, 2 * k - 1),
        (k - 10, k + 10),
        (k + 1, 3 * k + 1),
        (2 * k - 1, 2 * k - 1),
        (0, 4 * k),
        ((size // k) * k - 1, size - 1),
        (size - 100, size - 1),
    ]


def test_ranges_of_the_original_across_segments_are_the_uploaded_bytes(listening, long_call):
    recording, uploaded = long_call
    size = len(uploaded)
    for first, last in boundary_ranges(size):
        response, body = fetch(listening, recording, f"bytes={first}-{last}", download=True)
        assert response.status_code == 206, (first, last)
        assert response["Content-Range"] == f"bytes {first}-{last}/{size}"
        assert int(response["Content-Length"]) == last - first + 1
        assert body == uploaded[first : last + 1], (first, last)


def test_open_ended_and_suffix_ranges_of_the_original_end_at_the_uploaded_files_end(listening, long_call):
    recording, uploaded = long_call
    size = len(uploaded)
    for header, expected in [
        (f"bytes={3 * SEGMENT + 7}-", uploaded[3 * SEGMENT + 7 :]),
        (f"bytes=-{SEGMENT + 3}", uploaded[-(SEGMENT + 3) :]),
        (f"bytes={SEGMENT}-{10 * size}", uploaded[SEGMENT:]),
    ]:
        response, body = fetch(listening, recording, header, download=True)
        assert response.status_code == 206, header
        assert body == expected, header
    response, body = fetch(listening, recording, download=True)
    assert response.status_code == 200 and body == uploaded


def test_ranges_of_the_rendition_across_segments_match_its_whole_body(listening, long_call):
    recording, _ = long_call
    response, whole = fetch(listening, recording)
    assert response.status_code == 200
    assert len(whole) == recording.rendition_size and whole[:4] == b"OggS"
    for first, last in boundary_ranges(len(whole)):
        response, body = fetch(listening, recording, f"bytes={first}-{last}")
        assert response.status_code == 206, (first, last)
        assert body == whole[first : last + 1], (first, last)


@pytest.mark.parametrize("download", [False, True])
def test_a_five_thousand_digit_range_is_answered_416_not_500(listening, long_call, download):
    recording, _ = long_call
    response, _body = fetch(listening, recording, "bytes=" + "9" * 5000 + "-", download=download)
    assert response.status_code == 416
    response, body = fetch(listening, recording, "bytes=0-" + "9" * 5000, download=download)
    assert response.status_code == 206 and len(body) == int(response["Content-Length"])
