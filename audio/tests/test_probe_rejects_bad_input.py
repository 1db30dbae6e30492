"""Bad input is refused with a message that names the problem."""

from __future__ import annotations

import os
import struct

import pytest

from audio.errors import AudioError
from audio.probe import probe
from audio.synth import write_sample

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


def _refused(path, word: str) -> str:
    with pytest.raises(AudioError) as excinfo:
        probe(path)
    assert word in str(excinfo.value), str(excinfo.value)
    return str(excinfo.value)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    _refused(path, "empty")


def test_png_called_ogg(tmp_path):
    path = tmp_path / "call.ogg"
    path.write_bytes(PNG)
    _refused(path, "PNG")


def test_random_bytes(tmp_path):
    path = tmp_path / "call.mp3"
    path.write_bytes(os.urandom(64 * 1024))
    _refused(path, "audio")


@pytest.mark.parametrize("fmt", ["wav-mulaw", "flac", "opus"])
def test_truncated_file(tmp_path, fmt):
    path = tmp_path / "call"
    write_sample(path, fmt, 20.0)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    _refused(path, "truncated")


def test_wav_header_that_lies_about_its_length(tmp_path):
    path = tmp_path / "call.wav"
    write_sample(path, "wav-pcm", 2.0)
    data = bytearray(path.read_bytes())
    at = data.index(b"data")
    real = struct.unpack("<I", data[at + 4 : at + 8])[0]
    data[at + 4 : at + 8] = struct.pack("<I", real * 20)
    path.write_bytes(bytes(data))
    _refused(path, "truncated")


def test_a_format_we_do_not_keep_is_named(tmp_path):
    import av

    path = tmp_path / "call.ac3"
    with av.open(str(path), "w", format="ac3") as out:
        stream = out.add_stream("ac3", rate=48000, layout="mono")
        frame = av.AudioFrame(format="fltp", layout="mono", samples=1536)
        frame.sample_rate = 48000
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    message = _refused(path, "unsupported audio format")
    assert "AC3" in message and "accepted formats" in message
