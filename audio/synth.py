"""Synthetic, speech-like calls in real telephony formats, for the demo and the tests.

Each party talks in turns of words and phrases: syllables are a voiced source
(harmonics of a wandering pitch, falling over a phrase) shaped by the formants
of Finnish vowels, with fricative and plosive onsets, pauses between words and
longer ones between phrases and turns, over a faint line hiss. A stereo call
has one party per channel; a mono call mixes both, as a recorder does.
Everything is deterministic from the seed.

No system audio tool is needed: PyAV (its wheel bundles FFmpeg) writes most
formats, and the two whose encoders that wheel lacks are written with the
libsndfile bundled in the `soundfile` wheel: GSM 6.10 (FFmpeg has a GSM
decoder only) and Vorbis (FFmpeg's native encoder is experimental and writes
files other decoders dislike).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import soundfile

# The voice is synthesised at telephone bandwidth and resampled by FFmpeg for
# wideband formats: the calls it imitates carry nothing above 4 kHz anyway.
VOICE_RATE = 8000
FRAME_SAMPLES = 1024
LOSSY_CODECS = {"libmp3lame", "aac", "libopus", "vorbis"}
TOP_HARMONIC_HZ = 3400

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

# Formats whose encoder the PyAV wheel lacks: (libsndfile format, subtype).
SNDFILE_FORMATS = {
    "wav-gsm": ("WAV", "GSM610"),
    "ogg-vorbis": ("OGG", "VORBIS"),
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

# First three formants (Hz) of the Finnish vowels a, e, i, o, u, y, ä, ö.
VOWELS = [
    (730, 1090, 2440),
    (530, 1840, 2480),
    (280, 2250, 2950),
    (570, 840, 2410),
    (310, 870, 2240),
    (290, 1800, 2200),
    (660, 1700, 2400),
    (470, 1500, 2350),
]
FORMANT_GAIN = np.array([1.0, 0.55, 0.25], dtype=np.float32)
FORMANT_WIDTH = np.array([90.0, 120.0, 170.0], dtype=np.float32)


def talk_spans(seconds: float, rng: random.Random) -> list[list[tuple[float, float]]]:
    """When each of the two parties talks: alternating turns with gaps, and a few short acknowledgements."""
    spans: list[list[tuple[float, float]]] = [[], []]
    t = rng.uniform(0.3, 0.8)
    speaker = 0
    while t < seconds - 0.5:
        turn = min(rng.uniform(1.5, min(9.0, max(2.0, seconds / 4))), seconds - 0.3 - t)
        spans[speaker].append((t, t + turn))
        if turn > 4 and rng.random() < 0.4:
            # The listener's "joo" or "mm" in the middle of a long turn.
            at = t + rng.uniform(1.5, turn - 1.0)
            spans[1 - speaker].append((at, at + rng.uniform(0.25, 0.45)))
        t += turn + rng.uniform(0.25, 1.3)
        speaker = 1 - speaker
    for party in spans:
        party.sort()
    return spans


def _party(rng: random.Random, n: int, rate: int, spans: list[tuple[float, float]]) -> np.ndarray:
    """One party's voice as float32 samples in [-1, 1], silent outside `spans`."""
    base = rng.choice([rng.uniform(95, 135), rng.uniform(175, 230)])
    level = rng.uniform(0.35, 0.6)
    f0 = np.full(n, base, dtype=np.float32)
    formants = np.zeros((3, n), dtype=np.float32)
    formants[:] = np.array(VOWELS[0], dtype=np.float32)[:, None]
    voiced = np.zeros(n, dtype=np.float32)
    hiss = np.zeros(n, dtype=np.float32)
    for start, end in spans:
        t = start
        phrase_start = start
        while t < end - 0.1:
            word_end = t
            for _ in range(rng.randint(1, 4)):
                length = rng.uniform(0.11, 0.26)
                a, b = int(word_end * rate), int(min(word_end + length, end) * rate)
                if b <= a:
                    break
                onset = rng.random()
                cut = a
                if onset < 0.3:
                    cut = a + int(rng.uniform(0.04, 0.09) * rate)  # s, h, f
                    hiss[a:cut] = np.hanning(cut - a) * rng.uniform(0.15, 0.3)
                elif onset < 0.55:
                    cut = a + int(0.02 * rate)  # k, p, t: a closure and a burst
                    hiss[cut - int(0.006 * rate) : cut] = 0.35
                if b > cut:
                    envelope = np.abs(np.sin(np.linspace(0, np.pi, b - cut, dtype=np.float32))) ** 0.5
                    voiced[cut:b] = envelope * rng.uniform(0.7, 1.0)
                    formants[:, cut:b] = np.array(rng.choice(VOWELS), dtype=np.float32)[:, None]
                    # Pitch falls over a phrase and moves within a syllable.
                    fall = 1.0 - 0.15 * min(1.0, (word_end - phrase_start) / 2.5)
                    f0[cut:b] = base * fall * np.linspace(rng.uniform(0.95, 1.1), rng.uniform(0.9, 1.02), b - cut)
                word_end += length
            t = word_end + rng.uniform(0.03, 0.09)
            if rng.random() < 0.2:
                t += rng.uniform(0.2, 0.6)
                phrase_start = t
    # Formants glide from one vowel to the next rather than jumping.
    window = np.ones(int(0.02 * rate), dtype=np.float32) / int(0.02 * rate)
    for i in range(3):
        formants[i] = np.convolve(formants[i], window, mode="same")
    phase = np.cumsum(2 * np.pi * f0 / rate, dtype=np.float64)
    out = np.zeros(n, dtype=np.float32)
    active = np.flatnonzero(voiced > 0)
    if active.size:
        # Pitch and formants move slowly: the harmonics' gains are computed
        # every 2 ms, and sin(k·phase) by the Chebyshev recurrence, which keeps
        # a five-minute call to a few seconds of work.
        step = max(1, rate // 500)
        pitch_grid, shape_grid = f0[::step], formants[:, ::step]
        where = active // step
        p = phase[active]
        cos1 = 2 * np.cos(p)
        previous, current = np.zeros_like(p), np.sin(p)
        wave = np.zeros(active.size, dtype=np.float64)
        for k in range(1, int(TOP_HARMONIC_HZ // min(float(f0[active].min()), base)) + 1):
            freq = k * pitch_grid
            gain = (FORMANT_GAIN[:, None] / (1 + ((freq - shape_grid) / FORMANT_WIDTH[:, None]) ** 2)).sum(axis=0)
            gain = np.where(freq > TOP_HARMONIC_HZ, 0, gain / k**0.3)
            wave += gain[where] * current
            previous, current = current, cos1 * current - previous
        peak = float(np.abs(wave).max()) or 1.0
        out[active] = wave / peak * voiced[active]
    noise = np.random.default_rng(rng.randrange(2**32)).standard_normal(n).astype(np.float32)
    out += hiss * np.diff(noise, prepend=0.0) * 0.5
    return out * level


def speech(seconds: float, channels: int, seed: int, rate: int = VOICE_RATE) -> np.ndarray:
    """`seconds` of a two-party call as int16 samples, shape (samples, channels)."""
    rng = random.Random(seed)
    n = int(round(seconds * rate))
    parties = [_party(rng, n, rate, spans) for spans in talk_spans(seconds, rng)]
    line = np.random.default_rng(seed).standard_normal((n, 2)).astype(np.float32) * 0.002
    mix = np.stack(parties, axis=1) + line
    if channels == 1:
        mix = mix.sum(axis=1, keepdims=True) * 0.8
    return np.clip(mix * 32767, -32767, 32767).astype(np.int16)


def _frames(samples: np.ndarray, rate: int) -> Iterator[av.AudioFrame]:
    """The voice as s16 frames at `rate`, with timestamps counted in samples.

    Explicit timestamps let the AAC and Opus encoders mark their priming
    samples (MP4 edit list, Ogg pre-skip), so decoders trim them and the file
    plays for exactly the requested time.
    """
    layout = "stereo" if samples.shape[1] == 2 else "mono"
    resampler = av.AudioResampler(format="s16", layout=layout, rate=rate) if rate != VOICE_RATE else None
    written = 0
    for start in range(0, len(samples), FRAME_SAMPLES):
        chunk = np.ascontiguousarray(samples[start : start + FRAME_SAMPLES])
        frame = av.AudioFrame(format="s16", layout=layout, samples=len(chunk))
        frame.sample_rate = VOICE_RATE
        frame.planes[0].update(chunk.tobytes())
        for out in resampler.resample(frame) if resampler else [frame]:
            out.pts, out.time_base = written, Fraction(1, rate)
            written += out.samples
            yield out
    for out in resampler.resample(None) if resampler else []:
        out.pts, out.time_base = written, Fraction(1, rate)
        written += out.samples
        yield out


def _encode(path: Path, container: str, codec: str, rate: int, samples: np.ndarray) -> None:
    layout = "stereo" if samples.shape[1] == 2 else "mono"
    with av.open(str(path), mode="w", format=container) as output:
        stream = output.add_stream(codec, rate=rate, layout=layout)
        if codec in LOSSY_CODECS:
            stream.bit_rate = 32000 * samples.shape[1]
        for frame in _frames(samples, rate):
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)


def _resampled(samples: np.ndarray, rate: int) -> np.ndarray:
    if rate == VOICE_RATE:
        return samples
    channels = samples.shape[1]
    data = b"".join(bytes(f.planes[0])[: f.samples * 2 * channels] for f in _frames(samples, rate))
    return np.frombuffer(data, dtype=np.int16).reshape(-1, channels)


def write_sample(path: Path | str, fmt: str, seconds: float, channels: int = 1, seed: int = 0) -> None:
    """Write `seconds` of synthetic call audio in the telephony format `fmt` to `path`.

    Raises ValueError for an unknown format, a channel count other than 1 or 2, or stereo GSM.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if channels not in (1, 2):
        raise ValueError("calls are mono or stereo")
    if fmt == "wav-gsm" and channels != 1:
        raise ValueError("GSM 6.10 is mono only")
    container, codec, rate = FORMATS[fmt]
    samples = speech(seconds, channels, seed)
    if fmt in SNDFILE_FORMATS:
        major, subtype = SNDFILE_FORMATS[fmt]
        samples = _resampled(samples, rate)
        with soundfile.SoundFile(str(path), "w", rate, channels, format=major, subtype=subtype) as output:
            # libsndfile's Vorbis encoder crashes on one large write; a second at a time is safe.
            for start in range(0, len(samples), rate):
                output.write(samples[start : start + rate])
        return
    _encode(Path(path), container, codec, rate, samples)
