from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recordings.models import IngestToken
from recordings.services import parse_call_metadata, recording_ingest, rendition_make

_ids = itertools.count(1)


@pytest.fixture
def audio_file(tmp_path):
    """Write `seconds` of synthetic speech-like audio in a telephony format; returns the path."""
    from audio.synth import SUFFIX, write_sample

    def make(fmt: str = "wav-mulaw", seconds: float = 3.0, channels: int = 1, seed: int = 0) -> Path:
        path = tmp_path / f"call-{next(_ids)}{SUFFIX[fmt]}"
        write_sample(path, fmt, seconds, channels=channels, seed=seed)
        return path

    return make


def recent_call_end() -> datetime:
    """Two days ago at 10:00 UTC: inside every register's retention, whenever the suite runs."""
    return (datetime.now(UTC) - timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)


def call_data(seconds: float, **overrides) -> dict:
    ended = overrides.pop("ended", None) or recent_call_end()
    data = {
        "external_id": f"call-{next(_ids)}",
        "started_at": (ended - timedelta(seconds=seconds)).isoformat(),
        "ended_at": ended.isoformat(),
        "direction": "inbound",
        "caller": "040 123 4567",
        "callee": "010 380 8000",
        "service_number": "010 380 8000",
        "agent": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_recording(audio_file):
    """Ingest a real call into a register and make its rendition, as the worker would."""

    def make(register, *, fmt="wav-mulaw", seconds=3.0, render=True, **overrides):
        path = audio_file(fmt, seconds)
        recording, _ = recording_ingest(
            register=register, audio_path=path, metadata=parse_call_metadata(call_data(seconds, **overrides))
        )
        if render:
            recording = rendition_make(recording)
        return recording

    return make


@pytest.fixture
def ingest_token(personas):
    _token, raw = IngestToken.issue(personas.register, name="test PBX")
    return raw
