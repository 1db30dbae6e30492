"""The browser rendition is Ogg Opus of the same length, stereo stays stereo, and peaks describe the waveform."""

from __future__ import annotations

import pytest

from audio.probe import probe
from audio.rendition import make_rendition
from audio.synth import FORMATS, write_sample


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_renders_to_opus_of_the_same_length(tmp_path, fmt):
    src, dst = tmp_path / "src", tmp_path / "out.ogg"
    write_sample(src, fmt, 4.0)
    result = make_rendition(src, dst)
    out = probe(dst)
    assert out.codec == "opus" and out.sample_rate == 48000
    assert out.duration_seconds == pytest.approx(probe(src).duration_seconds, abs=0.1)
    assert result.mime_type.startswith("audio/ogg")
    assert dst.read_bytes()[:4] == b"OggS"


def test_stereo_call_stays_stereo(tmp_path):
    src, dst = tmp_path / "src.wav", tmp_path / "out.ogg"
    write_sample(src, "wav-alaw", 3.0, channels=2)
    make_rendition(src, dst)
    assert probe(dst).channels == 2


def test_peaks_follow_the_audio(tmp_path):
    src, dst = tmp_path / "src.wav", tmp_path / "out.ogg"
    write_sample(src, "wav-mulaw", 6.0)
    peaks = make_rendition(src, dst).peaks
    assert 300 <= len(peaks) <= 1000
    assert all(0 <= p <= 1 for p in peaks) and max(peaks) == 1.0
    assert min(peaks) < 0.5  # syllables and pauses, not a flat line
