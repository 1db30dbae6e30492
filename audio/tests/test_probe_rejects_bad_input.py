"""Bad input is refused with an AudioError whose message names the problem."""

from __future__ import annotations

import random
import struct
import zlib

import av
import pytest

from audio import probe as probe_module
from audio.errors import AudioError
from audio.probe import probe
from audio.synth import write_sample


def _png() -> bytes:
    """A real 1x1 PNG, built chunk by chunk so the bytes are what an image file holds."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _refused(path, word: str) -> str:
    with pytest.raises(AudioError) as excinfo:
        probe(path)
    message = str(excinfo.value)
    assert word in message, message
    return message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    _refused(path, "empty")


def test_png_renamed_to_ogg(tmp_path):
    path = tmp_path / "call.ogg"
    path.write_bytes(_png())
    assert "not audio" in _refused(path, "PNG")


@pytest.mark.parametrize(
    ("content", "word"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200), "JPEG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(200), "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00" + bytes(200), "ZIP"),
    ],
    ids=["jpeg", "pdf", "zip"],
)
def test_other_known_non_audio_is_named(tmp_path, content, word):
    path = tmp_path / "call.mp3"
    path.write_bytes(content)
    _refused(path, word)


def test_random_bytes(tmp_path):
    path = tmp_path / "call.mp3"
    path.write_bytes(random.Random(1).randbytes(64 * 1024))
    _refused(path, "audio")


@pytest.mark.parametrize("fmt", ["wav-mulaw", "wav-gsm", "mp3", "flac", "opus", "ogg-vorbis", "m4a-aac"])
def test_file_cut_in_half(tmp_path, fmt):
    path = tmp_path / "call"
    write_sample(path, fmt, 20.0)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "truncated")


def test_wav_header_that_lies_about_its_length(tmp_path):
    path = tmp_path / "call.wav"
    write_sample(path, "wav-pcm", 2.0)
    data = bytearray(path.read_bytes())
    at = data.index(b"data")
    real = struct.unpack("<I", data[at + 4 : at + 8])[0]
    data[at + 4 : at + 8] = struct.pack("<I", real * 20)
    path.write_bytes(bytes(data))
    message = _refused(path, "truncated")
    assert "40.0 s" in message and "2.0 s" in message


def test_gsm_fact_chunk_that_claims_more_samples_than_there_are(tmp_path):
    path = tmp_path / "call.wav"
    write_sample(path, "wav-gsm", 4.0)
    data = bytearray(path.read_bytes())
    at = data.index(b"fact")
    data[at + 8 : at + 12] = struct.pack("<I", 8000 * 60)
    path.write_bytes(bytes(data))
    _refused(path, "truncated")


def test_wav_with_a_header_and_no_samples(tmp_path):
    path = tmp_path / "call.wav"
    write_sample(path, "wav-pcm", 1.0)
    data = path.read_bytes()
    at = data.index(b"data")
    path.write_bytes(data[:at] + b"data" + struct.pack("<I", 0))
    _refused(path, "audio")


def test_video_without_an_audio_stream(tmp_path):
    path = tmp_path / "call.mp4"
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("mpeg4", rate=1)
        stream.width = stream.height = 16
        stream.pix_fmt = "yuv420p"
        frame = av.VideoFrame(16, 16, "rgb24").reformat(format="yuv420p")
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    _refused(path, "no audio stream")


def test_a_format_we_do_not_keep_is_named(tmp_path):
    path = tmp_path / "call.ac3"
    with av.open(str(path), "w", format="ac3") as out:
        stream = out.add_stream("ac3", rate=48000, layout="mono")
        frame = av.AudioFrame(format="fltp", layout="mono", samples=1536)
        frame.sample_rate = 48000
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    message = _refused(path, "unsupported audio format")
    assert "AC3" in message and "accepted formats" in message


def test_absurdly_long_recordings_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(probe_module, "MAX_DURATION_SECONDS", 3600)
    path = tmp_path / "call.wav"
    write_sample(path, "wav-pcm", 1.0)
    data = bytearray(path.read_bytes())
    # An hour and a bit of silence after the header, as an unattended recorder leaves.
    at = data.index(b"data")
    silence = bytes(2 * 8000 * 3700)
    data = data[: at + 4] + struct.pack("<I", len(silence)) + silence
    path.write_bytes(bytes(data))
    _refused(path, "longer than 1 hour,")
