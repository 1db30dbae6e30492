"""A PCM or G.711 WAV is counted from its data chunk without decoding, and the verdict is the one decoding gives.

Every file here is probed twice: as uploads are (counted where the format
allows) and with counting switched off (decoded to the end by FFmpeg). The two
must agree on every field, or on the error, for intact files and for each way
recorders and networks damage them.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from audio import probe as probe_module
from audio.errors import AudioError
from audio.synth import write_sample

COUNTED = [("wav-mulaw", 1), ("wav-alaw", 1), ("wav-pcm", 1), ("wav-mulaw", 2), ("wav-pcm", 2)]


def _chunks(data: bytes) -> tuple[int, int]:
    """(offset of the data chunk's size field, offset of its first byte)."""
    at = 12
    while at < len(data):
        chunk_id, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        if chunk_id == b"data":
            return at + 4, at + 8
        at += 8 + size + (size & 1)
    raise AssertionError("no data chunk")


def _variants(intact: bytes) -> dict[str, bytes]:
    size_at, start = _chunks(intact)
    size = struct.unpack("<I", intact[size_at : size_at + 4])[0]

    def with_size(data: bytes, value: int) -> bytes:
        return data[:size_at] + struct.pack("<I", value) + data[size_at + 4 :]

    body_end = start + size
    return {
        "intact": intact,
        "cut at 95%": intact[: start + size * 95 // 100],
        "cut at half": intact[: start + size // 2],
        "cut mid-block": intact[: body_end - 1],
        "header only": intact[:start],
        "a LIST chunk after the data": intact[:body_end] + b"LIST" + struct.pack("<I", 4) + b"INFO",
        "an odd byte beyond the blocks": with_size(intact[:body_end] + b"\x00", size + 1) + b"\x00",
        "a size claiming twice the data": with_size(intact, size * 2),
        "the streaming placeholder 0": with_size(intact, 0),
        "the streaming placeholder 0xFFFFFFFF": with_size(intact, 0xFFFFFFFF),
    }


def _verdict(path: Path):
    try:
        return probe_module.probe(path)
    except AudioError as error:
        return f"refused: {error}"


@pytest.mark.parametrize(("fmt", "channels"), COUNTED, ids=[f"{f}-{c}ch" for f, c in COUNTED])
def test_counting_and_decoding_agree_on_intact_and_damaged_files(tmp_path, monkeypatch, fmt, channels):
    source = tmp_path / "call.wav"
    write_sample(source, fmt, 12.0, channels=channels, seed=3)
    for name, data in _variants(source.read_bytes()).items():
        path = tmp_path / "variant.wav"
        path.write_bytes(data)
        counted = _verdict(path)
        with monkeypatch.context() as switched_off:
            switched_off.setattr(probe_module, "_wav_counted_samples", lambda *_args: None)
            decoded = _verdict(path)
        assert counted == decoded, name


@pytest.mark.parametrize(("fmt", "channels"), COUNTED, ids=[f"{f}-{c}ch" for f, c in COUNTED])
def test_an_intact_call_is_counted_without_decoding(tmp_path, monkeypatch, fmt, channels):
    path = tmp_path / "call.wav"
    write_sample(path, fmt, 12.0, channels=channels, seed=3)

    def no_decoding(*_args):
        raise AssertionError("decoded a file that can be counted")

    monkeypatch.setattr(probe_module, "_decoded_samples", no_decoding)
    info = probe_module.probe(path)
    assert info.duration_seconds == pytest.approx(12.0, abs=0.01)
    assert info.channels == channels


def test_gsm_and_the_placeholder_size_are_still_decoded(tmp_path):
    gsm = tmp_path / "gsm.wav"
    write_sample(gsm, "wav-gsm", 3.0)
    assert probe_module._wav_counted_samples(probe_module._wav_chunks(gsm), "gsm_ms") is None
    placeholder = tmp_path / "placeholder.wav"
    write_sample(placeholder, "wav-mulaw", 3.0)
    data = placeholder.read_bytes()
    size_at, _start = _chunks(data)
    placeholder.write_bytes(data[:size_at] + b"\xff\xff\xff\xff" + data[size_at + 4 :])
    assert probe_module._wav_counted_samples(probe_module._wav_chunks(placeholder), "pcm_mulaw") is None
    assert probe_module.probe(placeholder).duration_seconds == pytest.approx(3.0, abs=0.01)


def test_a_header_naming_zero_bits_a_sample_is_decoded_not_divided_by(tmp_path):
    """A fmt chunk of zeros for the block size and bits: counting would divide by zero (a 500 at upload)."""
    path = tmp_path / "zero-bits.wav"
    write_sample(path, "wav-mulaw", 3.0)
    data = bytearray(path.read_bytes())
    fmt = data.index(b"fmt ") + 8
    # byte rate, block align and bits per sample: 0, as a broken recorder wrote them.
    data[fmt + 8 : fmt + 16] = struct.pack("<IHH", 0, 0, 0)
    path.write_bytes(bytes(data))
    assert probe_module._wav_counted_samples(probe_module._wav_chunks(path), "pcm_mulaw") is None
    assert probe_module.probe(path).duration_seconds == pytest.approx(3.0, abs=0.01)
