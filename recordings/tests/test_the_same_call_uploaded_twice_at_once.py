"""Two uploads of one call at once: one row, one blob, one ingest event, and the second is answered as a re-upload.

An upload no longer asks whether the call's id is taken before doing its
work: the unique constraint answers, and on PostgreSQL the second insert waits
for the first to commit. Both uploads here have stored their blobs before
either inserts, so each answer comes from the constraint.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from audit.models import AuditEvent
from recordings import services
from recordings.errors import IngestConflict
from recordings.models import Recording
from recordings.services import parse_call_metadata, recording_ingest

from .conftest import call_data
from .test_ingest_api import stored_blobs

pytestmark = pytest.mark.django_db(transaction=True)


def _both_at_once(monkeypatch, register, paths, data) -> list:
    """Run the two uploads in threads that meet after storing their blobs; returns each one's result or error."""
    meet = threading.Barrier(2, timeout=30)
    real_store = services.store_encrypted

    def store_then_meet(*args, **kwargs):
        name = real_store(*args, **kwargs)
        meet.wait()
        return name

    monkeypatch.setattr(services, "store_encrypted", store_then_meet)
    results: list = [None, None]

    def upload(i: int) -> None:
        try:
            results[i] = recording_ingest(register=register, audio_path=paths[i], metadata=parse_call_metadata(data))
        except Exception as exc:  # noqa: BLE001 - the test reads what each upload met
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_the_same_audio_twice_at_once_stores_one_call(personas, audio_file, settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises the two writers before either inserts")
    path = audio_file("wav-mulaw", 3.0)
    data = call_data(3.0)
    results = _both_at_once(monkeypatch, personas.register, [path, path], data)
    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(created for _recording, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
    recording = Recording.objects.get(external_id=data["external_id"])
    assert len(stored_blobs(settings)) == 1
    assert AuditEvent.objects.filter(action="ingest", object_id=str(recording.pk)).count() == 1


def test_different_audio_at_once_keeps_the_first_and_refuses_the_second(personas, audio_file, settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises the two writers before either inserts")
    paths = [audio_file("wav-mulaw", 3.0, seed=1), audio_file("wav-mulaw", 3.0, seed=2)]
    data = call_data(3.0)
    results = _both_at_once(monkeypatch, personas.register, paths, data)
    conflicts = [r for r in results if isinstance(r, IngestConflict)]
    stored = [r for r in results if isinstance(r, tuple)]
    assert len(conflicts) == 1 and len(stored) == 1 and stored[0][1] is True, results
    assert Recording.objects.filter(external_id=data["external_id"]).count() == 1
    assert len(stored_blobs(settings)) == 1
