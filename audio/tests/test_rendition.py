"""The browser rendition is Ogg Opus of the same length, stereo stays stereo, and peaks describe the waveform."""

from __future__ import annotations

import mutagen
import pytest

from audio.errors import AudioError
from audio.probe import probe
from audio.rendition import make_rendition
from audio.synth import FORMATS, write_sample

CASES = [(fmt, ch) for fmt in FORMATS for ch in (1, 2) if not (fmt == "wav-gsm" and ch == 2)]


@pytest.mark.parametrize(("fmt", "channels"), CASES, ids=[f"{f}-{c}ch" for f, c in CASES])
def test_every_format_renders_to_opus_of_the_same_length(tmp_path, fmt, channels):
    src, dst = tmp_path / "src", tmp_path / "out.ogg"
    write_sample(src, fmt, 4.3, channels=channels, seed=2)
    source = probe(src)
    result = make_rendition(src, dst)
    out = probe(dst)
    assert dst.read_bytes()[:4] == b"OggS"
    assert result.mime_type == "audio/ogg; codecs=opus"
    assert (out.container, out.codec, out.sample_rate, out.channels) == ("ogg", "opus", 48000, channels)
    assert result.duration_seconds == pytest.approx(source.duration_seconds, abs=0.1)
    assert out.duration_seconds == pytest.approx(source.duration_seconds, abs=0.1)
    # Browsers take the length (and seek positions) from the Ogg granule positions, which mutagen reads.
    assert mutagen.File(dst).info.length == pytest.approx(source.duration_seconds, abs=0.1)
    assert result.peaks and all(0.0 <= p <= 1.0 for p in result.peaks)


def test_lengths_match_to_the_millisecond_for_lossless_sources(tmp_path):
    src, dst = tmp_path / "src.wav", tmp_path / "out.ogg"
    write_sample(src, "wav-gsm", 7.3)
    result = make_rendition(src, dst)
    assert result.duration_seconds == pytest.approx(probe(src).duration_seconds, abs=0.001)
    assert probe(dst).duration_seconds == pytest.approx(result.duration_seconds, abs=0.001)
    assert mutagen.File(dst).info.length == pytest.approx(result.duration_seconds, abs=0.001)


def test_more_than_two_channels_are_mixed_to_stereo(tmp_path):
    import av

    src, dst = tmp_path / "src.wav", tmp_path / "out.ogg"
    with av.open(str(src), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=8000, layout="quad")
        frame = av.AudioFrame(format="s16", layout="quad", samples=8000)
        frame.sample_rate = 8000
        frame.planes[0].update(bytes(range(256)) * (8000 * 8 // 256) + bytes(8000 * 8 % 256))
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    make_rendition(src, dst)
    assert probe(dst).channels == 2


def test_peaks_follow_the_audio(tmp_path):
    src, dst = tmp_path / "src.wav", tmp_path / "out.ogg"
    write_sample(src, "wav-mulaw", 6.0)
    peaks = make_rendition(src, dst).peaks
    assert len(peaks) == 600
    assert all(0 <= p <= 1 for p in peaks) and max(peaks) == 1.0
    assert min(peaks) < 0.5  # syllables and pauses, not a flat line


def test_short_calls_get_one_peak_per_5_ms(tmp_path):
    src, dst = tmp_path / "src.wav", tmp_path / "out.ogg"
    write_sample(src, "wav-alaw", 1.0)
    assert len(make_rendition(src, dst).peaks) == 200


def test_what_cannot_be_decoded_is_refused_and_leaves_no_output(tmp_path):
    src, dst = tmp_path / "src.ogg", tmp_path / "out.ogg"
    src.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    with pytest.raises(AudioError):
        make_rendition(src, dst)
    assert not dst.exists()
