"""Every telephony format we accept is identified and measured by decoding, not by trusting its header."""

from __future__ import annotations

import pytest

from audio.probe import probe
from audio.synth import FORMATS, write_sample

CASES = [(fmt, ch) for fmt in FORMATS for ch in (1, 2) if not (fmt == "wav-gsm" and ch == 2)]
CODECS = {
    "wav-mulaw": "pcm_mulaw",
    "wav-alaw": "pcm_alaw",
    "wav-pcm": "pcm_s16le",
    "wav-gsm": "gsm_ms",
    "mp3": "mp3float",
    "opus": "opus",
    "ogg-vorbis": "vorbis",
    "m4a-aac": "aac",
    "flac": "flac",
}


@pytest.mark.parametrize(("fmt", "channels"), CASES, ids=[f"{f}-{c}ch" for f, c in CASES])
def test_format_is_identified_and_its_duration_is_right(tmp_path, fmt, channels):
    path = tmp_path / "call"
    write_sample(path, fmt, 5.5, channels=channels, seed=3)
    info = probe(path)
    assert info.codec == CODECS[fmt]
    assert info.channels == channels
    assert info.duration_seconds == pytest.approx(5.5, abs=0.1)


def test_gsm_header_misreports_and_the_decode_is_believed(tmp_path):
    path = tmp_path / "gsm.wav"
    write_sample(path, "wav-gsm", 6.0)
    info = probe(path)
    assert info.duration_seconds == pytest.approx(6.0, abs=0.05)
    # mutagen reads GSM 6.10 WAV as PCM and gets the length badly wrong.
    assert info.header_duration_seconds is None or abs(info.header_duration_seconds - 6.0) > 1
