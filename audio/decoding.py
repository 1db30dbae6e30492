"""Decoding shared by the probe and the rendition, with one policy for damaged streams.

Both must agree on what counts as damage, or a file the probe accepted could
fail its rendition (or the other way round). FFmpeg reports an error for a
packet it cannot decode; what that means depends on where it happens:

* before any audio decodes: the file is not audio we can read;
* on the final packet, when that packet is shorter than the ones before it: the
  writer padded the data chunk (SoX and several call recorders add a byte to
  an odd GSM 6.10 block count) or the file was cut mid-block. The audio up to
  there is intact; whether the file is truncated is judged by comparing the
  decoded length with what the header claims, not by this error;
* anywhere else: the stream is corrupt part-way, and is refused.
"""

from __future__ import annotations

from collections.abc import Iterator

import av
from av.audio.frame import AudioFrame

from .errors import AudioError


def decoded_frames(container: av.container.InputContainer, stream: av.audio.stream.AudioStream) -> Iterator[AudioFrame]:
    """Yield every decoded frame of `stream`, raising AudioError for damage as described in the module docstring."""
    decoded_any = False
    failed_packet_size: int | None = None  # the last packet failed; refuse unless it turns out to be the final one
    largest_packet = 0
    try:
        for packet in container.demux(stream):
            if failed_packet_size is not None and packet.size:
                raise AudioError("the audio stream is corrupt: part of it could not be decoded")
            try:
                frames = packet.decode()
            except av.error.FFmpegError:
                if not decoded_any:
                    raise AudioError("not a recognised audio file (the audio could not be decoded)") from None
                if packet.size == 0:
                    # The decoder failed while flushing what it had buffered: the stream ended mid-frame.
                    return
                failed_packet_size = packet.size
                continue
            largest_packet = max(largest_packet, packet.size)
            for frame in frames:
                decoded_any = True
                yield frame
    except av.error.FFmpegError:
        # The demuxer itself gave up (a container cut short or scrambled).
        if not decoded_any:
            raise AudioError("not a recognised audio file (the audio could not be decoded)") from None
        raise AudioError("the audio stream is truncated or corrupt (reading stopped part-way)") from None
    if failed_packet_size is not None and failed_packet_size >= largest_packet:
        raise AudioError("the audio stream is corrupt: its last part could not be decoded")


# AAC decoders emit the encoder's padding after the last real sample (up to a
# frame, ~0.13 s at 8 kHz); MP4 records the true length, which is believed when
# the decoded audio overshoots it by less than this.
MP4_PADDING_SECONDS = 0.25


def exact_length(container: av.container.InputContainer, stream: av.audio.stream.AudioStream) -> float | None:
    """The length an MP4 declares for its audio track, which excludes AAC padding; None for other containers."""
    if "mp4" not in container.format.name or not stream.duration or not stream.time_base:
        return None
    return float(stream.duration * stream.time_base)
