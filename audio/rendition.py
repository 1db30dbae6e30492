"""The browser rendition: Ogg Opus at 48 kHz, and waveform peaks for the player.

Browsers cannot play GSM 6.10, G.711 or AMR, so every call gets an Opus copy;
the original is kept unchanged for evidence. Stereo calls (one party per
channel) stay stereo.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from pathlib import Path

import av

from .errors import AudioError

PEAK_RATE = 2000  # samples per second analysed for the waveform
PEAK_COUNT = 600
OPUS_RATE = 48000


@dataclass(frozen=True)
class RenditionResult:
    mime_type: str
    duration_seconds: float
    peaks: list[float]


def _bucket_peaks(samples: array, count: int) -> list[float]:
    if not samples:
        return [0.0] * count
    size = max(1, -(-len(samples) // count))
    peaks = []
    for start in range(0, len(samples), size):
        chunk = samples[start : start + size]
        peaks.append(max(max(chunk), -min(chunk)) / 32768)
    top = max(peaks) or 1.0
    # Normalise so quiet telephone audio still draws a visible waveform.
    return [round(min(1.0, p / top), 3) for p in peaks]


def make_rendition(src: Path | str, dst: Path | str) -> RenditionResult:
    try:
        return _transcode(Path(src), Path(dst))
    except av.error.FFmpegError as exc:
        Path(dst).unlink(missing_ok=True)
        raise AudioError(f"the browser version could not be made ({type(exc).__name__})") from None


def _transcode(src: Path, dst: Path) -> RenditionResult:
    peak_resampler = av.AudioResampler(format="s16", layout="mono", rate=PEAK_RATE)
    peak_samples = array("h")
    written = 0
    with av.open(str(src)) as source:
        if not source.streams.audio:
            raise AudioError("the file has no audio stream")
        in_stream = source.streams.audio[0]
        channels = min(2, in_stream.codec_context.channels or 1)
        layout = "stereo" if channels == 2 else "mono"
        with av.open(str(dst), mode="w", format="ogg") as output:
            out_stream = output.add_stream("libopus", rate=OPUS_RATE, layout=layout)
            out_stream.bit_rate = 48000 if channels == 2 else 32000
            to_opus = av.AudioResampler(format="s16", layout=layout, rate=OPUS_RATE)
            for frame in source.decode(in_stream):
                frame.pts = None
                for small in peak_resampler.resample(frame):
                    peak_samples.frombytes(bytes(small.planes[0])[: small.samples * 2])
                for converted in to_opus.resample(frame):
                    written += converted.samples
                    for packet in out_stream.encode(converted):
                        output.mux(packet)
            for converted in to_opus.resample(None):
                written += converted.samples
                for packet in out_stream.encode(converted):
                    output.mux(packet)
            for packet in out_stream.encode(None):
                output.mux(packet)
        for small in peak_resampler.resample(None):
            peak_samples.frombytes(bytes(small.planes[0])[: small.samples * 2])
    if written == 0:
        dst.unlink(missing_ok=True)
        raise AudioError("the file contains no audio samples")
    return RenditionResult(
        mime_type="audio/ogg; codecs=opus",
        duration_seconds=written / OPUS_RATE,
        peaks=_bucket_peaks(peak_samples, PEAK_COUNT),
    )
