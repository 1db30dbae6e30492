"""Synthetic, speech-like calls in real telephony formats, for the demo and the tests.

A voice is a few harmonics of a wandering pitch under a syllable-rate
envelope, with a little noise; a stereo call has a different voice per
channel, talking in turns as two parties do. Everything is deterministic
from the seed. The PyAV wheel has no GSM 6.10 encoder and no libvorbis (FFmpeg's
native Vorbis encoder is experimental and writes files other decoders dislike),
so those two formats are written by SoX from a temporary PCM WAV.
"""

from __future__ import annotations

import math
import random
import shutil
import subprocess
import tempfile
from array import array
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av

# The voice is synthesised at telephone bandwidth and resampled by FFmpeg for
# wideband formats: a pure-Python oscillator at 48 kHz would be six times slower
# and the calls it imitates carry nothing above 4 kHz anyway.
VOICE_RATE = 8000
FRAME_SAMPLES = 1024
LOSSY_CODECS = {"libmp3lame", "aac", "libopus", "vorbis"}

# fmt -> (container, codec, sample rate)
FORMATS = {
    "wav-mulaw": ("wav", "pcm_mulaw", 8000),
    "wav-alaw": ("wav", "pcm_alaw", 8000),
    "wav-pcm": ("wav", "pcm_s16le", 8000),
    "wav-gsm": ("wav", "gsm_ms", 8000),
    "mp3": ("mp3", "libmp3lame", 8000),
    "opus": ("ogg", "libopus", 48000),
    "ogg-vorbis": ("ogg", "libvorbis", 16000),
    "m4a-aac": ("ipod", "aac", 16000),
    "flac": ("flac", "flac", 8000),
}


# Formats whose encoder the PyAV wheel lacks (GSM 6.10, libvorbis): written by SoX.
SOX_FORMATS = {
    "wav-gsm": ["-t", "wav", "-e", "gsm-full-rate"],
    "ogg-vorbis": ["-t", "vorbis", "-C", "3"],
}


# The usual file name ending of each format, for files written with write_sample().
SUFFIX = {
    "wav-gsm": ".wav",
    "wav-mulaw": ".wav",
    "wav-alaw": ".wav",
    "wav-pcm": ".wav",
    "mp3": ".mp3",
    "opus": ".opus",
    "ogg-vorbis": ".ogg",
    "m4a-aac": ".m4a",
    "flac": ".flac",
}


def _voice(rng: random.Random, n: int, rate: int, *, active) -> array:
    base = rng.uniform(95, 220)
    out = array("h", bytes(2 * n))
    phase = 0.0
    syllable = rng.uniform(3.5, 5.5)
    for i in range(n):
        t = i / rate
        if not active(t):
            out[i] = int(rng.gauss(0, 30))
            continue
        pitch = base * (1 + 0.08 * math.sin(2 * math.pi * 0.7 * t))
        phase += 2 * math.pi * pitch / rate
        envelope = max(0.0, math.sin(math.pi * syllable * t)) ** 0.6
        value = sum(math.sin(k * phase) / k for k in (1, 2, 3, 5)) * envelope
        out[i] = max(-32767, min(32767, int(9000 * value + rng.gauss(0, 120))))
    return out


def _pcm(seconds: float, channels: int, seed: int) -> list[array]:
    rng = random.Random(seed)
    n = int(round(seconds * VOICE_RATE))
    if channels == 1:
        return [_voice(rng, n, VOICE_RATE, active=lambda t: True)]
    turn = rng.uniform(1.5, 2.5)
    return [
        _voice(rng, n, VOICE_RATE, active=lambda t: int(t / turn) % 2 == 0),
        _voice(rng, n, VOICE_RATE, active=lambda t: int(t / turn) % 2 == 1),
    ]


def _interleave(planes: list[array]) -> bytes:
    if len(planes) == 1:
        return planes[0].tobytes()
    joined = array("h", bytes(2 * len(planes[0]) * 2))
    joined[0::2] = planes[0]
    joined[1::2] = planes[1]
    return joined.tobytes()


def _frames(planes: list[array], rate: int) -> Iterator[av.AudioFrame]:
    """The voice as s16 frames at `rate`, with timestamps counted in samples.

    Explicit timestamps let the AAC and Opus encoders mark their priming
    samples (MP4 edit list, Ogg pre-skip), so decoders trim them and the file
    plays for exactly the requested time.
    """
    layout = "stereo" if len(planes) == 2 else "mono"
    width = 2 * len(planes)
    data = _interleave(planes)
    resampler = av.AudioResampler(format="s16", layout=layout, rate=rate) if rate != VOICE_RATE else None
    written = 0
    for start in range(0, len(planes[0]), FRAME_SAMPLES):
        count = min(FRAME_SAMPLES, len(planes[0]) - start)
        frame = av.AudioFrame(format="s16", layout=layout, samples=count)
        frame.sample_rate = VOICE_RATE
        frame.planes[0].update(data[start * width : (start + count) * width])
        for out in resampler.resample(frame) if resampler else [frame]:
            out.pts, out.time_base = written, Fraction(1, rate)
            written += out.samples
            yield out
    for out in resampler.resample(None) if resampler else []:
        out.pts, out.time_base = written, Fraction(1, rate)
        written += out.samples
        yield out


def _encode(path: Path, container: str, codec: str, rate: int, planes: list[array]) -> None:
    layout = "stereo" if len(planes) == 2 else "mono"
    with av.open(str(path), mode="w", format=container) as output:
        stream = output.add_stream(codec, rate=rate, layout=layout)
        if codec in LOSSY_CODECS:
            stream.bit_rate = 32000 * len(planes)
        for frame in _frames(planes, rate):
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)


def write_sample(path: Path | str, fmt: str, seconds: float, channels: int = 1, seed: int = 0) -> None:
    """Write `seconds` of synthetic call audio in the telephony format `fmt` to `path`.

    Raises ValueError for an unknown format or stereo GSM, RuntimeError when
    SoX is needed (GSM 6.10, Vorbis) but missing or fails.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if channels not in (1, 2):
        raise ValueError("calls are mono or stereo")
    if fmt == "wav-gsm" and channels != 1:
        raise ValueError("GSM 6.10 is mono only")
    container, codec, rate = FORMATS[fmt]
    path = Path(path)
    planes = _pcm(seconds, channels, seed)
    if fmt not in SOX_FORMATS:
        _encode(path, container, codec, rate, planes)
        return
    sox = shutil.which("sox")
    if sox is None:
        raise RuntimeError(f"SoX is needed to write {fmt} (apt-get install sox libsox-fmt-all)")
    with tempfile.TemporaryDirectory() as tmp:
        pcm = Path(tmp) / "pcm.wav"
        _encode(pcm, "wav", "pcm_s16le", VOICE_RATE, planes)
        command = [sox, "-q", str(pcm), *SOX_FORMATS[fmt], "-r", str(rate), str(path)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"SoX could not write {fmt}: {done.stderr.strip()[:300]}")
