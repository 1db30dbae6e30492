"""A download is listening too: every byte of it inside an audited listening session that names its reason.

The original is compared with the file the recorder uploaded, not with what
the code under test decrypts, and the ranges cross the vault's 64 KiB
segment boundaries.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from recordings.services import parse_call_metadata, recording_ingest
from recordings.tests.conftest import call_data

SEGMENT = 64 * 1024


@pytest.fixture
def register(personas):
    register = personas.register
    register.download_roles = ["supervisor", "dpo"]
    register.listen_reason_required = True
    register.save()
    return register


@pytest.fixture
def call(register, audio_file):
    """Twenty seconds of G.711 mu-law: about 160 KB, three vault segments."""
    path = audio_file("wav-mulaw", 20.0)
    recording, _ = recording_ingest(register=register, audio_path=path, metadata=parse_call_metadata(call_data(20.0)))
    original = path.read_bytes()
    assert len(original) > 2 * SEGMENT
    return recording, original


def download(client, recording, range_header=None):
    headers = {"HTTP_RANGE": range_header} if range_header else {}
    response = client.get(reverse("recording_audio", args=[recording.public_id]) + "?download=1", **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def listen(client, recording, reason):
    return client.post(reverse("recording_listen", args=[recording.public_id]), {"reason": reason})


def downloads_of(recording):
    return AuditEvent.objects.filter(action="download", object_id=str(recording.pk))


@pytest.mark.parametrize("range_header", [None, "bytes=0-", "bytes=1-", f"bytes={SEGMENT}-", "bytes=-100000"])
def test_supervisor_cannot_download_without_a_listening_session_whatever_the_range(
    personas, call, client, range_header
):
    recording, original = call
    client.force_login(personas.supervisor)
    response, body = download(client, recording, range_header)
    assert response.status_code == 403
    assert original[100:200] not in body
    assert not downloads_of(recording).exists()


def test_a_download_from_byte_one_is_audited_with_the_listening_reason(personas, call, client):
    recording, original = call
    client.force_login(personas.supervisor)
    listen(client, recording, "Reklamaatio 2026-118")
    response, body = download(client, recording, "bytes=1-")
    assert response.status_code == 206
    assert body == original[1:]
    event = downloads_of(recording).get()
    assert event.reason == "Reklamaatio 2026-118"
    assert event.actor_id == personas.supervisor.pk


@pytest.mark.parametrize(
    "first,last",
    [
        (SEGMENT - 6, SEGMENT + 9),  # the first boundary
        (SEGMENT - 1, 2 * SEGMENT),  # one byte either side of a whole segment
        (1, 2 * SEGMENT + 1),  # across two boundaries
        (2 * SEGMENT, None),  # the last segment to the end
    ],
)
def test_ranges_across_segment_boundaries_are_the_uploaded_bytes(personas, call, client, first, last):
    recording, original = call
    client.force_login(personas.supervisor)
    listen(client, recording, "Laadunvarmistus")
    end = len(original) - 1 if last is None else last
    response, body = download(client, recording, f"bytes={first}-{'' if last is None else last}")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{end}/{len(original)}"
    assert body == original[first : end + 1]


def test_one_download_event_per_listening_session_however_many_ranges(personas, call, client):
    recording, original = call
    client.force_login(personas.supervisor)
    listen(client, recording, "Laadunvarmistus")
    for start in range(1, len(original), SEGMENT // 2):
        assert download(client, recording, f"bytes={start}-")[0].status_code == 206
    assert downloads_of(recording).count() == 1


def test_a_dpo_who_names_no_request_cannot_download(personas, call, client):
    recording, _original = call
    client.force_login(personas.dpo)
    listen(client, recording, "")
    response, _body = download(client, recording, "bytes=1-")
    assert response.status_code == 403
    assert not downloads_of(recording).exists()


def test_a_dpo_downloads_under_the_request_they_name(personas, call, client):
    recording, original = call
    client.force_login(personas.dpo)
    listen(client, recording, "TP-2026-0007")
    response, body = download(client, recording)
    assert response.status_code == 200 and body == original
    assert downloads_of(recording).get().reason == "TP-2026-0007"


def test_a_download_needs_the_register_to_allow_it_even_inside_a_session(personas, call, client):
    recording, _original = call
    recording.register.download_roles = ["dpo"]
    recording.register.save()
    client.force_login(personas.supervisor)
    listen(client, recording, "Laadunvarmistus")
    assert download(client, recording, "bytes=1-")[0].status_code == 404
