"""Where FFmpeg fails decides the verdict: at the start it is not audio, mid-stream it is corrupt, on a short last
packet (padding, or a file cut mid-block) the audio before it stands and the length check judges truncation."""

from __future__ import annotations

import av
import pytest

from audio.decoding import decoded_frames
from audio.errors import AudioError


class _Packet:
    def __init__(self, size: int, *, fails: bool = False) -> None:
        self.size = size
        self.fails = fails

    def decode(self) -> list[str]:
        if self.fails:
            raise av.error.InvalidDataError(1094995529, "Invalid data found when processing input")
        return [f"frame-{self.size}"] if self.size else []


class _Container:
    def __init__(self, packets: list[_Packet]) -> None:
        self.packets = packets

    def demux(self, stream):
        # PyAV ends a stream with an empty packet that flushes the decoder.
        return iter([*self.packets, _Packet(0)])


def _decode(*packets: _Packet) -> list[str]:
    return list(decoded_frames(_Container(list(packets)), stream=None))


def test_clean_stream_yields_every_frame():
    assert _decode(_Packet(65), _Packet(65), _Packet(30)) == ["frame-65", "frame-65", "frame-30"]


def test_failure_before_any_audio_means_not_audio():
    with pytest.raises(AudioError, match="not a recognised audio file"):
        _decode(_Packet(65, fails=True), _Packet(65))


def test_failure_in_the_middle_means_corrupt():
    with pytest.raises(AudioError, match="corrupt"):
        _decode(_Packet(65), _Packet(65, fails=True), _Packet(65))


def test_full_size_last_packet_that_fails_means_corrupt():
    with pytest.raises(AudioError, match="corrupt"):
        _decode(_Packet(65), _Packet(65), _Packet(65, fails=True))


def test_short_last_packet_that_fails_is_padding_and_the_rest_stands():
    assert _decode(_Packet(65), _Packet(65), _Packet(1, fails=True)) == ["frame-65", "frame-65"]
