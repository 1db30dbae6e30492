"""Audio at rest: encrypted blobs, rotation without touching audio, nothing in logs."""

from __future__ import annotations

import base64
import logging
import os

from django.core.management import call_command

from recordings.models import Recording
from recordings.services import open_audio
from vault.keyring import reset_keyring_cache

AUDIO_MAGIC = (b"RIFF", b"OggS", b"ID3", b"fLaC", b"\xff\xfb", b"\xff\xf3", b"\x00\x00\x00")


def _blob_bytes(settings, name: str) -> bytes:
    with open(os.path.join(settings.MEDIA_ROOT, name), "rb") as fh:
        return fh.read()


def test_no_stored_blob_starts_with_an_audio_header(personas, make_recording, settings, audio_file):
    recording = make_recording(personas.register, fmt="wav-pcm", seconds=2.0)
    for name in (recording.original_blob, recording.rendition_blob):
        data = _blob_bytes(settings, name)
        assert not data.startswith(AUDIO_MAGIC)
        assert b"RIFF" not in data[:64] and b"OggS" not in data[:64]


def test_blob_names_reveal_nothing(personas, make_recording):
    recording = make_recording(personas.register, seconds=2.0)
    assert recording.external_id not in recording.original_blob
    assert not recording.original_blob.endswith((".wav", ".ogg", ".mp3"))


def test_rotate_keys_rewraps_data_keys_without_touching_audio(personas, make_recording, settings):
    settings.RECORDINGS_KEYS = "old:" + base64.b64encode(os.urandom(32)).decode()
    reset_keyring_cache()
    recording = make_recording(personas.register, seconds=2.0)
    blob_before = _blob_bytes(settings, recording.original_blob)
    assert recording.key_id == "old"

    settings.RECORDINGS_KEYS = "new:" + base64.b64encode(os.urandom(32)).decode() + "," + settings.RECORDINGS_KEYS
    reset_keyring_cache()
    call_command("rotate_keys")
    recording.refresh_from_db()
    assert recording.key_id == "new"
    assert _blob_bytes(settings, recording.original_blob) == blob_before

    # The old key can now go: the audio still decrypts with the new one alone.
    settings.RECORDINGS_KEYS = settings.RECORDINGS_KEYS.split(",")[0]
    reset_keyring_cache()
    reader = open_audio(Recording.objects.get(pk=recording.pk))
    try:
        assert b"".join(reader.read_all())[:4] == b"OggS"
    finally:
        reader.close()


def test_ingest_logs_no_phone_number(personas, make_recording, caplog):
    caplog.set_level(logging.DEBUG)
    make_recording(personas.register, seconds=2.0, caller="040 765 4321")
    assert "7654321" not in caplog.text
