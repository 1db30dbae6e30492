"""The browser rendition: Ogg Opus at 48 kHz, and waveform peaks for the player.

Browsers cannot play GSM 6.10, G.711 or AMR, so every call gets an Opus copy;
the original is kept unchanged for evidence. Stereo calls (one party per
channel) stay stereo, so a listener can still tell the parties apart; more
channels are mixed down to two.

Opus only runs at 48 kHz, so everything is resampled to that. Frames get
explicit timestamps counted in output samples: the source's own timestamps
(MP3 and AAC start after their priming, some WAVs start at odd offsets) would
otherwise shift the Ogg granule positions that browsers read the duration
and seek positions from.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from .decoding import MP4_PADDING_SECONDS, decoded_frames, exact_length
from .errors import AudioError
from .silence import METER_RATE, SilenceMeter

OPUS_RATE = 48000
OPUS_BITRATE = {1: 32000, 2: 48000}
# Peaks are measured on a mono mix at this rate, in blocks of PEAK_BLOCK
# samples (5 ms), then merged into PEAK_COUNT buckets (fewer for calls under 3 s). Keeping only
# block maxima bounds memory: a six-hour call is ~4 million 2-byte numbers,
# not the samples themselves.
PEAK_RATE = METER_RATE  # 4 kHz; the silence meter reads the same mono mix
PEAK_BLOCK = 20
PEAK_COUNT = 600
FULL_SCALE = 32768


@dataclass(frozen=True)
class RenditionResult:
    mime_type: str
    duration_seconds: float
    peaks: list[float]
    # Silent stretches as [start, end] seconds, for the player's "skip silence".
    silences: list[list[float]]


class _PeakMeter:
    """Running max-abs per 5 ms block of a mono s16 signal."""

    def __init__(self) -> None:
        self.blocks = array("H")
        self._pending = array("h")

    def feed(self, frame: av.AudioFrame) -> None:
        self._pending.frombytes(bytes(frame.planes[0])[: frame.samples * 2])
        whole = len(self._pending) - len(self._pending) % PEAK_BLOCK
        self._measure(whole)

    def finish(self) -> None:
        self._measure(len(self._pending))

    def _measure(self, count: int) -> None:
        samples = self._pending
        for start in range(0, count, PEAK_BLOCK):
            block = samples[start : start + PEAK_BLOCK]
            self.blocks.append(min(FULL_SCALE - 1, max(max(block), -min(block))))
        del samples[:count]

    def peaks(self, count: int = PEAK_COUNT) -> list[float]:
        """Merge blocks into at most `count` buckets, scaled so the loudest is 1.0.

        Telephone audio is often quiet; normalising keeps its waveform visible.
        """
        blocks = self.blocks
        if not blocks:
            return [0.0]
        total = len(blocks)
        buckets = min(count, total)
        merged = [max(blocks[i * total // buckets : (i + 1) * total // buckets]) for i in range(buckets)]
        top = max(merged) or 1
        return [round(min(1.0, value / top), 3) for value in merged]


class _PaddingTrim:
    """Drops AAC padding past an MP4's declared length, exactly as the probe does, so both report one duration.

    Whether the overshoot is padding is known only at the end (the probe
    believes the declared length only when the overshoot is small), so
    frames past the declared length are held back until then.
    """

    def __init__(self, exact_seconds: float | None) -> None:
        self.limit = round(exact_seconds * OPUS_RATE) if exact_seconds else None
        self.passed = 0
        self.held: list[av.AudioFrame] = []
        self.held_samples = 0

    def filter(self, frames: list[av.AudioFrame]) -> list[av.AudioFrame]:
        if self.limit is None:
            return frames
        out = []
        for frame in frames:
            if self.passed + frame.samples <= self.limit:
                self.passed += frame.samples
                out.append(frame)
                continue
            keep = self.limit - self.passed
            if keep > 0 and not self.held:
                head, rest = _split(frame, keep)
                self.passed += keep
                out.append(head)
                frame = rest
            self.held.append(frame)
            self.held_samples += frame.samples
        if self.held_samples >= MP4_PADDING_SECONDS * OPUS_RATE:
            # Too much to be padding: the declared length is wrong, keep everything, as the probe does.
            out.extend(self.held)
            self.held, self.held_samples, self.limit = [], 0, None
        return out

    def finish(self) -> list[av.AudioFrame]:
        """At the end of the stream whatever is held is padding."""
        self.held, self.held_samples = [], 0
        return []


def _split(frame: av.AudioFrame, count: int) -> tuple[av.AudioFrame, av.AudioFrame]:
    """Cut a packed s16 frame after `count` samples."""
    data = bytes(frame.planes[0])
    width = 2 * len(frame.layout.channels)
    parts = []
    for begin, end in ((0, count), (count, frame.samples)):
        part = av.AudioFrame(format="s16", layout=frame.layout.name, samples=end - begin)
        part.sample_rate = frame.sample_rate
        part.planes[0].update(data[begin * width : end * width])
        parts.append(part)
    return parts[0], parts[1]


def make_rendition(src: Path | str, dst: Path | str) -> RenditionResult:
    """Transcode `src` to Ogg Opus at `dst` and measure its waveform. Raises AudioError; leaves no partial `dst`."""
    src, dst = Path(src), Path(dst)
    try:
        return _transcode(src, dst)
    except AudioError:
        dst.unlink(missing_ok=True)
        raise
    except (av.error.FFmpegError, ValueError) as exc:
        dst.unlink(missing_ok=True)
        raise AudioError(f"the browser version could not be made ({type(exc).__name__})") from None


def _transcode(src: Path, dst: Path) -> RenditionResult:
    meter = _PeakMeter()
    quiet = SilenceMeter()
    written = 0
    time_base = Fraction(1, OPUS_RATE)
    with av.open(str(src), metadata_errors="ignore") as source:
        if not source.streams.audio:
            raise AudioError("the file has no audio stream")
        in_stream = source.streams.audio[0]
        channels = 2 if (in_stream.codec_context.channels or 1) >= 2 else 1
        layout = "stereo" if channels == 2 else "mono"
        to_opus = av.AudioResampler(format="s16", layout=layout, rate=OPUS_RATE)
        to_meter = av.AudioResampler(format="s16", layout="mono", rate=PEAK_RATE)
        with av.open(str(dst), mode="w", format="ogg") as output:
            # "voip" tunes Opus for speech intelligibility, which is what a call recording is for.
            out_stream = output.add_stream("libopus", rate=OPUS_RATE, layout=layout, options={"application": "voip"})
            out_stream.bit_rate = OPUS_BITRATE[channels]
            out_stream.time_base = time_base

            tail = _PaddingTrim(exact_length(source, in_stream))

            def encode(frames: list[av.AudioFrame]) -> None:
                nonlocal written
                for converted in tail.filter(frames):
                    converted.pts = written
                    converted.time_base = time_base
                    written += converted.samples
                    for packet in out_stream.encode(converted):
                        output.mux(packet)

            for frame in decoded_frames(source, in_stream):
                # The resamplers assume continuous timestamps; ours are assigned on output instead.
                frame.pts = None
                for small in to_meter.resample(frame):
                    meter.feed(small)
                    quiet.feed(small)
                encode(to_opus.resample(frame))
            encode(to_opus.resample(None))
            encode(tail.finish())
            for packet in out_stream.encode(None):
                output.mux(packet)
        for small in to_meter.resample(None):
            meter.feed(small)
            quiet.feed(small)
    meter.finish()
    quiet.finish()
    if written == 0:
        raise AudioError("the file contains no audio samples")
    return RenditionResult(
        mime_type="audio/ogg; codecs=opus",
        duration_seconds=written / OPUS_RATE,
        peaks=meter.peaks(),
        silences=quiet.spans(),
    )
