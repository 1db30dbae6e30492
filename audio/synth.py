"""Synthetic, speech-like calls in real telephony formats, for the demo and the tests.

A voice is a few harmonics of a wandering pitch under a syllable-rate
envelope, with a little noise; a stereo call has a different voice per
channel, talking in turns as two parties do. Everything is deterministic
from the seed. GSM 6.10 and Vorbis have no (stable) encoder in the PyAV wheel, so those
two go through SoX.
"""

from __future__ import annotations

import math
import random
import shutil
import subprocess
import tempfile
from array import array
from pathlib import Path

import av

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


def _pcm(seconds: float, rate: int, channels: int, seed: int) -> list[array]:
    rng = random.Random(seed)
    n = int(round(seconds * rate))
    if channels == 1:
        return [_voice(rng, n, rate, active=lambda t: True)]
    turn = rng.uniform(1.5, 2.5)
    return [
        _voice(rng, n, rate, active=lambda t: int(t / turn) % 2 == 0),
        _voice(rng, n, rate, active=lambda t: int(t / turn) % 2 == 1),
    ]


def _interleave(planes: list[array]) -> bytes:
    if len(planes) == 1:
        return planes[0].tobytes()
    joined = array("h", bytes(2 * len(planes[0]) * 2))
    joined[0::2] = planes[0]
    joined[1::2] = planes[1]
    return joined.tobytes()


def _encode(path: Path, container: str, codec: str, rate: int, planes: list[array]) -> None:
    layout = "stereo" if len(planes) == 2 else "mono"
    data = _interleave(planes)
    samples = len(planes[0])
    with av.open(str(path), mode="w", format=container) as output:
        stream = output.add_stream(codec, rate=rate, layout=layout)
        if codec in {"libmp3lame", "aac", "libopus", "vorbis"}:
            stream.bit_rate = 32000 * len(planes)
        chunk = 1024
        for start in range(0, samples, chunk):
            count = min(chunk, samples - start)
            frame = av.AudioFrame(format="s16", layout=layout, samples=count)
            frame.sample_rate = rate
            frame.planes[0].update(data[start * 2 * len(planes) : (start + count) * 2 * len(planes)])
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)


def write_sample(path: Path | str, fmt: str, seconds: float, channels: int = 1, seed: int = 0) -> None:
    """Write `seconds` of synthetic call audio in the telephony format `fmt` to `path`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if channels not in (1, 2):
        raise ValueError("calls are mono or stereo")
    container, codec, rate = FORMATS[fmt]
    path = Path(path)
    planes = _pcm(seconds, rate, channels, seed)
    if fmt not in SOX_FORMATS:
        _encode(path, container, codec, rate, planes)
        return
    if fmt == "wav-gsm" and channels != 1:
        raise ValueError("GSM 6.10 is mono only")
    sox = shutil.which("sox")
    if sox is None:
        raise RuntimeError(f"SoX is needed to write {fmt} (apt-get install sox libsox-fmt-all)")
    with tempfile.TemporaryDirectory() as tmp:
        pcm = Path(tmp) / "pcm.wav"
        _encode(pcm, "wav", "pcm_s16le", rate, planes)
        subprocess.run([sox, "-q", str(pcm), *SOX_FORMATS[fmt], str(path)], check=True)
