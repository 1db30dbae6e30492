"""Calls built from tones and silence, for tests that must know exactly what is where in the audio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

from recordings.services import parse_call_metadata, recording_ingest, rendition_make
from recordings.tests.conftest import call_data

RATE = 8000


def tone(seconds: float, hz: float, level: float = 0.4) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return level * np.sin(2 * np.pi * hz * t)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE))


def write_call(path: Path, *channels: np.ndarray) -> float:
    """Write a 16-bit PCM WAV with one column per channel; returns its length in seconds."""
    samples = np.stack(channels, axis=1) if len(channels) > 1 else channels[0][:, None]
    soundfile.write(str(path), (samples * 32767).astype(np.int16), RATE, subtype="PCM_16")
    return len(samples) / RATE


def ingest_call(register, path: Path, seconds: float):
    """Ingest a written call and make its rendition, as the worker would."""
    recording, _ = recording_ingest(
        register=register, audio_path=path, metadata=parse_call_metadata(call_data(seconds))
    )
    return rendition_make(recording)
