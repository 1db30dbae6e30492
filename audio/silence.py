"""Silent stretches of a call, for the player's "skip silence".

Measured on the same mono 4 kHz mix the waveform is drawn from, as the RMS of
10 ms blocks. A block is silent when it is quieter than a threshold that
follows the call's own level (telephone audio is often quiet, and its line
noise floor varies by trunk): 30 dB under the loud end of the call, but never
above -35 dBFS (quiet speech would count as silence) nor below -60 dBFS (a
digitally silent call would count hiss as speech). Only runs of at least
MIN_SILENCE_SECONDS are kept: the pauses between words must stay.

The spans hold times only, no audio and nothing about the parties.
"""

from __future__ import annotations

import math
from pathlib import Path

import av
import numpy as np

from .decoding import decoded_frames
from .errors import AudioError

METER_RATE = 4000
BLOCK = 40  # 10 ms at METER_RATE
MIN_SILENCE_SECONDS = 1.0
BELOW_LOUD_DB = 30.0
CEILING_DBFS = -35.0
FLOOR_DBFS = -60.0


class SilenceMeter:
    """RMS per 10 ms block of a mono s16 signal at METER_RATE; keeps one float per block."""

    def __init__(self) -> None:
        self._levels: list[np.ndarray] = []
        self._pending = np.zeros(0, dtype=np.float32)

    def feed(self, frame: av.AudioFrame) -> None:
        samples = np.frombuffer(bytes(frame.planes[0])[: frame.samples * 2], dtype=np.int16)
        self._pending = np.concatenate([self._pending, samples.astype(np.float32) / 32768])
        self._measure(len(self._pending) - len(self._pending) % BLOCK)

    def finish(self) -> None:
        tail = len(self._pending)
        if tail:
            padded = np.concatenate([self._pending, np.zeros(BLOCK - tail, dtype=np.float32)])
            self._levels.append(np.sqrt((padded.reshape(-1, BLOCK) ** 2).mean(axis=1)))
            self._pending = self._pending[:0]

    def _measure(self, count: int) -> None:
        if count:
            blocks = self._pending[:count].reshape(-1, BLOCK)
            self._levels.append(np.sqrt((blocks**2).mean(axis=1)))
            self._pending = self._pending[count:]

    @property
    def levels(self) -> np.ndarray:
        return np.concatenate(self._levels) if self._levels else np.zeros(0, dtype=np.float32)

    def spans(self) -> list[list[float]]:
        """Silent stretches as [start, end] seconds (two decimals), in order."""
        levels = self.levels
        if not len(levels):
            return []
        loud = float(np.percentile(levels, 95))
        loud_db = 20 * math.log10(loud) if loud > 0 else FLOOR_DBFS
        threshold_db = min(CEILING_DBFS, max(FLOOR_DBFS, loud_db - BELOW_LOUD_DB))
        threshold = 10 ** (threshold_db / 20)
        block_seconds = BLOCK / METER_RATE
        spans: list[list[float]] = []
        run_start = None
        quiet = [*(levels < threshold).tolist(), False]  # the sentinel closes a run at the end
        for index, silent in enumerate(quiet):
            if silent:
                if run_start is None:
                    run_start = index
                continue
            if run_start is not None and (index - run_start) * block_seconds >= MIN_SILENCE_SECONDS:
                end = min(index, len(levels)) * block_seconds
                spans.append([round(run_start * block_seconds, 2), round(end, 2)])
            run_start = None
        return spans


def silent_spans(path: Path | str) -> list[list[float]]:
    """Decode an audio file and return its silent stretches (see SilenceMeter.spans). Raises AudioError."""
    meter = SilenceMeter()
    try:
        with av.open(str(path), metadata_errors="ignore") as source:
            if not source.streams.audio:
                raise AudioError("the file has no audio stream")
            stream = source.streams.audio[0]
            to_meter = av.AudioResampler(format="s16", layout="mono", rate=METER_RATE)
            for frame in decoded_frames(source, stream):
                frame.pts = None
                for small in to_meter.resample(frame):
                    meter.feed(small)
            for small in to_meter.resample(None):
                meter.feed(small)
    except (av.error.FFmpegError, ValueError) as exc:
        raise AudioError(f"the audio could not be measured ({type(exc).__name__})") from None
    meter.finish()
    return meter.spans()
