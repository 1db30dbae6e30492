"""Every file of the shared audio corpus is stored with the duration the corpus manifest states, or refused
with nothing left, as the manifest says.

The corpus (mutagen's test data) holds valid files and deliberately broken
ones: truncated streams, lying headers, odd containers. The verdicts and
durations come from `audio/tests/corpus_manifest.csv`, decided without the
code under test; the call times sent with each file are taken from there too.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from audio.tests.test_corpus import CORPUS, MANIFEST, _require_corpus
from recordings.errors import RecordingError
from recordings.models import Recording
from recordings.services import parse_call_metadata, recording_ingest

from .conftest import recent_call_end


def _blobs(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return [f for _d, _s, files in os.walk(root) for f in files] if os.path.exists(root) else []


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_file_is_stored_or_refused_as_the_manifest_says(name, personas, settings):
    _require_corpus()
    expected = MANIFEST[name]
    ended = recent_call_end()
    seconds = (expected.min_seconds + expected.max_seconds) / 2 if expected.accept else 2.0
    metadata = parse_call_metadata(
        {
            "external_id": name,
            "started_at": (ended - timedelta(seconds=seconds)).isoformat(),
            "ended_at": ended.isoformat(),
            "direction": "inbound",
            "caller": "040 123 4567",
            "callee": "010 380 8000",
        }
    )
    if not expected.accept:
        with pytest.raises(RecordingError) as excinfo:
            recording_ingest(register=personas.register, audio_path=CORPUS / name, metadata=metadata)
        message = str(excinfo.value)
        assert message.startswith("audio: ") and len(message) > 15
        assert expected.error_mentions in message
        assert not Recording.objects.exists()
        assert _blobs(settings) == []
        return
    recording, created = recording_ingest(register=personas.register, audio_path=CORPUS / name, metadata=metadata)
    assert created
    assert expected.min_seconds - 0.001 <= recording.duration_seconds <= expected.max_seconds + 0.001, (
        recording.duration_seconds,
        expected.facts,
    )
    if expected.channels is not None:
        assert recording.channels == expected.channels
    assert recording.codec and recording.sample_rate > 0
    assert len(_blobs(settings)) == 1
