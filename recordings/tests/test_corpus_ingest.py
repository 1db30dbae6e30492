"""Every file of the shared audio corpus is either stored with the right duration or refused with nothing left.

The corpus (mutagen's test data) holds valid files and deliberately broken
ones: truncated streams, lying headers, odd containers. Where a file's name
states its length ("-2s-", "-3.5s-"), the stored duration must match it.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from audio.errors import AudioError
from audio.probe import probe
from conftest import require_or_skip
from recordings.errors import RecordingError
from recordings.models import Recording
from recordings.services import parse_call_metadata, recording_ingest

CORPUS = (
    Path(os.environ.get("AUDIO_CORPUS_DIR", Path(__file__).resolve().parents[3] / "shared" / "corpus"))
    / "mutagen-tests-data"
)
FILES = sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []
NAMED_LENGTH = re.compile(r"-(\d+(?:\.\d+)?)s-")


def _blobs(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return [f for _d, _s, files in os.walk(root) for f in files] if os.path.exists(root) else []


def test_the_corpus_is_there():
    require_or_skip(len(FILES) >= 100, f"the audio corpus at {CORPUS}")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_is_stored_correctly_or_refused_cleanly(path, personas, settings):
    try:
        decoded = probe(path).duration_seconds
    except AudioError:
        decoded = None
    ended = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    seconds = decoded if decoded else 2.0
    metadata = parse_call_metadata(
        {
            "external_id": path.name,
            "started_at": (ended - timedelta(seconds=seconds)).isoformat(),
            "ended_at": ended.isoformat(),
            "direction": "inbound",
            "caller": "040 123 4567",
            "callee": "010 380 8000",
        }
    )
    if decoded is None:
        with pytest.raises(RecordingError) as excinfo:
            recording_ingest(register=personas.register, audio_path=path, metadata=metadata)
        message = str(excinfo.value)
        assert message.startswith("audio: ") and len(message) > 15
        assert not Recording.objects.exists()
        assert _blobs(settings) == []
        return
    recording, created = recording_ingest(register=personas.register, audio_path=path, metadata=metadata)
    assert created and recording.duration_seconds > 0
    assert recording.codec and recording.sample_rate > 0 and recording.channels > 0
    named = NAMED_LENGTH.search(path.name)
    if named:
        assert recording.duration_seconds == pytest.approx(float(named.group(1)), abs=0.1)
    assert len(_blobs(settings)) == 1
