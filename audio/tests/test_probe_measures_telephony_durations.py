"""Every telephony format we accept is identified and measured by decoding, not by trusting its header."""

from __future__ import annotations

import struct

import mutagen
import pytest

from audio.probe import probe
from audio.synth import FORMATS, write_sample

CASES = [(fmt, ch) for fmt in FORMATS for ch in (1, 2) if not (fmt == "wav-gsm" and ch == 2)]
# fmt -> (container, codec, sample rate, label)
EXPECTED = {
    "wav-mulaw": ("wav", "pcm_mulaw", 8000, "WAV G.711 µ-law"),
    "wav-alaw": ("wav", "pcm_alaw", 8000, "WAV G.711 A-law"),
    "wav-pcm": ("wav", "pcm_s16le", 8000, "WAV PCM 16-bit"),
    "wav-gsm": ("wav", "gsm_ms", 8000, "WAV GSM 6.10"),
    "mp3": ("mp3", "mp3", 8000, "MP3"),
    "opus": ("ogg", "opus", 48000, "Ogg Opus"),
    "ogg-vorbis": ("ogg", "vorbis", 16000, "Ogg Vorbis"),
    "m4a-aac": ("mp4", "aac", 16000, "M4A AAC"),
    "flac": ("flac", "flac", 8000, "FLAC"),
}
# Lossy encoders add priming/padding their containers may not fully mark.
LOSSY = {"mp3", "opus", "ogg-vorbis", "m4a-aac"}


@pytest.mark.parametrize(("fmt", "channels"), CASES, ids=[f"{f}-{c}ch" for f, c in CASES])
def test_format_is_identified_and_its_duration_is_right(tmp_path, fmt, channels):
    path = tmp_path / "call"
    write_sample(path, fmt, 5.5, channels=channels, seed=3)
    info = probe(path)
    container, codec, rate, label = EXPECTED[fmt]
    assert (info.container, info.codec, info.sample_rate, info.format_label) == (container, codec, rate, label)
    assert info.channels == channels
    assert info.duration_seconds == pytest.approx(5.5, abs=0.1 if fmt in LOSSY else 0.05)
    assert info.header_duration_seconds == pytest.approx(5.5, abs=0.25)


def test_gsm_length_comes_from_the_wav_chunks_not_from_mutagen(tmp_path):
    path = tmp_path / "gsm.wav"
    write_sample(path, "wav-gsm", 6.0)
    # mutagen reads GSM 6.10 WAV as if it were PCM and gets the length badly wrong ...
    assert mutagen.File(path).info.length < 1
    # ... so the header's claim is read from the data/fact chunks, and the decode agrees with it.
    info = probe(path)
    assert info.duration_seconds == pytest.approx(6.0, abs=0.05)
    assert info.header_duration_seconds == pytest.approx(6.0, abs=0.05)


def test_gsm_with_an_odd_block_count_and_a_pad_byte_is_accepted(tmp_path):
    # 7.3 s is 182.5 blocks of 320 samples: SoX pads the data chunk to an even
    # size, and FFmpeg fails on that last one-byte packet. That is not damage.
    path = tmp_path / "gsm.wav"
    write_sample(path, "wav-gsm", 7.3)
    assert probe(path).duration_seconds == pytest.approx(7.3, abs=0.05)


def test_wav_left_unfinalised_by_a_streaming_recorder_is_measured_by_decoding(tmp_path):
    path = tmp_path / "call.wav"
    write_sample(path, "wav-pcm", 3.0)
    data = bytearray(path.read_bytes())
    at = data.index(b"data")
    data[at + 4 : at + 8] = struct.pack("<I", 0xFFFFFFFF)  # "size unknown"
    path.write_bytes(bytes(data))
    info = probe(path)
    assert info.duration_seconds == pytest.approx(3.0, abs=0.01)
    assert info.header_duration_seconds is None


def test_long_stereo_calls_are_measured_to_the_sample(tmp_path):
    path = tmp_path / "call.wav"
    write_sample(path, "wav-pcm", 40.25, channels=2, seed=9)
    info = probe(path)
    assert info.duration_seconds == pytest.approx(40.25, abs=0.001)


def test_synthetic_calls_are_deterministic_and_stereo_has_two_voices(tmp_path):
    first, second, other = tmp_path / "a.wav", tmp_path / "b.wav", tmp_path / "c.wav"
    write_sample(first, "wav-pcm", 6.0, channels=2, seed=5)
    write_sample(second, "wav-pcm", 6.0, channels=2, seed=5)
    write_sample(other, "wav-pcm", 6.0, channels=2, seed=6)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    pcm = first.read_bytes()[first.read_bytes().index(b"data") + 8 :]
    samples = struct.unpack(f"<{len(pcm) // 2}h", pcm)
    left, right = samples[0::2], samples[1::2]
    assert left != right
    assert max(map(abs, left)) > 3000 and max(map(abs, right)) > 3000  # both parties speak, in turns


def test_unknown_format_or_gsm_stereo_is_refused_by_the_synthesiser(tmp_path):
    with pytest.raises(ValueError):
        write_sample(tmp_path / "x", "wav-g729", 1.0)
    with pytest.raises(ValueError):
        write_sample(tmp_path / "x", "wav-gsm", 1.0, channels=2)
