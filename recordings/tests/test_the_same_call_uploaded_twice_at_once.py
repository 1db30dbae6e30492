"""Two uploads of one call at once: one row, one blob, one ingest event, and the second is answered as a re-upload.

An upload no longer asks whether the call's id is taken before doing its
work: the unique constraint answers, and on PostgreSQL the second insert waits
for the first to commit. Both uploads here have stored their blobs before
either inserts, so each answer comes from the constraint.
"""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from recordings import services
from recordings.errors import IngestConflict
from recordings.models import Recording
from recordings.services import parse_call_metadata, recording_ingest
from testkit import at_once

from .conftest import call_data
from .test_ingest_api import stored_blobs

pytestmark = pytest.mark.django_db(transaction=True)


def _both_at_once(register, paths, data) -> list:
    """The two uploads in threads that meet after storing their blobs; returns each one's result or error."""
    return at_once(
        2,
        lambda i: recording_ingest(register=register, audio_path=paths[i], metadata=parse_call_metadata(data)),
        meeting_after=(services, "store_encrypted"),
    )


def test_the_same_audio_twice_at_once_stores_one_call(personas, audio_file, settings):
    path = audio_file("wav-mulaw", 3.0)
    data = call_data(3.0)
    results = _both_at_once(personas.register, [path, path], data)
    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(created for _recording, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
    recording = Recording.objects.get(external_id=data["external_id"])
    assert len(stored_blobs(settings)) == 1
    assert AuditEvent.objects.filter(action="ingest", object_id=str(recording.pk)).count() == 1


def test_different_audio_at_once_keeps_the_first_and_refuses_the_second(personas, audio_file, settings):
    paths = [audio_file("wav-mulaw", 3.0, seed=1), audio_file("wav-mulaw", 3.0, seed=2)]
    data = call_data(3.0)
    results = _both_at_once(personas.register, paths, data)
    conflicts = [r for r in results if isinstance(r, IngestConflict)]
    stored = [r for r in results if isinstance(r, tuple)]
    assert len(conflicts) == 1 and len(stored) == 1 and stored[0][1] is True, results
    assert Recording.objects.filter(external_id=data["external_id"]).count() == 1
    assert len(stored_blobs(settings)) == 1
