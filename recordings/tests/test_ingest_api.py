"""The recorder integration uploads calls; bad input is refused clearly and leaves nothing behind."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from recordings.models import Recording

from .conftest import call_data, recent_call_end


def upload(client, token, path, data, slug="register-a"):
    with open(path, "rb") as fh:
        return client.post(
            reverse("api_recording_upload", args=[slug]),
            {**data, "audio": fh},
            HTTP_AUTHORIZATION=f"Token {token}",
        )


def stored_blobs(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files] if os.path.exists(root) else []


@pytest.fixture
def upload_tmp(settings, tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def test_a_new_call_is_stored_and_answered_with_201(personas, client, ingest_token, audio_file, upload_tmp):
    path = audio_file("wav-mulaw", 4.0)
    ended = recent_call_end()
    response = upload(client, ingest_token, path, call_data(4.0, external_id="pbx-1", ended=ended))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= {"id", "duration_seconds", "sha256", "expires_at"}
    assert abs(body["duration_seconds"] - 4.0) < 0.1
    recording = Recording.objects.get(public_id=body["id"])
    assert recording.caller_number == "+358401234567"
    assert recording.codec == "pcm_mulaw" and recording.sample_rate == 8000 and recording.channels == 1
    # 12 months after the call ended (10:00 UTC is 12:00 or 13:00 in Helsinki, the same date).
    expected = ended.date().replace(year=ended.year + 1, day=min(ended.day, 28 if ended.month == 2 else 31))
    assert body["expires_at"].startswith(expected.isoformat())
    assert AuditEvent.objects.filter(action="ingest", object_id=str(recording.pk)).count() == 1
    assert list(upload_tmp.iterdir()) == []


def test_the_same_call_with_the_same_audio_returns_200_and_the_existing_record(
    personas, client, ingest_token, audio_file, settings
):
    path = audio_file("wav-alaw", 3.0)
    data = call_data(3.0, external_id="pbx-2")
    first = upload(client, ingest_token, path, data)
    blobs = stored_blobs(settings)
    again = upload(client, ingest_token, path, data)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Recording.objects.filter(external_id="pbx-2").count() == 1
    # The unique id answered the re-upload: the copy it had stored is gone, one ingest event stands.
    assert stored_blobs(settings) == blobs
    assert AuditEvent.objects.filter(action="ingest", object_id=str(Recording.objects.get().pk)).count() == 1


def test_the_same_call_with_different_audio_is_a_conflict(personas, client, ingest_token, audio_file, settings):
    data = call_data(3.0, external_id="pbx-3")
    assert upload(client, ingest_token, audio_file("wav-mulaw", 3.0, seed=1), data).status_code == 201
    blobs = stored_blobs(settings)
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0, seed=2), data)
    assert response.status_code == 409
    assert "different audio" in response.json()["error"]
    assert stored_blobs(settings) == blobs


@pytest.mark.parametrize(
    "content, name, expected",
    [
        (b"", "empty.wav", "empty"),
        (os.urandom(4096), "noise.wav", "audio"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "picture.ogg", "PNG"),
    ],
)
def test_bad_audio_is_refused_with_a_clear_error_and_nothing_stored(
    personas, client, ingest_token, tmp_path, settings, upload_tmp, content, name, expected
):
    path = tmp_path / name
    path.write_bytes(content)
    response = upload(client, ingest_token, path, call_data(3.0))
    assert response.status_code == 400
    assert expected in response.json()["error"]
    assert Recording.objects.count() == 0
    assert stored_blobs(settings) == []
    assert list(upload_tmp.iterdir()) == []


def test_a_truncated_stream_is_refused(personas, client, ingest_token, audio_file, tmp_path):
    whole = audio_file("wav-pcm", 6.0).read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole[: len(whole) // 3])
    response = upload(client, ingest_token, cut, call_data(6.0))
    assert response.status_code == 400
    assert "truncated" in response.json()["error"]
    assert Recording.objects.count() == 0


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"started_at": "yesterday"}, "started_at"),
        ({"ended_at": recent_call_end().replace(tzinfo=None).isoformat()}, "ended_at"),
        ({"caller": "not a number"}, "caller"),
        ({"direction": "sideways"}, "direction"),
        ({"external_id": ""}, "external_id"),
        ({"external_id": "x" * 500}, "external_id"),
    ],
)
def test_bad_metadata_is_refused_naming_the_field(
    personas, client, ingest_token, audio_file, settings, overrides, field
):
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(3.0, **overrides))
    assert response.status_code == 400
    assert response.json()["error"].startswith(field)
    assert Recording.objects.count() == 0
    assert stored_blobs(settings) == []


def test_audio_that_disagrees_with_the_call_times_is_refused(personas, client, ingest_token, audio_file):
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(30.0))
    assert response.status_code == 400
    assert "duration" in response.json()["error"]


def test_an_upload_above_the_limit_gets_413(personas, client, ingest_token, audio_file, settings, upload_tmp):
    settings.INGEST_MAX_UPLOAD_BYTES = 10_000
    response = upload(client, ingest_token, audio_file("wav-pcm", 3.0), call_data(3.0))
    assert response.status_code == 413
    assert Recording.objects.count() == 0
    assert list(upload_tmp.iterdir()) == []


def test_a_token_works_only_for_its_own_register(personas, client, ingest_token, audio_file):
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(3.0), slug="register-b")
    assert response.status_code == 401
    assert upload(client, "rat_wrong", audio_file("wav-mulaw", 3.0), call_data(3.0)).status_code == 401


def test_a_revoked_token_is_refused(personas, client, ingest_token, audio_file):
    from django.core.management import call_command

    call_command("revoke_ingest_token", ingest_token[:10])
    assert upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(3.0)).status_code == 401


def test_the_integration_reads_back_metadata_and_gets_404_once_deleted(personas, client, ingest_token, audio_file):
    from recordings.services import recording_shred

    upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(3.0, external_id="pbx/9"))
    url = reverse("api_recording", args=["register-a", "pbx/9"])
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {ingest_token}")
    assert response.status_code == 200 and response.json()["external_id"] == "pbx/9"
    recording_shred(Recording.objects.get(external_id="pbx/9"), reason="erasure")
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {ingest_token}").status_code == 404


def test_a_database_failure_after_the_blob_was_written_removes_the_blob(
    personas, client, ingest_token, audio_file, settings, monkeypatch
):
    from django.db import OperationalError

    def broken_save(*args, **kwargs):
        raise OperationalError("connection lost")

    monkeypatch.setattr(Recording, "save", broken_save)
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(3.0))
    assert response.status_code == 503
    assert stored_blobs(settings) == []


def test_a_token_is_rate_limited_with_a_clear_429(personas, client, ingest_token, audio_file, settings, monkeypatch):
    import time

    from django.core.cache import cache

    cache.clear()
    frozen = (time.time() // 60) * 60 + 10  # the middle of one rate window, whatever the clock says
    monkeypatch.setattr("recordings.api._clock", lambda: frozen)
    settings.INGEST_RATE_PER_MINUTE = 2
    path = audio_file("wav-mulaw", 2.0)
    answers = [upload(client, ingest_token, path, call_data(2.0)).status_code for _ in range(3)]
    assert answers[:2] == [201, 201]
    assert answers[2] == 429
    response = upload(client, ingest_token, path, call_data(2.0))
    assert "at most 2 a minute" in response.json()["error"] and int(response["Retry-After"]) <= 60
    assert Recording.objects.count() == 2
