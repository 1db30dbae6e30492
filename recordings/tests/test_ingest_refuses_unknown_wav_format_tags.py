"""A WAV whose format tag names no codec (unknown, zero, garbled) is refused as audio, not a 500.

The files are real WAVs (a G.711 µ-law call and a PCM file of the shared
corpus) with only the two bytes of the fmt chunk's format tag changed.
"""

from __future__ import annotations

import struct

import pytest

from recordings.models import Recording

from .conftest import call_data
from .test_ingest_api import stored_blobs, upload


@pytest.fixture
def upload_tmp(settings, tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def with_format_tag(wav: bytes, tag: int) -> bytes:
    at = wav.find(b"fmt ")
    assert at > 0
    return wav[: at + 8] + struct.pack("<H", tag) + wav[at + 10 :]


@pytest.mark.parametrize("tag", [0x0000, 0x1234, 0xFFFF, 0x7A7A])
def test_a_wav_with_an_unknown_format_tag_is_refused_naming_the_audio(
    personas, client, ingest_token, audio_file, tmp_path, settings, upload_tmp, tag
):
    path = tmp_path / "tagged.wav"
    path.write_bytes(with_format_tag(audio_file("wav-mulaw", 3.0).read_bytes(), tag))
    response = upload(client, ingest_token, path, call_data(3.0))
    assert response.status_code == 400, response.content
    message = response.json()["error"]
    assert message.startswith("audio:") and "format" in message, message
    assert Recording.objects.count() == 0
    assert stored_blobs(settings) == []
    assert list(upload_tmp.iterdir()) == []


def test_a_corpus_wav_with_a_garbled_format_tag_is_refused(
    personas, client, ingest_token, tmp_path, settings, upload_tmp
):
    from audio.tests.test_corpus import CORPUS, _require_corpus

    _require_corpus()
    original = (CORPUS / "silence-2s-PCM-16000-08-notags.wav").read_bytes()
    path = tmp_path / "garbled.wav"
    path.write_bytes(with_format_tag(original, 0xBEEF))
    response = upload(client, ingest_token, path, call_data(2.0))
    assert response.status_code == 400, response.content
    assert response.json()["error"].startswith("audio:")
    assert Recording.objects.count() == 0
    assert stored_blobs(settings) == []
